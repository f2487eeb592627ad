"""The leaders' view in Chromium: zero axe-core violations on every page type in both colour schemes,
tooltips on tap, folded sources without script, a clean print, a map that scrolls in its own box."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

#: One page of every type in the leaders' fixture site.
PAGE_TYPES = {
    "home": "", "what we know": "what-we-know/", "evidence map": "evidence-map/",
    "evidence map cells": "evidence-map/trust/", "glossary": "glossary/", "methods": "methods/",
    "open data": "data/", "themes index": "themes/", "theme": "themes/trust/", "theme without key findings":
    "themes/time/", "studies index": "studies/", "study": "studies/sample-2021/", "accounts index": "accounts/",
    "account": "accounts/eastvale-federation/", "findings index": "findings/",
    "finding": "findings/sample-trust-safe-to-admit/", "bibliography index": "bibliography/",
    "bibliography entry": "bibliography/coleman-2012-significance/", "card reference": "reference/cards/",
    "contributing": "contributing/", "about": "about/", "findings explorer": "explorer/",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def base(built_site: Path):
    handler = functools.partial(_Quiet, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_every_page_type_has_no_axe_violations_in_either_colour_scheme(browser, base):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(Axe().axe_script)  # axe-core in every page, as it loads
    page = context.new_page()
    found = {}
    for label, path in PAGE_TYPES.items():
        page.goto(base + path)
        if path == "explorer/":  # its controls and results are made by its script
            page.locator("#kbgen-explorer[data-ready]").wait_for(timeout=20_000)
        page.add_style_tag(content="*, ::before, ::after { transition: none !important; }")  # switch at once
        # material mounts its components (table wrappers, tooltips) in animation frames after the load event:
        # judge the page once they are in place, not half-way (a busy machine showed the difference once).
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50))))")
        for scheme in ("default", "slate"):  # what material's palette toggle does, without a second load
            page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
            violations = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
            if violations:
                found[f"{label} ({scheme})"] = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
                                               for v in violations]
    context.close()
    assert found == {}


def test_the_search_box_with_its_results_has_no_axe_violations(browser, base):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(Axe().axe_script)
    page = context.new_page()
    page.goto(base)
    page.keyboard.press("/")
    page.keyboard.type("trust")
    page.locator(".kbgen-search-result").first.wait_for(timeout=20_000)
    violations = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
    context.close()
    assert [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations] == []


def test_a_glossary_term_explains_itself_on_tap(browser, base):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(base + "themes/trust/")
    page.locator("article table abbr", has_text="SIP").first.tap()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(timeout=5000)
    assert tooltip.inner_text() == "school improvement partner"
    link = page.get_by_role("link", name="Finding 2: The executive head said trust")
    link.tap()
    page.wait_for_url("**/findings/sample21-trust-took-two-years/")
    context.close()


def test_sources_fold_and_open_without_script(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "themes/trust/")
    finding = page.locator("details.kb-source li", has_text="executive head said trust").first
    assert not finding.is_visible()
    page.locator("details.kb-source summary", has_text="Second (2021)").click()
    assert finding.is_visible()
    page.get_by_role("link", name="Why: assessment of key finding 1").click()
    assert page.url.endswith("#kf-trust-takes-time-and-makes-honesty-safe")
    assert page.locator("#kf-trust-takes-time-and-makes-honesty-safe").is_visible()  # Chromium opens it
    context.close()


def test_a_link_to_an_assessment_opens_it(browser, base):
    page = browser.new_page()
    page.goto(base + "themes/trust/")
    assessment = page.locator("details.kb-assessment").nth(1)
    assert assessment.get_attribute("open") is None
    page.get_by_role("link", name="Why: assessment of key finding 2").click()
    page.wait_for_function("document.querySelectorAll('details.kb-assessment')[1].open")
    assert assessment.locator("td", has_text="Serious concerns").first.is_visible()
    page.close()


def test_a_theme_page_prints_with_everything_open_and_no_navigation(browser, base):
    page = browser.new_page()
    page.goto(base + "themes/trust/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible() and not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator("details.kb-source li", has_text="executive head said trust").first.is_visible()
    assert page.locator("details.kb-assessment td", has_text="Serious concerns").first.is_visible()
    page.close()


def test_keyboard_focus_is_visible(browser, base):
    page = browser.new_page()
    page.goto(base + "themes/trust/")
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert style not in ("none", ""), page.evaluate("document.activeElement.outerHTML")
    page.close()


def test_the_map_scrolls_in_its_own_box_on_a_phone_with_the_theme_column_in_view(browser, base):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(base + "evidence-map/")
    box = page.locator(".kb-map-scroll").nth(1)
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself does not scroll sideways
    first = box.locator("tbody th").first
    before = first.bounding_box()["x"]
    box.evaluate("b => b.scrollLeft = 200")
    assert abs(first.bounding_box()["x"] - before) < 1
    context.close()


def test_key_findings_can_be_re_sorted_by_any_column(browser, base):
    page = browser.new_page()
    page.goto(base + "what-we-know/")
    table = page.locator("table", has=page.locator("button.kb-sort"))
    headers = table.locator("thead th")
    assert headers.nth(2).get_attribute("aria-sort") == "ascending"
    assert table.locator("tbody tr").first.locator("td").nth(2).inner_text() == "Moderate"
    headers.nth(2).locator("button").press("Enter")
    assert headers.nth(2).get_attribute("aria-sort") == "descending"
    assert table.locator("tbody tr").first.locator("td").nth(2).inner_text() == "Very low"
    page.close()
