"""Facets a reader can filter findings by: the explorer's vocabulary.

Most facets are card fields as they are (theme, source, account, evidence type). Three are
read from free text, because the cards record them in words rather than as fixed values:

* school phase, from the account's ``context.phase`` (``primary (one cluster of special schools)``
  counts as primary and special);
* kind of collaboration, from the account's name and the first sentence of ``context.structure``
  (``A soft federation (a formal agreement ...)``);
* the speaker's role, from each quote's ``speaker`` (``Headteacher, School G`` is a headteacher).

Each is a list of (value, pattern) rules, applied in order; a text may match several (a
partnership that calls itself a federation is both). A text no rule matches gives no value for
phase or collaboration (the explorer does not guess), and ``Other participant`` for a speaker.
The explorer says that these three are read from the cards' wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Facet:
    """One way to filter findings: its key in the search index and how the explorer names it."""

    key: str
    label: str
    note: str = ""


#: The explorer's facets, in the order it shows them.
FACETS = (
    Facet("theme", "Theme"),
    Facet("source", "Source"),
    Facet("account", "Account of practice"),
    Facet("evidence", "Type of evidence"),
    Facet("phase", "School phase", "read from the account's context"),
    Facet("collaboration", "Kind of collaboration", "read from the account's description"),
    Facet("speaker", "Who is speaking", "read from the quotes' speakers"),
)

_PHASES = (
    ("Nursery", r"\bnurser(y|ies)\b"),
    ("Primary", r"\bprimar(y|ies)\b|\binfant\b|\bjunior\b"),
    ("Secondary", r"\bsecondar(y|ies)\b"),
    ("All-through", r"\ball-through\b"),
    ("Special", r"\bspecial\b"),
)

_COLLABORATIONS = (
    ("Academy trust or chain", r"\bacademy trusts?\b|\bmulti-academy\b|\bMATs?\b|\bacademy chains?\b"),
    ("Federation", r"\bfederat(ion|ions|ed)\b"),
    ("Cluster or collaborative", r"\bclusters?\b|\bcollaboratives?\b"),
    ("Alliance", r"\balliances?\b"),
    ("Partnership", r"\bpartnerships?\b"),
    ("Education Action Zone", r"\beducation action zones?\b"),
    ("System leadership", (r"\bnational leaders? of education\b|\bconsultant heads?\b|\bdesignat(ion|ed)\b"
                           r"|\bschool-to-school support\b|\bsystem leaders?(hip)?\b")),
    ("National programme", r"\bnational programmes?\b"),
)

_SPEAKERS = (
    ("Deputy head", r"\bdeputy\b|\bdeputies\b"),
    ("Senior leader", r"\bsenior leaders?\b"),
    ("Headteacher", r"\bhead ?teachers?\b|\bheads?\b|\bprincipal\b"),
    ("Governor", r"\bgovernors?\b"),
    ("Teacher", r"\bteachers?\b"),
    ("Adviser or facilitator", (r"\bSIPs?\b|\bschool improvement partners?\b|\bfacilitators?\b"
                                r"|\badvis[eo]rs?\b|\bconsultants?\b")),
)

#: A speaker no rule names.
OTHER_SPEAKER = "Other participant"


def _compile(rules):
    return tuple((value, re.compile(pattern, re.IGNORECASE)) for value, pattern in rules)


_PHASE_RULES = _compile(_PHASES)
_COLLABORATION_RULES = _compile(_COLLABORATIONS)
_SPEAKER_RULES = _compile(_SPEAKERS)


def phases(text: str) -> list[str]:
    """School phases an account's ``context.phase`` names, in a fixed order."""
    return [value for value, rule in _PHASE_RULES if rule.search(text)]


def collaborations(name: str, structure: str) -> list[str]:
    """Kinds of collaboration an account's name and the first sentence of its ``context.structure`` name.

    Only the first sentence: it says what the collaboration is; later ones mention partners of all kinds.
    """
    text = name + " " + _FIRST_SENTENCE.split(" ".join(structure.split()), maxsplit=1)[0]
    return [value for value, rule in _COLLABORATION_RULES if rule.search(text)]


_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s")


def speaker_role(speaker: str) -> str:
    """The role a quote's ``speaker`` names (the first rule that matches), or :data:`OTHER_SPEAKER`."""
    for value, rule in _SPEAKER_RULES:
        if rule.search(speaker):
            return value
    return OTHER_SPEAKER
