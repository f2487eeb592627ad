"""``kbgen import``: exports to citation cards, never overwriting, never duplicating, never losing a work."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from kbgen.checker import check
from kbgen.cli import main
from kbgen.import_fields import Record, put_date, put_doi, put_isbn, put_issn, put_pages, suggest_key
from kbgen.model import slug

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
VL  - 15
IS  - 1
SP  - 79
EP  - 106
UR  - https://example.org/coleman
ER  - 
"""


def _invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _card(kb_dir: Path, key: str) -> dict:
    return yaml.safe_load((kb_dir / "evidence/citation" / f"{key}.yaml").read_text())


def _row(output: str, entry: str) -> list[str]:
    """The report table's cells for one entry."""
    line = next(line for line in output.splitlines() if line.startswith(f"| {entry} |"))
    return [cell.strip() for cell in line.strip("|").split(" | ")]


def test_bibtex_exported_by_the_site_round_trips_into_valid_cards(kb_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(kb_dir)
    assert _invoke("build").exit_code == 0
    fresh = tmp_path / "fresh"
    (fresh / "evidence").mkdir(parents=True)
    monkeypatch.chdir(fresh)
    result = _invoke("import", str(kb_dir / "site/bibliography/kbgen.bib"))
    assert result.exit_code == 0 and "2 written" in result.output
    card = (fresh / "evidence/citation/coleman-2012-significance.yaml").read_text()
    assert card.startswith("# yaml-language-server: $schema=")
    checked = check(fresh / "evidence")
    assert checked.errors == []
    original = check(kb_dir / "evidence").bibliography.get("coleman-2012-significance").text
    assert checked.bibliography.get("coleman-2012-significance").text == original


def test_a_known_work_is_reported_with_the_fields_each_record_has(kb_dir: Path, monkeypatch):
    (kb_dir / "refs.ris").write_text(RIS)
    monkeypatch.chdir(kb_dir)
    result = _invoke("import", "refs.ris")
    assert result.exit_code == 0, result.output
    _, outcome, key, why, *_ = _row(result.output, "record 2")
    assert (outcome, key) == ("duplicate", "coleman-2012-significance")
    assert "the card has author, journal, number, pages, title, type, volume, year" in why
    assert "this record has author, journal, number, pages, title, type, url, volume, year" in why
    assert "--update" in why  # the record is more complete: say how to use it
    chapter = _row(result.output, "record 1")
    assert chapter[1:3] == ["written", "greany-2017-collaboration"]
    assert "keywords: kbgen's citation card has no field for it" in chapter[5]
    text = (kb_dir / "evidence/citation/greany-2017-collaboration.yaml").read_text()
    assert "booktitle: School Leadership and Education System Reform" in text and "pages: 56-65" in text
    assert check(kb_dir / "evidence").errors == []


def test_update_lets_the_more_complete_record_replace_the_card_keeping_what_people_added(kb_dir: Path, monkeypatch):
    card = kb_dir / "evidence/citation/coleman-2012-significance.yaml"
    card.write_text(card.read_text() + "distinct_from: []\n")
    (kb_dir / "refs.ris").write_text(RIS)
    monkeypatch.chdir(kb_dir)
    result = _invoke("import", "--update", "refs.ris")
    assert _row(result.output, "record 2")[1] == "updated"
    updated = _card(kb_dir, "coleman-2012-significance")
    assert updated["url"] == "https://example.org/coleman" and updated["distinct_from"] == []
    assert check(kb_dir / "evidence").errors == []


def test_a_key_taken_by_a_different_work_gets_a_new_id_and_nothing_is_overwritten(kb_dir: Path, monkeypatch):
    (kb_dir / "one.bib").write_text("@book{time, title={Other}, author={Nobody, A.}, year={1999}, publisher={P}}\n")
    monkeypatch.chdir(kb_dir)
    before = (kb_dir / "evidence/theme/time.yaml").read_text()
    result = _invoke("import", "one.bib")
    assert _row(result.output, "time")[1:4] == ["written", "time-2", "the id 'time' is taken by another work"]
    assert (kb_dir / "evidence/theme/time.yaml").read_text() == before
    assert _card(kb_dir, "time-2")["title"] == "Other"


def test_two_records_of_one_work_in_a_file_keep_the_more_complete(kb_dir: Path, monkeypatch):
    (kb_dir / "two.bib").write_text(
        "@book{thin, title={The Same Book}, author={Writer, W.}, year={2001}}\n"
        "@book{full, title={The same book}, author={Writer, W.}, year={2001}, publisher={P}, isbn={0-306-40615-2}}\n"
        "@book{mid, title={The same book}, author={Writer, W.}, year={2001}, publisher={P}}\n")
    monkeypatch.chdir(kb_dir)
    result = _invoke("import", "two.bib")
    assert [_row(result.output, key)[1] for key in ("thin", "full", "mid")] == ["merged", "written", "merged"]
    assert "the same work as full" in _row(result.output, "thin")[3]
    assert _card(kb_dir, "full")["publisher"] == "P"
    assert not (kb_dir / "evidence/citation/thin.yaml").exists()


def test_three_different_anonymous_undated_records_all_survive(kb_dir: Path, monkeypatch):
    (kb_dir / "anon.ris").write_text("".join(f"TY  - GEN\nN1  - note {n}\nER  - \n" for n in range(3)))
    monkeypatch.chdir(kb_dir)
    result = _invoke("import", "anon.ris")
    assert [_row(result.output, f"record {n}")[1:3] for n in (1, 2, 3)] == [
        ["written", "anonymous-nd"], ["written", "anonymous-nd-2"], ["written", "anonymous-nd-3"]]
    assert "incomplete" in _card(kb_dir, "anonymous-nd-3")
    assert check(kb_dir / "evidence").errors == []


def test_a_file_that_is_neither_bibtex_nor_ris_is_an_error_and_writes_nothing(kb_dir: Path, monkeypatch):
    monkeypatch.chdir(kb_dir)
    for name, text in (("refs.csv", "a,b\n"), ("refs.ris", "just some text\n"), ("refs.bib", "% only a comment\n")):
        (kb_dir / name).write_text(text)
        result = _invoke("import", name)
        assert result.exit_code == 2 and "not a BibTeX, RIS or Web of Science file" in result.output
    assert sorted(p.name for p in (kb_dir / "evidence/citation").iterdir()) == ["coleman-2012-significance.yaml"]


def test_an_undefined_string_macro_marks_the_card_incomplete_never_empty(kb_dir: Path, monkeypatch):
    (kb_dir / "macro.bib").write_text("@book{b, title={T}, author={Writer, W.}, year={2001}, publisher=pub}\n")
    monkeypatch.chdir(kb_dir)
    result = _invoke("import", "macro.bib")
    card = _card(kb_dir, "b")
    assert "publisher" not in card
    assert "`publisher` uses the macro `pub`, which the file never defines" in card["incomplete"]
    assert "the macro `pub`" in _row(result.output, "b")[6]
    assert check(kb_dir / "evidence").errors == []


def test_crossref_and_biblatex_fields_are_followed(kb_dir: Path, monkeypatch):
    (kb_dir / "x.bib").write_text(
        "@string{gw = {Greenwood}}\n"
        "@incollection{part, author={Westfahl, Gary}, title={The True Frontier}, subtitle={Confronting Space},"
        " pages={55--65}, crossref={whole}}\n"
        "@collection{whole, editor={Westfahl, Gary}, title={Space and Beyond}, date={2000-06}, publisher=gw,"
        " location={Westport}}\n"
        "@article{art, author={Ab, C.}, title={On \\mkbibquote{Trust} in {\\TeX}}, journaltitle={J. Schools},"
        " date={June 1980}, doi={https://doi.org/10.1000/ABC}, issn={2325-9671 (electronic)}, pages={1--2, 7--9}}\n")
    monkeypatch.chdir(kb_dir)
    _invoke("import", "x.bib")
    part = _card(kb_dir, "part")
    assert part["title"] == "The True Frontier: Confronting Space"
    assert (part["booktitle"], part["publisher"], part["year"], part["editor"]) == (
        "Space and Beyond", "Greenwood", 2000, ["Westfahl, Gary"])
    art = _card(kb_dir, "art")
    assert art["title"] == "On “Trust” in TeX" and art["journal"] == "J. Schools"
    assert (art["year"], art["month"], art["doi"], art["issn"], art["pages"]) == (
        1980, "June", "10.1000/ABC", "2325-9671", "1-2, 7-9")
    result = check(kb_dir / "evidence")
    assert result.errors == []
    assert result.bibliography.get("art").text.endswith("J. Schools, 1–2, 7–9. https://doi.org/10.1000/ABC")


def test_field_forms_real_exports_use():
    def one(put, value):
        rec = Record("x")
        put(rec, value, "f")
        return rec

    assert one(put_date, "1948/07//").fields == {"year": 1948, "month": "July"}
    assert one(put_date, "2006-10-01").fields == {"year": 2006, "month": "October", "day": 1}
    ranged = one(put_date, "1984/1986")
    assert ranged.fields == {"year": 1984} and "1984/1986" in ranged.inferred[0][1]
    assert one(put_doi, "http://dx.doi.org/10.1177/2325967120950040").fields == {"doi": "10.1177/2325967120950040"}
    assert one(put_doi, "https://example.org/paper").fields == {"url": "https://example.org/paper"}
    assert one(put_issn, "2325-9671 (electronic)").fields == {"issn": "2325-9671"}
    bad_isbn = one(put_isbn, "0-306-40615-3")
    assert bad_isbn.fields == {} and "fails its check digit" in bad_isbn.dropped["f"]
    assert one(put_isbn, "978-0-306-40615-7 (pbk.)").fields == {"isbn": "978-0-306-40615-7"}
    assert one(put_pages, "pp. 431--456; 791--823").fields == {"pages": "431-456, 791-823"}
    assert "not a page" in one(put_pages, "12 to 14").dropped["f"]


def test_one_transliterating_slug():
    assert slug("Łukasz Øvergaard") == "lukasz-overgaard"
    assert suggest_key({"author": ["Øvergaard, Łukasz"], "year": 2001, "title": "The Art of Trust"}) == (
        "overgaard-2001-art")
