"""``kbgen build --draft``: a preview of a knowledge base with errors, never the published site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main

CASES = Path(__file__).parent / "cards/invalid"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def broken_kb(kb_dir: Path) -> Path:
    """The fixture knowledge base with a misquote, a dangling theme, hostile HTML and a card that needs a broken one."""
    for case in ("misquote", "broken-reference", "raw-html"):
        shutil.copytree(CASES / case, kb_dir / "evidence", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("expected.txt"))
    (kb_dir / "evidence/finding/sample-needs-broken.yaml").write_text(
        "id: sample-needs-broken\nstatement: Relies on [[extra]].\nstudy: sample-2020\nthemes: [extra]\n"
        "evidence_type: data\nquotes: [{text: safe to admit, locator: {section: Trust between heads}}]\n")
    (kb_dir / "evidence/finding/sample-hostile.yaml").write_text(
        "id: sample-hostile\nstatement: S.\nstudy: sample-2020\nthemes: [trust]\nevidence_type: data\n"
        "quotes: [{text: \"we could admit what wasn't working - <img src=x onerror=alert(1)> was judging\", "
        "locator: {section: Trust between heads}}]\n")
    config = kb_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - kbgen\n", "  - kbgen:\n      sources_dir: sources\n"))
    return kb_dir


def test_a_knowledge_base_with_errors_previews_with_every_error_listed(broken_kb: Path, monkeypatch):
    monkeypatch.chdir(broken_kb)
    assert CliRunner().invoke(main, ["build"]).exit_code == 1  # the real build still refuses
    result = CliRunner().invoke(main, ["build", "--draft"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    draft = broken_kb / "site-draft"
    assert not (broken_kb / "site").exists()
    errors = (draft / "errors/index.html").read_text()
    for message in ("quote not found in sample-study.txt", "unknown theme &#39;trsut&#39;",
                    "raw HTML is not allowed in cards", "evidence/finding/sample-needs-broken.yaml"):
        assert message in errors.replace("'", "&#39;"), message
    assert "onerror=alert(1)&gt;" in errors.replace("&lt;", "<")  # the hostile quote is shown, as text
    # The messages quote the hostile markup, as text: never as a tag or an attribute.
    assert "<img src=x" not in errors and '<a href="x" onclick' not in errors
    home = (draft / "index.html").read_text()
    assert "Draft preview: not the published site" in home and 'href="errors/"' in home
    assert "Draft preview" in (draft / "themes/trust/index.html").read_text()
    # Cards with errors, and the card that relied on one of them, are left out; the rest are there.
    assert not (draft / "findings/sample-misquote/index.html").exists()
    assert not (draft / "themes/extra/index.html").exists()
    assert not (draft / "findings/sample-needs-broken/index.html").exists()
    assert (draft / "findings/sample-trust-safe-to-admit/index.html").is_file()
    from kbgen.linkcheck import check_site

    assert check_site(draft).broken == []  # no page links to a card that was left out


def test_the_draft_is_never_strict_and_never_in_ci():
    result = CliRunner().invoke(main, ["build", "--draft", "--strict"])
    assert result.exit_code == 2 and "cannot be --strict" in result.output
    for workflow in (REPO / ".github/workflows").glob("*.yml"):
        assert "--draft" not in workflow.read_text() and "KBGEN_DRAFT" not in workflow.read_text()
