"""The build's shortcuts give what the plain calls they replace give."""

from __future__ import annotations

import itertools
import posixpath
import re
from pathlib import Path

from pybtex.database import BibliographyData

from kbgen.checker import check
from kbgen.render.context import Page

REPO = Path(__file__).resolve().parents[1]


def test_bibtex_written_entry_by_entry_equals_pybtex_writing_them_together():
    bibliography = check(REPO / "evidence").bibliography
    data = bibliography.data
    keys = list(data.entries)
    assert bibliography.bibtex() == data.to_string("bibtex")
    for chosen in ([keys[0]], keys[3:9], [keys[-1], keys[0]], []):
        assert bibliography.bibtex(chosen) == BibliographyData(
            entries={k: data.entries[k] for k in chosen}).to_string("bibtex")


def test_relative_links_equal_posixpath_relpath():
    paths = ["index.md", "themes/index.md", "themes/trust.md", "findings/x.md", "a/b/c.md", "a/b/d/e.md", "a/x.md",
             "bibliography/kbgen.bib", "explorer/facets.json", "a/b.md"]
    for here, target in itertools.product(paths, paths):
        expected = posixpath.relpath(target, posixpath.dirname(here) or ".")
        assert Page(None, here).href(target) == expected, (here, target)


def test_a_held_findings_table_converts_to_what_the_page_gave_without_holding():
    """The findings index with its table held out of Python-Markdown, converted with the site's own
    extensions and put back, is exactly what converting the table with the page gives (no placeholder left)."""
    import markdown

    from kbgen import heldhtml
    from kbgen.project import read_markdown_setup
    from kbgen.render.site import render_site
    from kbgen.sanitise import page_sanitiser

    page = render_site(check(REPO / "evidence"))["findings/index.md"]
    setup = read_markdown_setup(REPO / "mkdocs.yml")
    md = markdown.Markdown(extensions=list(setup.extensions), extension_configs=dict(setup.configs))
    body = page.split("---\n", 2)[-1]
    held, blocks = heldhtml.hold(body)
    assert len(blocks) == 1 and "<table>" in blocks[0] and "<table>" not in held
    restored = heldhtml.restore(md.convert(held), blocks)
    md.reset()
    unmarked = md.convert(body.replace("<!-- kbgen:held -->\n", "").replace("\n<!-- /kbgen:held -->", ""))
    assert "data-kbgen-held" not in restored

    def tags(html: str) -> str:  # blank lines between block elements are all that may differ
        return re.sub(r">\s+<", "><", html.strip())

    assert tags(restored) == tags(unmarked)
    md.reset()  # the marks themselves are comments, which the sanitiser drops
    clean = page_sanitiser()
    assert tags(clean.clean_and_report(md.convert(body))[0]) == tags(clean.clean_and_report(restored)[0])


def test_the_collector_runs_rarely_while_cards_are_checked_and_its_pace_is_given_back(tmp_path):
    import gc
    import shutil

    from kbgen import checker, collector

    seen = []
    real = checker.load_evidence

    def loading(*args, **kwargs):
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    before = gc.get_threshold()
    shutil.copytree(REPO / "tests/fixtures/kb", tmp_path / "kb")
    from click.testing import CliRunner

    from kbgen.cli import main

    checker.load_evidence, saved = loading, checker.load_evidence
    try:
        result = CliRunner().invoke(main, ["check", "--evidence", str(tmp_path / "kb/evidence")])
    finally:
        checker.load_evidence = saved
    assert result.exit_code in (0, 1), result.output
    assert seen == [collector.THRESHOLDS]
    assert gc.get_threshold() == before


def test_the_idle_collector_frees_cycles_after_a_build_and_keeps_nothing_for_good():
    import gc
    import time
    import weakref

    from kbgen.collector import IdleCollector

    class Node:
        pass

    def cycle() -> Node:
        node = Node()
        node.me = node
        return node

    idle = IdleCollector(delay=0.01)
    try:
        kept = cycle()  # alive when the session goes idle: frozen out of later passes
        dropped = weakref.ref(cycle())
        idle.build_ended()  # the first build: collected at once
        assert idle.collections == 1 and dropped() is None and gc.get_freeze_count() > 0
        later = weakref.ref(kept)
        del kept  # let go by a rebuild while frozen: freed by the next idle collection, not kept for good
        idle.build_started()
        idle.build_ended()
        assert idle.collections == 1  # later builds: a moment after, when idle
        deadline = time.monotonic() + 10
        while idle.collections == 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert idle.collections == 2 and later() is None
        idle.build_started()  # a build that starts before the idle moment: no collection while it runs
        idle.collect_now()
        assert idle.collections == 2
    finally:
        idle.stop()
    assert gc.get_freeze_count() == 0


def test_card_names_read_without_latex_are_what_pybtex_reads(monkeypatch):
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from pybtex.exceptions import PybtexError
    from pybtex.richtext import Text

    from kbgen import citations

    bibliography = check(REPO / "evidence").bibliography
    parts = {part for entry in bibliography.data.entries.values() for people in entry.persons.values()
             for person in people for part in person.first_names + person.middle_names + person.prelast_names
             + person.last_names + person.lineage_names}
    quick = [p for p in parts if citations._LATEX_FREE.fullmatch(p)]
    assert len(quick) > len(parts) * 0.9
    for part in parts:
        assert citations._rich([part]) == [Text.from_latex(part)], part

    @settings(max_examples=1000, deadline=None)
    @given(st.lists(st.sampled_from(["Ann", "Ó", "Mc", "J", ".", ",", " ", "'", "’", "-", "--", "''", "``", "~",
                                     "{", "}", "\\'e", "$", "%", "?`", "2"]), min_size=1, max_size=6))
    def agrees(pieces):
        part = "".join(pieces)
        try:
            read = Text.from_latex(part)
        except (UnicodeError, PybtexError):  # what pybtex cannot read must not take the shortcut either
            assert not citations._LATEX_FREE.fullmatch(part)
            return
        assert citations._rich([part]) == [read], part

    agrees()
    # The whole reference list, formatted with plain pybtex people, is the same.
    monkeypatch.setattr(citations, "CardPerson", citations.Person)
    assert check(REPO / "evidence").bibliography.references == bibliography.references


def test_escaping_text_by_replacing_is_escaping_it_by_pattern():
    """escape_text, one str.replace per character, gives what the pattern-based version gave."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from kbgen.prose_parse import CONTROL
    from kbgen.prose_write import escape_text

    backslashed = re.compile(r"([\\`*_{}\[\]()#+!|>-])")

    def by_pattern(text: str) -> str:
        text = CONTROL.sub("", text).replace("&", "&amp;").replace("<", "&lt;")
        return backslashed.sub(r"\\\1", text)

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet=st.characters(max_codepoint=0x2100), max_size=40))
    def agrees(text):
        assert escape_text(text) == by_pattern(text)

    agrees()
    for card in check(REPO / "evidence").kb.cards:
        for value in (card.get("statement"), card.get("title"), card.get("name")):
            if isinstance(value, str):
                assert escape_text(value) == by_pattern(value)


def test_quotes_without_list_marks_take_the_short_way_to_the_same_lines():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from kbgen.render.blocks import _listed, quote_lines

    quotes = [q["text"] for card in check(REPO / "evidence").kb.of_kind("finding") for q in card.mappings("quotes")]
    assert quotes
    for text in quotes:
        assert quote_lines(text) == _listed(text)

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.sampled_from(["Heads", " ", "  ", ":", ";", ".", "-", " - ", "\u2022", "\u25cf", "<li>",
                                     "</li>", "<b>", "*", "\n", "\t", "x"]), max_size=12))
    def agrees(pieces):
        text = "".join(pieces)
        assert quote_lines(text) == _listed(text)

    agrees()


def test_a_build_keeps_its_checked_cards_out_of_its_collections_and_gives_them_back(tmp_path, monkeypatch):
    import gc
    import shutil

    from click.testing import CliRunner

    from kbgen import plugin
    from kbgen.cli import main

    shutil.copytree(REPO / "tests/fixtures/kb", tmp_path / "kb")
    frozen = []
    real = plugin.render_site

    def rendering(*args, **kwargs):
        frozen.append(gc.get_freeze_count())
        return real(*args, **kwargs)

    monkeypatch.setattr(plugin, "render_site", rendering)
    monkeypatch.chdir(tmp_path / "kb")
    result = CliRunner().invoke(main, ["build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(frozen) == 1 and frozen[0] > 0  # settled once checked
    assert gc.get_freeze_count() == 0  # released when the build ended
