"""Unit tests: safe, located YAML reading."""

import pytest

from kbgen.yamlsafe import load


def test_values_keep_their_positions():
    located, problems = load("id: x\nquotes:\n  - text: hello\n    locator: {section: Intro}\n", "f.yaml")
    assert problems == []
    assert located.data["quotes"][0]["text"] == "hello"
    assert located.pos(("quotes", 0, "text")) == (3, 11)
    assert located.key_pos(("quotes", 0, "locator")) == (4, 5)
    assert located.pos(("quotes", 0, "locator", "section")) == (4, 24)


def test_dates_stay_text_and_numbers_stay_numbers():
    located, _ = load("accessed: 2019-11-29\nyear: 2019\nok: true\nnone: ~\n", "f.yaml")
    assert located.data == {"accessed": "2019-11-29", "year": 2019, "ok": True, "none": None}


def test_duplicate_keys_are_errors_not_overwrites():
    located, problems = load("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert located.data == {"a": 1, "b": 2}
    assert [(p.line, p.code) for p in problems] == [(3, "yaml.duplicate-key")]
    assert "appears twice here (first on line 1)" in problems[0].message


def test_no_python_objects_are_constructed():
    located, problems = load("x: !!python/object/apply:os.system ['echo hi']\n", "f.yaml")
    assert located.data == {"x": None}
    assert problems[0].code == "yaml.tag"


@pytest.mark.parametrize("text", ["x: !!int abc\n", "x: !!float zz\n", "x: !!bool maybe\n", "x: !!map text\n",
                                  "x: !!seq text\n", "x: !!int [1]\n", "x: !!str {a: 1}\n"])
def test_a_tag_that_does_not_fit_its_value_is_an_error_not_a_crash(text):
    located, problems = load(text, "f.yaml")
    assert located.data == {"x": None}
    assert [(p.line, p.code) for p in problems] == [(1, "yaml.tag")]


def test_recursive_alias_is_bounded():
    located, problems = load("a: &a [*a]\n", "f.yaml")
    assert located is None and problems[0].code == "yaml.too-big"


def test_syntax_error_is_located_where_the_mistake_starts():
    located, problems = load("id: x\nname: [unclosed\n", "f.yaml")
    assert located is None
    assert (problems[0].code, problems[0].line, problems[0].col) == ("yaml.unclosed-bracket", 2, 7)
    assert problems[0].hint.endswith("2 | name: [unclosed\n          ^")


def test_prose_offsets_map_to_the_file_through_folding():
    text = ("id: x\nstatement: >-\n  one two three four five six seven eight nine ten eleven\n"
            "  see [@colman-2012] here\n")
    located, _ = load(text, "f.yaml")
    value = located.data["statement"]
    line, col = located.offset_pos(("statement",), value, value.index("[@colman"))
    assert (line, col) == (4, 7) and col <= len(text.split("\n")[line - 1])


def test_control_characters_and_cut_off_text_are_errors():
    _, problems = load('id: x\nname: "a\\eb"\nnote: The #1 reason\n', "f.yaml")
    assert [(p.line, p.code) for p in problems] == [(2, "yaml.control-character"), (3, "yaml.comment-in-text")]


def test_every_value_with_an_escaped_control_character_is_an_error():
    text = 'a: "x\\ey"\nb: |\n  fine\nc: \'also fine\'\nd: "\\x07"\n'
    _, problems = load(text, "f.yaml")
    assert [(p.line, p.code) for p in problems] == [(1, "yaml.control-character"), (5, "yaml.control-character")]
