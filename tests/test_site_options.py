"""What a knowledge base words for itself lives in its mkdocs.yml: the title and the index introductions."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.checker import check
from kbgen.cli import main
from kbgen.errors import KbgenError
from kbgen.render import render_site
from kbgen.render.site import DEFAULT_INTRODUCTIONS

FIXTURE = Path(__file__).parent / "fixtures" / "kb"


@pytest.fixture(scope="module")
def result():
    return check(FIXTURE / "evidence")


def test_the_accounts_introduction_is_an_option_with_a_neutral_default(result):
    default = render_site(result)["accounts/index.md"]
    assert DEFAULT_INTRODUCTIONS["accounts"] in default
    worded = render_site(result, introductions={"accounts": "Cases of *clusters*, as reported."})
    assert "Cases of *clusters*, as reported." in worded["accounts/index.md"]
    assert DEFAULT_INTRODUCTIONS["accounts"] not in worded["accounts/index.md"]


def test_an_introduction_for_a_page_that_takes_none_is_refused(result):
    with pytest.raises(KbgenError, match="no introduction for themez"):
        render_site(result, introductions={"themez": "Typo."})


def test_the_home_page_title_defaults_to_the_site_name(kb_dir: Path, monkeypatch):
    monkeypatch.chdir(kb_dir)
    assert CliRunner().invoke(main, ["render", "--out", "rendered"], catch_exceptions=False).exit_code == 0
    assert "# Fixture KB\n" in (kb_dir / "rendered/docs/index.md").read_text()


def test_the_build_refuses_an_unknown_introduction(kb_dir: Path, monkeypatch, caplog):
    config = kb_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - kbgen\n", "  - kbgen:\n      introductions: {themez: x}\n"))
    monkeypatch.chdir(kb_dir)
    assert CliRunner().invoke(main, ["build"], catch_exceptions=False).exit_code == 1
    assert "introductions: no introduction for themez (pages that take one: accounts)" in caplog.text
