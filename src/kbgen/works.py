"""When two bibliographic records are the same work, and the identifiers that say so.

One rule, used both by ``kbgen check`` (one card per work) and by ``kbgen import`` (a record the
knowledge base already has is not imported again):

* the same DOI is the same work;
* otherwise the same first author (or editor), the same year and titles at least ``SAME_TITLE``
  alike are the same work;
* the same authors and year where one record has no title *may* be the same work: a person must
  decide (``distinct_from`` or ``possibly_same_as`` on the card);
* but a part (a chapter, a conference paper) is never the same work as a book, whatever its title.

Records are plain dicts of card fields (``citations.record``): ``author``/``editor`` lists of
``Family, Given`` strings, everything else text or numbers.
"""

from __future__ import annotations

import difflib
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Literal

from .model import slug

#: Titles at least this similar (difflib ratio, after normalising) are the same work.
SAME_TITLE = 0.9

Verdict = Literal["same", "possible"]

_DOI = re.compile(r"^10\.[0-9]{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|https?://doi\.org/)", re.IGNORECASE)


def normalise_doi(value: object) -> str | None:
    """A DOI without its resolver prefix (``https://doi.org/``, ``doi:``), or None if it is not one."""
    text = urllib.parse.unquote(str(value or "").strip())
    text = _DOI_PREFIX.sub("", text).strip().rstrip(".")
    return text if _DOI.match(text) else None


def isbn_ok(isbn: str) -> bool:
    """True when an ISBN-10 or ISBN-13 (hyphens and spaces allowed) has a valid check digit."""
    digits = re.sub(r"[ -]", "", isbn).upper()
    if len(digits) == 10 and re.fullmatch(r"[0-9]{9}[0-9X]", digits):
        return sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits)) % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        return sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(digits)) % 10 == 0
    return False


def families(record: dict) -> list[str]:
    """Slugs of the authors' (or, failing those, the editors') family names, in order."""
    names = record.get("author") or record.get("editor") or []
    return [slug(str(name).split(",")[0].strip("{} ")) for name in names]


def title_key(record: dict) -> str:
    """The title, reduced to lowercase ASCII words for comparison."""
    return slug(str(record.get("title", "")), max_length=0).replace("-", " ")


_PARTS = {"incollection", "inbook", "inproceedings"}


def same_work(a: dict, b: dict) -> Verdict | None:
    """Whether records ``a`` and ``b`` are the same work (see the module's rule)."""
    doi_a, doi_b = normalise_doi(a.get("doi")), normalise_doi(b.get("doi"))
    if doi_a and doi_a.lower() == (doi_b or "").lower():
        return "same"
    types = [str(record.get("type")) for record in (a, b)]  # a card's value may be a list: compare its text
    if {types[0] in _PARTS, types[1] in _PARTS} == {True, False} and "book" in types:
        return None
    first_a, first_b = (families(a) or [""])[0], (families(b) or [""])[0]
    if not first_a or first_a != first_b or str(a.get("year")) != str(b.get("year")):
        return None
    title_a, title_b = title_key(a), title_key(b)
    if title_a and title_b:
        return "same" if difflib.SequenceMatcher(a=title_a, b=title_b).ratio() >= SAME_TITLE else None
    return "possible" if families(a) == families(b) else None


@dataclass
class WorkIndex:
    """Records by key, looked up by DOI and by (first author, year), so finding a work's twins is fast."""

    records: dict[str, dict] = field(default_factory=dict)
    _by_doi: dict[str, list[str]] = field(default_factory=dict)
    _by_author_year: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _order: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, record: dict) -> None:
        """Index ``record`` under ``key`` (a later record with the same key replaces it)."""
        self.records[key] = record
        self._order.setdefault(key, len(self._order))
        doi = normalise_doi(record.get("doi"))
        if doi:
            self._by_doi.setdefault(doi.lower(), []).append(key)
        first = (families(record) or [""])[0]
        if first:
            self._by_author_year.setdefault((first, str(record.get("year"))), []).append(key)

    def matches(self, record: dict) -> list[tuple[str, Verdict]]:
        """Keys of indexed records that are (or may be) the same work as ``record``, in the order added."""
        doi = normalise_doi(record.get("doi"))
        first = (families(record) or [""])[0]
        candidates = list(self._by_doi.get(doi.lower(), [])) if doi else []
        if first:
            candidates += self._by_author_year.get((first, str(record.get("year"))), [])
        found: dict[str, Verdict] = {}
        for key in candidates:
            other = self.records.get(key)
            verdict = same_work(record, other) if other is not None else None
            if verdict and key not in found:
                found[key] = verdict
        return sorted(found.items(), key=lambda item: self._order[item[0]])
