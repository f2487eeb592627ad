"""Bibliography checks: one card per work, valid identifiers, no citation card left unused."""

from __future__ import annotations

import difflib
import re
import unicodedata

from ..citations import record
from ..errors import Diagnostic, error, warning
from ..graph import Graph
from ..model import Card, KnowledgeBase

#: Titles at least this similar (difflib ratio, after normalising) are the same work.
SAME_TITLE = 0.9


def check_bibliography(kb: KnowledgeBase, graph: Graph) -> list[Diagnostic]:
    """Duplicate works, malformed ISBNs and uncited citation cards."""
    citable = [c for c in kb.cards if c.kind in ("citation", "study") and record(c)]
    problems = _duplicate_dois(citable) + _duplicate_works(citable)
    for card in citable:
        problems.extend(_isbn(card))
    for card in kb.of_kind("citation"):
        if not graph.citers.get(card.id):
            problems.append(warning(card.path, card.pos("id"), "citation.unused",
                                    f"no card cites '{card.id}' and no study lists it",
                                    "cite it from a finding, account or theme, list it in a study's `references`, "
                                    "or delete the card"))
    return problems


def _field_pos(card: Card, name: str) -> tuple[int, int]:
    return card.pos("reference", name) if card.kind == "study" else card.pos(name)


def _duplicate_dois(cards: list[Card]) -> list[Diagnostic]:
    seen: dict[str, Card] = {}
    problems = []
    for card in cards:
        doi = str(record(card).get("doi", "")).lower()
        if not doi:
            continue
        if doi in seen:
            problems.append(error(card.path, _field_pos(card, "doi"), "citation.duplicate",
                                  f"DOI {doi} is also the DOI of '{seen[doi].id}' ({seen[doi].path})",
                                  f"one card per work: cite '{seen[doi].id}' and delete this card"))
        else:
            seen[doi] = card
    return problems


def _families(card: Card) -> list[str]:
    """Family names of the authors (or editors), lowercased ASCII."""
    names = record(card).get("author") or record(card).get("editor") or []
    families = [str(name).split(",")[0].strip("{} ").lower() for name in names]
    return [unicodedata.normalize("NFKD", f).encode("ascii", "ignore").decode() for f in families]


def _title_key(card: Card) -> str:
    title = str(record(card).get("title", "")).lower()
    return re.sub(r"[^a-z0-9 ]+", "", unicodedata.normalize("NFKD", title)).strip()


def _duplicate_works(cards: list[Card]) -> list[Diagnostic]:
    """Same first author, same year and near-identical titles under two keys."""
    groups: dict[tuple[str, str], list[Card]] = {}
    for card in cards:
        first = (_families(card) or [""])[0]
        groups.setdefault((first, str(record(card).get("year"))), []).append(card)
    problems = []
    for (author, _year), group in groups.items():
        if not author or len(group) < 2:
            continue
        for i, card in enumerate(group):
            for other in group[:i]:
                problems.extend(_compare(card, other))
    return problems


def _compare(card: Card, other: Card) -> list[Diagnostic]:
    mine, theirs = _title_key(card), _title_key(other)
    if mine and theirs:
        if difflib.SequenceMatcher(a=mine, b=theirs).ratio() >= SAME_TITLE:
            return [error(card.path, card.pos("id"), "citation.duplicate",
                          f"'{card.id}' looks like the same work as '{other.id}' ({other.path}): "
                          "same first author, year and title",
                          f"one card per work: cite '{other.id}' everywhere and delete this card")]
        return []
    reviewed = ("distinct_from", "possibly_same_as")
    told_apart = any(other.id in (card.get(f) or []) or card.id in (other.get(f) or []) for f in reviewed)
    if told_apart or _families(card) != _families(other):
        return []
    return [warning(card.path, card.pos("id"), "citation.possible-duplicate",
                    f"'{card.id}' may be the same work as '{other.id}' ({other.path}): same authors and year, "
                    "and one of them has no title",
                    f"same work: keep one card; different: add `distinct_from: [{other.id}]`; "
                    f"the sources do not say: add `possibly_same_as: [{other.id}]`")]


def _isbn(card: Card) -> list[Diagnostic]:
    isbn = record(card).get("isbn")
    if not isbn:
        return []
    digits = re.sub(r"[ -]", "", str(isbn)).upper()
    if _isbn_ok(digits):
        return []
    return [error(card.path, _field_pos(card, "isbn"), "citation.isbn", f"ISBN {isbn} fails its check digit",
                  "copy the ISBN again from the source or a library catalogue")]


def _isbn_ok(digits: str) -> bool:
    if len(digits) == 10 and re.fullmatch(r"[0-9]{9}[0-9X]", digits):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        total = sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(digits))
        return total % 10 == 0
    return False
