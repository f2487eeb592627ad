"""pybtex behind one module: citation and study cards as BibTeX entries, formatted in APA 7.

Nothing else in kbgen imports pybtex. Errors pybtex reports (a name it cannot parse, a
field a style needs) are captured and returned as kbgen diagnostics on the card.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pybtex.errors
from pybtex.backends.markdown import Backend as MarkdownBackend
from pybtex.backends.plaintext import Backend as TextBackend
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer as BibtexWriter
from pybtex.exceptions import PybtexError
from pybtex.style.template import FieldIsMissing

from .apa import AuthorYearLabels, KbgenAPAStyle
from .errors import Diagnostic, error
from .model import Card, KnowledgeBase

#: Card fields that are not BibTeX fields.
# (``incomplete`` is kept: exported as a BibTeX field, it survives a round trip through ``kbgen import``.)
_NOT_FIELDS = {"id", "type", "author", "editor", "printed", "provenance", "inconsistencies", "$schema",
               "distinct_from", "possibly_same_as"}
#: Entry types kbgen's APA style formats (the schema's ``reference.type`` values).
ENTRY_TYPES = {"article", "book", "incollection", "inbook", "inproceedings", "techreport", "phdthesis",
               "mastersthesis", "manual", "misc", "unpublished"}
#: Card field names that differ from BibTeX's.
_BIBTEX_NAMES = {"report_type": "type"}


def record(card: Card) -> dict:
    """The bibliographic record of a citable card (a citation, or a study's ``reference``).

    Values of the wrong type are left out: the schema check reports them, and everything
    downstream can rely on text (or numbers) and lists of names.
    """
    data = card.data.get("reference") if card.kind == "study" else card.data
    if not isinstance(data, dict):
        return {}
    clean = {}
    for name, value in data.items():
        if name in ("author", "editor"):
            names = [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
            if names:
                clean[name] = names
        elif isinstance(value, (str, int)) and not isinstance(value, bool):
            clean[name] = value
    return clean


def make_entry(card: Card) -> Entry:
    """The pybtex entry for a citation or study card."""
    rec = record(card)
    fields = {}
    for name, value in rec.items():
        if name in _NOT_FIELDS:
            continue
        text = str(value)
        if name == "pages":
            text = text.replace("\u2013", "-").replace("--", "-").replace("-", "--")
        fields[_BIBTEX_NAMES.get(name, name)] = text
    persons = {role: [Person(name) for name in rec[role]] for role in ("author", "editor") if role in rec}
    entry_type = rec.get("type") if rec.get("type") in ENTRY_TYPES else "misc"
    return Entry(entry_type, fields=fields, persons=persons)


@dataclass(frozen=True)
class Reference:
    """One work as the site shows it."""

    key: str
    label: str
    names: str
    year: str
    markdown: str
    text: str


class Bibliography:
    """Every citable card, formatted once per build."""

    def __init__(self, kb: KnowledgeBase):
        self.problems: list[Diagnostic] = []
        self.data = BibliographyData()
        self._cards: dict[str, Card] = {}
        self.references: dict[str, Reference] = {}
        self._writer = BibtexWriter()
        self._bibtex: dict[str, str] = {}
        with pybtex.errors.capture() as captured:
            for card in kb.cards:
                if card.kind in ("citation", "study") and record(card) and card.id not in self._cards:
                    self._add(card, captured)
        self._format()

    def _add(self, card: Card, captured: list) -> None:
        before = len(captured)
        try:
            entry = make_entry(card)
        except PybtexError as exc:
            captured.append(exc)
            entry = None
        for exc in captured[before:]:
            self.problems.append(error(card.path, card.pos("reference" if card.kind == "study" else "author"),
                                       "citation.pybtex", f"pybtex cannot read this entry: {exc}",
                                       "write people as 'Family, Given' and organisations in braces"))
        if entry is not None:
            self.data.add_entry(card.id, entry)
            self._cards[card.id] = card

    def _format(self) -> None:
        style = KbgenAPAStyle(label_style=AuthorYearLabels, abbreviate_names=True)
        entries = style.sort(list(self.data.entries.values()))
        labels = list(style.format_labels(entries))
        md, txt = MarkdownBackend(), TextBackend()
        for entry, label in zip(entries, labels, strict=True):
            base = style.label_style.format_label(entry)
            shown = _with_year_suffix(entry, label[len(base):])
            card = self._cards[entry.key]
            try:
                formatted = _format(style, label, shown)
                markdown, text = formatted.text.render(md), formatted.text.render(txt)
            except PybtexError as exc:
                self.problems.append(error(card.path, card.pos(), "citation.format",
                                           f"cannot format this entry in APA style: {exc}",
                                           "add the missing field named in the message"))
                markdown = text = entry.fields.get("title", entry.key)
            names, _, year = label.rpartition(", ")
            self.references[entry.key] = Reference(entry.key, label, names, year,
                                                   " ".join(markdown.split()), " ".join(text.split()))

    def get(self, key: str) -> Reference | None:
        """The formatted reference for ``key``."""
        return self.references.get(key)

    def sorted_keys(self) -> list[str]:
        """Keys in reference-list order (APA: author, year, title)."""
        return list(self.references)

    def bibtex(self, keys: list[str] | None = None) -> str:
        """BibTeX text for ``keys`` (all works when None).

        Each entry is written once and kept (pages and the download share it), by one writer:
        ``to_string("bibtex")`` looked the writer up through entry points on every call.
        """
        chosen = list(self.data.entries) if keys is None else [k for k in keys if k in self.data.entries]
        return "\n".join(self._entry_bibtex(key) for key in chosen)

    def _entry_bibtex(self, key: str) -> str:
        text = self._bibtex.get(key)
        if text is None:
            text = self._bibtex[key] = self._writer.to_string(BibliographyData(entries={key: self.data.entries[key]}))
        return text

    def csl_json(self) -> str:
        """Every work as CSL-JSON."""
        items = [csl_item(key, entry) for key, entry in self.data.entries.items()]
        return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


#: BibTeX entry type → CSL type.
_CSL_TYPES = {"article": "article-journal", "book": "book", "incollection": "chapter", "inbook": "chapter",
              "inproceedings": "paper-conference", "techreport": "report", "phdthesis": "thesis",
              "mastersthesis": "thesis", "manual": "report", "misc": "document", "unpublished": "manuscript"}
#: BibTeX field → CSL variable.
_CSL_FIELDS = {"title": "title", "journal": "container-title", "booktitle": "container-title",
               "volume": "volume", "number": "issue", "pages": "page", "publisher": "publisher",
               "address": "publisher-place", "institution": "publisher", "school": "publisher",
               "doi": "DOI", "url": "URL", "isbn": "ISBN", "issn": "ISSN", "type": "genre", "edition": "edition",
               "series": "collection-title", "note": "note", "chapter": "chapter-number"}


def parse_bibtex(text: str) -> tuple[list[tuple[str, dict]], list[str]]:
    """BibTeX text as (key, card fields) pairs, plus pybtex's complaints (as text)."""
    from pybtex.database import parse_string

    with pybtex.errors.capture() as captured:
        try:
            data = parse_string(text, "bibtex")
        except PybtexError as exc:
            return [], [str(exc)]
    records = []
    for key, entry in data.entries.items():
        fields = {"type": entry.type}
        for name, value in entry.fields.items():
            card_name = {v: k for k, v in _BIBTEX_NAMES.items()}.get(name.lower(), name.lower())
            fields[card_name] = value.replace("--", "-") if card_name == "pages" else value
        for role in ("author", "editor"):
            if role in entry.persons:
                fields[role] = [str(person) for person in entry.persons[role]]
        records.append((key, fields))
    return records, [str(exc) for exc in captured]


def csl_item(key: str, entry: Entry) -> dict:
    """One entry as a CSL-JSON item (the format Zotero, Mendeley and pandoc read)."""
    item: dict = {"id": key, "type": _CSL_TYPES.get(entry.type, "document")}
    for name, value in entry.fields.items():
        target = _CSL_FIELDS.get(name)
        if target and target not in item:
            item[target] = value.replace("--", "\u2013") if name == "pages" else value
    year = entry.fields.get("year", "")
    if year.isdigit():
        item["issued"] = {"date-parts": [[int(year)]]}
    if "urldate" in entry.fields:
        item["accessed"] = {"date-parts": [[int(p) for p in entry.fields["urldate"].split("-")]]}
    for role in ("author", "editor"):
        if role in entry.persons:
            item[role] = [_csl_name(p) for p in entry.persons[role]]
    return item


def _csl_name(person: Person) -> dict:
    family = " ".join(person.prelast_names + person.last_names)
    if family.startswith("{") and family.endswith("}"):
        return {"literal": family[1:-1]}
    given = " ".join(person.first_names + person.middle_names)
    name = {"family": family}
    if given:
        name["given"] = given
    return name


def _format(style: KbgenAPAStyle, label: str, entry: Entry):
    """Format an entry; one lacking a field its type needs (the check reports that) is shown as ``misc``."""
    try:
        return style.format_entry(label, entry)
    except FieldIsMissing:
        plain = Entry("misc", fields=entry.fields, persons=entry.persons)
        plain.key = entry.key
        return style.format_entry(label, plain)


def _with_year_suffix(entry: Entry, suffix: str) -> Entry:
    """A copy of ``entry`` whose year carries the label's disambiguating letter (2017a)."""
    if not suffix:
        return entry
    fields = dict(entry.fields)
    fields["year"] = fields.get("year", "n.d.") + suffix
    shown = Entry(entry.type, fields=fields, persons=entry.persons)
    shown.key = entry.key
    return shown
