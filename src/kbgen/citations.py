"""pybtex behind one module: citation and study cards as BibTeX entries, formatted in APA 7.

Nothing else in kbgen formats with pybtex (``import_bibtex`` reads .bib files with it). Errors pybtex
reports (a name it cannot parse, a field a style needs) are captured and returned as kbgen diagnostics
on the card.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass

import latexcodec  # noqa: F401 - registers the "ulatex" codec pybtex reads LaTeX with
import pybtex.errors
from pybtex.backends.markdown import Backend as MarkdownBackend
from pybtex.backends.plaintext import Backend as TextBackend
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer as BibtexWriter
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text
from pybtex.style.template import FieldIsMissing

from . import kinds
from .apa import AuthorYearLabels, KbgenAPAStyle
from .errors import Diagnostic, error
from .model import Card, KnowledgeBase
from .prose import escape_text, safe_href

#: Card fields that are not BibTeX fields.
# (``incomplete`` is kept: exported as a BibTeX field, it survives a round trip through ``kbgen import``.)
_NOT_FIELDS = {"id", "type", "author", "editor", "printed", "provenance", "inconsistencies", "$schema",
               "distinct_from", "possibly_same_as", "doubtful"}
#: Entry types kbgen's APA style formats (the schema's ``reference.type`` values).
ENTRY_TYPES = {"article", "book", "incollection", "inbook", "inproceedings", "techreport", "phdthesis",
               "mastersthesis", "manual", "misc", "unpublished"}
#: Card field names that differ from BibTeX's.
_BIBTEX_NAMES = {"report_type": "type"}


def record_path(card: Card) -> tuple[str, ...]:
    """Where a citable card keeps its record: ``()`` on a citation (the whole card), ``("reference",)`` on a study."""
    return kinds.record_path(card.kind) or ()


def record_prefix(card: Card) -> str:
    """The dotted prefix of the record's fields as cards name them: ``reference.`` on a study, none on a citation."""
    return "".join(f"{name}." for name in record_path(card))


def record(card: Card) -> dict:
    """The bibliographic record of a citable card (a citation, or a study's ``reference``); {} for other kinds.

    Values of the wrong type are left out: the schema check reports them, and everything
    downstream can rely on text (or numbers) and lists of names.
    """
    path = kinds.record_path(card.kind)
    data: object = card.data if path is not None else None
    for name in path or ():
        data = data.get(name) if isinstance(data, dict) else None
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


@dataclass(frozen=True)
class Doubt:
    """A bibliographic value printed in a source but probably wrong (a card's ``doubtful`` item)."""

    field: str  # the record's field name (``doi``), whether the card is a citation or a study
    printed: str
    probable: str | None
    reason: str


#: How a suggested citation names a doubtful field in its note.
_FIELD_LABELS = {"doi": "DOI", "url": "URL", "isbn": "ISBN", "issn": "ISSN"}
#: Fields a reference shows as links: a doubtful one is shown as text, never as a live link.
LINK_FIELDS = ("doi", "url")


def doubts(card: Card) -> list[Doubt]:
    """The card's doubtful bibliographic values whose field is in its record (the doubt check reports the rest)."""
    prefix = record_prefix(card)
    found = []
    for item in card.mappings("doubtful"):
        path, printed, probable = item.get("field"), item.get("printed"), item.get("probable")
        if not isinstance(path, str) or not path.startswith(prefix) or isinstance(printed, (list, dict, type(None))):
            continue
        name = path[len(prefix):]
        if name in record(card) and name not in _NOT_FIELDS:
            shown = str(probable) if isinstance(probable, (str, int)) and not isinstance(probable, bool) else None
            found.append(Doubt(name, str(printed), shown, str(item.get("reason", ""))))
    return found


def field_label(name: str) -> str:
    """A record field's name in words (``DOI``, ``Title``)."""
    return _FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def doubt_note(doubt: Doubt) -> str:
    """The note a suggested citation carries for a doubtful value (``DOI as printed: …; probably: …``)."""
    label = field_label(doubt.field)
    if doubt.probable is None:
        return f"{label} as printed, and doubtful: {doubt.printed}."
    return f"{label} as printed: {doubt.printed}; probably: {doubt.probable}."


def make_entry(card: Card) -> Entry:
    """The pybtex entry for a citation or study card.

    A doubtful value is replaced by its probable value, and a note says what the source printed.
    """
    rec = record(card)
    card_doubts = doubts(card)
    for doubt in card_doubts:
        if doubt.probable is not None:
            rec[doubt.field] = doubt.probable
    fields = {}
    for name, value in rec.items():
        if name in _NOT_FIELDS:
            continue
        text = str(value)
        if name == "pages":
            text = text.replace("\u2013", "-").replace("--", "-").replace("-", "--")
        fields[_BIBTEX_NAMES.get(name, name)] = text
    if card_doubts:
        fields["note"] = " ".join(([fields["note"]] if "note" in fields else []) + [doubt_note(d) for d in card_doubts])
    persons = {role: [CardPerson(name) for name in rec[role]] for role in ("author", "editor") if role in rec}
    entry_type = rec["type"] if isinstance(rec.get("type"), str) and rec["type"] in ENTRY_TYPES else "misc"
    return Entry(entry_type, fields=fields, persons=persons)


#: A name part LaTeX would read as itself: letters and digits, with one space, full stop, apostrophe, comma
#: or hyphen between them, and perhaps a final full stop (no ``--`` dash, ``''`` quote or ``,,`` ligature,
#: no brace, backslash or tilde).
_LATEX_FREE = re.compile(r"[^\W_]+(?:[ .,'’-][^\W_]+)*\.?")


def _rich(parts: list[str]) -> list[Text]:
    return [Text(part) if _LATEX_FREE.fullmatch(part) else Text.from_latex(part) for part in parts]


class CardPerson(Person):
    """A person named on a card: name parts that could hold no LaTeX become rich text without pybtex's LaTeX
    reader (a fifth of the time spent formatting a bibliography); any other part is read as pybtex reads it."""

    rich_first_names = property(lambda self: _rich(self.first_names), doc="The first names as rich text.")
    rich_middle_names = property(lambda self: _rich(self.middle_names), doc="The middle names as rich text.")
    rich_prelast_names = property(lambda self: _rich(self.prelast_names), doc="The von parts as rich text.")
    rich_last_names = property(lambda self: _rich(self.last_names), doc="The last names as rich text.")
    rich_lineage_names = property(lambda self: _rich(self.lineage_names), doc="The Jr parts as rich text.")


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
        self._unlinked: dict[str, set[str]] = {}  # key → link fields (doi, url) in doubt: shown as text only
        self.references: dict[str, Reference] = {}
        self._writer = BibtexWriter()
        self._bibtex: dict[str, str] = {}
        self._csl_json: str | None = None
        with pybtex.errors.capture() as captured:
            for card in kb.cards:
                if card.kind in kinds.CITABLE_NAMES and record(card) and card.id not in self._cards:
                    self._add(card, captured)
        self._format()

    def _add(self, card: Card, captured: list) -> None:
        invalid = latex_problems(card)
        self.problems.extend(invalid)
        if invalid:
            return  # pybtex would crash on it; the errors say why, and the site shows the card without it
        before = len(captured)
        try:
            entry = make_entry(card)
        except PybtexError as exc:
            captured.append(exc)
            entry = None
        for exc in captured[before:]:
            # At the record's start; a citation's record is the whole card, so at its authors (pybtex's usual trouble).
            self.problems.append(error(card.path, card.pos(*(record_path(card) or ("author",))),
                                       "citation.pybtex", f"pybtex cannot read this entry: {exc}",
                                       "write people as 'Family, Given' and organisations in braces"))
        if entry is not None:
            self.data.add_entry(card.id, entry)
            self._cards[card.id] = card
            self._unlinked[card.id] = {d.field for d in doubts(card)} & set(LINK_FIELDS)

    def _format(self) -> None:
        style = KbgenAPAStyle(label_style=AuthorYearLabels, abbreviate_names=True)
        entries = style.sort(list(self.data.entries.values()))
        labels = list(style.format_labels(entries))
        md, txt = SafeMarkdownBackend(), TextBackend()
        for entry, label in zip(entries, labels, strict=True):
            base = style.label_style.format_label(entry)
            # A doubtful DOI or URL is not linked as if it were certain: the entry's note gives it as text.
            shown = _without(_with_year_suffix(entry, label[len(base):]), self._unlinked.get(entry.key, set()))
            card = self._cards[entry.key]
            try:
                formatted = _format(style, label, shown)
                markdown, text = formatted.text.render(md), formatted.text.render(txt)
            except (PybtexError, UnicodeError, ValueError) as exc:
                self.problems.append(error(card.path, card.pos(), "citation.format",
                                           f"cannot format this entry in APA style: {exc}",
                                           "add the missing field named in the message"))
                text = entry.fields.get("title", entry.key)
                markdown = escape_text(text)
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
        """BibTeX text for ``keys`` (all works when None); an entry pybtex cannot write becomes a comment.

        Each entry is written once and kept (pages and the download share it), by one writer:
        ``to_string("bibtex")`` looked the writer up through entry points on every call.
        """
        chosen = list(self.data.entries) if keys is None else [k for k in keys if k in self.data.entries]
        return "\n".join(self._entry_bibtex(key) for key in chosen)

    def _entry_bibtex(self, key: str) -> str:
        text = self._bibtex.get(key)
        if text is None:
            try:
                text = self._writer.to_string(BibliographyData(entries={key: self.data.entries[key]}))
            except PybtexError as exc:
                text = f"% {key}: left out, pybtex cannot write it ({' '.join(str(exc).split())})\n"
            self._bibtex[key] = text
        return text

    def csl_json(self) -> str:
        """Every work as CSL-JSON (written once: a session reuses the bibliography while no work changes)."""
        if self._csl_json is None:
            items = [csl_item(key, entry) for key, entry in self.data.entries.items()]
            self._csl_json = json.dumps(items, indent=2, ensure_ascii=False) + "\n"
        return self._csl_json


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


class SafeMarkdownBackend(MarkdownBackend):
    """pybtex's Markdown, with link targets percent-encoded (a URL or DOI cannot end the link early or
    carry markup) and no raw HTML fallbacks."""

    def format_href(self, url, text, external=False):
        """A Markdown link to an http(s) address, or the text alone."""
        href = safe_href(url)
        return f"[{text}]({href})" if href and text else text

    def format_tag(self, tag_name, text):
        """Emphasis as Markdown; tags pybtex would write as raw HTML (``<sup>``) keep only their text."""
        return super().format_tag(tag_name, text) if tag_name in self.tags else text

    def format_str(self, text):
        """Text escaped as kbgen escapes all text (HTML and every Markdown character)."""
        return escape_text(text)


def latex_problems(card: Card) -> list[Diagnostic]:
    """Values pybtex cannot read as BibTeX/LaTeX: unbalanced braces, a lone backslash, 'and'-joined names."""
    rec, problems = record(card), []
    for name, value in rec.items():
        if name in _NOT_FIELDS and name not in ("author", "editor"):
            continue
        for i, text in enumerate(value if isinstance(value, list) else [value]):
            at = (name, i) if isinstance(value, list) else (name,)
            where = card.pos(*record_path(card), *at)
            problem = bibtex_problem(str(text), name in ("author", "editor"))
            if problem:
                shown = record_prefix(card) + (f"{name}[{i}]" if isinstance(value, list) else name)
                problems.append(error(card.path, where, "citation.bibtex", f"'{shown}': {problem[0]}", problem[1]))
    return problems


def bibtex_problem(text: str, is_name: bool) -> tuple[str, str] | None:
    """What BibTeX could not hold in a field's text, as (message, hint); None when it is fine."""
    if "{" in text or "}" in text:
        depth = 0
        for char in text:
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth < 0:
                return "a '}' closes a brace that was never opened", "remove it, or add the matching '{' before it"
        if depth:
            return "a '{' is never closed", "add the matching '}' (braces keep capitals or group words in BibTeX)"
    if "\\" in text:  # only a backslash can start LaTeX that pybtex's decoder cannot read
        try:
            for piece in [text] + (_name_parts(text) if is_name else []):  # pybtex decodes a name's parts alone
                codecs.decode(piece, "ulatex")
        except UnicodeError:
            return ("a backslash '\\' that LaTeX cannot read",
                    "remove it, or write the character itself (é, not \\'e)")
    if is_name and re.search(r"(^|\s)and(\s|$)", _outside_braces(text)):
        return ("holds several names joined by 'and'",
                "list each person as its own item: [\"Smith, J.\", \"Jones, K.\"]; an organisation with 'and' "
                "in its name goes in braces: \"{Department for Children, Schools and Families}\"")
    return None


def _name_parts(text: str) -> list[str]:
    try:
        person = Person(text)
    except PybtexError:
        return []  # reported when the entry is made
    return person.first_names + person.middle_names + person.prelast_names + person.last_names + person.lineage_names


def _outside_braces(text: str) -> str:
    out, depth = [], 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        out.append(char if depth == 0 and char not in "{}" else " ")
    return "".join(out)


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
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", entry.fields.get("urldate", "")):
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


def _without(entry: Entry, names: set[str]) -> Entry:
    """A copy of ``entry`` without the fields ``names`` (the entry itself when there are none)."""
    if not names & set(entry.fields):
        return entry
    shown = Entry(entry.type, fields={k: v for k, v in entry.fields.items() if k not in names}, persons=entry.persons)
    shown.key = entry.key
    return shown


def _with_year_suffix(entry: Entry, suffix: str) -> Entry:
    """A copy of ``entry`` whose year carries the label's disambiguating letter (2017a)."""
    if not suffix:
        return entry
    fields = dict(entry.fields)
    fields["year"] = fields.get("year", "n.d.") + suffix
    shown = Entry(entry.type, fields=fields, persons=entry.persons)
    shown.key = entry.key
    return shown
