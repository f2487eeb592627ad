"""A finding's statement and quotes as plain text, for the checks that compare them (hedges, numbers).

The statement is read with its citations, card links and code blanked out (a page number in
``[@key, p. 12]`` is not a claim), keeping every offset so a problem can be located on its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import prose
from ..errors import Diagnostic, warning
from ..model import Card
from .refs import prose_pos

#: Where one clause of a statement ends: sentence and clause punctuation, a dash between spaces, or a
#: comma before a word that starts a new clause. "X, they suggest, did Y" stays one clause.
_CLAUSE_END = re.compile(
    r"[.;:!?()\u2014]|\s[-\u2013]\s|,\s+(?=(?:and|but|while|whereas|although|though|yet|so|which|since|because)\b)")


@dataclass(frozen=True)
class Statement:
    """A finding's statement: the raw text (offsets as in the card) and the same text with non-prose blanked."""

    card: Card
    raw: str
    plain: str

    def pos(self, offset: int) -> tuple[int, int]:
        """File (line, col) of an offset in the statement."""
        return prose_pos(self.card, ("statement",), self.raw, offset)

    def clauses(self) -> list[tuple[int, str]]:
        """(start offset, text) of each clause, leading spaces skipped."""
        found, start = [], 0
        for match in _CLAUSE_END.finditer(self.plain):
            found.append((start, self.plain[start:match.start()]))
            start = match.end()
        found.append((start, self.plain[start:]))
        out = []
        for offset, text in found:
            stripped = text.lstrip(" \t\n,;:")
            if stripped.strip():
                out.append((offset + len(text) - len(stripped), stripped.rstrip()))
        return out


def statement_of(card: Card) -> Statement | None:
    """The finding's statement, or None when it has none (the schema reports that)."""
    raw = card.text("statement")
    if not raw:
        return None
    pieces = []
    for token in prose.tokens(raw):
        pieces.append(token.text if token.kind == "text" else " " * len(token.text))
    return Statement(card, raw, "".join(pieces))


def quote_texts(card: Card) -> list[str]:
    """Each quote's text with its whitespace collapsed (index = position in ``quotes``)."""
    return [" ".join(q["text"].split()) if isinstance(q, dict) and isinstance(q.get("text"), str) else ""
            for q in card.items("quotes")]


def shorten(text: str, limit: int = 110) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis when longer than ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def answered(card: Card, note_field: str, problems: list[Diagnostic], what: str) -> list[Diagnostic]:
    """Apply a card's answer to a check: a reason in ``note_field`` silences the check's warnings.

    A reason that answers nothing (the statement was since changed) is reported, so reasons never
    outlive the wording they defended.
    """
    note = card.get(note_field)
    if note is None:
        return problems
    if problems:
        return []
    return [warning(card.path, card.key_pos(note_field), f"{what}.unused-note",
                    f"`{note_field}` answers no {what} warning: the statement no longer raises one",
                    f"delete `{note_field}:`")]
