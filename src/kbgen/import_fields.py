"""One record of an export on its way to a citation card, and the field forms every export needs fixing.

BibTeX and RIS readers fill a :class:`Record` with card fields, saying for each what it was mapped
from, what they dropped and why, and what the export lacks. The ``put_*`` helpers turn the forms
real exports use (``https://doi.org/…``, ``June 1980``, ``2325-9671 (electronic)``, ``431--456,
791--823``) into the forms the citation schema accepts, or drop the value with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import slug
from .works import isbn_ok, normalise_doi

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
_MONTH_WORDS = {m.lower(): m for m in MONTHS} | {m[:3].lower(): m for m in MONTHS}
_STOP = {"a", "an", "the", "on", "of", "in", "and", "for", "to"}


@dataclass
class Record:
    """One entry of an export: card fields so far, and an account of every change made to get them."""

    source: str
    fields: dict[str, object] = field(default_factory=dict)
    #: ``"date → year"``: a source field that reached the card under another name or form.
    mapped: list[str] = field(default_factory=list)
    #: Source field → why the card does not keep it.
    dropped: dict[str, str] = field(default_factory=dict)
    #: What the export lacks or lost, written into the card's ``incomplete:`` when the card needs it.
    missing: list[str] = field(default_factory=list)
    #: Warnings for the report (an undefined macro, an unknown LaTeX command).
    notes: list[str] = field(default_factory=list)
    #: (card fields, reason) for values the import inferred rather than copied: the card's ``provenance``.
    inferred: list[tuple[list[str], str]] = field(default_factory=list)
    #: Why this entry is not a work of its own (a biblatex ``@set``), when it is not.
    not_a_work: str | None = None
    #: Every source field this record has accounted for (put on the card, or dropped with a reason).
    used: set[str] = field(default_factory=set)

    def put(self, name: str, value: object, source: str | None = None) -> None:
        """Set card field ``name``, noting the mapping when it came from a field of another name."""
        if source:
            self.used.add(source)
        if value in (None, "", []):
            if source:
                self.dropped[source] = "empty"
            return
        self.fields[name] = value
        if source and source != name:
            self.mapped.append(f"{source} → {name}")

    def drop(self, source: str, why: str) -> None:
        """Leave out a source field, saying why."""
        self.dropped[source] = why
        self.used.add(source.split(" (")[0])


def code(value: object) -> str:
    """A value from the export, quoted for card prose (``incomplete:``, provenance) as inline code, so nothing
    in it (``@``, ``[[``, ``<``) is read as a citation, a link or HTML."""
    return "`" + " ".join(str(value).replace("`", "'").split()) + "`"


def suggest_key(fields: dict) -> str:
    """``family[-family2]-year-titleword``, the knowledge base's key convention."""
    names = fields.get("author") or fields.get("editor") or ["anonymous"]
    families = [slug(str(n).split(",")[0].strip("{}")) or "anonymous" for n in names]
    who = "-".join(families[:2]) if len(families) == 2 else families[0]
    words = [w for w in slug(str(fields.get("title", "")), max_length=0).split("-") if w and w not in _STOP]
    year = slug(str(fields.get("year", "nd"))) or "nd"
    return slug("-".join(p for p in (who, year, words[0] if words else "") if p))


def put_date(rec: Record, value: object, source: str) -> None:
    """Year (and month) from what exports give: ``2004``, ``1991-03``, ``1948/07//``, ``June 1980``, ``1984/1986``."""
    text = str(value).strip()
    years = re.findall(r"(?<![0-9])(1[5-9][0-9]{2}|20[0-9]{2})(?![0-9])", text)
    if not years:
        if text.lower().strip(".") in ("n.d", "nd", "no date", ""):
            rec.put("year", "n.d.", source)
        else:
            rec.missing.append(f"the export gives the date as {code(text)}, which has no year")
            rec.drop(source, f"'{text}' has no four-digit year")
        return
    rec.put("year", int(years[0]), source)
    short_range = re.search(r"[0-9]{4}\s*[-–]+\s*([0-9]{2})(?![0-9])", text)
    if len(set(years)) > 1 or (short_range and int(short_range.group(1)) > 12):
        rec.inferred.append((["year"], f"the export gives the date as {code(text)}; the card keeps its first year"))
        return
    month = month_of(text)
    if month and "month" not in rec.fields:
        rec.put("month", month, source)
        day = re.match(r"^\s*[0-9]{4}[-/][0-9]{1,2}[-/]([0-9]{1,2})\b", text)
        if day and 1 <= int(day.group(1)) <= 31:
            rec.put("day", int(day.group(1)), source)


def put_month(rec: Record, value: object, source: str) -> None:
    """A month as printed (``Spring``, ``June-August``); ``10 January`` or ``January 10`` gives the day too."""
    text = " ".join(str(value).split())
    parts = re.fullmatch(r"([0-9]{1,2})\s*([A-Za-z]+)|([A-Za-z]+)\s*([0-9]{1,2})", text)
    name = (parts.group(2) or parts.group(3)).lower() if parts else ""
    if parts and name in _MONTH_WORDS and 1 <= int(parts.group(1) or parts.group(4)) <= 31:
        rec.put("month", _MONTH_WORDS[name], source)
        rec.put("day", int(parts.group(1) or parts.group(4)), source)
    else:
        rec.put("month", text, source)


def month_of(text: str) -> str | None:
    """The month a date names (``1991-03``, ``June 1980``, ``JUN 8``), in English, or None."""
    iso = re.match(r"^\s*[0-9]{4}[-/]([0-9]{1,2})(?:[-/]|$)", text)
    if iso and 1 <= int(iso.group(1)) <= 12:
        return MONTHS[int(iso.group(1)) - 1]
    for word in re.findall(r"[A-Za-z]+", text):
        if word.lower() in _MONTH_WORDS:
            return _MONTH_WORDS[word.lower()]
    return None


def put_doi(rec: Record, value: object, source: str) -> None:
    """A DOI without its resolver prefix; a web address that is no DOI becomes the ``url``."""
    doi = normalise_doi(value)
    if doi and "doi" not in rec.fields:
        rec.put("doi", doi, source)
        if str(value).strip() != doi:
            rec.mapped.append(f"{source} '{value}' → doi {doi}")
    elif doi:
        rec.drop(source, f"a second DOI ({doi}); a card holds one")
    elif re.match(r"^https?://\S+$", str(value).strip()):
        put_urls(rec, [value], source)
    else:
        rec.drop(source, f"'{value}' is not a DOI")


def put_urls(rec: Record, values: list, source: str) -> None:
    """The first web address becomes ``url`` (a doi.org address becomes the ``doi``); the others are reported."""
    extra = []
    for value in values:
        text = str(value).strip()
        if normalise_doi(text) and "doi" not in rec.fields:
            put_doi(rec, text, source)
        elif re.match(r"^https?://\S+$", text) and "url" not in rec.fields:
            rec.put("url", text, source)
        elif text:
            extra.append(text)
    if extra:
        rec.drop(source if "url" not in rec.fields else f"{source} (more)",
                 "a card holds one web address: " + ", ".join(extra))


def put_isbn(rec: Record, value: object, source: str) -> None:
    """The first valid ISBN, without qualifiers such as ``(pbk.)``; the others are reported."""
    put_identifier(rec, value, source, "isbn", re.compile(r"[0-9][0-9 -]{8,15}[0-9Xx]"), isbn_ok)


def put_issn(rec: Record, value: object, source: str) -> None:
    """The first ISSN, without qualifiers such as ``(electronic)``; the others are reported."""
    put_identifier(rec, value, source, "issn", re.compile(r"[0-9]{4}-?[0-9]{3}[0-9Xx]"), _issn_ok)


def put_identifier(rec: Record, value: object, source: str, name: str, pattern: re.Pattern, valid) -> None:
    """Shared by ISBN and ISSN: split a list of identifiers, keep the first valid one, report the rest."""
    values = value if isinstance(value, list) else [value]
    found = [m.group(0).strip() for v in values for m in pattern.finditer(str(v))]
    good = [f for f in found if valid(f)]
    kept = None
    if good and name not in rec.fields:
        kept = good[0]
        rec.put(name, kept, source)
        if [str(v).strip() for v in values] != [kept]:
            rec.mapped.append(f"{source} '{'; '.join(str(v) for v in values)}' → {name} {kept}")
    reasons = [f"{f} fails its check digit" for f in found if not valid(f)]
    reasons += [f"{f}: a card holds one" for f in good if f != kept]
    if not found:
        reasons.append(f"'{'; '.join(str(v) for v in values)}' holds no {name.upper()}")
    if reasons:
        rec.drop(f"{source} (more)" if kept else source, "; ".join(reasons))


def _issn_ok(issn: str) -> bool:
    digits = issn.replace("-", "").upper()
    total = sum((8 - i) * int(d) for i, d in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


_PAGES = re.compile(r"^[0-9A-Za-z]+(\+|-[0-9A-Za-z]+)?(, [0-9A-Za-z]+(\+|-[0-9A-Za-z]+)?)*$")


def put_pages(rec: Record, value: object, source: str, end: object = None) -> None:
    """Pages as ``79-106`` or ``431-456, 791-823`` (dashes, ``pp.`` and stray spaces cleaned up)."""
    rec.used.add(source)
    text = str(value).strip()
    if end not in (None, "") and str(end).strip() != text:
        text = f"{text}-{str(end).strip()}"
    text = re.sub(r"^(pp?\.|pages?)\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*[-\u2010\u2011\u2012–—]+\s*", "-", text)  # hyphen, non-breaking hyphen, figure dash
    text = re.sub(r"\s*[,;]\s*", ", ", text)
    if _PAGES.match(text):
        rec.fields["pages"] = text
        if text != str(value).strip() or source != "pages":
            rec.mapped.append(f"{source} '{value}{'-' + str(end) if end else ''}' → pages {text}")
    else:
        rec.drop(source, f"'{value}' is not a page or page range")
