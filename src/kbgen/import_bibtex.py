"""BibTeX and biblatex files (as Zotero, Better BibTeX and JabRef export them) to :class:`Record` objects.

pybtex reads the file: ``@string`` macros, ``#`` concatenation and names. On top of it this module
follows ``crossref`` and ``xdata`` the way biblatex inherits fields, maps biblatex's entry types and
fields (``date``, ``journaltitle``, ``location``, ``subtitle``…) to the card's, and turns LaTeX into
Unicode with pylatexenc. An undefined macro, an unknown LaTeX command or a missing crossref target is
reported against its entry, never replaced by nothing in silence.
"""

from __future__ import annotations

import re

import pybtex.errors
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser, UndefinedMacro
from pybtex.exceptions import PybtexError
from pylatexenc import latex2text, latexwalker, macrospec

from .errors import KbgenError
from .import_fields import Record, code, put_date, put_doi, put_isbn, put_issn, put_month, put_pages, put_urls

#: biblatex / BibTeX entry type → card type. Types not listed become ``misc``; either way a type
#: the card only approximates is kept in ``original_type``.
TYPES = {
    "article": "article", "book": "book", "mvbook": "book", "collection": "book", "mvcollection": "book",
    "proceedings": "book", "mvproceedings": "book", "reference": "book", "mvreference": "book",
    "inbook": "inbook", "bookinbook": "inbook", "suppbook": "inbook", "incollection": "incollection",
    "suppcollection": "incollection", "inreference": "incollection", "inproceedings": "inproceedings",
    "conference": "inproceedings", "periodical": "article", "report": "techreport", "techreport": "techreport",
    "phdthesis": "phdthesis", "mastersthesis": "mastersthesis", "thesis": "phdthesis", "manual": "manual",
    "misc": "misc", "unpublished": "unpublished",
}
#: Types whose card type says the same thing (no ``original_type`` needed).
_EXACT = {"article", "book", "inbook", "incollection", "inproceedings", "techreport", "phdthesis",
          "mastersthesis", "manual", "misc", "unpublished"}
#: biblatex's localisation keys in ``type`` → words (the ``report_type`` APA prints).
TYPE_WORDS = {"techreport": "Technical report", "resreport": "Research report", "phdthesis": "Doctoral dissertation",
              "mathesis": "Master's thesis", "candthesis": "Candidate thesis", "bathesis": "Bachelor's thesis",
              "patent": "Patent", "patentus": "U.S. patent", "patenteu": "European patent",
              "patentuk": "British patent",
              "patentde": "German patent", "patentfr": "French patent", "patentau": "Australian patent",
              "patreq": "Patent request", "patrequs": "U.S. patent request", "patreqeu": "European patent request",
              "patrequk": "British patent request", "patreqde": "German patent request",
              "patreqfr": "French patent request", "patreqau": "Australian patent request"}
#: Same-name fields the card keeps.
_KEPT = {"volume", "number", "series", "publisher", "chapter", "edition", "howpublished", "organization",
         "note", "urldate", "institution", "school", "address", "journal", "month",
         "incomplete"}  # kbgen's own BibTeX download carries why a card is incomplete: a round trip keeps it
_TITLES = {"title", "subtitle", "titleaddon", "booktitle", "booksubtitle", "booktitleaddon", "journaltitle",
           "journalsubtitle", "maintitle", "mainsubtitle", "maintitleaddon"}
#: Every source field the card has a place for (the others are dropped, with the reason, unconverted).
_HANDLED = _KEPT | _TITLES | {"date", "year", "doi", "url", "isbn", "issn", "pages", "location", "type", "eprint",
                              "eprinttype"}
#: How a child inherits its crossref parent's titles (biblatex's default data inheritance).
_TITLE_INHERIT = {"book": {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"},
                  "mv": {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"},
                  "periodical": {"title": "journaltitle", "subtitle": "journalsubtitle"}}
_PARTS = {"inbook", "bookinbook", "suppbook", "incollection", "suppcollection", "inproceedings", "inreference"}
_NEVER_INHERITED = {"ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label", "options",
                    "presort", "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand",
                    "shorthandintro", "sortkey", "key"}
#: Macros beyond pylatexenc's — biblatex's own, logos, citations — as readers see them in print:
#: name → (arguments, replacement). A citation keeps its key, the only text it has.
_MACROS = {"mkbibquote": ("{", "“%s”"), "enquote": ("*{", "“%(2)s”"), "mkbibemph": ("{", "%s"),
           "mkbibitalic": ("{", "%s"), "mkbibbold": ("{", "%s"), "textsc": ("{", "%s"), "mbox": ("{", "%s"),
           "autocap": ("{", "%s"), "texttt": ("{", "%s"), "textsf": ("{", "%s"), "textrm": ("{", "%s"),
           "textnormal": ("{", "%s"), "textup": ("{", "%s"), "textmd": ("{", "%s"), "textsl": ("{", "%s"),
           "url": ("{", "%s"), "hyphen": ("", "-"), "slash": ("", "/"),
           "TeX": ("", "TeX"), "LaTeX": ("", "LaTeX"), "LaTeXe": ("", "LaTeX2e"), "BibTeX": ("", "BibTeX"),
           "protect": ("", ""), "noopsort": ("{", ""), "cite": ("[[{", "%(3)s"), "parencite": ("[[{", "%(3)s"),
           "textcite": ("[[{", "%(3)s"), "citeauthor": ("[[{", "%(3)s"), "citetitle": ("[[{", "%(3)s")}

class _Parser(Parser):
    """pybtex's BibTeX parser, keeping each problem with the entry and field it concerns."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[tuple[str | None, str | None, PybtexError]] = []

    def handle_error(self, error: PybtexError) -> None:
        """Keep the error, with the entry (and field) the parser was reading; never stop the file."""
        parser = getattr(error, "parser", None)
        self.problems.append((getattr(parser, "current_entry_key", None),
                              getattr(parser, "current_field_name", None), error))


def read_bibtex(text: str) -> tuple[list[Record], list[str]]:
    """Every entry of a BibTeX/biblatex file as a record, plus problems that belong to no entry.

    Raises KbgenError when the text holds no BibTeX entry at all.
    """
    if not re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", text, re.MULTILINE):
        raise KbgenError("this is not a BibTeX file: it has no @type{key, ...} entry")
    parser = _Parser()
    with pybtex.errors.capture() as captured:
        try:
            data = parser.parse_string(text)
        except PybtexError as exc:
            raise KbgenError(f"cannot read this BibTeX file: {exc}") from None
    latex = LatexToUnicode(data.preamble_list)
    by_entry: dict[str, list[str]] = {}
    loose = [f"pybtex: {exc}" for exc in captured]
    for key, field_name, error in parser.problems:
        if isinstance(error, UndefinedMacro) and key is not None:
            by_entry.setdefault(key, []).append(
                f"{code(field_name)} uses the macro {code(_macro_name(error))}, "
                "which the file never defines with `@string`")
        elif key is not None and key in data.entries:
            by_entry.setdefault(key, []).append(str(error))
        else:
            loose.append(f"an entry could not be read ({error}); it is not imported")
    records = [_record(key, entry, data, latex, by_entry.get(key, [])) for key, entry in data.entries.items()]
    if not records:
        raise KbgenError("this BibTeX file has no entry kbgen can read: " + "; ".join(loose))
    return records, loose


def _macro_name(error: UndefinedMacro) -> str:
    return str(error.args[0]) if error.args else "?"


def _record(key: str, entry: Entry, data: BibliographyData, latex: LatexToUnicode, problems: list[str]) -> Record:
    rec = Record(key)
    raw_type = entry.original_type.lower()
    if raw_type in ("set", "xdata"):
        members = entry.fields.get("entryset", "")
        rec.not_a_work = (f"a biblatex @set groups entries ({members}), each imported on its own"
                          if raw_type == "set" else "an @xdata entry only lends fields to other entries")
        return rec
    fields, persons = _inherited(entry, data, rec)
    if raw_type == "periodical":  # a whole issue: the journal's name is its title, the title is the work's
        fields = {{"title": "journaltitle", "subtitle": "journalsubtitle", "issuetitle": "title",
                   "issuesubtitle": "subtitle"}.get(k, k): v for k, v in fields.items()}
        rec.mapped.append("@periodical: title → journal, issuetitle → title")
        rec.used.update(name for name in ("issuetitle", "issuesubtitle") if name in entry.fields)
    for problem in problems:
        rec.notes.append(problem)
        if "macro" in problem:
            rec.missing.append(problem)
    card_type = TYPES.get(raw_type, "misc")
    if raw_type == "inbook" and "booktitle" not in fields:  # BibTeX's @inbook: pages or a chapter *of a book*
        card_type = "book"
        rec.mapped.append("@inbook with no booktitle (BibTeX's chapter-or-pages of a book) → type book")
    if raw_type == "thesis" and re.search(r"ma|master", fields.get("type", ""), re.IGNORECASE):
        card_type = "mastersthesis"
    rec.put("type", card_type)
    if raw_type not in _EXACT:
        rec.put("original_type", raw_type)
        rec.mapped.append(f"@{raw_type} → type {card_type}")
    for role in ("author", "editor"):
        if persons.get(role):
            rec.put(role, [_name(p, latex, rec) for p in persons[role]], role)
    for name in [n for n in fields if n not in _HANDLED]:
        rec.drop(name, "kbgen's citation card has no field for it")
    text = {name: latex.convert(value, rec, name) for name, value in fields.items() if name in _HANDLED}
    _titles(rec, text, raw_type)
    _other_fields(rec, text, card_type)
    return rec


def _inherited(entry: Entry, data: BibliographyData, rec: Record) -> tuple[dict[str, str], dict[str, list]]:
    """The entry's fields and persons, with what it inherits through ``crossref`` and ``xdata``."""
    fields = {name.lower(): value for name, value in entry.fields.items()}
    persons = {role.lower(): list(people) for role, people in entry.persons.items()}
    for link in ("xdata", "crossref"):
        for parent_key in [k.strip() for k in fields.get(link, "").split(",") if k.strip()]:
            parent = data.entries.get(parent_key)
            if parent is None:
                rec.missing.append(f"its {link} {code(parent_key)} is not in the file, "
                                   "so what it would give is missing")
                continue
            renames = _title_renames(parent.original_type.lower(), entry.original_type.lower())
            for name, value in parent.fields.items():
                target = renames.get(name.lower(), name.lower())
                if name.lower() in _NEVER_INHERITED or (name.lower() in ("title", "subtitle", "titleaddon")
                                                          and target == name.lower() and link == "crossref"
                                                          and entry.original_type.lower() in _PARTS):
                    continue
                if target not in fields:
                    fields[target] = value
                    rec.mapped.append(f"{link} {parent_key}: {name.lower()} → {target}")
            for role, people in parent.persons.items():
                if role.lower() not in persons:
                    persons[role.lower()] = list(people)
                    rec.mapped.append(f"{link} {parent_key}: {role.lower()}")
        if link in fields:
            rec.mapped.append(f"{link} {fields[link]} followed")
            rec.used.add(link)
            del fields[link]
    return fields, persons


def _title_renames(parent_type: str, child_type: str) -> dict[str, str]:
    if parent_type == "periodical":
        return _TITLE_INHERIT["periodical"]
    if parent_type.startswith("mv"):
        return _TITLE_INHERIT["mv"]
    if child_type in _PARTS:
        return _TITLE_INHERIT["book"]
    return {}


def _name(person: Person, latex: LatexToUnicode, rec: Record) -> str:
    """``Family, Given`` in Unicode; an organisation keeps the braces that stop it being split."""
    parts = [person.prelast_names + person.last_names, person.lineage_names, person.first_names + person.middle_names]
    if not parts[1] and not parts[2] and len(parts[0]) == 1 and parts[0][0].startswith("{") \
            and parts[0][0].endswith("}"):
        return "{" + latex.convert(parts[0][0][1:-1], rec, "author") + "}"
    return ", ".join(latex.convert(" ".join(p), rec, "author") for p in parts if p)


def _titles(rec: Record, text: dict[str, str], raw_type: str) -> None:
    """Titles with their subtitles, as APA prints them (``Title: Subtitle``)."""
    for main, sub, addon, target in (("title", "subtitle", "titleaddon", "title"),
                                     ("booktitle", "booksubtitle", "booktitleaddon", "booktitle"),
                                     ("journaltitle", "journalsubtitle", None, "journal"),
                                     ("journal", None, None, "journal"),
                                     ("maintitle", "mainsubtitle", "maintitleaddon", None)):
        if main not in text:
            continue
        value = text.pop(main)
        rec.used.add(main)
        if sub and sub in text:
            value = f"{value}: {text.pop(sub)}"
            rec.used.add(sub)
            rec.mapped.append(f"{main} + {sub} → {target or main}")
        if addon and addon in text:
            value = f"{value}. {text.pop(addon)}"
            rec.used.add(addon)
        if target is None:
            _main_title(rec, value, text)
        elif target not in rec.fields:
            rec.put(target, value, main)
        else:
            rec.drop(main, f"the card already has a {target}")


def _main_title(rec: Record, main: str, text: dict[str, str]) -> None:
    """A volume of a multi-volume work: APA's ``Main title: Vol. 2. Volume title`` (the book's title, for a part)."""
    target = "booktitle" if "booktitle" in rec.fields else "title"
    title = str(rec.fields.get(target, ""))
    volume = text.get("volume")
    if title and main not in title:
        rec.fields[target] = f"{main}: Vol. {volume}. {title}" if volume else f"{main}: {title}"
        rec.mapped.append(f"maintitle + volume + {target} → {target}" if volume else f"maintitle + {target} → {target}")
    elif not title:
        rec.put(target, main, "maintitle")


def _other_fields(rec: Record, text: dict[str, str], card_type: str) -> None:
    for name, value in text.items():
        if name == "date":
            put_date(rec, value, name)
        elif name == "year":
            if "year" not in rec.fields:
                put_date(rec, value, name)
        elif name == "doi":
            put_doi(rec, value, name)
        elif name == "url":
            put_urls(rec, [value], name)
        elif name == "isbn":
            put_isbn(rec, value, name)
        elif name == "issn":
            put_issn(rec, value, name)
        elif name == "pages":
            put_pages(rec, value, name)
        elif name == "location" and "address" not in text:
            rec.put("address", value, name)
        elif name == "institution" and card_type in ("phdthesis", "mastersthesis") and "school" not in text:
            rec.put("school", value, name)
        elif name == "type":
            rec.put("report_type", TYPE_WORDS.get(value.strip().lower(), value), name)
        elif name == "number" and rec.fields.get("original_type") == "patent" and "type" not in text:
            rec.put("number", value, name)
            rec.put("report_type", "Patent")
        elif name == "eprint":
            _eprint(rec, value, text.get("eprinttype", ""))
        elif name == "month":
            if "month" not in rec.fields:
                put_month(rec, value, name)
        elif name in _KEPT:
            rec.put(name, value, name)
    if "month" in rec.fields and "year" not in rec.fields:
        rec.drop("month", "a month without a year")
        del rec.fields["month"]


_EPRINTS = {"arxiv": "https://arxiv.org/abs/", "jstor": "https://www.jstor.org/stable/",
            "pubmed": "https://pubmed.ncbi.nlm.nih.gov/", "hdl": "https://hdl.handle.net/",
            "googlebooks": "https://books.google.com/books?id="}


def _eprint(rec: Record, value: str, kind: str) -> None:
    """An eprint identifier (arXiv, JSTOR, PubMed, handle) as the web address it stands for."""
    rec.used.update(("eprint", "eprinttype") if kind else ("eprint",))
    kind = kind.strip().lower()
    if kind == "doi":
        put_doi(rec, value, "eprint")
    elif kind in _EPRINTS and "url" not in rec.fields:
        rec.put("url", _EPRINTS[kind] + value.strip(), "eprint")
    else:
        rec.drop("eprint", f"{kind or 'eprint'} {value}: " + ("the card already has a url" if kind in _EPRINTS
                                                           else "kbgen does not know where this eprint lives"))


class LatexToUnicode:
    """pylatexenc, taught biblatex's macros and the ``\\newcommand``s of the file's ``@preamble``."""

    def __init__(self, preamble: list[str]) -> None:
        self.walker_db = latexwalker.get_default_latex_context_db()
        self.text_db = latex2text.get_default_latex_context_db()
        macros = _MACROS | _preamble_macros(preamble)
        self.walker_db.add_context_category(
            "kbgen", prepend=True, macros=[macrospec.MacroSpec(name, args) for name, (args, _) in macros.items()])
        self.text_db.add_context_category(
            "kbgen", prepend=True,
            macros=[latex2text.MacroTextSpec(name, simplify_repl=repl) for name, (_, repl) in macros.items()])
        self.converter = latex2text.LatexNodes2Text(latex_context=self.text_db, math_mode="text")

    def convert(self, value: str, rec: Record, field_name: str) -> str:
        """``value`` as Unicode text; unknown commands are left out and noted on ``rec``."""
        if not re.search(r"[\\{}$~%]|--|``|''", value):
            return value
        value = re.sub(r"(?<!\\)%", r"\\%", value)  # a bare % is a literal in an export, not a LaTeX comment
        walker = latexwalker.LatexWalker(value, latex_context=self.walker_db, tolerant_parsing=True)
        nodes = walker.get_latex_nodes()[0]
        unknown = sorted(set(self._unknown(nodes)))
        if unknown:
            rec.notes.append(f"'{field_name}': unknown LaTeX command(s) {', '.join(unknown)} left out")
        return " ".join(self.converter.nodelist_to_text(nodes).split())

    def _unknown(self, nodes) -> list[str]:
        found = []
        for node in nodes or []:
            if node is None:
                continue
            if node.isNodeType(latexwalker.LatexMacroNode) and self.text_db.get_macro_spec(node.macroname) is None:
                found.append("\\" + node.macroname)
            for child in _children(node):
                found += self._unknown(child)
        return found


def _children(node) -> list:
    """The node lists inside a LaTeX node (group contents, macro arguments, environment body)."""
    lists = [getattr(node, "nodelist", None)]
    arguments = getattr(node, "nodeargd", None)
    if arguments is not None:
        lists += [[arg] for arg in (arguments.argnlist or []) if arg is not None]
    return [nodes for nodes in lists if nodes]


def _preamble_macros(preamble: list[str]) -> dict[str, tuple[str, str]]:
    r"""``\newcommand{\name}[n]{body}`` definitions with plain bodies (``#2#1``), as pylatexenc replacements."""
    found = {}
    pattern = r"\\(?:re)?newcommand\s*\{?\\([A-Za-z]+)\}?\s*(?:\[(\d)\])?\s*\{([^{}\\]*)\}"
    for name, count, body in re.findall(pattern, " ".join(preamble)):
        found[name] = ("{" * int(count or 0), re.sub(r"#(\d)", r"%(\1)s", body.replace("%", "%%")))
    return found
