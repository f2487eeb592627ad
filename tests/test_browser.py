"""The built site in headless Chromium: a theme page and the header search, as a reader uses them."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served_site(fixture_site: Path):
    """The fixture site (built once for the module), served on a free localhost port."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(fixture_site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def page(browser, served_site):
    tab = browser.new_page()
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.base = served_site
    tab.requests = requests
    yield tab
    tab.close()


def test_theme_page_lists_findings_with_study_links_and_quotes(page):
    page.goto(page.base + "/themes/trust/")
    assert page.locator("h1").inner_text() == "Trust"
    item = page.locator("article li", has_text="felt safe enough to admit").first
    assert not item.is_visible()  # each source's findings are folded until the reader opens them
    page.locator("article summary", has_text="Example & Other (2020): 1 finding").click()
    study_link = page.locator("article details a", has_text="Example & Other (2020)").first
    assert study_link.get_attribute("href") == "../../studies/sample-2020/"
    assert "we could admit what wasn't working" in item.locator("blockquote").inner_text()
    item.get_by_role("link", name="Quotes and source →").click()
    page.wait_for_url("**/findings/sample-trust-safe-to-admit/")
    assert page.get_by_role("link", name="Example & Other (2020)").first.is_visible()


def test_search_finds_a_finding_by_a_phrase_from_its_quote(page):
    page.goto(page.base + "/")
    page.keyboard.press("/")  # the search shortcut; then type like a reader does
    page.locator("input.md-search__input").press_sequentially("cover is the killer", delay=20)
    result = page.locator(".md-search-result__link", has_text="releasing staff").first
    result.wait_for(timeout=10_000)
    assert "findings/sample-cover-is-the-killer/" in result.get_attribute("href")
    assert "Missing" not in result.inner_text()  # every word of the phrase matched


def test_nothing_is_requested_from_other_hosts(page):
    page.goto(page.base + "/themes/trust/")
    page.wait_for_load_state("networkidle")
    assert page.requests and all(url.startswith(page.base) for url in page.requests), page.requests
