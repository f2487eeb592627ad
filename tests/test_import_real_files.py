"""Importing files nobody on this project wrote (``tests/fixtures/bib``, ``tests/fixtures/ris``; see SOURCES.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rispy
import yaml
from pybtex.database import parse_file

from kbgen.checker import check
from kbgen.import_bibtex import read_bibtex
from kbgen.import_ris import read_ris, read_wos
from kbgen.importer import import_file
from kbgen.loader import load_evidence
from kbgen.works import same_work

FIXTURES = Path(__file__).parent / "fixtures"
BIBLATEX = FIXTURES / "bib/biblatex-examples.bib"
XAMPL = FIXTURES / "bib/xampl.bib"
RIS_FILES = sorted((FIXTURES / "ris").glob("*.ris"))
#: What must never reach a reader: a LaTeX command, inline maths, or TeX's grouping braces.
LATEX = re.compile(r"\\[A-Za-z]+|\$[^$]*\$|[{}]")


def _import(tmp_path: Path, *files: Path):
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    reports = [import_file(f, evidence, load_evidence(evidence)[0]) for f in files]
    return reports, check(evidence), evidence


@pytest.fixture(scope="module")
def biblatex(tmp_path_factory):
    (report,), result, evidence = _import(tmp_path_factory.mktemp("biblatex"), BIBLATEX)
    return report, result, evidence


def test_every_biblatex_example_is_written_unless_it_is_a_true_duplicate_or_no_work(biblatex):
    report, result, _ = biblatex
    entries = parse_file(str(BIBLATEX), "bibtex").entries
    assert [o.source for o in report.outcomes] == list(entries)
    results = {o.result for o in report.outcomes}
    assert results <= {"written", "merged", "skipped"}
    for o in report.outcomes:
        if o.result == "skipped":
            assert entries[o.source].type == "set" and "each imported on its own" in o.why
        if o.result == "merged":
            kept = o.why.split("the same work as ")[1].split(",")[0]
            mine, theirs = _fields(entries[o.source]), _fields(entries[kept])
            assert same_work(mine, theirs) == "same", (o.source, kept)
    assert report.count("written") == len(result.kb.of_kind("citation")) >= 85


def _fields(entry) -> dict:
    return {"title": entry.fields.get("title", ""), "year": entry.fields.get("date", entry.fields.get("year", ""))[:4],
            "author": [str(p) for p in entry.persons.get("author", entry.persons.get("editor", []))]}


def test_every_imported_card_passes_check_or_says_it_is_incomplete(biblatex):
    _, result, evidence = biblatex
    assert result.errors == []
    assert {d.code for d in result.warnings} == {"citation.unused"}
    incomplete = [yaml.safe_load(p.read_text()) for p in (evidence / "citation").glob("*.yaml")]
    assert all(c["incomplete"].startswith("Imported from biblatex-examples.bib: the export gives no")
               for c in incomplete if "incomplete" in c)


def test_every_card_with_a_date_has_its_year(biblatex):
    report, result, _ = biblatex
    entries = parse_file(str(BIBLATEX), "bibtex").entries
    for o in report.outcomes:
        if o.result == "written" and {"date", "year"} & {k.lower() for k in entries[o.source].fields}:
            assert isinstance(result.kb.get(o.card).get("year"), int), o.source


def test_no_rendered_entry_shows_latex(biblatex):
    _, result, _ = biblatex
    for ref in result.bibliography.references.values():
        assert not LATEX.search(ref.text), ref.text
    rendered = {r.key: r.text for r in result.bibliography.references.values()}
    assert "“Intention” und “Intentionalität”" in rendered["spiegelberg"]
    assert "The TeXbook" in rendered["knuth-ct-a"] and "(2nd ed.)" in rendered["massa"]
    assert "In G. E. R. Lloyd & G. E. L. Owen (Eds.), Aristotle on Mind and the Senses" in rendered["moraux"]


def test_no_bibtex_field_is_dropped_silently():
    for path in (BIBLATEX, XAMPL):
        records, _ = read_bibtex(path.read_text())
        entries = parse_file(str(path), "bibtex").entries
        for rec in records:
            entry = entries[rec.source]
            given = {k.lower() for k in entry.fields} | {k.lower() for k in entry.persons}
            assert rec.not_a_work or given <= rec.used, (path.name, rec.source, given - rec.used)
            assert set(rec.dropped) <= given | {f"{k} (more)" for k in given}


def test_xampl_resolves_crossrefs_preamble_macros_and_month_macros(tmp_path):
    (report,), result, _ = _import(tmp_path, XAMPL)
    assert len(report.outcomes) == len(parse_file(str(XAMPL), "bibtex").entries)
    assert result.errors == []
    cards = {c.id: c.data for c in result.kb.of_kind("citation")}
    assert cards["book-full"]["year"] == 1981  # {\noopsort{1973c}}1981
    assert cards["whole-set"]["year"] == 1968 and cards["whole-set"]["provenance"][0]["source"] == "inferred"
    assert (cards["inbook-full"]["month"], cards["inbook-full"]["day"]) == ("January", 10)  # "10~" # jan
    assert cards["incollection-full"]["editor"] == ["Lipcoll, David J.", "Lawrie, D. H.", "Sameh, A. H."]
    assert all(not LATEX.search(r.text) for r in result.bibliography.references.values())


def _rispy_records(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8-sig")
    if path.name == "example_wos.ris":
        return rispy.loads(text, implementation=rispy.WokParser, enforce_list_tags=False)
    return rispy.loads(text, enforce_list_tags=False)


@pytest.mark.parametrize("path", RIS_FILES, ids=lambda p: p.name)
def test_every_field_rispy_reads_is_kept_or_dropped_with_a_reason(path: Path):
    text = path.read_text(encoding="utf-8-sig")
    records, _ = (read_wos if path.name == "example_wos.ris" else read_ris)(text)
    raw = _rispy_records(path)
    assert len(records) == len(raw) == len(re.findall(r"^(?:TY  -|PT [A-Z])", text, re.MULTILINE))
    for rec, entry in zip(records, raw, strict=True):
        assert set(entry) <= rec.used, set(entry) - rec.used
        assert set(entry.get("unknown_tag") or {}) <= set(rec.dropped)


def test_the_rispy_files_import_with_no_record_lost(tmp_path):
    reports, result, _ = _import(tmp_path, *RIS_FILES)
    for path, report in zip(RIS_FILES, reports, strict=True):
        assert len(report.outcomes) == len(_rispy_records(path)), path.name
        assert all(o.result in ("written", "merged", "duplicate") for o in report.outcomes), path.name
    assert result.errors == []
    cards = {c.id: c.data for c in result.kb.of_kind("citation")}
    assert cards["parkes-loach-2004-interactions"]["author"][0] == "Parkes-Loach, P. S."  # Web of Science
    assert cards["marx-lindgren-2014-title"]["url"] == "http://example_url.com"  # RIS UR, rispy's `urls`
    assert cards["fanning-2020-outcome"]["doi"] == "10.1177/2325967120950040"
    assert len([k for k in cards if k.startswith("anonymous-nd")]) == 4  # example_bom + 3 in example_multiline
