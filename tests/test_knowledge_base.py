"""The repository's own knowledge base: complete, faithful to its sources, and guarded by the check."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.checker import check
from kbgen.cli import main

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # several checks and builds of the real knowledge base
SEEDS = (REPO / ".." / "shared" / "seeds").resolve()
HEADLINE = ["trust", "emotional-support", "isolation", "external-facilitator", "sustainability"]


@pytest.fixture(scope="module")
def result():
    if not SEEDS.is_dir():
        pytest.fail(f"the knowledge base's quotes are checked against the seeds; expected them at {SEEDS}")
    return check(REPO / "evidence", SEEDS)


def test_checks_clean_with_every_quote_verified(result):
    assert [f"{d.path}:{d.line}: {d.message}" for d in result.diagnostics] == []
    assert result.quotes.unchecked == 0 and result.quotes.checked > 400


def test_every_source_is_carded_to_the_required_depth(result):
    kb = result.kb
    assert {s.id for s in kb.of_kind("study")} == {"solvason-kington-2019", "lock-2011", "greany-2017",
                                                     "dimmer-2016", "west-2006-six-accounts"}
    per_study = Counter(f.get("study") for f in kb.of_kind("finding"))
    assert sum(per_study.values()) >= 140
    minimum = {"solvason-kington-2019": 20, "lock-2011": 20, "dimmer-2016": 30, "west-2006-six-accounts": 36,
               "greany-2017": 15}
    assert all(per_study[study] >= n for study, n in minimum.items()), per_study
    assert {f.get("evidence_type") for f in kb.of_kind("finding") if f.get("study") == "greany-2017"} <= {
        "literature", "argument"}


def test_accounts_of_practice(result):
    accounts = result.kb.of_kind("account")
    by_study = Counter(a.get("study") for a in accounts)
    assert by_study["west-2006-six-accounts"] == 6 and by_study["lock-2011"] == 2
    assert by_study["solvason-kington-2019"] >= 1 and by_study["dimmer-2016"] >= 1
    literature = [a for a in accounts if a.get("study") == "greany-2017"]
    assert len(literature) >= 4 and all(a.get("basis") == "literature" for a in literature)
    for account in (a for a in accounts if a.get("study") == "west-2006-six-accounts"):
        assert len(result.graph.findings_by_account[account.id]) >= 6, account.id


def test_headline_themes_draw_on_every_source_that_speaks_to_them(result):
    kb, graph = result.kb, result.graph
    studies = [s.id for s in kb.of_kind("study")]
    for theme_id in HEADLINE:
        theme = kb.get(theme_id)
        assert theme.get("featured") and theme.get("summary") and theme.get("synthesis"), theme_id
        synthesis = str(theme.get("synthesis"))
        for heading in ("Where the sources agree", "Where they differ", "Which sources are silent"):
            assert f"### {heading}" in synthesis, (theme_id, heading)
        # What it means for leaders is structured now: implications resting on the theme's key findings.
        key_ids = {k["id"] for k in theme.mappings("key_findings")}
        implications = theme.mappings("implications")
        assert key_ids and implications, theme_id
        assert all(set(i["key_findings"]) <= key_ids for i in implications), theme_id
        linked = {kb.get(i).get("study") for i in re.findall(r"\[\[([a-z0-9-]+)", synthesis)}
        speaking = {f.get("study") for f in graph.findings_by_theme[theme_id]}
        assert speaking <= linked | {None}, (theme_id, speaking - linked)
        assert set(studies) >= speaking


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "evidence", tmp_path / "evidence")
    return tmp_path / "evidence"


def test_deleting_a_cited_work_fails_with_a_located_error(tmp_path):
    evidence = _copy(tmp_path)
    (evidence / "citation/coleman-2012-significance.yaml").unlink()
    errors = check(evidence).errors
    assert errors and all(e.code == "ref.unknown-citation" and e.line > 0 for e in errors)
    assert any("solvason-kington-2019.yaml" in e.path for e in errors)


def test_a_misspelt_key_names_the_closest_existing_keys(tmp_path):
    evidence = _copy(tmp_path)
    study = evidence / "study/solvason-kington-2019.yaml"
    study.write_text(study.read_text().replace("- coleman-2012-significance", "- colman-2012-significance", 1))
    errors = check(evidence).errors
    assert len(errors) == 1 and errors[0].line > 0
    assert "closest existing: coleman-2012-significance" in errors[0].hint


def test_a_duplicate_work_fails(tmp_path):
    evidence = _copy(tmp_path)
    original = (evidence / "citation/coleman-2012-significance.yaml").read_text()
    (evidence / "citation/coleman-2012-trust.yaml").write_text(
        original.replace("id: coleman-2012-significance", "id: coleman-2012-trust"))
    codes = {d.code for d in check(evidence).errors}
    assert "citation.duplicate" in codes


def test_the_sites_bibtex_round_trips_through_import(tmp_path, monkeypatch, result):
    """Every work the site's BibTeX download lists comes back as one valid card, formatted as before."""
    from kbgen.render import render_site

    bib = tmp_path / "kbgen.bib"
    bib.write_text(render_site(result)["bibliography/kbgen.bib"])
    (tmp_path / "fresh" / "evidence").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "fresh")
    run = CliRunner().invoke(main, ["import", str(bib)], catch_exceptions=False)
    assert run.exit_code == 0, run.output
    imported = check(Path("evidence"))
    assert imported.errors == []
    # Nothing skipped, nothing duplicated: one card per citable card of the knowledge base.
    citable = {card.id for card in result.kb.cards if card.kind in ("citation", "study")}
    assert {card.id for card in imported.kb.cards} == citable and " 0 skipped;" in run.output
    yin = imported.kb.get("yin-2009")  # an incomplete work keeps the reason the knowledge base gives
    assert yin.get("incomplete").startswith("Cited only in the text of [@dimmer-2016]")
    for key in ("coleman-2012-significance", "greany-2017", "lock-2011"):
        assert imported.bibliography.get(key).text == result.bibliography.get(key).text
