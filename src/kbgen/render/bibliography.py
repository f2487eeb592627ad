"""The bibliography: one page per cited work, an index of all, and downloads."""

from __future__ import annotations

from .. import kinds
from ..graph import CITE_HOW
from ..model import Card
from ..prose import escape_text, fence
from ..views import CitationView
from .blocks import source_notes
from .context import Page, Site, front_matter, indent, page_of
from .searchdata import NOT_INDEXED, not_indexed

#: The whole bibliography as downloads, beside its index page.
BIBTEX_FILE = f"{kinds.CITATION.page_folder}/kbgen.bib"
CSL_JSON_FILE = f"{kinds.CITATION.page_folder}/kbgen.json"


def citation_page(site: Site, card: Card) -> str:
    """One work: its APA entry, BibTeX, and every card that cites it."""
    citation = CitationView(card)
    page = Page(site, page_of(card))
    ref = site.bibliography.get(card.id)
    page.add(*front_matter(site.title(card), ref.text if ref else None))
    page.add("# " + escape_text(site.title(card)), "")
    if ref:
        page.add(ref.markdown, "")
    maybe = [k for k in citation.possibly_same_as if site.kb.get(k)]
    if maybe:
        links = ", ".join(page.link_id(k) for k in maybe)
        page.add('!!! question "Possibly the same work"', "",
                 f"    This may be the same work as {links}; the sources do not give enough to tell.", "")
    if citation.incomplete:
        page.add('!!! warning "Incomplete reference"', "", "    " + indent(page.prose(citation.incomplete)), "")
    _cited_by(page, card)
    printed = citation.printed
    if printed:
        page.add("## As printed in the sources", "")
        for item in printed:
            study = site.kb.get(item.study_id or "")
            source = page.link(study) if study else escape_text(item.study_id or "")
            page.add(f"- {source}: “{escape_text(' '.join(item.text.split()))}”")
        page.add("")
    source_notes(page, card)
    bibtex = site.bibliography.bibtex([card.id]).strip()
    page.add("## BibTeX", "", f"{fence(bibtex)}bibtex", bibtex, fence(bibtex), "")
    return page.text()


def _cited_by(page: Page, card: Card) -> None:
    citers = page.site.graph.citers.get(card.id, [])
    page.add(f"## Cited by ({len({c.id for c, _ in citers})})", "")
    if not citers:
        page.add("No card cites this work yet.", "")
        return
    lines = []
    for citer, how in sorted(citers, key=lambda item: (item[0].kind != "study", item[0].kind, item[0].id)):
        kind = kinds.kind(citer.kind).label
        lines.append(f"- {kind}: {page.link(citer)} ({CITE_HOW.get(how, how)})")
    page.add(*not_indexed(lines))  # the citing cards are indexed on their own pages


def bibliography_index(site: Site) -> str:
    """Every work, formatted in APA 7, with how many cards cite it, and the downloads."""
    page = Page(site, kinds.CITATION.index_page)
    keys = site.bibliography.sorted_keys()
    page.add(*front_matter("Bibliography"), "# Bibliography", "")
    page.add(f"{len(keys)} works: the studies themselves and every work they cite that the knowledge base records. "
             "Formatted in APA 7th edition.", "")
    page.add(f"Download: [BibTeX]({page.href(BIBTEX_FILE)}) · "
             f"[CSL-JSON]({page.href(CSL_JSON_FILE)}) · [all the data]({page.href('data/index.md')})", "",
             NOT_INDEXED[0], "")
    for key in keys:  # each entry is indexed on its own page
        ref = site.bibliography.get(key)
        card = site.kb.get(key)
        cited = len({c.id for c, _ in site.graph.citers.get(key, [])})
        kind = " **(study in this knowledge base)**" if card and card.kind == kinds.STUDY.name else ""
        if card and CitationView(card).incomplete:
            kind += " *(incomplete: the sources give no more)*"
        page.add(f"- {ref.markdown} {page.link(card, 'Details →')}{kind} *cited by {cited}*", "")
    page.add(NOT_INDEXED[1])
    return page.text()
