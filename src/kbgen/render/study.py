"""Study pages: metadata, design, sample, findings, accounts, references, how to cite."""

from __future__ import annotations

from ..citations import doubts, record_prefix
from ..model import Card
from ..prose import doi_href, escape_text, fence, safe_href
from ..views import AccountView, DesignView, StudyView
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
    study = StudyView(card)
    page = Page(site, page_of(card))
    title = study.reference.title or card.id
    page.add(*front_matter(title, site.plain(study.summary)))
    page.add("# " + escape_text(title), "")
    page.add(f"*{escape_text((study.document_type or '').capitalize())} · {escape_text(site.title(card))}*", "")
    page.add(page.prose(study.summary), "")
    _metadata(page, study)
    _design(page, study.design)
    if study.research_questions:
        page.add("## Research questions", "", *[f"{i}. {escape_text(q)}" for i, q in
                                                 enumerate(study.research_questions, 1)], "")
    if study.limitations:
        page.add("## Limitations the authors state", "", *bullet_list(page, study.limitations), "")
    _accounts(page, card)
    _findings(page, card)
    _references(page, study)
    if study.notes:
        page.add("## Notes", "", page.prose(study.notes), "")
    source_notes(page, card)
    _cite_this(page, card)
    return page.text()


def _metadata(page: Page, study: StudyView) -> None:
    marks = provenance_marks(study.card)
    doubted = {d.field: d for d in doubts(study.card)}
    rows = []
    for name, label in _METADATA:
        value = study.reference.value(name)
        if value is None:
            continue
        shown = "; ".join(v.strip("{}") for v in value) if isinstance(value, list) else value
        text = escape_text(shown)
        if name in doubted:
            text = doubtful_value(doubted[name])
        elif name == "doi":
            text = f"[{text}]({doi_href(shown)})"
        elif name == "url" and safe_href(shown):
            text = f"[{text}]({safe_href(shown)})"
        mark = marks.get(record_prefix(study.card) + name)
        if mark:
            text += f" *({_MARK_WORDS.get(mark, mark)})*"
        rows.append((label, text))
    for label, value in (("Version", study.version), ("Licence", study.licence)):
        if value:
            rows.append((label, escape_text(value)))
    page.add("## About the document", "", *facts(rows))


def _design(page: Page, design: DesignView) -> None:
    page.add("## How the evidence was gathered", "")
    if design.method:
        page.add(f"**Method.** {page.prose(design.method)}", "")
    if design.setting:
        page.add(f"**Setting.** {page.prose(design.setting)}", "")
    if design.period:
        page.add(f"**Period.** {escape_text(design.period)}", "")
    sample = design.sample
    if sample.description:
        page.add(f"**Sample.** {page.prose(sample.description)}", "")
    counts = sample.counts
    if counts:
        page.add("| Counted | Number | Note |", "|---|---|---|")
        for count in counts:
            note = page.prose(count.note) if count.note else ""
            page.add(f"| {cell(escape_text(count.what or ''))} | {escape_text(count.n or '')} | {cell(note)} |")
        page.add("")


def _accounts(page: Page, card: Card) -> None:
    accounts = page.site.graph.accounts_by_study.get(card.id, [])
    if accounts:
        page.add(f"## Accounts of practice ({len(accounts)})", "")
        page.add(*not_indexed([f"- {page.link(a)}: {page.prose(' '.join(AccountView(a).summary.split()))}"
                               for a in accounts]))


def _findings(page: Page, card: Card) -> None:
    findings = page.site.graph.findings_by_study.get(card.id, [])
    page.add(f"## Findings ({len(findings)})", "")
    page.add(*not_indexed([finding_item(page, f) for f in findings]) if findings
             else ["No finding is carded from this study yet.", ""])


def _references(page: Page, study: StudyView) -> None:
    for keys, heading in ((study.references, "Reference list"), (study.further_reading, "Further reading")):
        if keys:
            page.add(f"## {heading} ({len(keys)})", "", *[f"- {page.link_id(k)}" for k in keys], "")
    in_text = study.cited_in_text
    if in_text:
        if study.references:
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
