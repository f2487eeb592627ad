"""Theme pages, read in two minutes: definition, "In short", key findings with their confidence, what it
means for school leaders and where the evidence is thin; then the full synthesis, each key finding's
assessment, and the findings source by source, folded so each opens on demand (``<details>``, no script)."""

from __future__ import annotations

from ..model import Card
from ..prose import escape_text
from ..views import FindingView, KeyFindingView, ThemeView
from .assessment import METHODS_PAGE, anchor, assessment_block, confidence_badge, key_findings, sources_text, statement
from .blocks import finding_item, quote_block
from .context import Page, Site, cell, front_matter, indent, page_of, plural
from .searchdata import NOT_INDEXED

MAP_PAGE = "evidence-map/index.md"


def theme_page(site: Site, card: Card) -> str:
    """Everything the evidence says on one theme: the decision aid first, then the evidence behind it."""
    theme = ThemeView(card)
    page = Page(site, page_of(card))
    findings = site.graph.findings_by_theme.get(card.id, [])
    page.add(*front_matter(site.title(card), site.plain(theme.definition), wide=True))
    page.add("# " + escape_text(site.title(card)), "")
    page.add(f"*{_one_line(page, theme.definition)}*", "")
    if theme.summary:
        page.add('!!! abstract "In short"', "", "    " + indent(page.prose(theme.summary)), "")
    kfs = key_findings(card)
    _key_findings_table(page, kfs)
    _implications(page, theme, kfs)
    _gaps(page, theme)
    if theme.synthesis:
        page.add("## What the evidence shows", "", page.prose(theme.synthesis), "")
    _assessments(page, kfs)
    _by_study(page, card, findings)
    _related(page, theme)
    return page.text()


def _one_line(page: Page, text: str | None) -> str:
    return page.prose(" ".join((text or "").split()))


def _key_findings_table(page: Page, kfs: list[KeyFindingView]) -> None:
    page.add("## Key findings", "")
    if not kfs:
        page.add("No key findings have been written for this theme yet: read the synthesis and the findings below.", "")
        return
    page.add(f"How sure we are is rated with GRADE-CERQual ([how]({page.href(METHODS_PAGE)})); "
             "each rating links to its reasons.", "")
    page.add("| Key finding | How sure we are | Sources |", "|---|---|---|")
    for number, kf in enumerate(kfs, 1):
        facts = page.site.adequacy.count(kf.findings)
        level = kf.cerqual.confidence
        why = f"[Why?](#{anchor(kf)}){{: .kb-why aria-label=\"Why: assessment of key finding {number}\" }}"
        page.add(f"| {number}. {cell(statement(page, kf))} | {confidence_badge(level)} {why} "
                 f"| {cell(escape_text(sources_text(page, facts)))} |")
    page.add("")


def _implications(page: Page, theme: ThemeView, kfs: list[KeyFindingView]) -> None:
    items = theme.implications
    if not items:
        return
    numbers = {kf.id: i for i, kf in enumerate(kfs, 1)}
    page.add("## What this means for school leaders", "")
    for item in items:
        refs = sorted((r for r in item.key_findings if r in numbers), key=numbers.__getitem__)
        links = ", ".join(f"[{numbers[r]}](#kf-{r}){{: aria-label=\"key finding {numbers[r]}\" }}" for r in refs)
        rests = f" *(key finding{'s' if len(refs) > 1 else ''} {links})*" if refs else ""
        page.add("- " + indent(page.prose(item.text)) + rests)
    page.add("")


def _gaps(page: Page, theme: ThemeView) -> None:
    items = theme.gaps
    if not items:
        return
    page.add("## Where the evidence is thin", "")
    for item in items:
        fill = f" **What would fill it:** {_one_line(page, item.would_fill)}" if item.would_fill else ""
        page.add("- " + _one_line(page, item.gap) + fill)
    page.add("")


def _assessments(page: Page, kfs: list[KeyFindingView]) -> None:
    if not kfs:
        return
    page.add("## How sure we are, and why", "",
             "Open a key finding to see its assessment: the four CERQual components, what kbgen counted, "
             "and the findings it rests on.", "")
    for number, kf in enumerate(kfs, 1):
        page.add(*assessment_block(page, number, kf, page.site.adequacy.count(kf.findings)))


def _by_study(page: Page, card: Card, findings: list[Card]) -> None:
    site = page.site
    studies = site.studies()
    by_study: dict[str | None, list[Card]] = {}
    for finding in findings:  # grouped once: scanning every finding for every study is quadratic at scale
        by_study.setdefault(FindingView(finding).study_id, []).append(finding)
    speaking = [s for s in studies if s.id in by_study]
    page.add(f"## Findings by source ({plural(len(findings), 'finding')} from {len(speaking)} of "
             f"{plural(len(studies), 'source')})", "",
             f"Each source opens on demand. The [evidence map]({page.href(MAP_PAGE)}) shows every theme by source "
             "and by kind of collaboration.", "")
    page.add(NOT_INDEXED[0], "")  # the findings' statements and quotes are indexed on their own pages
    for study in speaking:
        own = by_study[study.id]
        title = f"{escape_text(site.title(study))}: {plural(len(own), 'finding')}"
        body = [f"From {page.link(study)}.", ""]
        for finding in own:
            body.append(finding_item(page, finding))
            quotes = FindingView(finding).quotes
            if quotes:
                body += ["", *["    " + line if line else "" for line in quote_block(page, quotes[0], study)]]
        page.add(f'??? kb-source "{title}"', "", *["    " + line if line else "" for line in body], "")
    page.add(NOT_INDEXED[1], "")
    silent = [s for s in studies if s not in speaking]
    if silent:
        page.add(f"## Sources with no finding on {escape_text(site.title(card).lower())}", "")
        page.add(*[f"- {page.link(s)}" for s in silent], "")


def _related(page: Page, theme: ThemeView) -> None:
    site = page.site
    neighbours = site.graph.theme_neighbours.get(theme.id)
    explicit = [t for t in theme.related if site.kb.get(t)]
    shared = [(t, n) for t, n in (neighbours.most_common() if neighbours else []) if site.kb.get(t)]
    if not explicit and not shared:
        return
    page.add("## Related themes", "")
    for theme_id in explicit:
        page.add(f"- {page.link_id(theme_id)}")
    for theme_id, count in shared:
        if theme_id not in explicit:
            page.add(f"- {page.link_id(theme_id)} — {count} shared finding{'s' if count != 1 else ''}")
    page.add("")
