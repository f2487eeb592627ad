"""Facets a reader can filter findings by: the explorer's vocabulary.

Most facets are card fields as they are (theme, source, account, evidence type, and the kind of
collaboration, which the evidence map counts the same way: see :mod:`kbgen.collaboration`). Two are
read from free text, because the cards record them in words rather than as fixed values:

* school phase, from the account's ``context.phase`` (``primary (one cluster of special schools)``
  counts as primary and special);
* the speaker's role, from each quote's ``speaker`` (``Headteacher, School G`` is a headteacher).

Each is a list of (value, pattern) rules, applied in order; a text may match several. A text no
rule matches gives no phase (the explorer does not guess), and ``Other participant`` for a speaker.
The explorer says that these two are read from the cards' wording.
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
    Facet("collaboration", "Kind of collaboration"),
    Facet("speaker", "Who is speaking", "read from the quotes' speakers"),
)

_PHASES = (
    ("Nursery", r"\bnurser(y|ies)\b"),
    ("Primary", r"\bprimar(y|ies)\b|\binfant\b|\bjunior\b"),
    ("Secondary", r"\bsecondar(y|ies)\b"),
    ("All-through", r"\ball-through\b"),
    ("Special", r"\bspecial\b"),
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
_SPEAKER_RULES = _compile(_SPEAKERS)


def phases(text: str) -> list[str]:
    """School phases an account's ``context.phase`` names, in a fixed order."""
    return [value for value, rule in _PHASE_RULES if rule.search(text)]


def speaker_role(speaker: str) -> str:
    """The role a quote's ``speaker`` names (the first rule that matches), or :data:`OTHER_SPEAKER`."""
    for value, rule in _SPEAKER_RULES:
        if rule.search(speaker):
            return value
    return OTHER_SPEAKER
