"""Findings in document order: by quote position with the full text, by the study's outline without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.checker import check
from kbgen.order import document_order, outline_rank
from kbgen.render import render_site

REPO = Path(__file__).resolve().parents[1]
SEEDS = (REPO / ".." / "shared" / "seeds").resolve()
OUTLINE = ["Account 1", "Context", "Impact", "Account 2", "Context", "Impact"]  # as heading keys


@pytest.mark.parametrize(("locator", "rank"), [
    ({"section": "Context", "part": "Account 2"}, 4), ({"section": "Context", "part": "Account 1"}, 1),
    ({"section": "Context"}, 1), ({"section": "Account 2"}, 3), ({"section": "Findings"}, None),
    ({"section": "Context", "part": "Account 3"}, None), ("not a locator", None),
])
def test_a_locator_resolves_to_its_heading_after_its_part(locator, rank):
    assert outline_rank(OUTLINE, locator) == rank


def test_study_and_account_pages_list_findings_in_document_order_without_the_full_text(kb_dir: Path):
    result = check(kb_dir / "evidence")  # no sources: the outline decides
    pages = render_site(result)
    for page in ("studies/sample-2020.md", "accounts/northtown-cluster.md"):
        text = pages[page]
        # "Trust between heads" comes before "Time" in the document, though "cover" sorts before "trust".
        assert text.index("sample-trust-safe-to-admit") < text.index("sample-cover-is-the-killer"), page


def test_with_the_full_text_quote_positions_decide(kb_dir: Path):
    result = check(kb_dir / "evidence", kb_dir / "sources")
    assert set(result.quotes.positions) == {"sample-trust-safe-to-admit", "sample-cover-is-the-killer"}
    order = [f.id for f in result.graph.findings_by_study["sample-2020"]]
    assert order == ["sample-trust-safe-to-admit", "sample-cover-is-the-killer"]


def test_the_outline_gives_the_knowledge_bases_findings_the_order_of_their_full_texts():
    if not SEEDS.is_dir():
        pytest.fail(f"expected the seeds at {SEEDS}")
    result = check(REPO / "evidence", SEEDS)
    by_text, by_outline = document_order(result.kb, result.quotes.positions), document_order(result.kb)
    for study in result.kb.of_kind("study"):
        findings = sorted(result.graph.findings_by_study[study.id], key=by_text)
        ranks = [by_outline(f)[1] for f in findings]
        assert ranks == sorted(ranks), study.id
