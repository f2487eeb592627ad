"""Page parts several page kinds share: quotes, source notes, provenance, finding lists."""

from __future__ import annotations

import re

from ..citations import Doubt, doubts, field_label
from ..model import Card
from ..prose import code_span, escape_quote, escape_text
from ..views import CardView, FindingView, LocatorView, QuoteView
from .context import EVIDENCE_LABELS, Page, indent


def locator_text(locator: LocatorView) -> str:
    """``Part › Section, p. 3`` in plain words."""
    where = " › ".join(heading for heading in (locator.part, locator.section) if heading)
    return f"{where}, p. {locator.page}" if locator.page is not None else where


#: Where a list item starts or ends in a quote: HTML list tags the PDF conversion left, bullet characters,
#: and a hyphen that starts a line in the source (after a full stop, semicolon or colon, or at the start).
_LIST_MARK = re.compile(
    r"\s*(?:</?(?:li|ul|ol)\b[^<>]*>\s*)+|\s*[•\u25cf\u25aa\uf0b7]\s*|(?:(?<=[.;:])|^)\s*-\s+(?=\S)", re.IGNORECASE)
#: A character every list mark and tag starts with or holds: a quote with none has neither.
_MARK_START = re.compile(r"[<\u2022\u25cf\u25aa\uf0b7-]")
#: Any other HTML tag the conversion left (``<p style=…>``, ``<b>``): it carries no words of the source.
_OTHER_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
#: What stands for such a tag on the page, and the note that says so.
_ELIDED = "[…]"
ELISION_NOTE = "[…] marks markup left in the text by the document's conversion, not shown here."


def quote_lines(text: str) -> list[str]:
    """A verbatim quote as inert Markdown lines, its list remnants shown as the source's list.

    The stored quote keeps the conversion's ``</li> <li>`` and bullets, because the quote check needs
    the text verbatim; the page shows a list instead, and never a literal tag: any other tag becomes an
    elision mark, which :func:`quote_block` explains. A first piece ending in a colon introduces the list;
    otherwise the quote began inside the list and it is the first item.
    """
    if not _MARK_START.search(text):  # four quotes in five: one line as it stands (the full reading agrees)
        return [escape_quote(" ".join(text.split()))]
    return _listed(text)


def _listed(text: str) -> list[str]:
    """:func:`quote_lines`, reading the quote for list marks and tags."""
    pieces = [" ".join(_OTHER_TAG.sub(f" {_ELIDED} ", p).split()) for p in _LIST_MARK.split(" ".join(text.split()))]
    pieces = [p for p in pieces if p]
    if len(pieces) < 2 and not _LIST_MARK.search(text):
        return [escape_quote(" ".join(_OTHER_TAG.sub(f" {_ELIDED} ", text).split()))]
    lead = [escape_quote(pieces.pop(0)), ""] if pieces and pieces[0].endswith(":") else []
    return lead + ["- " + escape_quote(item) for item in pieces]


def quote_block(page: Page, quote: QuoteView, study: Card | None) -> list[str]:
    """A quote as a blockquote, attributed to its speaker and located in its source."""
    lines = quote_lines(quote.text)
    attribution = []
    if quote.speaker:
        attribution.append(escape_text(quote.speaker))
    where = locator_text(quote.locator)
    source = page.link(study) if study else ""
    if source:
        attribution.append(source + (f", *{escape_text(where)}*" if where else ""))
    note = [">", f"> *{escape_text(ELISION_NOTE)}*"] if _OTHER_TAG.search(quote.text) else []
    return [f"> {line}".rstrip() for line in lines] + note + [">", f"> — {' · '.join(attribution)}", ""]


def facts(rows: list[tuple[str, str]]) -> list[str]:
    """Labelled facts as a list (``- **Source:** …``): easier to read on a phone than a two-column table."""
    return [f"- **{label}:** {indent(value)}" for label, value in rows] + [""]


def finding_item(page: Page, finding: Card, with_study: bool = False) -> str:
    """One finding as a list item: its statement linked to its page, with its evidence type."""
    view = FindingView(finding)
    statement = page.prose(" ".join(view.statement.split()))
    kind = EVIDENCE_LABELS.get(view.evidence_type or "", "")
    study = page.site.kb.get(view.study_id or "")
    extra = f" · {page.link(study)}" if with_study and study else ""
    return f"- {statement} {page.link(finding, 'Quotes and source →')} *({kind.lower()}{extra})*"


def doubtful_value(doubt: Doubt) -> str:
    """A doubtful value as text, never a link: ``printed: …; probably: …``."""
    probable = f"; probably: {escape_text(doubt.probable)}" if doubt.probable is not None else ""
    return f"printed: {escape_text(doubt.printed)}{probable} *(doubtful: see below)*"


def source_notes(page: Page, card: Card) -> None:
    """The card's doubtful values, recorded inconsistencies and provenance: what was not read or is in doubt."""
    card_doubts = doubts(card)
    if card_doubts:
        page.add("## Doubtful values", "",
                 "The source prints these values, but they are probably wrong. Neither value is linked; "
                 "the suggested citation uses the probable one, with a note.", "")
        for doubt in card_doubts:
            probable = f"; probably **{escape_text(doubt.probable)}**" if doubt.probable is not None else ""
            page.add(f"- **{field_label(doubt.field)}**: printed **{escape_text(doubt.printed)}**{probable}. "
                     + indent(page.prose(doubt.reason)))
        page.add("")
    view = CardView(card)
    notes = view.inconsistencies
    if notes:
        page.add("## Inconsistencies in the source", "",
                 "The document contradicts itself here; the card records both rather than choosing silently.", "")
        for note in notes:
            where = locator_text(note.locator)
            suffix = f" *({escape_text(where)})*" if where else ""
            page.add("- " + indent(page.prose(note.note)) + suffix)
        page.add("")
    prov = view.provenance
    if prov:
        page.add("## Where the metadata comes from", "")
        for item in prov:
            fields = ", ".join(code_span(f) for f in item.fields)
            label = "Taken from outside the document" if item.source == "external" else "Inferred"
            page.add(f"- **{label}:** {fields} — " + indent(page.prose(item.reason)))
        page.add("")


def provenance_marks(card: Card) -> dict[str, str]:
    """Field path → ``external``/``inferred`` for fields whose value was not read from the document."""
    marks = {}
    for item in CardView(card).provenance:
        for name in item.fields:
            marks[name] = str(item.source)
    return marks


def bullet_list(page: Page, items: list[str]) -> list[str]:
    """Prose items as a bullet list."""
    return ["- " + indent(page.prose(item)) for item in items if item]
