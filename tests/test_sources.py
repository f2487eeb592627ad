"""The full texts: one setting in mkdocs.yml for `kbgen check`, `kbgen build` and `mkdocs build`, and every
study whose quotes could not be verified named, as a notice or (when required) as an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.project import load_config_text

FINDING = "evidence/finding/sample-cover-is-the-killer.yaml"


def _run(kb_dir: Path, monkeypatch, *args: str):
    monkeypatch.chdir(kb_dir)
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _set_sources(kb_dir: Path, value: str) -> None:
    config = kb_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - kbgen\n", f"  - kbgen:\n      sources_dir: {value}\n"))


def _misquote(kb_dir: Path) -> None:
    card = kb_dir / FINDING
    card.write_text(card.read_text().replace("release staff", "free staff"))


def test_check_reads_the_sources_folder_from_mkdocs_yml(kb_dir, monkeypatch):
    _set_sources(kb_dir, "sources")
    result = _run(kb_dir, monkeypatch, "check", "--strict")
    assert result.exit_code == 0, result.output
    assert "3 quotes verified against the sources" in result.output and "notice" not in result.output
    _misquote(kb_dir)
    result = _run(kb_dir, monkeypatch, "check")
    assert result.exit_code == 1
    assert f"{FINDING}:8:" in result.output and "[quote.not-found]" in result.output


def test_sources_flag_overrides_the_config(kb_dir, monkeypatch, tmp_path):
    _set_sources(kb_dir, "sources")
    (tmp_path / "empty").mkdir()
    result = _run(kb_dir, monkeypatch, "check", "--sources", str(tmp_path / "empty"))
    assert result.exit_code == 0
    assert "0 quotes verified against the sources; 3 NOT verified, of studies: sample-2020 (3)" in result.output


def test_env_override_and_a_missing_folder_name_the_unverified_study(kb_dir, monkeypatch):
    _set_sources(kb_dir, "!ENV [KBGEN_TEST_SOURCES, ../no-such-texts]")
    monkeypatch.delenv("KBGEN_TEST_SOURCES", raising=False)
    result = _run(kb_dir, monkeypatch, "check", "--strict")
    assert result.exit_code == 0, result.output  # unverified is a notice: it never fails by itself
    assert ("evidence/study/sample-2020.yaml:12:12: notice: 3 quotes of study 'sample-2020' not verified: "
            "'sample-study.txt' is in none of ../no-such-texts/ (missing) [quote.unverified]") in result.output
    monkeypatch.setenv("KBGEN_TEST_SOURCES", "sources")
    assert "3 quotes verified" in _run(kb_dir, monkeypatch, "check").output


def test_require_sources_makes_unverified_studies_errors(kb_dir, monkeypatch):
    result = _run(kb_dir, monkeypatch, "check", "--require-sources")
    assert result.exit_code == 1
    assert "error: 3 quotes of study 'sample-2020' not verified: no folder of full texts was given" in result.output
    config = kb_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - kbgen\n", "  - kbgen:\n      require_sources: true\n"))
    assert _run(kb_dir, monkeypatch, "check").exit_code == 1
    assert _run(kb_dir, monkeypatch, "check", "--sources", "sources").exit_code == 0


def test_texts_are_searched_in_each_folder_in_order(kb_dir, monkeypatch, tmp_path):
    public = kb_dir / "public-texts"
    public.mkdir()
    (kb_dir / "sources" / "sample-study.txt").rename(kb_dir / "private.txt")
    _set_sources(kb_dir, "[public-texts, !ENV [KBGEN_TEST_SOURCES, private]]")
    monkeypatch.delenv("KBGEN_TEST_SOURCES", raising=False)
    assert "3 NOT verified" in _run(kb_dir, monkeypatch, "check").output
    (kb_dir / "private").mkdir()
    (kb_dir / "private.txt").rename(kb_dir / "private" / "sample-study.txt")
    assert "3 quotes verified against the sources" in _run(kb_dir, monkeypatch, "check").output


def test_github_format_annotates_and_summarises_the_unverified_studies(kb_dir, monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = _run(kb_dir, monkeypatch, "check", "--strict", "--format", "github")
    assert result.exit_code == 0
    assert ("::notice file=evidence/study/sample-2020.yaml,line=12,col=12,title=kbgen quote.unverified::"
            "3 quotes of study 'sample-2020' not verified") in result.output
    text = summary.read_text()
    assert "### Quotes NOT verified" in text
    assert "| `sample-2020` | 3 | no folder of full texts was given |" in text


def test_json_lists_the_unverified_studies(kb_dir, monkeypatch):
    payload = json.loads(_run(kb_dir, monkeypatch, "check", "--format", "json").output)
    assert payload["quotes"]["unverified"] == [
        {"study": "sample-2020", "quotes": 3, "reason": "no folder of full texts was given"}]
    assert payload["notices"] == 1 and payload["warnings"] == 0


def test_the_build_verifies_quotes_from_the_same_setting(kb_dir, monkeypatch, caplog):
    _set_sources(kb_dir, "sources")
    _misquote(kb_dir)
    result = _run(kb_dir, monkeypatch, "build", "--strict")
    assert result.exit_code == 1 and "quote not found in sample-study.txt" in caplog.text
    assert not (kb_dir / "site").exists()


def test_the_build_reports_unverified_quotes_and_can_require_them(kb_dir, monkeypatch, caplog):
    _set_sources(kb_dir, "../no-such-texts")
    assert _run(kb_dir, monkeypatch, "build", "--strict").exit_code == 0  # a notice is not a warning
    assert "3 quotes of study 'sample-2020' not verified" in caplog.text
    config = kb_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace("sources_dir: ../no-such-texts\n",
                                                 "sources_dir: ../no-such-texts\n      require_sources: true\n"))
    caplog.clear()
    assert _run(kb_dir, monkeypatch, "build").exit_code == 1
    assert any(r.levelname == "ERROR" and "'sample-study.txt' is in none of" in r.message for r in caplog.records)


@pytest.mark.parametrize("text, expected", [
    ("a: !ENV [KBGEN_TEST_VAR, fallback]", {"a": "fallback"}),
    ("a: !relative $config_dir/x", {"a": "$config_dir/x"}),
    ("a: !!python/name:os.system", {"a": ""}),
    ("a: !!python/object/apply:os.system [echo hacked]", {"a": ["echo hacked"]}),
])
def test_config_tags_are_data_never_code(text, expected, monkeypatch):
    monkeypatch.delenv("KBGEN_TEST_VAR", raising=False)
    assert load_config_text(text) == expected
