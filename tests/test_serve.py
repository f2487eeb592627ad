"""Rebuilds under ``kbgen serve``: what is reused gives exactly what a fresh build gives, and errors show in the
browser."""

from __future__ import annotations

import gc
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from kbgen.checker import CheckSession, check
from kbgen.render import render_site
from kbgen.render.incremental import RenderCache

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # several checks and builds of the real knowledge base
FIXTURE = Path(__file__).parent / "fixtures" / "kb"


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _unreferenced_finding(evidence: Path) -> Path:
    texts = "\n".join(p.read_text(encoding="utf-8") for p in evidence.glob("*/*.yaml"))
    for path in sorted((evidence / "finding").glob("*.yaml")):
        if texts.count(path.stem) == 1:
            return path
    raise AssertionError("every finding is linked from somewhere")


def test_incremental_render_matches_a_full_render(tmp_path: Path):
    evidence = tmp_path / "evidence"
    shutil.copytree(REPO / "evidence", evidence)
    session, cache = CheckSession(), RenderCache()
    render_site(check(evidence, None, session=session), cache=cache)
    finding = evidence / "finding" / "lock11-trust-takes-time-and-prior-acquaintance-helps.yaml"
    edits = [
        ("a finding's statement", lambda: _edit(finding, lambda d: d.update(statement="Reworded. " + d["statement"]))),
        ("a study's year (its label on every page citing it)",
         lambda: _edit(evidence / "study/lock-2011.yaml", lambda d: d["reference"].update(year=2012))),
        ("a theme's name", lambda: _edit(evidence / "theme/isolation.yaml", lambda d: d.update(name="Solitude"))),
        ("a finding deleted", lambda: _unreferenced_finding(evidence).unlink()),
    ]
    pages = None
    for n, (what, edit) in enumerate(edits, 1):
        edit()
        result = check(evidence, None, session=session)
        incremental = render_site(result, cache=cache)
        # The same cards rendered from scratch; after the last edit, checked from scratch too (the session's
        # reused cards, schemas and bibliography give what a fresh check gives).
        full = render_site(check(evidence) if n == len(edits) else result)
        assert incremental.keys() == full.keys(), what
        assert [p for p in full if incremental[p] != full[p]] == [], what
        pages = len(full)
        assert cache.rendered < pages / 2, f"{what}: {cache.rendered} of {pages} pages rendered again"
    assert cache.reused > 0 and pages


def _build(project: Path, site: Path, plugin_state=None):
    """One MkDocs build of ``project`` into ``site``; under ``serve`` when given the plugin to reuse."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.site_url = "http://127.0.0.1:8000/"
    if plugin_state != "again":  # a fresh build starts its plugins as `mkdocs build` does
        config.plugins.on_startup(command="serve" if plugin_state else "build", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/" if plugin_state else None)
    plugin = config.plugins["kbgen"]
    if plugin.serving is not None:
        plugin.serving.wait_for_index()
    return plugin


def _html(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_reused_pages_are_exactly_what_a_fresh_build_writes(tmp_path: Path, monkeypatch):
    project = tmp_path / "kb"
    shutil.copytree(FIXTURE, project)
    monkeypatch.chdir(project)
    served = tmp_path / "served"
    plugin = _build(project, served, "start")
    try:
        # The session collects its garbage after the first build and when idle, and freezes what it keeps
        # (kbgen.collector.IdleCollector): the rebuild after that must be as exact as ever.
        assert plugin.serving.collector.collections == 1 and gc.get_freeze_count() > 0
        _edit(project / "evidence/finding/sample-cover-is-the-killer.yaml",
              lambda d: d.update(statement="Releasing staff is the hardest part. " + d["statement"]))
        again = _build(project, served, "again")
        assert again is plugin and plugin.serving.pages.reused > plugin.serving.pages.built > 0
    finally:
        plugin.on_shutdown()
    assert gc.get_freeze_count() == 0  # the session's end gives everything back to the collector
    fresh = tmp_path / "fresh"
    _build(project, fresh)
    assert _html(served) == _html(fresh)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except OSError:
        return 0, ""


def _until(url: str, test, timeout: float = 60) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, text = _page(url)
        if test(status, text):
            return status, text
        time.sleep(0.1)
    raise AssertionError(f"{url} never showed what was expected (last status {status})")


@pytest.fixture
def served(tmp_path: Path):
    project = tmp_path / "kb"
    shutil.copytree(FIXTURE, project)
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        process = subprocess.Popen([str(Path(sys.executable).parent / "kbgen"), "serve", "-a", f"127.0.0.1:{port}"],
                                   cwd=project, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield project, f"http://127.0.0.1:{port}", log
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl+C: the server shuts down and tidies up its folders
        process.wait(timeout=60)
    printed = log.read_text(encoding="utf-8")
    assert "Shutting down" in printed and "Traceback" not in printed  # stopped index runs end quietly too


def test_serve_rebuilds_a_saved_card_and_shows_card_errors_in_the_browser(served):
    project, base, log = served
    url = base + "/findings/sample-cover-is-the-killer/"
    _until(url, lambda status, text: status == 200)
    card = project / "evidence/finding/sample-cover-is-the-killer.yaml"
    good = card.read_text(encoding="utf-8")
    _edit(card, lambda d: d.update(statement="Edited while serving. " + d["statement"]))
    _until(url, lambda status, text: "Edited while serving" in text)
    card.write_text("id: sample-cover-is-the-killer\nstatement: [unclosed\n", encoding="utf-8")
    _, text = _until(url, lambda status, text: "The evidence cards have errors" in text)
    assert "sample-cover-is-the-killer.yaml" in text and "is never closed" in text
    card.write_text(good, encoding="utf-8")
    _until(url, lambda status, text: status == 200 and "releasing staff" in text.lower())
    printed = log.read_text(encoding="utf-8")
    assert f"Serving on {base}/" in printed
    assert "Documentation built in" in printed
    assert re.search(r"sample-cover-is-the-killer\.yaml:\d+:\d+: the .\[. opened here is never closed", printed)
    assert "configuration, which is not found" not in printed  # no nav noise under the card errors


def test_a_page_reading_whole_indexes_is_rendered_again_when_they_change(tmp_path: Path):
    """Renderers may go through a whole backlink index or a bibliography attribute; the cache notes that too."""
    from kbgen.render.context import Site
    from kbgen.render.incremental import direct

    evidence = tmp_path / "evidence"
    shutil.copytree(FIXTURE / "evidence", evidence)
    session, cache = CheckSession(), RenderCache()

    def summary(site) -> str:
        themes = {theme: len(findings) for theme, findings in site.graph.findings_by_theme.items()}
        return f"{sorted(themes.items())} {sorted(site.bibliography.references)}"

    def page(result) -> tuple[str, str]:
        site = Site(result.kb, result.bibliography, result.graph)
        return cache.pages(site).page("summary.md", summary), direct(site).page("summary.md", summary)

    kept, fresh = page(check(evidence, None, session=session))
    assert kept == fresh and cache.rendered == 1
    assert page(check(evidence, None, session=session))[0] == kept and cache.reused == 1
    _edit(evidence / "finding/sample-cover-is-the-killer.yaml", lambda d: d.update(themes=["time", "trust"]))
    kept, fresh = page(check(evidence, None, session=session))
    assert kept == fresh and cache.rendered == 1
