"""Shared fixtures: a small, valid knowledge base on real files, copied fresh for each test (or module)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "kb"
#: Debian's chromium: Playwright drives it (its own browser downloads fail on this network).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture project (evidence/, sources/, docs/, mkdocs.yml)."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE, target)
    return target


def build_fixture_site(target: Path) -> Path:
    """Copy the fixture project to ``target``, build its site strictly, and return the site folder."""
    shutil.copytree(FIXTURE, target)
    result = CliRunner().invoke(main, ["build", "--strict", "-f", str(target / "mkdocs.yml")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return target / "site"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture project's site, built once per test module: read it, never change it."""
    return build_fixture_site(tmp_path_factory.mktemp("built") / "kb")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The fixture knowledge base with the leaders' overlay (``fixtures/leaders``: a second study, key findings,
    a term) and the contributor guide, built once per session; returns its ``site/`` folder."""
    from click.testing import CliRunner

    from kbgen.cli import main

    root = tmp_path_factory.mktemp("leaders") / "kb"
    shutil.copytree(FIXTURE, root)
    shutil.copytree(FIXTURE.parent / "leaders", root, dirs_exist_ok=True)
    shutil.copy(REPO / "CONTRIBUTING.md", root / "CONTRIBUTING.md")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(  # the real site's guide and heading permalinks too
        "  - kbgen\n", "  - kbgen:\n      extra_pages:\n        contributing.md: CONTRIBUTING.md\n")
    config.write_text(text.replace("  - tables\n", "  - tables\n  - toc:\n      permalink: true\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--strict", "-f", str(config)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module; each test opens its own page or context."""
    if not Path(CHROMIUM).exists():
        pytest.fail("browser tests need Debian's chromium: apt-get install chromium (see README)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


#: Marks of the modules that take longest (a browser, a package install, several real-site builds).
_SLOW_MARKS = ("browser", "package", "slow")


def pytest_collection_modifyitems(config, items):
    """Put the slowest modules first, then the rest by number of tests (xdist's own order).

    Two workers take modules from the front of this order (``--dist loadfile --no-loadscopereorder``):
    with the long ones started first, the short ones fill in at the end and both workers finish
    together, rather than one waiting while the other runs a browser module it took last.
    """
    counts: dict[str, int] = {}
    slow: set[str] = set()
    for item in items:
        counts[item.fspath.strpath] = counts.get(item.fspath.strpath, 0) + 1
        if any(item.get_closest_marker(mark) for mark in _SLOW_MARKS):
            slow.add(item.fspath.strpath)
    items.sort(key=lambda item: (item.fspath.strpath not in slow, -counts[item.fspath.strpath]))
