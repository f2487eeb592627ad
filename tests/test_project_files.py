"""The repository's CI and contributor files: valid, pinned, and calling only commands that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.loader import load_evidence
from kbgen.schema import Schemas

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))


def _steps(workflow: Path) -> list[dict]:
    data = yaml.safe_load(workflow.read_text())
    assert data.get("name") and data.get(True) or data.get("on"), f"{workflow.name}: needs name and on"
    return [step for job in data["jobs"].values() for step in job["steps"]]


def _kbgen_commands(workflow: Path) -> list[list[str]]:
    lines = [line.strip() for step in _steps(workflow) if "run" in step for line in step["run"].splitlines()]
    return [shlex.split(line)[1:] for line in lines if line.startswith("kbgen ")]


def _parse(args: list[str]) -> None:
    """Parse ``kbgen ARGS`` exactly as the CLI would, without running it (raises on unknown commands/options)."""
    command = main.get_command(click.Context(main), args[0])
    assert command is not None, f"kbgen has no command {args[0]!r}"
    command.make_context(args[0], list(args[1:]))


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_actions_are_pinned_to_commits(workflow: Path):
    for step in _steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    assert "pip install -c ci/constraints.txt" in workflow.read_text()


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_call_only_commands_that_exist(workflow: Path, tmp_path: Path, monkeypatch):
    (tmp_path / "site").mkdir()  # what the workflow has built by the time it checks links
    monkeypatch.chdir(tmp_path)
    commands = _kbgen_commands(workflow)
    assert commands, f"{workflow.name} runs no kbgen command"
    for args in commands:
        _parse(args)


def test_constraints_pin_exact_versions():
    lines = [line for line in (REPO / "ci/constraints.txt").read_text().splitlines() if line and line[0] != "#"]
    assert lines and all(re.fullmatch(r"[\w.-]+==[\w.]+", line) for line in lines)
    names = {line.split("==")[0].lower() for line in lines}
    assert {"mkdocs", "mkdocs-material", "pybtex", "pyyaml", "markdown", "jsonschema"} <= names


def test_the_pull_request_commands_pass_on_a_good_knowledge_base(kb_dir: Path, monkeypatch, tmp_path):
    """Run exactly what the pull-request workflow runs, in order, on the fixture project."""
    monkeypatch.chdir(kb_dir)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    for args in _kbgen_commands(REPO / ".github/workflows/pull-request.yml"):
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, f"kbgen {' '.join(args)}:\n{result.output}"
    assert "## kbgen check" in (tmp_path / "summary.md").read_text()


def test_pre_commit_hook_runs_an_existing_command(kb_dir: Path, monkeypatch):
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "kbgen-check")
    args = shlex.split(hook["entry"])[1:]
    monkeypatch.chdir(kb_dir)
    _parse(args)
    assert CliRunner().invoke(main, args).exit_code == 0


def test_suggest_a_finding_form_mirrors_the_finding_card():
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/suggest-finding.yml").read_text())
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    schemas = Schemas()
    required = set(schemas.required(*schemas.root("finding"))) - {"id"}
    covered = {"study", "statement", "themes", "evidence_type", "quotes"}
    assert required == covered
    assert {"study", "statement", "quote", "section", "page", "speaker", "evidence_type", "themes", "account"} <= set(fields)
    evidence_options = [opt.split(":")[0] for opt in fields["evidence_type"]["attributes"]["options"]]
    assert evidence_options == sorted(schemas.subschema("finding", ("evidence_type",))[0]["enum"], key=evidence_options.index)
    assert set(evidence_options) == set(schemas.subschema("finding", ("evidence_type",))[0]["enum"])
    theme_names = {str(card.get("name")) for card in load_evidence(REPO / "evidence")[0].of_kind("theme")}
    assert {o["label"] for o in fields["themes"]["attributes"]["options"]} == theme_names
