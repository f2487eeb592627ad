"""CONTRIBUTING.md works as written: its commands take a new finding from scaffold to a built page."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kbgen.cli import main

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # several checks and builds of the real knowledge base
GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _block(marker: str) -> str:
    match = re.search(rf"<!-- contributing:{marker} -->\n```\w*\n(.*?)```", GUIDE, re.DOTALL)
    assert match, f"CONTRIBUTING.md lost its {marker} block"
    return match.group(1)


def _kbgen(line: str) -> list[str]:
    args = shlex.split(line.strip())
    assert args[0] == "kbgen"
    return args[1:]


@pytest.fixture
def fresh_clone(tmp_path: Path) -> Path:
    """The project as a contributor's fresh clone has it (without the guide's example card)."""
    root = tmp_path / "clone"
    for name in ("evidence", "docs", "sources"):
        shutil.copytree(REPO / name, root / name)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(REPO / name, root / name)
    (root / "evidence/finding/sk19-peer-visits-unlike-inspection.yaml").unlink()
    return root


def test_the_guides_example_is_the_real_card():
    committed = yaml.safe_load((REPO / "evidence/finding/sk19-peer-visits-unlike-inspection.yaml").read_text())
    assert yaml.safe_load(_block("card")) == committed


def test_following_the_guide_takes_a_finding_from_scaffold_to_a_page(fresh_clone: Path, monkeypatch):
    monkeypatch.chdir(fresh_clone)
    runner = CliRunner()

    new = runner.invoke(main, _kbgen(_block("new")), catch_exceptions=False)
    assert new.exit_code == 0, new.output
    card = fresh_clone / "evidence/finding/sk19-peer-visits-unlike-inspection.yaml"
    scaffold = card.read_text()
    assert 'study: "solvason-kington-2019"' in scaffold  # filled in from the account, as the guide says

    unfilled = runner.invoke(main, ["check"], catch_exceptions=False)
    assert unfilled.exit_code == 1 and "'statement' is empty: fill it in" in unfilled.output

    card.write_text(scaffold.splitlines()[0] + "\n" + _block("card"))  # keep the editor's schema line
    # A contributor's clone has the published texts (sources/) but not the private ones.
    monkeypatch.delenv("KBGEN_SOURCES", raising=False)
    checked = runner.invoke(main, _kbgen(_block("check")) + ["--strict"], catch_exceptions=False)
    assert checked.exit_code == 0, checked.output
    assert "0 error(s), 0 warning(s)" in checked.output
    assert "quotes of study 'lock-2011' not verified" in checked.output  # named, as the guide says
    assert "solvason-kington-2019 (" not in checked.output  # the new card's quotes were verified

    built = runner.invoke(main, _kbgen(_block("build")), catch_exceptions=False)
    assert built.exit_code == 0, built.output
    page = (fresh_clone / "site/findings/sk19-peer-visits-unlike-inspection/index.html").read_text()
    assert "Sunday best" in page and "../../studies/solvason-kington-2019/" in page
    assert (fresh_clone / "site/contributing/index.html").is_file()
