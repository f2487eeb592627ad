"""The home page and the index pages of themes, studies, accounts and findings."""

from __future__ import annotations

from ..prose import escape_text
from .context import EVIDENCE_LABELS, Page, Site, cell, front_matter, indent, plural
from .searchdata import NOT_INDEXED


def home_page(site: Site, title: str, intro: str) -> str:
    """What the knowledge base is, what it shows on the headline themes, and where to go next."""
    page = Page(site, "index.md")
    counts = {kind: len(site.kb.of_kind(kind)) for kind in ("study", "account", "finding", "theme", "citation")}
    page.add(*front_matter(title), f"# {escape_text(title)}", "")
    if intro:
        page.add(page.prose(intro), "")
    page.add(f"The evidence: **{counts['study']} studies**, **{counts['account']} accounts of practice**, "
             f"**{counts['finding']} findings** backed by verbatim quotes, **{counts['theme']} themes** and "
             f"**{counts['citation']} cited works**. Every claim is one click from its quote and source.", "")
    featured = [t for t in site.kb.of_kind("theme") if t.get("featured")]
    if featured:
        page.add("## What the evidence shows", "", NOT_INDEXED[0], "")  # indexed on the theme pages
        for theme in featured:
            n = len(site.graph.findings_by_theme.get(theme.id, []))
            summary = theme.get("summary") or theme.get("definition") or ""
            page.add(f"### {page.link(theme)}", "", page.prose(" ".join(str(summary).split())), "",
                     f"[{plural(n, 'finding')} on {escape_text(site.title(theme).lower())} →]({page.href('themes/' + theme.id + '.md')})", "")
        page.add(NOT_INDEXED[1], "")
    page.add("## Explore", "",
             f"- [All themes]({page.href('themes/index.md')}): the subjects that recur across the evidence",
             f"- [Studies]({page.href('studies/index.md')}): the source documents, how each gathered its evidence",
             f"- [Accounts of practice]({page.href('accounts/index.md')}): named cases of schools working together",
             f"- [Findings]({page.href('findings/index.md')}): every claim, with its quotes",
             f"- [Bibliography]({page.href('bibliography/index.md')}): every cited work", "")
    return page.text()


def themes_index(site: Site) -> str:
    """All themes with their definitions and how much evidence each has."""
    page = Page(site, "themes/index.md")
    page.add(*front_matter("Themes"), "# Themes", "")
    page.add(NOT_INDEXED[0], "", "| Theme | What it covers | Findings | Sources |", "|---|---|---|---|")
    for theme in sorted(site.kb.of_kind("theme"), key=lambda t: (not t.get("featured"), site.title(t))):
        findings = site.graph.findings_by_theme.get(theme.id, [])
        sources = len({f.get("study") for f in findings})
        definition = page.prose(" ".join(str(theme.get("definition", "")).split()))
        page.add(f"| {page.link(theme)} | {cell(definition)} | {len(findings)} | {sources} |")
    page.add("", NOT_INDEXED[1])
    return page.text()


def studies_index(site: Site) -> str:
    """A table of the studies."""
    page = Page(site, "studies/index.md")
    page.add(*front_matter("Studies"), "# Studies", "")
    page.add(NOT_INDEXED[0], "", "| Study | Title | Type | Accounts | Findings |", "|---|---|---|---|---|")
    for study in site.studies():
        title = escape_text(str((study.get("reference") or {}).get("title", "")))
        accounts = len(site.graph.accounts_by_study.get(study.id, []))
        findings = len(site.graph.findings_by_study.get(study.id, []))
        page.add(f"| {page.link(study)} | {cell(title)} | {escape_text(str(study.get('document_type', '')))} "
                 f"| {accounts} | {findings} |")
    page.add("", NOT_INDEXED[1])
    return page.text()


def accounts_index(site: Site) -> str:
    """Accounts of practice grouped by the study that reports them."""
    page = Page(site, "accounts/index.md")
    page.add(*front_matter("Accounts of practice"), "# Accounts of practice", "",
             "Named cases of schools working together, as the studies report them.", "", NOT_INDEXED[0], "")
    for study in site.studies():
        accounts = site.graph.accounts_by_study.get(study.id, [])
        if not accounts:
            continue
        page.add(f"## {page.link(study)}", "")
        for account in accounts:
            basis = " *(reported from literature)*" if account.get("basis") == "literature" else ""
            n = len(site.graph.findings_by_account.get(account.id, []))
            summary = indent(page.prose(" ".join(str(account.get("summary", "")).split())))
            page.add(f"- **{page.link(account)}**{basis} — {summary} *({plural(n, 'finding')})*")
        page.add("")
    page.add(NOT_INDEXED[1])
    return page.text()


def findings_index(site: Site) -> str:
    """A table of every finding: statement, source, themes, evidence type."""
    page = Page(site, "findings/index.md")
    findings = site.kb.of_kind("finding")
    page.add(*front_matter("Findings"), "# Findings", "",
             f"{plural(len(findings), 'finding')}. Each links to its quotes, source and themes.", "")
    page.add(NOT_INDEXED[0], "", "| Finding | Source | Themes | Evidence |", "|---|---|---|---|")
    for study in site.studies():
        for finding in site.graph.findings_by_study.get(study.id, []):
            themes = ", ".join(page.link_id(t) for t in finding.get("themes") or [])
            kind = EVIDENCE_LABELS.get(str(finding.get("evidence_type")), "")
            page.add(f"| {page.link(finding)} | {page.link(study)} | {cell(themes)} | {kind} |")
    page.add("", NOT_INDEXED[1])
    return page.text()
