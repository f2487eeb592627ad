"""``kbgen new`` and ``kbgen schema``: scaffolded cards guide contributors to a passing card."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.checker import check
from kbgen.cli import main
from kbgen.schema import read_schema_texts


def _invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_new_finding_is_prefilled_commented_and_points_editors_at_the_schema(kb_dir: Path, monkeypatch):
    monkeypatch.chdir(kb_dir)
    result = _invoke("new", "finding", "sample-new", "--account", "northtown-cluster", "--theme", "trust")
    assert result.exit_code == 0, result.output
    card = kb_dir / "evidence/finding/sample-new.yaml"
    first, *rest = card.read_text().splitlines()
    assert first.startswith("# yaml-language-server: $schema=")
    schema = (card.parent / first.split("=", 1)[1]).resolve()
    assert json.loads(schema.read_text())["title"] == "Finding card"
    text = "\n".join(rest)
    assert 'study: "sample-2020"' in text and 'account: "northtown-cluster"' in text and 'themes: ["trust"]' in text
    assert "# The claim in one or two plain sentences" in text


def test_an_unfilled_card_fails_naming_each_field_to_fill(kb_dir: Path, monkeypatch):
    monkeypatch.chdir(kb_dir)
    _invoke("new", "finding", "sample-new", "--study", "sample-2020", "--theme", "trust")
    problems = [(d.code, d.message) for d in check(Path("evidence")).errors]
    assert problems == [
        ("schema.unfilled", "'statement' is empty: fill it in"),
        ("schema.unfilled", "'evidence_type' is empty: fill it in"),
        ("schema.unfilled", "'quotes[0].text' is empty: fill it in"),
        ("schema.unfilled", "'quotes[0].locator.section' is empty: fill it in"),
    ]


def test_a_filled_in_card_passes_and_becomes_a_page(kb_dir: Path, monkeypatch):
    monkeypatch.chdir(kb_dir)
    _invoke("new", "finding", "sample-new", "--study", "sample-2020", "--theme", "time")
    card = kb_dir / "evidence/finding/sample-new.yaml"
    text = card.read_text()
    for empty, filled in (("statement:", "statement: A facilitator valued time to think."),
                          ("evidence_type:", "evidence_type: data"),
                          ("    text:", '    text: "a space to think, away from the day-to-day"'),
                          ("      section:", "      section: Trust between heads")):
        text = text.replace(empty + "\n", filled + "\n", 1)
    card.write_text(text)
    assert check(Path("evidence"), Path("sources")).diagnostics == []
    assert _invoke("build", "--strict").exit_code == 0
    assert "A facilitator valued time to think" in (kb_dir / "site/findings/sample-new/index.html").read_text()


@pytest.mark.parametrize("kind", ["study", "account", "finding", "citation", "theme", "term"])
def test_every_template_is_valid_yaml_that_only_asks_for_its_blanks(kind: str, kb_dir: Path, monkeypatch):
    monkeypatch.chdir(kb_dir)
    assert _invoke("new", kind, f"new-{kind}").exit_code == 0
    codes = {d.code for d in check(Path("evidence")).errors if f"new-{kind}" in d.path}
    assert codes and codes <= {"schema.unfilled", "schema.empty"}, codes


def test_new_never_overwrites(kb_dir: Path, monkeypatch):
    monkeypatch.chdir(kb_dir)
    before = (kb_dir / "evidence/theme/trust.yaml").read_text()
    result = _invoke("new", "theme", "trust")
    assert result.exit_code == 1 and "already exists" in result.output
    assert (kb_dir / "evidence/theme/trust.yaml").read_text() == before


def test_options_a_kind_cannot_use_are_usage_errors(kb_dir: Path, monkeypatch):
    monkeypatch.chdir(kb_dir)
    assert _invoke("new", "theme", "x", "--study", "sample-2020").exit_code == 2


def test_schema_command_writes_the_shipped_schemas(tmp_path: Path):
    assert _invoke("schema", "--out", str(tmp_path / "schemas")).exit_code == 0
    for name, text in read_schema_texts().items():
        assert (tmp_path / "schemas" / name).read_text() == text
