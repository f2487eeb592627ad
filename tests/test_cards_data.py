"""Data-driven card tests: each case under cards/ overlays files on the fixture knowledge base.

``valid/<case>/`` must check clean; ``invalid/<case>/expected.txt`` lists, one per line, the start of
every diagnostic the case must produce (``path:line:col: severity: message``) and no others.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kbgen.checker import check

CASES = Path(__file__).parent / "cards"


def _cases(kind: str) -> list[str]:
    return sorted(p.name for p in (CASES / kind).iterdir() if p.is_dir())


def _run(kb_dir: Path, case: Path, monkeypatch) -> list[str]:
    evidence = kb_dir / "evidence"
    shutil.copytree(case, evidence, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    monkeypatch.chdir(evidence)
    result = check(Path("."), kb_dir / "sources")
    return [f"{d.path}:{d.line}:{d.col}: {d.severity.value}: {d.message}" for d in result.diagnostics]


@pytest.mark.parametrize("case", _cases("valid"))
def test_valid_cards_check_clean(case: str, kb_dir: Path, monkeypatch) -> None:
    assert _run(kb_dir, CASES / "valid" / case, monkeypatch) == []


@pytest.mark.parametrize("case", _cases("invalid"))
def test_invalid_cards_give_exactly_the_expected_diagnostics(case: str, kb_dir: Path, monkeypatch) -> None:
    expected = (CASES / "invalid" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    actual = _run(kb_dir, CASES / "invalid" / case, monkeypatch)
    unmatched = [e for e in expected if not any(a.startswith(e) for a in actual)]
    assert not unmatched, f"missing {unmatched}; got {actual}"
    assert len(actual) == len(expected), f"unexpected extra diagnostics: {actual}"


def test_every_invalid_case_documents_its_expectation() -> None:
    for case in _cases("invalid"):
        assert (CASES / "invalid" / case / "expected.txt").read_text().strip(), case
