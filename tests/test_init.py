"""`kbgen init`: a new knowledge base that checks and builds at once, and stays valid without its examples."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.loader import load_evidence
from kbgen.project import kbgen_options, read_config
from kbgen.schema import Schemas

REPO = Path(__file__).resolve().parents[1]
TITLE = 'Trust: "the evidence" & more # not a comment'
EXAMPLES = ("evidence/study/example-2024.yaml", "evidence/account/example-planning-partnership.yaml",
            "evidence/finding/example-planning-day-saved-time.yaml", "evidence/citation/example-sample-2010.yaml",
            "evidence/theme/example-shared-planning.yaml", "evidence/term/example-cpd.yaml")


def _kbgen(cwd: Path, *args: str):
    """Run kbgen in ``cwd`` as a user would (the CLI's own exit status and output)."""
    old = Path.cwd()
    try:
        os.chdir(cwd)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project written by `kbgen init`, checked and built once for this module."""
    root = tmp_path_factory.mktemp("init")
    result = _kbgen(root, "init", "demo", "--title", TITLE)
    assert result.exit_code == 0, result.output
    assert "cd demo" in result.output
    return root / "demo"


def test_the_new_project_checks_with_every_quote_verified(project: Path):
    result = _kbgen(project, "check", "--strict")
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s) in 6 cards" in result.output
    assert "3 quotes verified against the sources" in result.output and "NOT verified" not in result.output


def test_the_new_project_builds_a_site_with_a_page_per_card(project: Path):
    result = _kbgen(project, "build", "--strict")
    assert result.exit_code == 0, result.output
    site = project / "site"
    for page in ("index.html", "themes/example-shared-planning/index.html", "studies/example-2024/index.html",
                 "accounts/example-planning-partnership/index.html", "about/index.html", "contributing/index.html",
                 "findings/example-planning-day-saved-time/index.html", "bibliography/example-sample-2010/index.html"):
        assert (site / page).is_file(), page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '>Trust: "the evidence" &amp; more # not a comment' in home
    from kbgen.linkcheck import check_site

    assert check_site(site).broken == []


def test_every_example_is_marked_and_the_kinds_are_all_there(project: Path):
    kb = load_evidence(project / "evidence")[0]
    assert {card.kind for card in kb.cards} == {"study", "account", "finding", "citation", "theme", "term"}
    for path in EXAMPLES:
        text = (project / path).read_text()
        assert text.startswith("# EXAMPLE card, written by `kbgen init`"), path
        assert re.search(r"^id: example-", text, re.MULTILINE), path


def test_options_fill_the_title_and_no_placeholder_is_left(project: Path):
    config = read_config(project / "mkdocs.yml")
    assert config["site_name"] == TITLE and kbgen_options(config)["title"] == TITLE
    for path in project.rglob("*"):
        if path.is_file() and "site" not in path.relative_to(project).parts[:1]:
            assert "__KBGEN_" not in path.read_text(encoding="utf-8"), path


def test_removing_the_examples_leaves_a_valid_empty_site(tmp_path: Path):
    assert _kbgen(tmp_path, "init", "empty").exit_code == 0
    project = tmp_path / "empty"
    for path in EXAMPLES:
        (project / path).unlink()
    (project / "sources/example-study.txt").unlink()
    checked = _kbgen(project, "check", "--strict")
    assert checked.exit_code == 0, checked.output
    assert "0 error(s), 0 warning(s) in 0 cards" in checked.output
    assert _kbgen(project, "build", "--strict").exit_code == 0
    assert (project / "site/index.html").is_file() and (project / "site/themes/index.html").is_file()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    result = _kbgen(tmp_path, "init", "taken")
    assert result.exit_code == 1
    assert "taken is not empty: kbgen init writes only into a new or empty folder (nothing was written)" in \
        result.output
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]  # no staging folder left behind
    (tmp_path / "empty").mkdir()
    assert _kbgen(tmp_path, "init", "empty").exit_code == 0  # an empty folder is fine


def test_init_refuses_a_title_on_two_lines(tmp_path: Path):
    result = _kbgen(tmp_path, "init", "demo", "--title", "two\nlines")
    assert result.exit_code == 1 and "the title must be one line of text" in result.output
    assert not (tmp_path / "demo").exists()


def test_the_new_projects_gates_run_kbgen_ci_with_pinned_actions(project: Path):
    workflows = sorted((project / ".github/workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["publish.yml", "pull-request.yml"]
    for workflow in workflows:
        data = yaml.safe_load(workflow.read_text())
        steps = [step for job in data["jobs"].values() for step in job["steps"]]
        for step in steps:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        commands = [shlex.split(s["run"])[1:] for s in steps if s.get("run", "").startswith("kbgen ")]
        assert ["ci"] in commands, workflow.name
        for args in commands:
            main.get_command(click.Context(main), args[0]).make_context(args[0], args[1:])
    hooks = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert [hook["entry"] for hook in hooks] == ["kbgen ci"]


def test_the_new_projects_issue_form_asks_for_every_required_finding_field(project: Path):
    form = yaml.safe_load((project / ".github/ISSUE_TEMPLATE/suggest-finding.yml").read_text())
    fields = {item["id"] for item in form["body"] if "id" in item}
    schemas = Schemas()
    required = set(schemas.required(*schemas.root("finding"))) - {"id", "quotes"}
    assert required | {"quote", "section"} <= fields


def test_no_words_of_this_knowledge_base_are_left_in_the_package():
    """Titles and introductions of this repository's own knowledge base live in its mkdocs.yml, not in kbgen."""
    for path in (REPO / "src/kbgen").rglob("*"):
        if path.is_file() and path.suffix in (".py", ".json", ".md", ".yml", ".yaml", ".txt"):
            assert "schools working together" not in path.read_text(encoding="utf-8").lower(), path


def test_the_new_projects_guide_commands_work(tmp_path: Path):
    """Every kbgen command CONTRIBUTING.md shows parses, and its `kbgen new` writes the card it describes."""
    assert _kbgen(tmp_path, "init", "demo").exit_code == 0
    project = tmp_path / "demo"
    blocks = re.findall(r"```sh\n(.*?)```", (project / "CONTRIBUTING.md").read_text(), re.DOTALL)
    commands = [shlex.split(line)[1:] for block in blocks for line in block.splitlines() if line.startswith("kbgen ")]
    assert {args[0] for args in commands} >= {"new", "check", "serve"}
    for args in commands:
        main.get_command(click.Context(main), args[0]).make_context(args[0], args[1:])
    new = next(args for args in commands if args[0] == "new")
    assert _kbgen(project, *new).exit_code == 0
    assert (project / f"evidence/finding/{new[2]}.yaml").is_file()
