"""The command line, driven through click's CliRunner on real card files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main

BROKEN_FINDING = """\
id: sample-broken-ref
statement: Claimed.
study: sample-2020
themes: [trsut]
evidence_type: data
quotes:
  - text: "nobody was judging"
    locator: {section: Trust between heads}
"""


def _run(kb_dir: Path, monkeypatch, *args: str):
    monkeypatch.chdir(kb_dir)
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_clean_with_sources(kb_dir, monkeypatch):
    result = _run(kb_dir, monkeypatch, "check", "--sources", "sources", "--strict")
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s) in 7 cards" in result.output
    assert "3 quotes verified against the sources" in result.output


def test_check_without_sources_says_quotes_were_not_checked(kb_dir, monkeypatch):
    result = _run(kb_dir, monkeypatch, "check")
    assert result.exit_code == 0
    assert "quotes not verified (3): no folder of full texts was given" in result.output
    assert "notice: 3 quotes of study 'sample-2020' not verified" in result.output


def test_errors_exit_1_with_located_text(kb_dir, monkeypatch):
    (kb_dir / "evidence/finding/sample-broken-ref.yaml").write_text(BROKEN_FINDING)
    result = _run(kb_dir, monkeypatch, "check")
    assert result.exit_code == 1
    assert "evidence/finding/sample-broken-ref.yaml:4:10: error: unknown theme 'trsut' [ref.unknown]" in result.output
    assert "hint: closest existing: trust" in result.output


def test_every_problem_is_reported_in_one_run(kb_dir, monkeypatch):
    (kb_dir / "evidence/finding/sample-broken-ref.yaml").write_text(BROKEN_FINDING)
    (kb_dir / "evidence/theme/bad.yaml").write_text("id: bad\nname: [oops\n")
    (kb_dir / "evidence/theme/time.yaml").write_text("id: time\nname: Time\ndefinition: T.\ncolour: red\n")
    result = _run(kb_dir, monkeypatch, "check", "--sources", "sources", "--format", "json")
    payload = json.loads(result.output)
    assert result.exit_code == 1 and payload["ok"] is False
    codes = sorted(d["code"] for d in payload["diagnostics"])
    assert codes == ["ref.unknown", "schema.unknown-field", "yaml.unclosed-bracket"]


def test_github_format_and_job_summary(kb_dir, monkeypatch, tmp_path):
    (kb_dir / "evidence/finding/sample-broken-ref.yaml").write_text(BROKEN_FINDING)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = _run(kb_dir, monkeypatch, "check", "--format", "github")
    assert result.exit_code == 1
    assert result.output.startswith(
        "::error file=evidence/finding/sample-broken-ref.yaml,line=4,col=10,title=kbgen ref.unknown::unknown theme")
    assert "| ❌ | `evidence/finding/sample-broken-ref.yaml:4` | unknown theme 'trsut'" in summary.read_text()


def test_strict_fails_on_warnings(kb_dir, monkeypatch):
    study = kb_dir / "evidence/study/sample-2020.yaml"
    study.write_text(study.read_text().replace("full_text: sample-study.txt\n", ""))
    assert _run(kb_dir, monkeypatch, "check", "--sources", "sources").exit_code == 0
    result = _run(kb_dir, monkeypatch, "check", "--sources", "sources", "--strict")
    assert result.exit_code == 1 and "warning: this study names no `full_text`" in result.output


def test_usage_errors_exit_2(kb_dir, monkeypatch):
    assert _run(kb_dir, monkeypatch, "check", "--evidence", "nowhere").exit_code == 2
    assert _run(kb_dir, monkeypatch, "check", "--format", "xml").exit_code == 2
    assert _run(kb_dir, monkeypatch, "check", "--sources", "nowhere").exit_code == 2


def test_render_writes_pages_and_a_plugin_free_config(kb_dir, monkeypatch):
    result = _run(kb_dir, monkeypatch, "render", "--out", "rendered")
    assert result.exit_code == 0, result.output
    pages = kb_dir / "rendered/docs"
    assert (pages / "themes/trust.md").is_file() and (pages / "about.md").is_file()
    config = (kb_dir / "rendered/mkdocs.yml").read_text()
    body = config.split("\n", 1)[1]
    assert "- kbgen" not in body and "kbgen:" not in body and "docs_dir: docs" in config  # no kbgen plugin
    assert "assets/kbgen/kbgen.css" in body and (pages / "assets/kbgen/kbgen.css").is_file()  # its stylesheet


def test_render_refuses_to_write_when_cards_are_broken(kb_dir, monkeypatch):
    (kb_dir / "evidence/finding/sample-broken-ref.yaml").write_text(BROKEN_FINDING)
    result = _run(kb_dir, monkeypatch, "render", "--out", "rendered")
    assert result.exit_code == 1 and not (kb_dir / "rendered").exists()


def test_a_broken_card_is_reported_once_not_by_every_card_that_links_it(kb_dir, monkeypatch):
    (kb_dir / "evidence/theme/time.yaml").write_text("id: time\nname: [broken\n")
    result = _run(kb_dir, monkeypatch, "check")
    assert result.exit_code == 1
    assert "1 error(s)" in result.output and "yaml.unclosed-bracket" in result.output
