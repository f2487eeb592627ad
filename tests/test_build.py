"""One real MkDocs build in tmp_path (shared by this module's tests): generated pages, two-way links,
no other hosts (search: test_search.py). Tests that change the site or the cards work on their own copy."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from click.testing import CliRunner

from kbgen.cli import main


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append((tag, name, value))


def _links(html: Path) -> list[tuple[str, str, str]]:
    parser = _Links()
    parser.feed(html.read_text(encoding="utf-8"))
    return parser.links


@pytest.fixture
def site(fixture_site: Path) -> Path:
    """The module's one build of the fixture site (read-only)."""
    return fixture_site


def test_every_card_gets_a_page(site: Path):
    for page in ("index.html", "themes/trust/index.html", "studies/sample-2020/index.html",
                 "accounts/northtown-cluster/index.html", "findings/sample-trust-safe-to-admit/index.html",
                 "bibliography/coleman-2012-significance/index.html", "bibliography/index.html",
                 "findings/index.html", "bibliography/kbgen.bib", "bibliography/kbgen.json",
                 "schemas/v1/finding.schema.json"):
        assert (site / page).is_file(), page
    assert not (site.parent / "docs" / "themes").exists(), "generated pages must never be written into docs/"


def test_links_go_both_ways(site: Path):
    def targets(page: str) -> set[str]:
        base = f"http://x/{page}"
        return {urlparse(urljoin(base, v)).path for tag, attr, v in _links(site / page / "index.html") if tag == "a"}

    finding = "findings/sample-trust-safe-to-admit/"
    assert {"/studies/sample-2020/", "/accounts/northtown-cluster/", "/themes/trust/",
            "/bibliography/coleman-2012-significance/"} <= targets(finding)
    for page in ("studies/sample-2020/", "accounts/northtown-cluster/", "themes/trust/",
                 "bibliography/coleman-2012-significance/"):
        assert "/" + finding in targets(page), page


def test_all_internal_links_resolve_and_nothing_loads_from_other_hosts(site: Path):
    from kbgen.linkcheck import check_site

    report = check_site(site)
    assert report.broken == [] and report.pages >= 10 and report.internal > 100


def test_linkcheck_catches_broken_links_anchors_and_foreign_assets(site: Path, tmp_path: Path):
    from kbgen.linkcheck import check_site

    site = Path(shutil.copytree(site, tmp_path / "site"))
    page = site / "themes/trust/index.html"
    page.write_text(page.read_text() + '<a href="../nowhere/">x</a><a href="#no-such-anchor">y</a>'
                    '<script src="https://cdn.example.com/x.js"></script><a href="https://example.org">ok</a>')
    broken = check_site(site).broken
    assert len(broken) == 3, broken
    assert any("missing ../nowhere/" in b for b in broken) and any("missing anchor" in b for b in broken)
    assert any("loads https://cdn.example.com/x.js from another host" in b for b in broken)


def test_theme_page_shows_findings_with_their_quotes(site: Path):
    html = (site / "themes/trust/index.html").read_text(encoding="utf-8")
    assert "we could admit what wasn't working" in html
    assert "Findings by source (1 finding from 1 of 1 source)" in html


def test_failed_build_leaves_the_previous_site(kb_dir: Path, monkeypatch):
    monkeypatch.chdir(kb_dir)
    assert CliRunner().invoke(main, ["build"], catch_exceptions=False).exit_code == 0
    site = kb_dir / "site"
    before = (site / "themes/trust/index.html").read_text()
    (kb_dir / "evidence/theme/time.yaml").write_text("id: time\nname: [broken\n")
    result = CliRunner().invoke(main, ["build"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "previous site" in result.output
    assert (site / "themes/trust/index.html").read_text() == before


HOSTILE_THEME = """\
id: time
name: "</title><script>alert(1)</script> &lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;"
definition: >-
  <script>alert(3)</script> <img src=x onerror=alert(4)> [x](javascript:alert(5))
  [y](JaVaScRiPt:alert(6)) **b**{onclick=alert(7)} &lt;script&gt;alert(8)&lt;/script&gt;
  " onmouseover="alert(9)
"""


def test_hostile_card_text_cannot_reach_the_page(kb_dir: Path, monkeypatch):
    """Even if the check is bypassed, nothing in a card becomes markup in the built site."""
    from kbgen import plugin

    real_check = plugin.check

    def check_without_errors(*args, **kwargs):
        result = real_check(*args, **kwargs)
        result.diagnostics = []  # pretend the check passed, to test the renderer's own escaping
        return result

    monkeypatch.setattr(plugin, "check", check_without_errors)
    (kb_dir / "evidence/theme/time.yaml").write_text(HOSTILE_THEME)
    monkeypatch.chdir(kb_dir)
    assert CliRunner().invoke(main, ["build"], catch_exceptions=False).exit_code == 0
    for page in ("themes/time/index.html", "themes/index.html", "themes/trust/index.html",
                 "findings/sample-cover-is-the-killer/index.html"):
        parser = _Elements()
        parser.feed((kb_dir / "site" / page).read_text(encoding="utf-8"))
        assert parser.bad == [], page


class _Elements(HTMLParser):
    """Collects what would run: inline scripts, event-handler attributes, script URLs, images."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "img":
            self.bad.append(f"<img {values}>")
        if tag == "script":
            self._in_script = "src" not in values
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.bad.append(f"<{tag} {name}={value}>")

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.bad.append(f"inline script: {data[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
