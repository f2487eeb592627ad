"""Typed, read-only views of cards: what the renderers read, field by field, as the schemas describe it.

A view wraps a card (or a mapping inside one) and gives each field its type: ``statement: str``,
``quotes: list[QuoteView]``, ``study_id: str | None``. Cards reach the renderers checked, but a
build can be forced past the check (the hostile-site test does so), so a view never raises: a
field that is missing or of the wrong type reads as empty (``""``, ``None``, ``[]``), and list
items of the wrong type are passed over. Each property's docstring is the schema's description of
its field (``kbgen/schemas/``), shortened. Views read; they never change a card.
"""

from __future__ import annotations

from .evidence import AccountView, ContextView, FindingView, QuoteView, SchoolsView, TermView
from .fields import CardView, Fields, InconsistencyView, LocatorView, ProvenanceView
from .records import CitationView, CountView, DesignView, PrintedView, ReferenceView, SampleView, StudyView
from .themes import CerqualView, ComponentView, GapView, ImplicationView, KeyFindingView, ThemeView

__all__ = [
    "AccountView", "CardView", "CerqualView", "CitationView", "ComponentView", "ContextView", "CountView",
    "DesignView", "Fields", "FindingView", "GapView", "ImplicationView", "InconsistencyView", "KeyFindingView",
    "LocatorView", "PrintedView", "ProvenanceView", "QuoteView", "ReferenceView", "SampleView", "SchoolsView",
    "StudyView", "TermView", "ThemeView",
]
