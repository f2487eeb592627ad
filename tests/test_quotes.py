"""Unit tests: finding quotes in full texts."""

from kbgen.textmatch import SourceText, normalise, quote_pattern, segments

SOURCE = SourceText("s.txt", (
    "Introduction\n\nHeads said “it’s a real saving grace” — and the develop-\nment of trust took time.\n"
    "They met *half-termly* [...] for a year.\n\nResults\n\nOne said: we are just like minded people really.\n"
))


def test_normalise_maps_back_to_original_offsets():
    norm, offsets = normalise("a\u2019b  \n c")
    assert norm == "a'b c"
    assert [offsets[i] for i in range(len(norm))] == [0, 1, 2, 3, 7]


def test_curly_quotes_dashes_and_whitespace_are_forgiven():
    assert SOURCE.find('Heads said "it\'s a real saving grace" - and the')


def test_line_break_hyphenation_is_forgiven_both_ways():
    assert SOURCE.find("the development of trust took time")
    assert SOURCE.find("the develop-ment of trust")


def test_markdown_emphasis_is_ignored():
    assert SOURCE.find("They met half-termly")


def test_gap_markers_match_any_text():
    assert SOURCE.find("Heads said [...] took time")
    assert SOURCE.find("Heads said … took time")
    assert SOURCE.find("They met half-termly [...] for a year")  # the author's own [...] matches itself


def test_wording_case_and_spelling_must_match():
    assert SOURCE.find("heads said") is None
    assert SOURCE.find("we are just like-minded people") is None


def test_found_quote_reports_its_line():
    assert SOURCE.find("we are just like minded people").line == 9


def test_closest_passage_names_the_difference():
    closest = SOURCE.closest("One said: we are simply like minded people really")
    assert closest is not None and closest.line == 9
    assert "simply" in closest.quote_has and "just" in closest.source_has


def test_segments_and_empty_quotes():
    assert segments("[...] a b [...] c […]") == ["a b", "c"]
    assert quote_pattern("[...]") is None


def test_headings_are_indexed_without_markdown_marks():
    text = SourceText("t", "# Findings\n\n## The role of the SIP:\ntext\n")
    assert "Findings" in text.headings and "The role of the SIP" in text.headings
