"""`kbgen build` against `mkdocs build`: same sequence, same strictness, same exit codes; nothing lost.

Also the command line's last guard: whatever breaks, one line and an exit status, no traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.__main__ import cli as mkdocs_cli

from kbgen.cli import main

UNUSED_CITATION = """\
id: unused-2000
type: misc
author: ["Nobody, N."]
title: A work nobody cites
year: 2000
"""


def _kbgen(*args: str):
    return CliRunner().invoke(main, list(args))


def _mkdocs(*args: str):
    return CliRunner().invoke(mkdocs_cli, ["build", *args])


def _site_file(kb: Path) -> Path:
    return kb / "site" / "themes" / "trust" / "index.html"


@pytest.fixture
def built(kb_dir: Path, monkeypatch) -> Path:
    """The fixture project, built once, so later builds have a previous site to keep."""
    monkeypatch.chdir(kb_dir)
    assert _kbgen("build").exit_code == 0
    return kb_dir


def _leftovers(kb: Path) -> list[str]:
    return sorted(p.name for p in kb.iterdir() if p.name.startswith(".kbgen-"))


def test_strict_in_mkdocs_yml_is_honoured_and_both_builds_agree(built: Path):
    """A warning (an unused citation) under `strict: true` fails both builds, and both keep the old site."""
    before = _site_file(built).read_text()
    (built / "evidence/citation/unused-2000.yaml").write_text(UNUSED_CITATION)
    config = built / "mkdocs.yml"
    config.write_text("strict: true\n" + config.read_text())
    kbgen, mkdocs = _kbgen("build"), _mkdocs()
    assert (kbgen.exit_code, mkdocs.exit_code) == (1, 1), kbgen.output + mkdocs.output
    assert "warning(s) in the evidence cards in strict mode" in kbgen.output
    assert _site_file(built).read_text() == before
    assert (_kbgen("build", "--no-strict").exit_code, _mkdocs("--no-strict").exit_code) == (0, 0)


@pytest.mark.parametrize("breakage, code", [
    ({"evidence/theme/time.yaml": "id: time\nname: [broken\n"}, 1),
    ({"mkdocs.yml": "site_name: x\nplugins: [kbgen]\nmarkdown_extensions: [tables]\n"}, 1),
    ({"mkdocs.yml": "site_name: [broken\n"}, 1),
    ({"mkdocs.yml": "site_name: x\nplugins: [kbgen, no-such-plugin]\n"}, 1),
])
def test_kbgen_build_and_mkdocs_build_exit_alike_and_keep_the_site(built: Path, breakage: dict, code: int):
    before = _site_file(built).read_text()
    for rel, text in breakage.items():
        (built / rel).write_text(text)
    kbgen, mkdocs = _kbgen("build"), _mkdocs()
    assert (kbgen.exit_code, mkdocs.exit_code) == (code, code), kbgen.output + "\n---\n" + mkdocs.output
    assert "Traceback" not in kbgen.output
    assert _site_file(built).read_text() == before  # the check and the config fail before site/ is cleaned
    assert _leftovers(built) == []


def test_build_runs_plugins_startup_and_shutdown(kb_dir: Path, monkeypatch):
    """material's optimize plugin needs on_startup (its thread pool); kbgen build used to crash on it."""
    config = kb_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - kbgen\n", "  - kbgen\n  - optimize: {optimize_png: false, optimize_jpg: false}\n"))
    monkeypatch.chdir(kb_dir)
    result = _kbgen("build", "--strict")
    assert result.exit_code == 0, result.output
    assert _site_file(kb_dir).is_file()
    assert _mkdocs("--strict").exit_code == 0


@pytest.mark.parametrize("raised, code", [(RuntimeError("a plugin fell over"), 1), (KeyboardInterrupt(), 130)])
def test_a_crash_or_interrupt_mid_build_keeps_the_site_and_leaves_no_staging(built: Path, monkeypatch, raised, code):
    import mkdocs.commands.build

    before = _site_file(built).read_text()

    def crash(config, **kwargs):
        Path(config.site_dir, "half-written.html").write_text("x")
        raise raised

    monkeypatch.setattr(mkdocs.commands.build, "build", crash)
    result = _kbgen("build")
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert _site_file(built).read_text() == before
    assert not (built / "site" / "half-written.html").exists()
    assert _leftovers(built) == []


def test_plain_mkdocs_build_keeps_the_site_when_the_cards_fail(built: Path):
    before = _site_file(built).read_text()
    (built / "evidence/theme/time.yaml").write_text("id: time\nname: [broken\n")
    result = _mkdocs()
    assert result.exit_code == 1
    assert _site_file(built).read_text() == before


def test_render_twice_replaces_only_its_own_folder(kb_dir: Path, monkeypatch):
    monkeypatch.chdir(kb_dir)
    assert _kbgen("render", "--out", "rendered").exit_code == 0
    (kb_dir / "rendered/docs/stale.md").write_text("old")
    assert _kbgen("render", "--out", "rendered").exit_code == 0
    assert not (kb_dir / "rendered/docs/stale.md").exists() and (kb_dir / "rendered/.kbgen-render").is_file()
    assert _leftovers(kb_dir) == []


def test_an_unexpected_error_is_one_line_naming_the_file(kb_dir: Path, monkeypatch):
    from kbgen import checker

    def broken(card):
        raise ValueError("something kbgen did not expect")

    monkeypatch.setattr(checker, "check_ids", lambda kb: [broken(card) for card in kb.cards])
    monkeypatch.chdir(kb_dir)
    result = _kbgen("check")
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert lines[0].startswith("kbgen: internal error while processing evidence/")
    assert "ValueError: something kbgen did not expect" in lines[0] and "report it" in lines[0]


def test_interrupting_a_command_is_not_a_traceback(kb_dir: Path, monkeypatch):
    from kbgen import cli

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "check", interrupted)
    monkeypatch.chdir(kb_dir)
    result = _kbgen("check")
    assert result.exit_code == 130 and "Traceback" not in result.output
    assert "interrupted" in result.output


BROKEN_PROJECTS = {
    "binary-config": {"mkdocs.yml": b"\x89PNG\x00\x00\xff"},
    "evidence-is-a-file": {"evidence": None, "evidence ": b"x"},
    "config-with-unknown-tag": {"mkdocs.yml": b"site_name: !!python/name:no.such.module\nplugins: [kbgen]\n"},
    "card-is-binary": {"evidence/theme/time.yaml": b"\x00\x01\x02\xff"},
    "empty-config": {"mkdocs.yml": b""},
}
COMMANDS = [["check", "--sources", "sources"], ["build"], ["render", "--out", "out"], ["new", "theme", "x-y"],
            ["schema", "--out", "schemas-out"], ["linkcheck", "docs"], ["import", "mkdocs.yml", "--dry-run"]]


@pytest.mark.parametrize("project", sorted(BROKEN_PROJECTS))
def test_every_command_on_a_broken_project_prints_no_traceback(kb_dir: Path, monkeypatch, project: str):
    import shutil

    for rel, data in BROKEN_PROJECTS[project].items():
        path = kb_dir / rel.strip()
        if data is None:
            shutil.rmtree(path)
        else:
            path.write_bytes(data)
    monkeypatch.chdir(kb_dir)
    for command in COMMANDS:
        result = _kbgen(*command)
        assert "Traceback" not in result.output, (command, result.output)
        assert result.exit_code in (0, 1, 2), (command, result.exit_code, result.output)
        assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
            command, repr(result.exception))
