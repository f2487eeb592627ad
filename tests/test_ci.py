"""`kbgen ci`: the one command set, in order, stopping at the first failure."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kbgen.ci import gate_steps, output_format, run_gate
from kbgen.cli import main


def test_steps_come_from_mkdocs_yml(tmp_path: Path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\nsite_dir: public\nplugins:\n  - kbgen:\n      evidence_dir: cards\n")
    steps = gate_steps(config, "github", True)
    assert steps == [
        ["check", "--evidence", str(tmp_path / "cards"), "--config-file", str(config), "--strict", "--format",
         "github", "--require-sources"],
        ["build", "--strict", "--config-file", str(config)],
        ["linkcheck", str(tmp_path / "public")]]


def test_the_first_failing_step_stops_the_gate():
    ran, said = [], []

    def run(args: list[str]) -> int:
        ran.append(args[0])
        return 2 if args == ["build"] else 0

    status = run_gate([["check"], ["build"], ["linkcheck"]], run, said.append)
    assert status == 2 and ran == ["check", "build"]
    assert said[-1] == "kbgen ci: `kbgen build` failed (exit 2); the later steps were not run."


def test_auto_format_is_github_only_inside_github_actions(monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert output_format("auto") == "github" and output_format("text") == "text"
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert output_format("auto") == "text"


def test_kbgen_ci_passes_on_a_good_project_and_fails_on_a_misquote(kb_dir: Path, monkeypatch):
    monkeypatch.chdir(kb_dir)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    good = CliRunner().invoke(main, ["ci", "--format", "text"], catch_exceptions=False)
    assert good.exit_code == 0, good.output
    assert [line for line in good.output.splitlines() if line.startswith("+ kbgen ")] == [
        "+ kbgen check --evidence evidence --config-file mkdocs.yml --strict --format text",
        "+ kbgen build --strict --config-file mkdocs.yml", "+ kbgen linkcheck site"]
    card = kb_dir / "evidence/finding/sample-cover-is-the-killer.yaml"
    card.write_text(card.read_text().replace("release staff", "free staff"))
    bad = CliRunner().invoke(main, ["ci", "--format", "text"], catch_exceptions=False)
    assert bad.exit_code == 0, "the fixture's mkdocs.yml names no full texts: the quote cannot be checked"
    bad = CliRunner().invoke(main, ["ci", "--require-sources", "--format", "text"], catch_exceptions=False)
    assert bad.exit_code == 1 and "not verified" in bad.output and "+ kbgen build" not in bad.output
