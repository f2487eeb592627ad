"""The real knowledge base's search and findings explorer in headless Chromium, as a reader uses them.

The site is the repository's own, built once (with the repository's mkdocs.yml, by the contributor's
guide: conftest's ``guided``): one search bundle. A copy is indexed again in bundles of 200 pages, as a
large site is, for the browser to merge; searching a theme's name and the explorer's counts are checked
on both. The explorer's counts are checked against the cards themselves.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from kbgen import facets
from kbgen.checker import check
from kbgen.render.context import EVIDENCE_LABELS, Site
from kbgen.search import index_site

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def result():
    return check(REPO / "evidence")


@pytest.fixture(scope="module")
def sites(tmp_path_factory, guided):
    """The guide's build served as it is, and a copy indexed in bundles of 200 pages (conftest's SHARED_WORKER
    runs this module beside test_contributing, so the real site is built once for both)."""
    assert guided.steps["build"][0] == 0, f"the contributor's build failed:\n{guided.steps['build'][1]}"
    site = guided.root / "site"  # read, never changed
    bundled = tmp_path_factory.mktemp("real") / "bundled"
    shutil.copytree(site, bundled)
    assert index_site(bundled, pages_per_bundle=200).pages > 500 and (bundled / "pagefind-3").is_dir()
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(s)))
               for s in (site, bundled)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield [f"http://127.0.0.1:{server.server_address[1]}" for server in servers]
    for server in servers:
        server.shutdown()


@pytest.fixture(params=["one bundle", "merged bundles"])
def base(request, sites):
    return sites[request.param == "merged bundles"]


def _tab(browser, base: str, merged: bool):
    tab = browser.new_page()
    tab.base = base
    tab.merged = merged
    tab.requests = []
    tab.on("request", lambda r: tab.requests.append(r.url))
    tab.errors = []
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    return tab


@pytest.fixture
def page(browser, base, sites):
    """A tab on the site, with one search bundle and again with merged bundles."""
    tab = _tab(browser, base, base == sites[1])
    yield tab
    tab.close()
    assert tab.errors == []


@pytest.fixture
def single(browser, sites):
    """A tab on the site with one search bundle."""
    tab = _tab(browser, sites[0], False)
    yield tab
    tab.close()
    assert tab.errors == []


def _search(page, term: str, typed: bool = True):
    box = page.locator("#kbgen-search-input")
    box.fill("")
    if typed:
        box.press_sequentially(term, delay=10)
    else:
        box.fill(term)  # one input event, as a paste is
    page.locator("#kbgen-search-status", has_text=f"for “{term}”").wait_for(timeout=15_000)
    return page.locator(".kbgen-search-result")


def test_typing_a_themes_name_finds_the_theme_page_first(page, result):
    page.goto(page.base + "/findings/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.requests if "/pagefind/" in u], "nothing of the index loads before a search"
    page.keyboard.press("/")
    themes = result.kb.of_kind("theme")
    for i, theme in enumerate(themes[::6] if page.merged else themes):
        first = _search(page, str(theme.get("name")), typed=i == 0).first
        assert first.get_attribute("href") == f"/themes/{theme.id}/", theme.id
        assert first.locator(".kbgen-search-result__about").inner_text() == "Theme"


def test_results_show_kind_and_source_and_open_with_enter(single):
    page = single
    page.goto(page.base + "/")
    page.keyboard.press("/")
    results = _search(page, "saving grace")
    about = results.first.locator(".kbgen-search-result__about").inner_text()
    assert about.startswith("Finding · ") and "(20" in about  # "Finding · Solvason & Kington (2019)"
    assert results.first.locator("mark").count() >= 1
    page.keyboard.press("Enter")
    page.wait_for_url("**/findings/**")


def test_a_quote_is_found_on_its_finding_not_on_the_theme_listing_it(single, result):
    page = single
    finding = result.kb.get("lock11-trust-takes-time-and-prior-acquaintance-helps")
    words = " ".join(str(finding.mappings("quotes")[0]["text"]).split()[:8])
    page.goto(page.base + "/")
    page.keyboard.press("/")
    hrefs = [link.get_attribute("href") for link in _search(page, f'"{words}"').all()]
    assert f"/findings/{finding.id}/" in hrefs
    assert not [h for h in hrefs if h.startswith("/themes/")], hrefs


def test_search_works_by_keyboard_on_a_phone(single):
    page = single
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + "/themes/")
    opener = page.locator("[data-kbgen-search-open]")
    assert opener.is_visible()
    opener.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "kbgen-search-input"
    _search(page, "isolation").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('kbgen-search-result')")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()


def _expected_counts(result) -> dict[str, Counter]:
    """Per facet, how many findings carry each value: straight from the cards."""
    site = Site(result.kb, result.bibliography, result.graph)
    counts: dict[str, Counter] = {f.key: Counter() for f in facets.FACETS}
    labels = {"cluster": "Cluster", "federation": "Federation", "trust": "Trust", "partnership": "Partnership",
              "system-leadership": "System leadership"}
    accounts = result.kb.of_kind("account")
    by_study = {}  # a study's kind, when all its accounts are of one kind (as the evidence map counts)
    for study in result.kb.of_kind("study"):
        kinds = {a.get("collaboration") for a in accounts if a.get("study") == study.id}
        if len(kinds) == 1 and None not in kinds:
            by_study[study.id] = kinds.pop()
    for card in result.kb.of_kind("finding"):
        values: dict[str, set[str]] = {key: set() for key in counts}
        values["theme"] = {str(result.kb.get(t).get("name")) for t in card.texts("themes")}
        values["source"] = {site.title(result.kb.get(str(card.get("study"))))}
        values["evidence"] = {EVIDENCE_LABELS[str(card.get("evidence_type"))]}
        account = result.kb.get(str(card.get("account"))) if card.text("account") else None
        if account is not None:
            context = account.get("context") or {}
            values["account"] = {str(account.get("name"))}
            values["phase"] = set(facets.phases(str(context.get("phase") or "")))
        kind = (result.kb.get(card.text("account")).get("collaboration") if card.text("account")
                else by_study.get(card.get("study")))
        values["collaboration"] = {labels.get(kind, "Not specific to one kind")}
        values["speaker"] = {facets.speaker_role(str(q["speaker"])) for q in card.mappings("quotes")
                             if q.get("speaker")}
        for key, found in values.items():
            counts[key].update(found)
    return counts


def _shown_counts(page, key: str) -> Counter:
    shown = Counter()
    for text in page.locator(f"#kbgen-explorer-{key} option").all_inner_texts()[1:]:
        value, _, n = text.rpartition(" (")
        shown[value] = int(n.rstrip(")"))
    return shown


def test_explorer_counts_match_the_cards(page, result):
    page.goto(page.base + "/explorer/")
    page.locator("#kbgen-explorer[data-ready]").wait_for(timeout=20_000)
    findings = len(result.kb.of_kind("finding"))
    assert page.locator("#kbgen-explorer-summary").inner_text() == f"{findings} findings"
    for key, expected in _expected_counts(result).items():
        assert _shown_counts(page, key) == +expected, key


def test_explorer_filters_combine_and_the_address_keeps_them(single, result):
    page = single
    source = result.kb.get("lock-2011")
    site = Site(result.kb, result.bibliography, result.graph)
    label = site.title(source)
    expected = [f for f in result.kb.of_kind("finding")
                if f.get("study") == "lock-2011" and "trust" in f.texts("themes")]
    page.goto(page.base + f"/explorer/?theme=Trust&source={quote(label)}")
    page.locator("#kbgen-explorer[data-ready]").wait_for(timeout=20_000)
    assert page.locator("#kbgen-explorer-summary").inner_text() == f"{len(expected)} findings match"
    assert page.locator("#kbgen-explorer-theme").input_value() == "Trust"
    links = {a.get_attribute("href") for a in page.locator(".kbgen-explorer__results a").all()}
    assert links == {f"/findings/{f.id}/" for f in expected}
    # counts of other sources, given the theme: what switching the source would show
    by_source = Counter(site.title(result.kb.get(str(f.get("study")))) for f in result.kb.of_kind("finding")
                        if "trust" in f.texts("themes"))
    assert _shown_counts(page, "source") == by_source
    page.select_option("#kbgen-explorer-evidence", EVIDENCE_LABELS["data"])
    page.locator("#kbgen-explorer-summary", has_text="match").wait_for()
    page.wait_for_function("location.search.includes('evidence=')")
    narrowed = [f for f in expected if f.get("evidence_type") == "data"]
    page.wait_for_function("document.getElementById('kbgen-explorer-summary').textContent"
                           f".startsWith('{len(narrowed)} ')")


def test_explorer_text_search_narrows_within_the_filters(page, result):
    page.goto(page.base + "/explorer/?theme=Trust")
    page.locator("#kbgen-explorer[data-ready]").wait_for(timeout=20_000)
    before = int(page.locator("#kbgen-explorer-summary").inner_text().split()[0])
    page.locator("#kbgen-explorer-q").press_sequentially("icebreaker", delay=10)
    page.wait_for_function("location.search.includes('q=icebreaker')")
    links = [a.get_attribute("href") for a in page.locator(".kbgen-explorer__results a").all()]
    assert links[0] == "/findings/ncsl06-softfed-numeracy-visit-icebreaker/" and len(links) < before
    if not page.merged:
        assert len(links) == 1  # in one bundle, nothing but the word itself matches
