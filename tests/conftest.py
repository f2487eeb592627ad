"""Shared fixtures: a small, valid knowledge base on real files, copied fresh for each test (or module)."""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass, field
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


#: Modules that share a session fixture, run on one worker so that it is made once: the contributor's guide
#: builds the real site (``guided``) that the search tests then serve.
SHARED_WORKER = {"test_contributing.py": "real-site", "test_search_browser.py": "real-site"}


def _group(nodeid: str) -> str:
    module = nodeid.split("::", 1)[0]
    return SHARED_WORKER.get(Path(module).name, module)


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """xdist's scheduling by file, with the modules of :data:`SHARED_WORKER` sent together as one unit."""
    from xdist.scheduler import LoadScopeScheduling

    class ModuleGroups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _group(nodeid)

    return ModuleGroups(config, log)


def pytest_collection_modifyitems(config, items):
    """Run the slowest groups of modules first, then the rest by number of tests.

    Two workers take groups from the front of this order (``--no-loadscope-reorder``): with the long
    ones started first, the short ones fill in at the end and both workers finish together, rather
    than one waiting while the other runs a browser module it took last.
    """
    groups = {item.nodeid: _group(item.nodeid) for item in items}
    counts: dict[str, int] = {}
    slow: set[str] = set()
    for item in items:
        group = groups[item.nodeid]
        counts[group] = counts.get(group, 0) + 1
        if any(item.get_closest_marker(name) for name in _SLOW_MARKS):
            slow.add(group)
    items.sort(key=lambda item: (groups[item.nodeid] not in slow, -counts[groups[item.nodeid]]))


@dataclass
class Guided:
    """A contributor's clone of this repository, taken through CONTRIBUTING.md's commands (see
    :func:`guided`): where it is, the card ``kbgen new`` wrote, and each command's exit code and output."""

    root: Path
    scaffold: str = ""
    steps: dict[str, tuple[int, str]] = field(default_factory=dict)


def guide_block(marker: str) -> str:
    """The command or card CONTRIBUTING.md shows under ``<!-- contributing:marker -->``."""
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- contributing:{marker} -->\n```\w*\n(.*?)```", guide, re.DOTALL)
    assert match, f"CONTRIBUTING.md lost its {marker} block"
    return match.group(1)


def _kbgen(line: str) -> list[str]:
    args = shlex.split(line.strip())
    assert args[0] == "kbgen"
    return args[1:]


@pytest.fixture(scope="session")
def guided(tmp_path_factory) -> Guided:
    """This repository's knowledge base as a contributor's fresh clone has it (the published full texts, not
    the private ones; without the guide's example card), taken through the guide: scaffold the card, check,
    write it, check strictly, build. The built site is this repository's own site, so the search tests
    serve it too (their module shares this fixture's group: one real build for both)."""
    root = tmp_path_factory.mktemp("clone") / "clone"
    for name in ("evidence", "docs", "sources"):
        shutil.copytree(REPO / name, root / name)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(REPO / name, root / name)
    card = root / "evidence/finding/sk19-peer-visits-unlike-inspection.yaml"
    card.unlink()
    done = Guided(root)
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("KBGEN_SOURCES", raising=False)
        for step, args in (("new", _kbgen(guide_block("new"))), ("unfilled", ["check"]),
                           ("check", _kbgen(guide_block("check")) + ["--strict"]),
                           ("build", _kbgen(guide_block("build")))):
            if step == "check":  # the contributor writes the card, keeping the editor's schema line
                done.scaffold = card.read_text(encoding="utf-8")
                card.write_text(done.scaffold.splitlines()[0] + "\n" + guide_block("card"), encoding="utf-8")
            result = runner.invoke(main, args, catch_exceptions=False)
            done.steps[step] = (result.exit_code, result.output)
    return done
