"""Study pages: metadata, design, sample, findings, accounts, references, how to cite."""

from __future__ import annotations

from ..citations import doubts
from ..model import Card
from ..prose import doi_href, escape_text, fence, safe_href
from .blocks import bullet_list, doubtful_value, facts, finding_item, provenance_marks, source_notes
from .context import Page, Site, cell, front_matter, page_of
from .searchdata import not_indexed

_MARK_WORDS = {"external": "taken from outside the document", "inferred": "inferred"}

_METADATA = (
    ("author", "Authors"), ("editor", "Editors"), ("year", "Year"), ("month", "Issued"), ("journal", "Journal"),
    ("volume", "Volume"), ("number", "Issue"), ("pages", "Pages"), ("booktitle", "In"), ("chapter", "Chapter"),
    ("report_type", "Report type"), ("institution", "Institution"), ("school", "Awarded by"),
    ("publisher", "Publisher"), ("address", "Place"), ("doi", "DOI"), ("url", "URL"), ("isbn", "ISBN"),
    ("issn", "ISSN"),
)


def study_page(site: Site, card: Card) -> str:
    """One study, everything a reader needs to judge and find its evidence."""
    page = Page(site, page_of(card))
    ref = card.get("reference") or {}
    page.add(*front_matter(str(ref.get("title", card.id)), site.plain(str(card.get("summary", "")))))
    page.add("# " + escape_text(str(ref.get("title", card.id))), "")
    page.add(f"*{escape_text(str(card.get('document_type', '')).capitalize())} · {escape_text(site.title(card))}*", "")
    page.add(page.prose(str(card.get("summary", ""))), "")
    _metadata(page, card, ref)
    _design(page, card.get("design") or {})
    if card.get("research_questions"):
        page.add("## Research questions", "", *[f"{i}. {escape_text(str(q))}" for i, q in
                                                 enumerate(card.get("research_questions"), 1)], "")
    if card.get("limitations"):
        page.add("## Limitations the authors state", "", *bullet_list(page, card.get("limitations")), "")
    _accounts(page, card)
    _findings(page, card)
    _references(page, card)
    if card.get("notes"):
        page.add("## Notes", "", page.prose(str(card.get("notes"))), "")
    source_notes(page, card)
    _cite_this(page, card)
    return page.text()


def _metadata(page: Page, card: Card, ref: dict) -> None:
    marks = provenance_marks(card)
    doubted = {d.field: d for d in doubts(card)}
    rows = []
    for name, label in _METADATA:
        value = ref.get(name)
        if value in (None, "", []):
            continue
        shown = "; ".join(str(v).strip("{}") for v in value) if isinstance(value, list) else str(value)
        text = escape_text(shown)
        if name in doubted:
            text = doubtful_value(doubted[name])
        elif name == "doi":
            text = f"[{text}]({doi_href(shown)})"
        elif name == "url" and safe_href(shown):
            text = f"[{text}]({safe_href(shown)})"
        mark = marks.get(f"reference.{name}")
        if mark:
            text += f" *({_MARK_WORDS.get(mark, mark)})*"
        rows.append((label, text))
    for name, label in (("version", "Version"), ("licence", "Licence")):
        if card.get(name):
            rows.append((label, escape_text(str(card.get(name)))))
    page.add("## About the document", "", *facts(rows))


def _design(page: Page, design: dict) -> None:
    page.add("## How the evidence was gathered", "")
    for name, label in (("method", "Method"), ("setting", "Setting"), ("period", "Period")):
        if design.get(name):
            value = page.prose(str(design[name])) if name != "period" else escape_text(str(design[name]))
            page.add(f"**{label}.** {value}", "")
    sample = design.get("sample") or {}
    if sample.get("description"):
        page.add(f"**Sample.** {page.prose(str(sample['description']))}", "")
    counts = sample.get("counts") or []
    if counts:
        page.add("| Counted | Number | Note |", "|---|---|---|")
        for count in counts:
            note = page.prose(str(count["note"])) if count.get("note") else ""
            page.add(f"| {cell(escape_text(str(count.get('what', ''))))} | {escape_text(str(count.get('n', '')))} | {cell(note)} |")
        page.add("")


def _accounts(page: Page, card: Card) -> None:
    accounts = page.site.graph.accounts_by_study.get(card.id, [])
    if accounts:
        page.add(f"## Accounts of practice ({len(accounts)})", "")
        page.add(*not_indexed([f"- {page.link(a)}: {page.prose(' '.join(str(a.get('summary', '')).split()))}"
                               for a in accounts]))


def _findings(page: Page, card: Card) -> None:
    findings = page.site.graph.findings_by_study.get(card.id, [])
    page.add(f"## Findings ({len(findings)})", "")
    page.add(*not_indexed([finding_item(page, f) for f in findings]) if findings
             else ["No finding is carded from this study yet.", ""])


def _references(page: Page, card: Card) -> None:
    lists = [("references", "Reference list"), ("further_reading", "Further reading")]
    for name, heading in lists:
        keys = card.get(name) or []
        if keys:
            page.add(f"## {heading} ({len(keys)})", "", *[f"- {page.link_id(k)}" for k in keys], "")
    in_text = card.get("cited_in_text") or []
    if in_text:
        if card.get("references"):
            page.add(f"## Cited in the text but missing from the reference list ({len(in_text)})", "",
                     '!!! warning "Not in the reference list"', "",
                     "    The document cites these works without listing them; their details may be incomplete.", "")
        else:
            page.add(f"## Works cited in the text ({len(in_text)})", "",
                     "This document has no reference list; these are works its text cites that cards draw on.", "")
        page.add(*[f"- {page.link_id(k)}" for k in in_text], "")


def _cite_this(page: Page, card: Card) -> None:
    ref = page.site.bibliography.get(card.id)
    if ref is None:
        return
    bibtex = page.site.bibliography.bibtex([card.id]).strip()
    page.add("## Cite this", "", '=== "APA 7"', "", "    " + ref.markdown, "", '=== "BibTeX"', "",
             f"    {fence(bibtex)}bibtex", *["    " + line for line in bibtex.split("\n")], f"    {fence(bibtex)}", "")
