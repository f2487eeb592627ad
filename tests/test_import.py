"""``kbgen import``: BibTeX and RIS to citation cards, never overwriting, never duplicating."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kbgen.checker import check
from kbgen.cli import main

RIS = """TY  - CHAP
AU  - Greany, Toby
A2  - Earley, Peter
A2  - Greany, Toby
TI  - Collaboration, partnerships and system leadership across schools
T2  - School Leadership and Education System Reform
PY  - 2017
SP  - 56
EP  - 65
PB  - Bloomsbury
CY  - London
KW  - partnerships
ER  - 
TY  - JOUR
AU  - Coleman, A.
TI  - The significance of trust in school-based collaborative leadership
T2  - International Journal of Leadership in Education
PY  - 2012
ER  - 
"""


def _invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_bibtex_exported_by_the_site_round_trips_into_valid_cards(kb_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(kb_dir)
    assert _invoke("build").exit_code == 0
    fresh = tmp_path / "fresh"
    (fresh / "evidence").mkdir(parents=True)
    monkeypatch.chdir(fresh)
    result = _invoke("import", str(kb_dir / "site/bibliography/kbgen.bib"))
    assert result.exit_code == 0 and "2 card(s) written" in result.output
    card = (fresh / "evidence/citation/coleman-2012-significance.yaml").read_text()
    assert card.startswith("# yaml-language-server: $schema=")
    checked = check(fresh / "evidence")
    assert checked.errors == []
    original = check(kb_dir / "evidence").bibliography.get("coleman-2012-significance").text
    assert checked.bibliography.get("coleman-2012-significance").text == original


def test_ris_import_skips_known_works_and_names_left_out_fields(kb_dir: Path, monkeypatch):
    (kb_dir / "refs.ris").write_text(RIS)
    monkeypatch.chdir(kb_dir)
    result = _invoke("import", "refs.ris")
    assert result.exit_code == 0, result.output
    assert "skipped coleman-2012-the-significance" not in result.output
    assert "already in the knowledge base as 'coleman-2012-significance'" in result.output
    assert "left out fields kbgen does not use: keywords" in result.output
    chapter = kb_dir / "evidence/citation/greany-2017-collaboration.yaml"
    text = chapter.read_text()
    assert "booktitle: School Leadership and Education System Reform" in text and "pages: 56-65" in text
    assert check(kb_dir / "evidence").errors == []


def test_import_never_overwrites(kb_dir: Path, monkeypatch):
    (kb_dir / "one.bib").write_text("@book{time, title={Other}, author={Nobody, A.}, year={1999}, publisher={P}}\n")
    monkeypatch.chdir(kb_dir)
    before = (kb_dir / "evidence/theme/time.yaml").read_text()
    result = _invoke("import", "one.bib")
    assert "a card with id 'time' exists; not overwritten" in result.output
    assert (kb_dir / "evidence/theme/time.yaml").read_text() == before
    assert not (kb_dir / "evidence/citation/time.yaml").exists()


def test_unknown_format_is_a_usage_error(kb_dir: Path, monkeypatch):
    (kb_dir / "refs.csv").write_text("a,b\n")
    monkeypatch.chdir(kb_dir)
    assert _invoke("import", "refs.csv").exit_code == 2
