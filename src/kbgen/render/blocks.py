"""Page parts several page kinds share: quotes, source notes, provenance, finding lists."""

from __future__ import annotations

from ..model import Card
from ..prose import code_span, escape_quote, escape_text
from .context import EVIDENCE_LABELS, Page, indent


def locator_text(locator: object) -> str:
    """``Section › Part, p. 3`` in plain words."""
    if not isinstance(locator, dict):
        return ""
    parts = [str(locator[k]) for k in ("part", "section") if locator.get(k)]
    where = " › ".join(parts)
    page = locator.get("page")
    return f"{where}, p. {page}" if page not in (None, "") else where


def quote_block(page: Page, quote: dict, study: Card | None) -> list[str]:
    """A quote as a blockquote, attributed to its speaker and located in its source."""
    text = escape_quote(" ".join(str(quote.get("text", "")).split()))
    attribution = []
    if quote.get("speaker"):
        attribution.append(escape_text(str(quote["speaker"])))
    where = locator_text(quote.get("locator"))
    source = page.link(study) if study else ""
    if source:
        attribution.append(source + (f", *{escape_text(where)}*" if where else ""))
    return [f"> {text}", ">", f"> — {' · '.join(attribution)}", ""]


def facts(rows: list[tuple[str, str]]) -> list[str]:
    """Labelled facts as a list (``- **Source:** …``): easier to read on a phone than a two-column table."""
    return [f"- **{label}:** {indent(value)}" for label, value in rows] + [""]


def finding_item(page: Page, finding: Card, with_study: bool = False) -> str:
    """One finding as a list item: its statement linked to its page, with its evidence type."""
    statement = page.prose(" ".join(str(finding.get("statement", "")).split()))
    kind = EVIDENCE_LABELS.get(str(finding.get("evidence_type")), "")
    study = page.site.kb.get(str(finding.get("study")))
    extra = f" · {page.link(study)}" if with_study and study else ""
    return f"- {statement} {page.link(finding, 'Quotes and source →')} *({kind.lower()}{extra})*"


def source_notes(page: Page, card: Card) -> None:
    """The card's recorded inconsistencies and provenance, so readers see what was not read or is in doubt."""
    notes = card.get("inconsistencies") or []
    if notes:
        page.add("## Inconsistencies in the source", "",
                 "The document contradicts itself here; the card records both rather than choosing silently.", "")
        for note in notes:
            where = locator_text(note.get("locator")) if isinstance(note, dict) else ""
            suffix = f" *({escape_text(where)})*" if where else ""
            page.add("- " + indent(page.prose(str(note.get("note", "")))) + suffix)
        page.add("")
    prov = card.get("provenance") or []
    if prov:
        page.add("## Where the metadata comes from", "")
        for item in prov:
            fields = ", ".join(code_span(str(f)) for f in item.get("fields", []))
            label = "Taken from outside the document" if item.get("source") == "external" else "Inferred"
            page.add(f"- **{label}:** {fields} — " + indent(page.prose(str(item.get("reason", "")))))
        page.add("")


def provenance_marks(card: Card) -> dict[str, str]:
    """Field path → ``external``/``inferred`` for fields whose value was not read from the document."""
    marks = {}
    for item in card.get("provenance") or []:
        for name in item.get("fields", []):
            marks[str(name)] = str(item.get("source"))
    return marks


def bullet_list(page: Page, items: object) -> list[str]:
    """Prose items as a bullet list."""
    return ["- " + indent(page.prose(str(item))) for item in (items or []) if item]
