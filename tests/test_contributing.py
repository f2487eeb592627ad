"""CONTRIBUTING.md works as written: its commands take a new finding from scaffold to a built page."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import Guided, guide_block

REPO = Path(__file__).resolve().parents[1]
# Several checks and a build of the real knowledge base, shared with the search tests (conftest's SHARED_WORKER).
pytestmark = pytest.mark.slow


def test_the_guides_example_is_the_real_card():
    committed = yaml.safe_load((REPO / "evidence/finding/sk19-peer-visits-unlike-inspection.yaml").read_text())
    assert yaml.safe_load(guide_block("card")) == committed


def test_following_the_guide_takes_a_finding_from_scaffold_to_a_page(guided: Guided):
    steps = guided.steps
    assert steps["new"][0] == 0, steps["new"][1]
    assert 'study: "solvason-kington-2019"' in guided.scaffold  # filled in from the account, as the guide says

    unfilled = steps["unfilled"]
    assert unfilled[0] == 1 and "'statement' is empty: fill it in" in unfilled[1]

    # A contributor's clone has the published texts (sources/) but not the private ones.
    code, output = steps["check"]
    assert code == 0, output
    assert "0 error(s), 0 warning(s)" in output
    assert "quotes of study 'lock-2011' not verified" in output  # named, as the guide says
    assert "solvason-kington-2019 (" not in output  # the new card's quotes were verified

    assert steps["build"][0] == 0, steps["build"][1]
    page = (guided.root / "site/findings/sk19-peer-visits-unlike-inspection/index.html").read_text()
    assert "Sunday best" in page and "../../studies/solvason-kington-2019/" in page
    assert (guided.root / "site/contributing/index.html").is_file()
