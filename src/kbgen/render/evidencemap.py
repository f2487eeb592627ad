"""The evidence map: themes × sources and themes × kinds of collaboration, counting findings by evidence type.

Each cell links to exactly its findings, listed on one small page per theme (``evidence-map/<theme>.md``,
one section per source and per kind), which scales with the number of findings and needs no script.
The tables are raw HTML, because a map needs what Markdown tables cannot give: a ``<caption>``, row
headers with ``scope`` and a scrolling box whose first column stays put.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from ..collaboration import KIND_LABELS, UNSPECIFIED, finding_kind, kind_label, study_kinds
from ..importer import slug
from ..model import Card
from ..prose import escape_text
from ..views import FindingView, ThemeView
from .assessment import EVIDENCE_WORDS
from .blocks import finding_item
from .context import Page, Site, front_matter, page_of, plural
from .explorer import EXPLORER_PAGE
from .opendata import downloads

MAP_PAGE = "evidence-map/index.md"


@dataclass
class EvidenceMap:
    """Findings per (theme, column), for both maps, computed once per site."""

    themes: list[Card]
    sources: list[Card]
    kinds: list[str]
    by_source: dict[tuple[str, str], list[Card]] = field(default_factory=lambda: defaultdict(list))
    by_kind: dict[tuple[str, str], list[Card]] = field(default_factory=lambda: defaultdict(list))


def evidence_map(site: Site) -> EvidenceMap:
    """Count every finding of every theme into its source's column and its kind's column."""
    themes = sorted(site.kb.of_kind("theme"), key=lambda t: (not ThemeView(t).featured, site.title(t).lower()))
    result = EvidenceMap(themes, site.studies(), [*KIND_LABELS, UNSPECIFIED])
    by_study = study_kinds(site.kb, site.graph.accounts_by_study)
    for theme in themes:
        for finding in site.graph.findings_by_theme.get(theme.id, []):
            result.by_source[(theme.id, str(FindingView(finding).study_id))].append(finding)
            result.by_kind[(theme.id, finding_kind(site.kb, finding, by_study))].append(finding)
    return result


def theme_map_page(theme: Card) -> str:
    """Site path of the page listing one theme's findings cell by cell."""
    return f"evidence-map/{theme.id}.md"


def _split(findings: list[Card]) -> str:
    types = Counter(str(FindingView(f).evidence_type) for f in findings)
    return " · ".join(f"{types.get(k, 0)}&nbsp;{word}" for k, word in EVIDENCE_WORDS.items())


def _cell(page: Page, findings: list[Card], target: str, compact: bool) -> str:
    if not findings:
        return '<td class="kb-empty">no evidence</td>' if not compact else '<td class="kb-empty">none</td>'
    link = f'<a href="{html.escape(page.url(target))}">{len(findings)}</a>'
    if compact:
        return f"<td>{link}</td>"
    return f'<td>{link} <span class="kb-split">({_split(findings)})</span></td>'


def map_table(page: Page, emap: EvidenceMap, by: str, caption: str, compact: bool = False) -> list[str]:
    """One map as an HTML table in its own scrolling box (``by`` is ``source`` or ``kind``)."""
    site = page.site
    table_id = f"map-{by}{'-compact' if compact else ''}"
    columns = [(s.id, page.url(page_of(s)), site.title(s)) for s in emap.sources] if by == "source" else \
        [(k, None, kind_label(k)) for k in emap.kinds]
    cells = emap.by_source if by == "source" else emap.by_kind
    head = "".join(f'<th scope="col">{_label(page, href, label)}</th>' for _, href, label in columns)
    total = "" if compact else '<th scope="col">All</th>'
    rows = []
    for theme in emap.themes:
        target = theme_map_page(theme)
        tds = "".join(_cell(page, cells.get((theme.id, key), []), f"{target}#{by}-{slug(key)}", compact)
                      for key, _, _ in columns)
        if not compact:
            tds += _cell(page, site.graph.findings_by_theme.get(theme.id, []), page_of(theme), False)
        rows.append(f'<tr><th scope="row">{_label(page, page.url(page_of(theme)), site.title(theme))}</th>{tds}</tr>')
    return [f'<div class="kb-map-scroll" role="region" tabindex="0" aria-labelledby="{table_id}-caption">',
            f'<table class="kb-map{" kb-map-compact" if compact else ""}" id="{table_id}">',
            f'<caption id="{table_id}-caption">{html.escape(caption)}</caption>',
            f'<thead><tr><th scope="col">Theme</th>{head}{total}</tr></thead>',
            "<tbody>", *rows, "</tbody>", "</table>", "</div>", ""]


def _label(page: Page, href: str | None, text: str) -> str:
    label = page.site.glossary.html(text)
    return f'<a href="{html.escape(href)}">{label}</a>' if href else label


def evidence_map_page(site: Site, emap: EvidenceMap) -> str:
    """Both maps, with what the counts mean and how findings get a kind of collaboration."""
    page = Page(site, MAP_PAGE)
    findings = len(site.kb.of_kind("finding"))
    page.add(*front_matter("Evidence map", "Where the evidence is and is not: themes by source and by kind of "
                                           "collaboration.", wide=True), "# Evidence map", "")
    page.add("Where the evidence is, and where it is not. Each cell counts the findings on a theme from one "
             "source, or about one kind of collaboration, and splits them by the kind of evidence: the study's "
             "own **data**, **literature** it reviews, and the authors' **argument**. Select a number to read "
             "those findings. *No evidence* is itself information: no source reports on it.", "")
    page.add(f"A finding can speak to several themes, so a column adds up to more than its {findings} findings.", "",
             downloads(page, "findings", "themes"), "")
    page.add("## Themes by source", "",
             *map_table(page, emap, "source", "Findings on each theme from each source, by kind of evidence"))
    page.add("## Themes by kind of collaboration", "",
             "A finding about an account of practice counts under the account's kind of collaboration. A finding "
             "about no single account counts under its study's kind when every account the study reports is of "
             "one kind; otherwise, or when the account does not say, under *not specific to one kind*.", "",
             *map_table(page, emap, "kind", "Findings on each theme by kind of collaboration, by kind of evidence"))
    return page.text()


def theme_cells_page(site: Site, emap: EvidenceMap, theme: Card) -> str:
    """One theme's findings, grouped as the map's cells group them (the target of every cell link)."""
    page = Page(site, theme_map_page(theme))
    name = site.title(theme)
    page.add(*front_matter(f"{name}: findings by source and kind", wide=True), f"# {escape_text(name)}: the map's findings", "",
             f"The findings behind the [{escape_text(name)}]({page.href(page_of(theme))}) row of the "
             f"[evidence map]({page.href(MAP_PAGE)}), by source and by kind of collaboration.", "")
    for by, cells, columns in (("source", emap.by_source, [(s.id, site.title(s)) for s in emap.sources]),
                               ("kind", emap.by_kind, [(k, kind_label(k)) for k in emap.kinds])):
        page.add("## By source" if by == "source" else "## By kind of collaboration", "")
        for key, label in columns:
            own = cells.get((theme.id, key), [])
            page.add(f"### {escape_text(label)}: {plural(len(own), 'finding')} {{#{by}-{slug(key)}}}", "")
            page.add(*[finding_item(page, f, with_study=by == "kind") for f in own] or ["No evidence."], "")
            if own:  # the same findings in the explorer, to narrow them further
                filters = {"theme": name, "source" if by == "source" else "collaboration": label}
                page.add("", f"[Filter these in the findings explorer]({page.href(EXPLORER_PAGE)}?{urlencode(filters)})",
                         "")
    return page.text()
