"""Bibliography checks: one card per work, valid identifiers, plain text, no citation card left unused."""

from __future__ import annotations

import re

from .. import kinds
from ..citations import bibtex_problem, record, record_path
from ..errors import Diagnostic, error, warning
from ..graph import Graph
from ..model import Card, KnowledgeBase
from ..works import WorkIndex, isbn_ok, normalise_doi
from .memo import Memo, fresh

#: A LaTeX command or inline maths: cards hold the characters themselves, not markup for them.
_LATEX = re.compile(r"\\[A-Za-z]+|\\[^A-Za-z\s]|\$[^$]+\$")


def check_bibliography(kb: KnowledgeBase, graph: Graph, memo: Memo = fresh) -> list[Diagnostic]:
    """Duplicate works, malformed ISBNs, LaTeX markup and uncited citation cards.

    ``memo`` keeps each card's own checks (ISBN, LaTeX) across a session's runs: they read the card alone."""
    citable = [c for c in kb.cards if c.kind in kinds.CITABLE_NAMES and record(c)]
    problems = _duplicate_works(citable)
    for card in citable:
        problems.extend(memo("record", card, (), lambda card=card: _isbn(card) + _latex(card)))
    for card in kb.of_kind("citation"):
        if not graph.citers.get(card.id):
            problems.append(warning(card.path, card.pos("id"), "citation.unused",
                                    f"no card cites '{card.id}' and no study lists it",
                                    "cite it from a finding, account or theme, list it in a study's `references`, "
                                    "or delete the card"))
    return problems


def _field_pos(card: Card, name: str) -> tuple[int, int]:
    return card.pos(*record_path(card), name)


def _duplicate_works(cards: list[Card]) -> list[Diagnostic]:
    """Every pair of cards the shared rule (``works.same_work``) calls the same work, or possibly so."""
    index = WorkIndex()
    by_key: dict[str, Card] = {}
    problems = []
    for card in cards:
        rec = record(card)
        for key, verdict in index.matches(rec):
            problems.extend(_report(card, rec, by_key[key], verdict))
        index.add(card.id, rec)
        by_key[card.id] = card
    return problems


def _report(card: Card, rec: dict, other: Card, verdict: str) -> list[Diagnostic]:
    doi = normalise_doi(rec.get("doi"))
    if doi and doi.lower() == (normalise_doi(record(other).get("doi")) or "").lower():
        return [error(card.path, _field_pos(card, "doi"), "citation.duplicate",
                      f"DOI {doi.lower()} is also the DOI of '{other.id}' ({other.path})",
                      f"one card per work: cite '{other.id}' and delete this card")]
    if verdict == "same":
        return [error(card.path, card.pos("id"), "citation.duplicate",
                      f"'{card.id}' looks like the same work as '{other.id}' ({other.path}): "
                      "same first author, year and title",
                      f"one card per work: cite '{other.id}' everywhere and delete this card")]
    reviewed = ("distinct_from", "possibly_same_as")
    if any(other.id in (card.get(f) or []) or card.id in (other.get(f) or []) for f in reviewed):
        return []
    return [warning(card.path, card.pos("id"), "citation.possible-duplicate",
                    f"'{card.id}' may be the same work as '{other.id}' ({other.path}): same authors and year, "
                    "and one of them has no title",
                    f"same work: keep one card; different: add `distinct_from: [{other.id}]`; "
                    f"the sources do not say: add `possibly_same_as: [{other.id}]`")]


def _isbn(card: Card) -> list[Diagnostic]:
    isbn = record(card).get("isbn")
    if not isbn or isbn_ok(str(isbn)):
        return []
    return [error(card.path, _field_pos(card, "isbn"), "citation.isbn", f"ISBN {isbn} fails its check digit",
                  "copy the ISBN again from the source or a library catalogue")]


def _latex(card: Card) -> list[Diagnostic]:
    """LaTeX left in a record's text would reach readers as markup: cards hold plain Unicode."""
    problems = []
    for name, value in record(card).items():
        values = [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
        if any(bibtex_problem(v, name in ("author", "editor")) for v in values):
            continue  # a value BibTeX cannot hold at all is an error already (citation.bibtex)
        found = next((m.group(0) for v in values for m in [_LATEX.search(v)] if m), None)
        if found:
            problems.append(warning(card.path, _field_pos(card, name), "citation.latex",
                                    f"'{name}' contains LaTeX markup ({found}); readers would see it as typed",
                                    "write the characters themselves (é, “…”, –) and drop the commands"))
    return problems
