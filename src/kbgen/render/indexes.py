"""The home page and the index pages of themes, studies, accounts and findings."""

from __future__ import annotations

import html

from .. import kinds
from ..heldhtml import held
from ..prose import escape_text
from ..views import AccountView, FindingView, StudyView, ThemeView
from .assessment import METHODS_PAGE, confidence_badge, highest_confidence, key_findings
from .context import EVIDENCE_LABELS, GLOSSARY_PAGE, Page, Site, cell, front_matter, indent, page_of, plural
from .evidencemap import MAP_PAGE, EvidenceMap, map_table
from .explorer import EXPLORER_PAGE
from .opendata import downloads
from .overview import OVERVIEW_PAGE
from .searchdata import NOT_INDEXED


def home_page(site: Site, title: str, intro: str, emap: EvidenceMap) -> str:
    """What the knowledge base is, what it shows, where the evidence is thin, and where to go next."""
    page = Page(site, "index.md")
    counts = {kind.name: f"**{len(site.kb.of_kind(kind.name))} {kind.plural}**" for kind in kinds.ALL}
    page.add(*front_matter(title), f"# {escape_text(title)}", "")
    if intro:
        page.add(page.prose(intro), "")
    page.add(f"The evidence: {counts['study']}, {counts['account']}, {counts['finding']} backed by verbatim quotes, "
             f"{counts['theme']} and {counts['citation']}. Every claim is one click from its quote and source.", "")
    page.add(f"**Start here:** [What we know]({page.href(OVERVIEW_PAGE)}), every key finding and how sure we are "
             f"of it · [Evidence map]({page.href(MAP_PAGE)}), where the evidence is and is not · "
             f"[Glossary]({page.href(GLOSSARY_PAGE)}) of the acronyms.", "")
    featured = [t for t in site.kb.of_kind("theme") if ThemeView(t).featured]
    if featured:
        page.add("## What the evidence shows", "", NOT_INDEXED[0], "")  # indexed on the theme pages
        for theme in featured:
            page.add(*_featured(page, theme))
        page.add(NOT_INDEXED[1], "")
    page.add("## Where the evidence is", "",
             "Findings on each theme from each source. Select a number to read them; the "
             f"[full evidence map]({page.href(MAP_PAGE)}) splits each cell by kind of evidence and also maps "
             "kinds of collaboration.", "",
             *map_table(page, emap, "source", "Findings on each theme from each source", compact=True))
    page.add("## Explore", "",
             f"- [All themes]({page.href(kinds.THEME.index_page)}): the subjects that recur across the evidence",
             f"- [Studies]({page.href(kinds.STUDY.index_page)}): the source documents, how each gathered its evidence",
             f"- [Accounts of practice]({page.href(kinds.ACCOUNT.index_page)}): named cases of practice",
             f"- [Findings]({page.href(kinds.FINDING.index_page)}): every claim, with its quotes",
             f"- [Explore findings]({page.href(EXPLORER_PAGE)}): filter every finding by theme, source, account, "
             "kind of evidence, phase, kind of collaboration and speaker",
             f"- [Bibliography]({page.href(kinds.CITATION.index_page)}): every cited work",
             f"- [How we judge the evidence]({page.href(METHODS_PAGE)}): confidence ratings and what kbgen checks", "")
    page.add("## Download the data", "", downloads(page, "key_findings", "findings", "themes", "studies"), "")
    return page.text()


def _featured(page: Page, theme) -> list[str]:
    site = page.site
    n = len(site.graph.findings_by_theme.get(theme.id, []))
    summary = ThemeView(theme).summary or ThemeView(theme).definition
    kfs = len(key_findings(theme))
    best = highest_confidence(theme)
    rated = (f" · {plural(kfs, 'key finding')}, highest confidence {confidence_badge(best)}"
             if kfs and best else "")
    more = f"[{plural(n, 'finding')} on {escape_text(site.title(theme).lower())} →]({page.href(page_of(theme))})"
    return [f"### {page.link(theme)}", "", page.prose(" ".join(str(summary).split())), "", more + rated, ""]


def themes_index(site: Site) -> str:
    """All themes with their definitions and how much evidence each has."""
    page = Page(site, kinds.THEME.index_page)
    page.add(*front_matter("Themes"), "# Themes", "", downloads(page, "themes", "key_findings"), "")
    page.add(NOT_INDEXED[0], "", "| Theme | What it covers | Findings | Sources |", "|---|---|---|---|")
    for theme in sorted(site.kb.of_kind("theme"), key=lambda t: (not ThemeView(t).featured, site.title(t))):
        findings = site.graph.findings_by_theme.get(theme.id, [])
        sources = len({FindingView(f).study_id for f in findings})
        definition = page.prose(" ".join(ThemeView(theme).definition.split()))
        page.add(f"| {page.link(theme)} | {cell(definition)} | {len(findings)} | {sources} |")
    page.add("", NOT_INDEXED[1])
    return page.text()


def studies_index(site: Site) -> str:
    """A table of the studies."""
    page = Page(site, kinds.STUDY.index_page)
    page.add(*front_matter("Studies"), "# Studies", "", downloads(page, "studies"), "")
    page.add(NOT_INDEXED[0], "", "| Study | Title | Type | Accounts | Findings |", "|---|---|---|---|---|")
    for study in site.studies():
        title = escape_text(StudyView(study).reference.title or "")
        accounts = len(site.graph.accounts_by_study.get(study.id, []))
        findings = len(site.graph.findings_by_study.get(study.id, []))
        page.add(f"| {page.link(study)} | {cell(title)} | {escape_text(StudyView(study).document_type or '')} "
                 f"| {accounts} | {findings} |")
    page.add("", NOT_INDEXED[1])
    return page.text()


def accounts_index(site: Site, intro: str) -> str:
    """Accounts of practice grouped by the study that reports them, under ``intro`` (Markdown)."""
    page = Page(site, kinds.ACCOUNT.index_page)
    page.add(*front_matter("Accounts of practice"), "# Accounts of practice", "", page.prose(intro), "",
             downloads(page, "accounts"), "", NOT_INDEXED[0], "")
    for study in site.studies():
        accounts = site.graph.accounts_by_study.get(study.id, [])
        if not accounts:
            continue
        page.add(f"## {page.link(study)}", "")
        for account in accounts:
            basis = " *(reported from literature)*" if AccountView(account).basis == "literature" else ""
            n = len(site.graph.findings_by_account.get(account.id, []))
            summary = indent(page.prose(" ".join(AccountView(account).summary.split())))
            page.add(f"- **{page.link(account)}**{basis} — {summary} *({plural(n, 'finding')})*")
        page.add("")
    page.add(NOT_INDEXED[1])
    return page.text()


def findings_index(site: Site) -> str:
    """A table of every finding: statement, source, themes, evidence type."""
    page = Page(site, kinds.FINDING.index_page)
    findings = site.kb.of_kind("finding")
    page.add(*front_matter("Findings"), "# Findings", "",
             f"{plural(len(findings), 'finding')}. Each links to its quotes, source and themes. To filter them "
             f"by theme, source, account, kind of evidence, phase, kind of collaboration or speaker, use the "
             f"[findings explorer]({page.href(EXPLORER_PAGE)}).", "",
             downloads(page, "findings", "quotes"), "")
    # Raw HTML, one block: Python-Markdown's inline processing of a 10,000-row table of links took seconds on
    # every rebuild that changed a finding's title. Text is escaped here; the glossary's terms are marked here.
    # Held out of conversion under the plugin (kbgen.heldhtml): finding where the block ends took seconds too.
    links: dict[str, str] = {}

    def link(card_id: str) -> str:
        if card_id not in links:
            card = site.kb.get(card_id)
            links[card_id] = html.escape(card_id) if card is None else \
                f'<a href="{html.escape(page.url(page_of(card)))}">{site.glossary.html(site.title(card))}</a>'
        return links[card_id]

    rows = []
    for study in site.studies():
        for finding in site.graph.findings_by_study.get(study.id, []):
            view = FindingView(finding)
            kind = html.escape(EVIDENCE_LABELS.get(view.evidence_type or "", ""))
            rows.append(f"<tr><td>{link(finding.id)}</td><td>{link(study.id)}</td>"
                        f"<td>{', '.join(link(t) for t in view.themes)}</td><td>{kind}</td></tr>")
    page.add(*held([NOT_INDEXED[0].replace(" markdown>", ">"), "<table>",
                    '<thead><tr><th scope="col">Finding</th><th scope="col">Source</th><th scope="col">Themes</th>'
                    '<th scope="col">Evidence</th></tr></thead>', "<tbody>", *rows, "</tbody>", "</table>",
                    NOT_INDEXED[1]]))
    return page.text()
