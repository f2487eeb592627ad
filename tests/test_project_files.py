"""The repository's CI and contributor files: valid, pinned, running one command set, and catching a misquote."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from kbgen.ci import gate_steps
from kbgen.cli import main
from kbgen.loader import load_evidence
from kbgen.schema import Schemas

REPO = Path(__file__).resolve().parents[1]
SEEDS = (REPO / ".." / "shared" / "seeds").resolve()
WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
PULL_REQUEST = REPO / ".github/workflows/pull-request.yml"
CHECKS = "ci/checks.sh"


def _workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text())
    assert data.get("name") and (data.get(True) or data.get("on")), f"{path.name}: needs name and on"
    return data


def _steps(workflow: Path) -> list[dict]:
    return [step for job in _workflow(workflow)["jobs"].values() for step in job["steps"]]


def _command_lines(workflow: Path) -> list[str]:
    """Every command a workflow runs, with ci/checks.sh expanded into its own lines."""
    lines = [line.strip() for step in _steps(workflow) if "run" in step for line in step["run"].splitlines()]
    script = [line.strip() for line in (REPO / CHECKS).read_text().splitlines()]
    return [part for line in lines for part in (script if line.startswith(CHECKS) else [line])]


def _kbgen_commands(workflow: Path) -> list[list[str]]:
    return [shlex.split(line)[1:] for line in _command_lines(workflow) if line.startswith("kbgen ")]


def _parse(args: list[str]) -> None:
    """Parse ``kbgen ARGS`` exactly as the CLI would, without running it (raises on unknown commands/options)."""
    command = main.get_command(click.Context(main), args[0])
    assert command is not None, f"kbgen has no command {args[0]!r}"
    command.make_context(args[0], [a for a in args[1:] if a != "$@"])


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
    assert {"mkdocs", "mkdocs-material", "pybtex", "pyyaml", "markdown", "jsonschema", "ruff"} <= names


def test_every_gate_runs_the_one_command_set():
    """.ci/run, both workflows and the pre-commit hook run ci/checks.sh; it lints and runs `kbgen ci`."""
    ci_run = [line for line in (REPO / ".ci/run").read_text().splitlines() if line and not line.startswith("#")]
    tests_at = ci_run.index('bash -c "$test_command"')  # the README's test command (extracted by awk) first
    assert any("awk '/<!-- test-command -->/" in line for line in ci_run[:tests_at])
    assert [line for line in ci_run[tests_at:] if CHECKS in line] == [
        'PATH="$PWD/.venv/bin:$PATH" ci/checks.sh --require-sources']
    for workflow in WORKFLOWS:
        assert any(step.get("run") == CHECKS for step in _steps(workflow)), workflow
    hooks = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert [hook["entry"] for hook in hooks] == [CHECKS]
    script = [line for line in (REPO / CHECKS).read_text().splitlines() if line and not line.startswith("#")]
    assert "ruff check ." in script and 'kbgen ci "$@"' in script
    assert [step[0] for step in gate_steps(Path("mkdocs.yml"), "text", False)] == ["check", "build", "linkcheck"]
    published = {h["id"]: h["entry"] for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert published["kbgen-ci"] == "kbgen ci"


def _copy_repo(target: Path) -> Path:
    """The repository's files as a fresh clone has them (tracked and new, not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)
    return target


def _evaluated(value: object) -> str:
    """A workflow value as a fork's pull request sees it: expressions over vars and secrets are empty."""
    return "" if "${{" in str(value) else str(value)


def run_job(workflow: Path, job_id: str, workdir: Path, private_texts: Path | None = None):
    """Run a workflow job's steps in ``workdir`` as GitHub runs them, and return (exit status, output).

    As on GitHub, ``GITHUB_ACTIONS`` is true (annotations) and ``GITHUB_STEP_SUMMARY`` names a file
    (``workdir/../summary.md``).

    The checkout of the repository is ``workdir`` itself; the checkout of the private texts is
    ``private_texts`` copied to the step's ``path`` when given (the repository is set up for them), and skipped
    when not (a fork's pull request). setup-python and the install step are what this test's environment
    already is; every other ``run`` step runs in bash with the workflow's and the job's env, stopping at the
    first failure, like the runner.
    """
    data = _workflow(workflow)
    job = data["jobs"][job_id]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.update(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(workdir.parent / "summary.md"))
    env.update({k: _evaluated(v) for k, v in {**data.get("env", {}), **job.get("env", {})}.items()})
    output = []
    for step in job["steps"]:
        if "uses" in step:
            inputs = step.get("with", {})
            if "actions/checkout" in step["uses"] and "repository" in inputs and private_texts is not None:
                shutil.copytree(private_texts, workdir / inputs["path"])
            continue
        if step["run"].startswith("pip install"):
            continue
        run = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=workdir,
                             env=env, capture_output=True, text=True, timeout=600)
        output.append(run.stdout + run.stderr)
        if run.returncode:
            return run.returncode, "\n".join(output)
    return 0, "\n".join(output)


def _change_one_word(card: Path, old: str, new: str) -> None:
    text = card.read_text(encoding="utf-8")
    assert old in text
    card.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_word_in_a_published_text_quote_fails_a_forks_pull_request(tmp_path):
    """No private texts (a fork): the quote's text is in sources/, so the misquote still fails the checks."""
    repo = _copy_repo(tmp_path / "kbgen")
    card = "evidence/finding/sk19-peer-visits-unlike-inspection.yaml"
    _change_one_word(repo / card, "a fairly dusty dirty corner", "a very dusty dirty corner")
    status, output = run_job(PULL_REQUEST, "check", repo)
    assert status != 0
    assert re.search(rf"::error file={re.escape(card)},line=\d+,col=\d+,title=kbgen quote\.not-found::", output)
    assert "quote not found in 000_b933014128d7d08f.txt" in (tmp_path / "summary.md").read_text()


def test_a_changed_word_in_a_private_text_quote_fails_when_ci_has_the_texts(tmp_path):
    if not SEEDS.is_dir():
        pytest.fail(f"the private texts stand in from the seeds; expected them at {SEEDS}")
    repo = _copy_repo(tmp_path / "kbgen")
    card = "evidence/finding/lock11-all-heads-say-facilitator-vital.yaml"
    _change_one_word(repo / card, "it needs a facilitator", "it needs an facilitator")
    status, output = run_job(PULL_REQUEST, "check", repo, private_texts=SEEDS)
    assert status != 0
    assert re.search(rf"::error file={re.escape(card)},line=\d+,col=\d+,title=kbgen quote\.not-found::", output)


def test_without_the_private_texts_the_required_job_names_every_unverified_study(tmp_path):
    repo = _copy_repo(tmp_path / "kbgen")
    status, output = run_job(PULL_REQUEST, "quotes-verified", repo)
    assert status == 1
    unverified = set(re.findall(r"quotes of study '([a-z0-9-]+)' not verified", output))
    assert unverified == {"lock-2011", "greany-2017", "dimmer-2016", "west-2006-six-accounts"}, output
    assert "solvason-kington-2019" not in unverified  # its text is published in sources/
    assert "### Quotes NOT verified" in (tmp_path / "summary.md").read_text()


def test_the_pull_request_checks_pass_on_a_good_knowledge_base(kb_dir: Path, tmp_path):
    """The same job, run the same way, passes on the fixture project (with this repository's ci/)."""
    shutil.copytree(REPO / "ci", kb_dir / "ci")
    status, output = run_job(PULL_REQUEST, "check", kb_dir)
    assert status == 0, output
    assert "+ kbgen linkcheck" in output and "0 problem(s)" in output
    assert "## kbgen check" in (kb_dir.parent / "summary.md").read_text()


def test_pre_commit_hook_runs_an_existing_command(kb_dir: Path, monkeypatch):
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    monkeypatch.chdir(kb_dir)
    for hook in hooks:
        args = shlex.split(hook["entry"])[1:]
        _parse(args)
        assert CliRunner().invoke(main, args).exit_code == 0, hook["id"]


def test_suggest_a_finding_form_mirrors_the_finding_card():
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/suggest-finding.yml").read_text())
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    schemas = Schemas()
    required = set(schemas.required(*schemas.root("finding"))) - {"id"}
    covered = {"study", "statement", "themes", "evidence_type", "quotes"}
    assert required == covered
    assert {"study", "statement", "quote", "section", "page", "speaker", "evidence_type", "themes",
            "account"} <= set(fields)
    evidence_options = [opt.split(":")[0] for opt in fields["evidence_type"]["attributes"]["options"]]
    enum = schemas.subschema("finding", ("evidence_type",))[0]["enum"]
    assert set(evidence_options) == set(enum) and len(evidence_options) == len(enum)
    theme_names = {str(card.get("name")) for card in load_evidence(REPO / "evidence")[0].of_kind("theme")}
    assert {o["label"] for o in fields["themes"]["attributes"]["options"]} == theme_names
