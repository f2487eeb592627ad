"""Theme pages: definition, synthesis, the findings grouped by study with their quotes, related themes."""

from __future__ import annotations

from ..model import Card
from ..prose import escape_text
from .blocks import finding_item, quote_block
from .context import Page, Site, front_matter, indent, page_of, plural
from .searchdata import NOT_INDEXED


def theme_page(site: Site, card: Card) -> str:
    """Everything the evidence says on one theme, source by source."""
    page = Page(site, page_of(card))
    findings = site.graph.findings_by_theme.get(card.id, [])
    page.add(*front_matter(site.title(card), site.plain(str(card.get("definition", "")))))
    page.add("# " + escape_text(site.title(card)), "")
    page.add(f"*{page.prose(' '.join(str(card.get('definition', '')).split()))}*", "")
    if card.get("summary"):
        page.add('!!! abstract "In short"', "", "    " + indent(page.prose(str(card.get("summary")))), "")
    if card.get("synthesis"):
        page.add("## What the evidence shows", "", page.prose(str(card.get("synthesis"))), "")
    _by_study(page, card, findings)
    _related(page, card)
    return page.text()


def _by_study(page: Page, card: Card, findings: list[Card]) -> None:
    site = page.site
    studies = site.studies()
    by_study: dict[object, list[Card]] = {}
    for finding in findings:  # grouped once: scanning every finding for every study is quadratic at scale
        by_study.setdefault(finding.get("study"), []).append(finding)
    speaking = [s for s in studies if s.id in by_study]
    page.add(f"## Findings by source ({plural(len(findings), 'finding')} from {len(speaking)} of "
             f"{plural(len(studies), 'source')})", "")
    page.add(NOT_INDEXED[0], "")  # the findings' statements and quotes are indexed on their own pages
    for study in speaking:
        own = by_study[study.id]
        page.add(f"### {page.link(study)}", "")
        for finding in own:
            page.add(finding_item(page, finding))
            quotes = finding.get("quotes") or []
            if quotes:
                page.add("", *["    " + line if line else "" for line in quote_block(page, quotes[0], study)])
        page.add("")
    page.add(NOT_INDEXED[1], "")
    silent = [s for s in studies if s not in speaking]
    if silent:
        page.add(f"## Sources with no finding on {escape_text(site.title(card).lower())}", "")
        page.add(*[f"- {page.link(s)}" for s in silent], "")


def _related(page: Page, card: Card) -> None:
    site = page.site
    neighbours = site.graph.theme_neighbours.get(card.id)
    explicit = [t for t in card.get("related") or [] if site.kb.get(t)]
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
