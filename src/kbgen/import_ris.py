"""RIS files (EndNote, Zotero, Mendeley, databases) and Web of Science exports to :class:`Record` objects.

rispy reads both formats. Every field it gives is either mapped to a card field or dropped with the
reason, repeated tags are kept (not just the first), and text outside any record or a last record
without ``ER`` is reported rather than lost.
"""

from __future__ import annotations

import re

import rispy
from rispy.config import TYPE_OF_REFERENCE_MAPPING

from .errors import KbgenError
from .import_fields import Record, month_of, put_date, put_doi, put_isbn, put_issn, put_pages, put_urls

#: RIS reference types → card types (others become ``misc``, keeping the RIS type in ``original_type``).
TYPES = {"JOUR": "article", "JFULL": "article", "EJOUR": "article", "MGZN": "article", "NEWS": "article",
         "INPR": "article", "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CHAP": "incollection",
         "ECHAP": "incollection", "RPRT": "techreport", "GOVDOC": "techreport", "THES": "phdthesis",
         "CONF": "inproceedings", "CPAPER": "inproceedings", "UNPB": "unpublished", "MANSCPT": "unpublished",
         "GEN": "misc"}
#: Reference types written out, as some programs do: RIS's own names and EndNote's.
_TYPE_NAMES = {name.lower(): code for code, name in TYPE_OF_REFERENCE_MAPPING.items()} | {
    "journal article": "JOUR", "book section": "CHAP", "edited book": "EDBOOK", "conference paper": "CPAPER",
    "conference proceedings": "CONF", "thesis": "THES", "report": "RPRT", "web page": "ELEC"}
_EXACT = {"JOUR", "BOOK", "CHAP", "RPRT", "THES", "CPAPER", "UNPB", "GEN"}
_PERIODICAL = {"article"}
_PART = {"incollection", "inproceedings"}
#: rispy fields copied under the card's name.
_SAME = {"volume": "volume", "number": "number", "edition": "edition", "publisher": "publisher",
         "place_published": "address", "type_of_work": "report_type", "tertiary_title": "series"}
_NO_FIELD = "kbgen's citation card has no field for it"
_REASONS = {"id": "the exporting program's record number", "note": "RIS M1 means something different in each program",
            "notes": "a note of the person who kept the record, not part of the reference",
            "file_attachments1": "a file attached in the reference manager",
            "file_attachments2": "a file attached in the reference manager"}

#: Web of Science field → card field, for the fields copied as they are.
_WOS_SAME = {"volume": "volume", "issue": "number", "publisher": "publisher", "publisher_city": "address",
             "book_series_title": "series"}


def read_ris(text: str) -> tuple[list[Record], list[str]]:
    """Every record of a RIS file, plus notes on text the file holds outside its records."""
    notes = []
    starts = [m.start() for m in re.finditer(r"^TY  -", text, re.MULTILINE)]
    if not starts:
        raise KbgenError("this is not a RIS file: no record starts with 'TY  - '")
    ends = [m.start() for m in re.finditer(r"^ER  ?-", text, re.MULTILINE)]
    if not ends or ends[-1] < starts[-1]:
        text += "\nER  - \n"
        notes.append("the last record had no 'ER  - ' line; it was read anyway")
    outside = _outside_records(text, r"^TY  -", r"^ER  ?-")
    if outside:
        notes.append(f"{len(outside)} line(s) outside any record were not read: "
                     + "; ".join(f"'{line}'" for line in outside[:5]) + ("; ..." if len(outside) > 5 else ""))
    entries = rispy.loads(text, enforce_list_tags=False)
    if len(entries) != len(starts):
        raise KbgenError(f"rispy read {len(entries)} of the {len(starts)} records in this RIS file; "
                         "nothing was imported")
    return [_ris_record(i, entry) for i, entry in enumerate(entries, 1)], notes


def read_wos(text: str) -> tuple[list[Record], list[str]]:
    """Every record of a Web of Science plain-text export."""
    starts = len(re.findall(r"^PT [A-Z]", text, re.MULTILINE))
    entries = rispy.loads(text, implementation=rispy.WokParser, enforce_list_tags=False)
    if starts == 0 or len(entries) != starts:
        raise KbgenError(f"read {len(entries)} of the {starts} records in this Web of Science export; "
                         "nothing was imported (is every record closed by 'ER'?)")
    return [_wos_record(i, entry) for i, entry in enumerate(entries, 1)], []


def _outside_records(text: str, start: str, end: str) -> list[str]:
    inside, lines = False, []
    for line in text.splitlines():
        if re.match(start, line):
            inside = True
        elif not inside and line.strip():
            lines.append(line.strip())
        elif re.match(end, line):
            inside = False
    return lines


def _first(value):
    return value[0] if isinstance(value, list) and value else value


def _ris_record(number: int, entry: dict) -> Record:
    rec = Record(f"record {number}")
    ris_type = str(_first(entry.pop("type_of_reference", "GEN"))).strip()
    if ris_type.lower() in _TYPE_NAMES:  # a type written out (``Journal Article``) instead of its code
        rec.mapped.append(f"TY '{ris_type}' read as {_TYPE_NAMES[ris_type.lower()]}")
        ris_type = _TYPE_NAMES[ris_type.lower()]
    card_type = TYPES.get(ris_type, "misc")
    rec.put("type", card_type, "type_of_reference")
    if ris_type not in _EXACT:
        rec.put("original_type", ris_type)
        rec.mapped.append(f"TY {ris_type} → type {card_type}")
    _ris_people(rec, entry, ris_type)
    _ris_titles(rec, entry, card_type)
    _ris_dates(rec, entry)
    put_pages_from(rec, entry.pop("start_page", None), entry.pop("end_page", None), "start_page", "end_page")
    for name in ("doi",):
        if name in entry:
            for value in _as_list(entry.pop(name)):
                put_doi(rec, value, name)
    if "urls" in entry:
        put_urls(rec, _as_list(entry.pop("urls")), "urls")
    if "issn" in entry:
        _serial_numbers(rec, _as_list(entry.pop("issn")), "issn")
    for name, target in _SAME.items():
        if name in entry:
            values = _as_list(entry.pop(name))
            rec.put(target, str(values[0]).strip(), name)
            if len(values) > 1:
                rec.drop(f"{name} (more)", f"a card holds one {target}: " + ", ".join(map(str, values[1:])))
    if "unknown_tag" in entry:
        rec.used.add("unknown_tag")
    for tag, values in (entry.pop("unknown_tag", None) or {}).items():
        rec.drop(tag, f"not a RIS tag rispy knows ({'; '.join(values)})")
    for name, value in entry.items():
        if value not in (None, "", []):
            rec.drop(name, _REASONS.get(name, _NO_FIELD))
    return rec


def put_pages_from(rec: Record, start, end, source: str, end_source: str) -> None:
    """Pages from a start and an end page (either may be missing or empty)."""
    start, end = _first(start), _first(end)
    if start not in (None, ""):
        put_pages(rec, start, source, end)
        if end not in (None, ""):
            rec.used.add(end_source)
    elif end not in (None, ""):
        rec.drop(end_source, f"an end page ({end}) without a start page")
    elif start == "":
        rec.drop(source, "empty")


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _ris_people(rec: Record, entry: dict, ris_type: str) -> None:
    rec.used.update(name for name in ("authors", "first_authors") if name in entry)
    authors = _as_list(entry.pop("authors", [])) + _as_list(entry.pop("first_authors", []))
    secondary = _as_list(entry.pop("secondary_authors", []))
    role = "editor" if ris_type == "EDBOOK" else "author"
    if authors:
        rec.put(role, [_person(n, rec) for n in authors if str(n).strip()], "authors")
    if secondary and role == "author" and ris_type in ("CHAP", "ECHAP", "CONF", "CPAPER", "BOOK", "EBOOK"):
        rec.put("editor", [_person(n, rec) for n in secondary], "secondary_authors")
    elif secondary:
        rec.drop("secondary_authors", f"secondary authors (A2) of a {ris_type} record, which kbgen cannot place: "
                 + "; ".join(secondary))


def _person(name: str, rec: Record) -> str:
    """A RIS name as ``Family, Given``: ``Shannon,Claude E.``, ``Fanning E.`` and ``Loach, PA`` (initials
    run together, as Web of Science writes them) all become that; any other name with no comma is an
    organisation, kept whole."""
    name = " ".join(str(name).split()).rstrip(",")
    family, _, given = name.partition(",")
    if not given:
        words = name.split(" ")
        if len(words) > 1 and re.fullmatch(r"(?:[A-Z]\.?){1,4}", words[-1]):
            family, given = " ".join(words[:-1]), words[-1]
        elif len(words) > 1:
            rec.mapped.append(f"author '{name}' kept whole (no comma: an organisation)")
            return "{" + name + "}"
    given = given.strip()
    if re.fullmatch(r"[A-Z]{1,4}", given) or re.fullmatch(r"(?:[A-Z]\.?){1,4}", given):
        given = " ".join(f"{letter}." for letter in given.replace(".", ""))
    return f"{family.strip()}, {given}" if given else family.strip()


def _ris_titles(rec: Record, entry: dict, card_type: str) -> None:
    titles = [(name, t) for name in ("title", "primary_title") for t in _as_list(entry.pop(name, []))]
    if not titles and entry.get("short_title"):
        titles = [("short_title", t) for t in _as_list(entry.pop("short_title"))]
        rec.mapped.append("(the record has no full title)")
    if titles:
        rec.put("title", titles[0][1], titles[0][0])
        for name, other in titles[1:]:
            rec.drop(f"{name} (more)", f"a second title: {other}")
    journal_names = [(n, v) for n in ("secondary_title", "journal_name", "alternate_title3")
                     for v in _as_list(entry.pop(n, []))]
    target = "journal" if card_type in _PERIODICAL else "booktitle" if card_type in _PART else "series"
    for name, value in journal_names:
        if target not in rec.fields:
            rec.put(target, value, name)
        elif value != rec.fields[target]:
            rec.drop(name, f"the card already has a {target} ({rec.fields[target]})")
    for name in ("alternate_title1", "alternate_title2"):
        for value in _as_list(entry.pop(name, [])):
            if card_type in _PERIODICAL and "journal" not in rec.fields:
                rec.put("journal", value, name)
            else:
                rec.drop(name, "an abbreviated title; the card keeps the full one")


def _ris_dates(rec: Record, entry: dict) -> None:
    for name in ("year", "publication_year", "date"):
        for value in _as_list(entry.pop(name, [])):
            if "year" not in rec.fields:
                put_date(rec, value, name)
            elif "month" not in rec.fields and re.search(r"[0-9]{4}[/-][0-9]{1,2}|[A-Za-z]{3}", str(value)):
                probe = Record(rec.source)
                put_date(probe, value, name)
                if probe.fields.get("month"):
                    rec.put("month", probe.fields["month"], name)
            elif str(value).strip() and not str(value).startswith(str(rec.fields["year"])):
                rec.drop(name, f"'{value}': the card already has the year {rec.fields['year']}")
            else:
                rec.used.add(name)  # the same year again
    accessed = _first(entry.pop("access_date", None))
    if accessed:
        parts = re.match(r"^([0-9]{4})[/-]([0-9]{1,2})[/-]([0-9]{1,2})", str(accessed))
        if parts:
            rec.put("urldate", "{}-{:0>2}-{:0>2}".format(*parts.groups()), "access_date")
        else:
            rec.drop("access_date", f"'{accessed}' is not a full date")


def _serial_numbers(rec: Record, values: list, source: str) -> None:
    """RIS ``SN`` holds an ISSN for serials and an ISBN for books: tell them apart by their form."""
    issns = [v for v in values if re.search(r"(?<![0-9])[0-9]{4}-?[0-9]{3}[0-9Xx](?![0-9-])", str(v))]
    isbns = [v for v in values if v not in issns and re.search(r"[0-9][0-9 -]{8,15}[0-9Xx]", str(v))]
    if issns:
        put_issn(rec, issns, source)
    if isbns:
        put_isbn(rec, isbns, source if not issns else f"{source} (isbn)")
    neither = [str(v) for v in values if v not in issns and v not in isbns]
    if neither:
        rec.drop(f"{source} (other)" if issns or isbns else source,
                 "neither an ISSN nor an ISBN: " + "; ".join(neither))


def _wos_record(number: int, entry: dict) -> Record:
    rec = Record(f"record {number}")
    doc_type = str(_first(entry.pop("document_type", ""))).lower()
    pub_type = str(_first(entry.pop("publication_type", "J"))).strip()
    card_type = ("inproceedings" if "proceedings" in doc_type else "incollection" if "chapter" in doc_type
                 else "book" if pub_type in ("B", "S") and "book" in doc_type else "article" if pub_type == "J"
                 else "misc")
    rec.put("type", card_type, "publication_type")
    rec.used.add("document_type")
    rec.mapped.append(f"PT {pub_type} / DT {doc_type or '-'} → type {card_type}")
    full = _as_list(entry.pop("author_full_name", []))
    short = _as_list(entry.pop("authors", []))
    groups = _as_list(entry.pop("group_authors", []))
    rec.put("author", [_person(n, rec) for n in full or short] + ["{" + g + "}" for g in groups],
            "author_full_name" if full else "authors")
    if full and short:
        rec.drop("authors", "the short form of the authors' full names (AF), which the card keeps")
    if groups:
        rec.used.add("group_authors")
    if entry.get("editors"):
        rec.put("editor", [_person(n, rec) for n in _as_list(entry.pop("editors"))], "editors")
    rec.put("title", _first(entry.pop("document_title", None)), "document_title")
    target = "journal" if card_type == "article" else "booktitle" if card_type in _PART else "series"
    rec.put(target, _first(entry.pop("publication_name", None)), "publication_name")
    put_date(rec, _first(entry.pop("publication_year", None)) or "", "publication_year")
    published = _first(entry.pop("publication_date", None))
    if published and month_of(str(published)) and "year" in rec.fields:
        rec.put("month", month_of(str(published)), "publication_date")
    elif published:
        rec.drop("publication_date", f"'{published}' gives no month")
    start = "beginning_page" if entry.get("beginning_page") else "article_number"
    put_pages_from(rec, entry.pop(start, None), entry.pop("ending_page", None), start, "ending_page")
    for name in ("doi", "book_doi"):
        if entry.get(name):
            put_doi(rec, _first(entry.pop(name)), name)
    for name in ("issn", "eissn"):
        if entry.get(name):
            put_issn(rec, _first(entry.pop(name)), name)
    if entry.get("isbn"):
        put_isbn(rec, _first(entry.pop("isbn")), "isbn")
    for name, target in _WOS_SAME.items():
        if entry.get(name):
            rec.put(target, str(_first(entry.pop(name))).strip(), name)
    for name, value in entry.items():
        if value not in (None, "", []):
            rec.drop(name, _NO_FIELD)
    return rec
