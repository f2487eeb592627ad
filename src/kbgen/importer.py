"""``kbgen import``: BibTeX and RIS files (as Zotero and EndNote export them) to citation cards.

It never overwrites a card, never imports a work the knowledge base already has (same DOI,
or same first author, year and title), and names every field it leaves out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .citations import parse_bibtex, record
from .errors import KbgenError
from .model import KnowledgeBase
from .schema import Schemas

#: RIS reference types → BibTeX entry types.
_RIS_TYPES = {"JOUR": "article", "JFULL": "article", "MGZN": "article", "BOOK": "book", "EDBOOK": "book",
              "CHAP": "incollection", "RPRT": "techreport", "THES": "phdthesis", "CONF": "inproceedings",
              "CPAPER": "inproceedings", "GOVDOC": "techreport", "ELEC": "misc", "WEB": "misc", "GEN": "misc"}
#: rispy field names → card fields.
_RIS_FIELDS = {"title": "title", "primary_title": "title", "secondary_title": "journal",
               "journal_name": "journal", "alternate_title3": "journal", "volume": "volume", "number": "number",
               "publisher": "publisher", "place_published": "address", "doi": "doi", "url": "url",
               "issn": "issn", "edition": "edition", "year": "year", "publication_year": "year", "note": "note"}
_STOP = {"a", "an", "the", "on", "of", "in"}


@dataclass
class ImportReport:
    """What an import did, entry by entry."""

    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    """Lowercase ASCII slug."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def suggest_key(fields: dict) -> str:
    """``family[-family2]-year-titleword``, the knowledge base's key convention."""
    names = fields.get("author") or fields.get("editor") or ["anonymous"]
    families = [slug(str(n).split(",")[0].strip("{}")) for n in names]
    who = "-".join(families[:2]) if len(families) == 2 else families[0]
    words = [w for w in slug(str(fields.get("title", ""))).split("-") if w and w not in _STOP]
    return "-".join(p for p in (who, slug(str(fields.get("year", "nd"))), words[0] if words else "") if p)[:80]


def read_records(path: Path) -> tuple[list[tuple[str, dict]], list[str]]:
    """(key, card fields) pairs from a .bib or .ris file."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".bib":
        return parse_bibtex(text)
    if path.suffix.lower() in (".ris", ".txt"):
        return _ris_records(text)
    raise KbgenError(f"{path}: kbgen imports .bib (BibTeX) and .ris (RIS) files")


def _ris_records(text: str) -> tuple[list[tuple[str, dict]], list[str]]:
    import rispy

    try:
        entries = rispy.loads(text)
    except (OSError, ValueError) as exc:
        return [], [f"not a readable RIS file: {exc}"]
    records = []
    for entry in entries:
        fields: dict = {"type": _RIS_TYPES.get(entry.get("type_of_reference", ""), "misc")}
        for ris_name, card_name in _RIS_FIELDS.items():
            if entry.get(ris_name) and card_name not in fields:
                fields[card_name] = str(entry[ris_name]).split("/")[0] if card_name == "year" else entry[ris_name]
        if fields["type"] in ("incollection", "inproceedings") and "journal" in fields:
            fields["booktitle"] = fields.pop("journal")
        if entry.get("start_page"):
            fields["pages"] = "-".join(p for p in (entry.get("start_page"), entry.get("end_page")) if p)
        for ris_name, role in (("authors", "author"), ("first_authors", "author"), ("secondary_authors", "editor"),
                               ("editor", "editor")):
            if entry.get(ris_name):
                fields.setdefault(role, list(entry[ris_name]) if isinstance(entry[ris_name], list) else [entry[ris_name]])
        handled = set(_RIS_FIELDS) | {"type_of_reference", "start_page", "end_page", "authors", "first_authors",
                                      "secondary_authors", "editor", "id"}
        key = suggest_key(fields)
        # Fields kbgen has no place for are passed on, so the import reports them instead of losing them silently.
        fields.update({name: value for name, value in entry.items() if name not in handled})
        records.append((key, fields))
    return records, []


def import_file(path: Path, evidence: Path, kb: KnowledgeBase, dry_run: bool = False) -> ImportReport:
    """Write a citation card for each new work in ``path``."""
    records, complaints = read_records(path)
    report = ImportReport(notes=[f"{path}: {c}" for c in complaints])
    schemas = Schemas()
    allowed = set(schemas.properties(*schemas.root("citation")))
    existing = _existing_works(kb)
    for raw_key, fields in records:
        key = slug(raw_key) or suggest_key(fields)
        duplicate = _duplicate_of(fields, existing)
        target = evidence / "citation" / f"{key}.yaml"
        if duplicate:
            report.skipped.append(f"{raw_key}: already in the knowledge base as '{duplicate}'")
            continue
        if target.exists() or kb.get(key):
            report.skipped.append(f"{raw_key}: a card with id '{key}' exists; not overwritten")
            continue
        dropped = sorted(k for k in fields if k not in allowed)
        if dropped:
            report.notes.append(f"{raw_key}: left out fields kbgen does not use: {', '.join(dropped)}")
        order = ["type", "author", "editor", "title", "year"]
        ordered = sorted((k for k in fields if k in allowed), key=lambda k: order.index(k) if k in order else len(order))
        card = {"id": key, **{k: fields[k] for k in ordered}}
        if not dry_run:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(card_text(card), encoding="utf-8")
        report.written.append(target)
        existing.append((key, _identity(card)))
    return report


def card_text(card: dict, schema_line: str = "# yaml-language-server: $schema=../../src/kbgen/schemas/citation.schema.json") -> str:
    """A citation card as YAML, with the editor schema line on top."""
    return schema_line + "\n" + yaml.safe_dump(card, sort_keys=False, allow_unicode=True, width=100)


def _identity(fields: dict) -> tuple[str, str, str, str]:
    names = fields.get("author") or fields.get("editor") or [""]
    return (str(fields.get("doi", "")).lower(), slug(str(names[0]).split(",")[0]), str(fields.get("year", "")),
            slug(str(fields.get("title", ""))))


def _existing_works(kb: KnowledgeBase) -> list[tuple[str, tuple]]:
    return [(c.id, _identity(record(c))) for c in kb.cards if c.kind in ("citation", "study") and record(c)]


def _duplicate_of(fields: dict, existing: list[tuple[str, tuple]]) -> str | None:
    doi, author, year, title = _identity(fields)
    for key, (other_doi, other_author, other_year, other_title) in existing:
        if doi and doi == other_doi:
            return key
        if title and (author, year, title) == (other_author, other_year, other_title):
            return key
    return None
