"""Script payloads in every field of every card kind, opened in Chromium: nothing runs.

Two sites, each built once for the module: one with the check bypassed (every payload reaches
the renderer), and one built normally from cards whose payload-like text is legitimate (a
verbatim quote of a source that prints markup, entities in a title, markup inside code). On
every page a reader can reach, the test focuses and hovers every element, toggles every
details block, and searches; no dialog may open, ``window.__pwned`` must stay unset, no
link may carry a script URL, and nothing may be requested from anywhere but the site.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_site import EVIL, IDS, write_hostile_project

from kbgen.cli import main

pytestmark = pytest.mark.browser

PAGES = ["", "themes/", f"themes/{IDS['theme']}/", "studies/", f"studies/{IDS['study']}/", "accounts/",
         f"accounts/{IDS['account']}/", "findings/", f"findings/{IDS['finding']}/", "bibliography/",
         f"bibliography/{IDS['citation']}/"]

LEGITIMATE = {
    "sources/sample-study.txt": "\n\nBoard notes\n\nThe head wrote <img src=x onerror=window.__pwned=40> and "
                                "<script>window.__pwned=41</script> on the board as a joke.\n",
    "evidence/finding/sample-board-joke.yaml": """\
id: sample-board-joke
statement: "A head wrote markup on a board: `<img src=x onerror=window.__pwned=43>`."
study: sample-2020
themes: [time]
evidence_type: data
quotes:
  - text: "The head wrote <img src=x onerror=window.__pwned=40> and <script>window.__pwned=41</script> on the board"
    locator: {section: Board notes}
    speaker: "head teacher & governor (\\"the boss\\") &lt;script&gt;window.__pwned=44&lt;/script&gt;"
""",
    "evidence/theme/time.yaml": """\
id: time
name: "Time &lt;script&gt;window.__pwned=42&lt;/script&gt; & trust < 1"
definition: "Effects were small (p < 0.05); see <https://example.org/?q=%3Cscript%3E>."
""",
}


def _serve(site: Path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def bypassed_site(tmp_path_factory):
    """The payload project, built with the check's verdict thrown away."""
    from kbgen import plugin

    root = write_hostile_project(tmp_path_factory.mktemp("hostile") / "kb")
    real_check = plugin.check

    def check_without_errors(*args, **kwargs):
        result = real_check(*args, **kwargs)
        assert result.errors, "the hostile cards should fail the check"
        result.diagnostics = []
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plugin, "check", check_without_errors)
        patch.chdir(root)
        result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    server, base = _serve(root / "site")
    yield base
    server.shutdown()


@pytest.fixture(scope="module")
def legitimate_site(tmp_path_factory):
    """The fixture project plus payload-like text the check rightly accepts, built normally."""
    root = tmp_path_factory.mktemp("legit") / "kb"
    shutil.copytree(Path(__file__).parent / "fixtures" / "kb", root)
    for rel, text in LEGITIMATE.items():
        path = root / rel
        path.write_text((path.read_text() if rel.startswith("sources") else "") + text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        assert CliRunner().invoke(main, ["check", "--sources", "sources"]).exit_code == 0
        result = CliRunner().invoke(main, ["build", "--strict"])
    assert result.exit_code == 0, result.output
    server, base = _serve(root / "site")
    yield base
    server.shutdown()


_PROVOKE = """() => {
  for (const el of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'click']) {
      if (type === 'click' && (el.tagName === 'A' || el.closest('a, label, input, button, form'))) continue;
      el.dispatchEvent(new MouseEvent(type, {bubbles: true}));
    }
    el.dispatchEvent(new FocusEvent('focus'));
    if (el.tagName === 'DETAILS') el.open = !el.open;
  }
  return [...document.querySelectorAll('[href], [src], [action], [formaction], [data]')]
    .map(el => el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action')
               || el.getAttribute('formaction') || el.getAttribute('data'))
    .filter(url => /^\\s*(javascript|vbscript|data):/i.test(url.replace(/[\\s\\u0000-\\u001f]/g, '')));
}"""


def _visit_all(browser, base: str, pages: list[str]) -> tuple[list, list, list]:
    context = browser.new_context()
    tab = context.new_page()
    dialogs: list[str] = []
    requests: list[str] = []
    script_urls: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("request", lambda request: requests.append(request.url))
    for path in pages:
        tab.goto(base + path)
        tab.wait_for_load_state("load")
        script_urls += tab.evaluate(_PROVOKE)
        tab.wait_for_timeout(50)
        assert tab.evaluate("() => window.__pwned") is None, f"payload ran on /{path}"
    tab.goto(base)
    tab.keyboard.press("/")
    tab.locator("input.md-search__input").press_sequentially("pwned script img", delay=10)
    tab.wait_for_timeout(800)
    assert tab.evaluate("() => window.__pwned") is None, "payload ran in search results"
    script_urls += tab.evaluate(_PROVOKE)
    context.close()
    return dialogs, requests, script_urls


def test_no_payload_runs_when_the_check_is_bypassed(browser, bypassed_site):
    dialogs, requests, script_urls = _visit_all(browser, bypassed_site, PAGES)
    assert dialogs == [] and script_urls == []
    foreign = [url for url in requests if not url.startswith(bypassed_site)]
    assert foreign == [], foreign
    # The site's own scripts: material's and kbgen's (assets/) and Pagefind's search index.
    theirs = [url for url in requests if url.endswith((".js", ".css")) and "/assets/" not in url
              and not url.startswith(bypassed_site + "pagefind/")]
    assert not any(EVIL in url for url in requests) and theirs == [], theirs


def test_no_payload_runs_in_a_normally_built_site(browser, legitimate_site):
    pages = ["", "themes/", "themes/time/", "findings/", "findings/sample-board-joke/", "studies/sample-2020/"]
    dialogs, requests, script_urls = _visit_all(browser, legitimate_site, pages)
    assert dialogs == [] and script_urls == []
    assert all(url.startswith(legitimate_site) for url in requests), requests


def test_the_payloads_are_shown_as_text(browser, legitimate_site):
    """Inert is not invisible: a tag in a quote (a conversion scar) becomes an elision with a note, never markup;
    the words around it stay."""
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(legitimate_site + "findings/sample-board-joke/")
    quote = tab.locator("blockquote").first.inner_text()
    assert quote.startswith("The head wrote […] and […] window.__pwned=41 […] on the board"), quote
    assert "markup left in the text by the document's conversion" in quote and "<img" not in quote
    tab.goto(legitimate_site + "themes/time/")
    assert tab.locator("h1").inner_text() == "Time &lt;script&gt;window.__pwned=42&lt;/script&gt; & trust < 1"
    context.close()
