"""Measure the leaders' view of a built site in Chromium: theme page heights, axe-core violations, the screenshot.

    python scripts/leaders_view.py heights [SITE]      # every theme at 1280×800: where the implications
                                                       # start and the page height, sources folded (and
                                                       # the height on a 390×844 phone); exit 1 when a
                                                       # theme misses the targets (2 and 8 screens)
    python scripts/leaders_view.py axe [SITE]          # axe-core violations on one page of every type,
                                                       # light and dark schemes
    python scripts/leaders_view.py screenshot [SITE]   # docs/assets/screenshot-theme-trust.png

SITE defaults to ``site/`` (build it first: ``kbgen build``). Chromium is Debian's ``/usr/bin/chromium``.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 800}
REPO = Path(__file__).resolve().parents[1]

#: One page of every type (paths under the site); the first existing card of each kind is added.
PAGE_TYPES = {
    "home": "", "what we know": "what-we-know/", "evidence map": "evidence-map/", "glossary": "glossary/",
    "methods": "methods/", "open data": "data/", "themes index": "themes/", "studies index": "studies/",
    "accounts index": "accounts/", "findings index": "findings/", "bibliography index": "bibliography/",
    "card reference": "reference/cards/", "contributing": "contributing/", "about": "about/",
    "findings explorer": "explorer/",
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(site: Path):
    """Serve ``site`` on a free localhost port."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield chromium
        finally:
            chromium.close()


def theme_heights(page, base: str, theme_ids: list[str]) -> list[dict]:
    """Per theme: px from the top to the implications heading, and the page height (sources folded)."""
    rows = []
    for theme_id in theme_ids:
        page.goto(f"{base}themes/{theme_id}/")
        rows.append(page.evaluate("""() => {
            const h = [...document.querySelectorAll('h2')].find(e => e.textContent.startsWith('What this means'));
            return {implications: h ? Math.round(h.getBoundingClientRect().top + scrollY) : null,
                    height: document.documentElement.scrollHeight};
        }""") | {"theme": theme_id})
    return rows


def report_heights(chromium, base: str, site: Path) -> int:
    """Print the table of theme page heights; 1 when a theme misses a target."""
    themes = sorted(p.parent.name for p in (site / "themes").glob("*/index.html"))
    desktop = theme_heights(chromium.new_page(viewport=VIEWPORT), base, themes)
    phone_context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = theme_heights(phone_context.new_page(), base, themes)
    screen = VIEWPORT["height"]
    print(f"{'theme':32} {'implications at':>16} {'page, sources folded':>22} {'phone page':>12}")
    missed = 0
    for row, mobile in zip(desktop, phone, strict=True):
        top = row["implications"]
        shown = f"{top} px {top / screen:.2f}" if top is not None else "none"
        print(f"{row['theme']:32} {shown:>16} {row['height']:>11} px {row['height'] / screen:5.2f} "
              f"{mobile['height']:>9} px")
        missed += top is None or top > 2 * screen or row["height"] > 8 * screen
    print(f"targets at {VIEWPORT['width']}×{screen}: implications within 2 screens, page within 8; "
          f"{missed} theme(s) miss them")
    return 1 if missed else 0


def page_type_urls(site: Path) -> dict[str, str]:
    """One URL path per page type, including one card page of each kind."""
    urls = dict(PAGE_TYPES)
    for label, folder in (("theme", "themes"), ("study", "studies"), ("account", "accounts"),
                          ("finding", "findings"), ("bibliography entry", "bibliography"),
                          ("evidence map cells", "evidence-map")):
        pages = sorted(p.parent.name for p in (site / folder).glob("*/index.html"))
        if pages:
            urls[label] = f"{folder}/{'trust' if 'trust' in pages else pages[0]}/"
    return {k: v for k, v in urls.items() if (site / v / "index.html").is_file()}


def axe_violations(chromium, url: str, scheme: str) -> list[dict]:
    """axe-core's violations on one page in one colour scheme (a fresh context: material remembers the scheme)."""
    from axe_playwright_python.sync_playwright import Axe

    context = chromium.new_context(viewport=VIEWPORT, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("load")
        return Axe().run(page).response["violations"]
    finally:
        context.close()


def report_axe(chromium, base: str, site: Path) -> int:
    """Print axe-core's violations per page type and scheme; 1 when there are any."""
    total = 0
    for label, path in page_type_urls(site).items():
        for scheme in ("light", "dark"):
            found = axe_violations(chromium, base + path, scheme)
            total += len(found)
            print(f"{label:22} {scheme:5} {len(found)} violation(s)", *[f"{v['id']}×{len(v['nodes'])}" for v in found])
    return 1 if total else 0


def screenshot(chromium, base: str) -> int:
    """The README's screenshot: the first screen of the Trust theme page at 1280×800."""
    page = chromium.new_page(viewport=VIEWPORT)
    page.goto(f"{base}themes/trust/")
    target = REPO / "docs/assets/screenshot-theme-trust.png"
    page.screenshot(path=str(target))
    print(f"wrote {target.relative_to(REPO)}")
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "heights"
    site = Path(argv[1] if len(argv) > 1 else REPO / "site").resolve()
    commands = {"heights": report_heights, "axe": report_axe, "screenshot": lambda c, b, _s: screenshot(c, b)}
    if command not in commands or not (site / "index.html").is_file():
        print(__doc__)
        return 2
    with serve(site) as base, browser() as chromium:
        return commands[command](chromium, base, site)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
