"""Findings in the order of their document, whether or not the full text is at hand.

With the full text (``kbgen check --sources``, or the plugin's ``sources_dir``), a finding's place
is where its earliest quote starts. Without it (the published site is built from the cards alone),
its place is the heading of its earliest quote in the study's ``outline``: the document's headings
in reading order, as its locators spell them. ``kbgen check --sources`` verifies that the outline
puts every quote under the heading it really sits under, so both ways give the same order, heading
by heading. Findings under one heading keep their id order when there is no full text.
"""

from __future__ import annotations

from collections.abc import Callable

from .model import Card, KnowledgeBase
from .textmatch import heading_key

#: Sort key of a finding with no place in its study's outline: after every finding that has one.
_UNPLACED = 10**9


def outline_of(study: Card | None) -> list[str]:
    """The study's outline as comparable heading keys (empty when it has none)."""
    return [heading_key(h) for h in study.texts("outline")] if study is not None else []


def outline_rank(outline: list[str], locator: object) -> int | None:
    """Index in ``outline`` of the heading a locator names: its ``section``, after its ``part`` when it has one.

    A heading that occurs twice in the outline is taken at its first occurrence after the part (or
    at its first occurrence, for a locator with no part).
    """
    if not isinstance(locator, dict) or not isinstance(locator.get("section"), str):
        return None
    start = 0
    if isinstance(locator.get("part"), str):
        part = heading_key(locator["part"])
        if part not in outline:
            return None
        start = outline.index(part) + 1
    section = heading_key(locator["section"])
    return outline.index(section, start) if section in outline[start:] else None


def document_order(kb: KnowledgeBase, positions: dict[str, int] | None = None) -> Callable[[Card], tuple]:
    """Sort key putting findings in the order of their document.

    ``positions`` (finding id → offset of its earliest quote in the full text) is used where known;
    otherwise the study's outline places the finding by its quotes' headings.
    """
    positions = positions or {}
    outlines: dict[str, list[str]] = {}

    def key(finding: Card) -> tuple:
        if finding.id in positions:
            return 0, positions[finding.id], finding.id
        study_id = str(finding.get("study"))
        if study_id not in outlines:
            outlines[study_id] = outline_of(kb.get(study_id))
        ranks = [outline_rank(outlines[study_id], quote.get("locator")) for quote in finding.mappings("quotes")]
        placed = [r for r in ranks if r is not None]
        return 1, min(placed) if placed else _UNPLACED, finding.id

    return key
