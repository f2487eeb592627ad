""""What we know": every key finding of every theme, most confident first, under a strand table per theme."""

from __future__ import annotations

from ..cerqual import CONFIDENCE, confidence_rank, confidence_word
from ..model import Card
from ..prose import escape_text
from ..views import FindingView, ThemeView
from .assessment import METHODS_PAGE, anchor, confidence_badge, confidence_of, highest_confidence, key_findings
from .context import Page, Site, cell, front_matter, page_of
from .opendata import downloads

OVERVIEW_PAGE = "what-we-know/index.md"


def overview_page(site: Site) -> str:
    """The strand table, then every key finding sorted by confidence (a script adds other sort orders)."""
    page = Page(site, OVERVIEW_PAGE)
    themes = sorted(site.kb.of_kind("theme"), key=lambda t: (not ThemeView(t).featured, site.title(t).lower()))
    page.add(*front_matter("What we know", "Every key finding of every theme, and how sure we are "
                                           "of each.", wide=True), "# What we know", "")
    page.add("Every key finding of every theme, and how sure we are of each. Confidence is rated with "
             f"GRADE-CERQual: **high**, **moderate**, **low** or **very low** ([what the levels mean]"
             f"({page.href(METHODS_PAGE)})). Much of this evidence is small-scale and reported by the people "
             "involved, so moderate and low ratings are common.", "", downloads(page, "key_findings", "themes"), "")
    _strands(page, themes)
    _every_key_finding(page, themes)
    return page.text()


def _strands(page: Page, themes: list[Card]) -> None:
    """One row per theme, like the EEF Toolkit's strands: how much evidence, and how sure it gets."""
    page.add("## Themes at a glance", "",
             "| Theme | Sources | Findings | Key findings | Highest confidence |", "|---|---|---|---|---|")
    for theme in themes:
        findings = page.site.graph.findings_by_theme.get(theme.id, [])
        sources = len({FindingView(f).study_id for f in findings})
        best = highest_confidence(theme)
        shown = confidence_badge(best) if best else "not yet rated"
        page.add(f"| {page.link(theme)} | {sources} | {len(findings)} | {len(key_findings(theme))} | {shown} |")
    page.add("")


def _every_key_finding(page: Page, themes: list[Card]) -> None:
    """Every key finding, most confident first, then in theme order."""
    rows = [(confidence_rank(confidence_of(kf)), order, number, theme, kf)
            for order, theme in enumerate(themes) for number, kf in enumerate(key_findings(theme), 1)]
    page.add("## Every key finding, most confident first {#every-key-finding}", "")
    if not rows:
        page.add("No theme has key findings yet.", "")
        return
    page.add("| Key finding | Theme | How sure we are | Sources |", "|---|---|---|---|")
    for _rank, _order, _number, theme, kf in sorted(rows, key=lambda r: r[:3]):
        facts = page.site.adequacy.count(kf.findings)
        text = escape_text(page.site.plain(" ".join(kf.statement.split())))
        link = f"[{cell(text)}]({page.href(page_of(theme))}#{anchor(kf)})"
        page.add(f"| {link} | {page.link(theme)} | {confidence_badge(confidence_of(kf))} | {len(facts.sources)} |")
    page.add("", f"*Sorted by confidence ({', '.join(confidence_word(c).lower() for c in CONFIDENCE)}), then by "
                 "theme.*", "")
