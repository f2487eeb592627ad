"""YAML mistakes explained to people who do not know YAML.

PyYAML reports what its parser expected ("mapping values are not allowed here"); a contributor
needs to know what they typed wrong and how to fix it. :func:`explain` looks at the lines around
PyYAML's marks to recognise the mistakes people make most often (a tab, an unquoted ``: ``, an
unclosed quotation mark or bracket, a list item without ``- ``, a line indented differently,
no space after ``:``, text after a closing quotation mark, a value starting with a character
YAML reserves, text after ``|``) and says so in plain words, with the line and a caret.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?:-\s+)?(?P<key>[\w$.-]+):(?P<space>\s*)(?P<value>.*)$")
_QUOTED_THEN_TEXT = re.compile(r"^\s*(?:-\s+)?[\w$.-]+:\s+(?P<q>[\"'])(?P<inner>.*?)(?P=q)\s*(?P<rest>[^\s#].*)$")
_RESERVED_START = {"@": "'@'", "`": "a backtick", "*": "'*'", "&": "'&'", "!": "'!'", "%": "'%'",
                   "[": "'['", "{": "'{'", "|": "'|'", ">": "'>'"}
_QUOTE_HINT = 'put the whole value in double quotes: {key}: "{value}"'


@dataclass(frozen=True)
class Explained:
    """A YAML mistake in plain words: where, what, how to fix (with the line and a caret)."""

    line: int
    col: int
    code: str
    message: str
    hint: str


def excerpt(lines: list[str], line: int, col: int) -> str:
    """``  7 | name: [broken`` and a caret under column ``col`` (tabs shown as →)."""
    if not 1 <= line <= len(lines):
        return ""
    shown = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "\ufffd", lines[line - 1].replace("\t", "→"))
    number = str(line)
    caret = " " * (len(number) + 3 + max(col - 1, 0)) + "^"
    return f"{number} | {shown}\n{caret}"


def _with_excerpt(lines: list[str], line: int, col: int, code: str, message: str, hint: str) -> Explained:
    shown = excerpt(lines, line, col)
    return Explained(line, col, code, message, hint + ("\n" + shown if shown else ""))


def explain(text: str, problem: str, problem_at: tuple[int, int], context: str,
            context_at: tuple[int, int] | None) -> Explained:
    """The plain-language version of a PyYAML error (marks are 1-based (line, col))."""
    lines = text.split("\n")
    for rule in (_tab, _unclosed_quote, _unclosed_bracket, _reserved_start, _text_after_quote, _colon_in_value,
                 _more_indented, _missing_key, _less_indented, _block_scalar):
        found = rule(lines, problem, problem_at, context, context_at)
        if found is not None:
            return _with_excerpt(lines, *found)
    line, col = problem_at
    return _with_excerpt(lines, line, col, "yaml.syntax", f"YAML cannot read this line ({problem})",
                         "check the indentation and quoting here; text containing ': ' or ' #', or starting "
                         "with [ { @ ` * & ! | >, needs double quotes around it")


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 1 <= number <= len(lines) else ""


def _tab(lines, problem, problem_at, context, context_at):
    start = context_at[0] if context_at else problem_at[0]
    for number in range(start, problem_at[0] + 1):
        text = _line(lines, number)
        indent = text[:len(text) - len(text.lstrip(" \t"))]
        if "\t" in indent or ("tab" in problem and "\t" in text):
            col = (indent.index("\t") if "\t" in indent else text.index("\t")) + 1
            return (number, col, "yaml.tab", "this line is indented with a tab; YAML allows only spaces",
                    "replace the tab with spaces (two per level, lined up with the lines around it); "
                    "most editors can be set to insert spaces when you press Tab")
    return None


def _unclosed_quote(lines, problem, problem_at, context, context_at):
    if "quoted scalar" not in context or context_at is None:
        return None
    line, col = context_at
    mark = _line(lines, line)[col - 1:col] or '"'
    inside = ("write a \" inside the text as \\\" (or use single quotes around the value)" if mark == '"'
              else "write an apostrophe inside single quotes twice: 'the heads'' view'")
    return (line, col, "yaml.unclosed-quote", f"the quotation mark {mark} that opens this value is never closed",
            f"add the closing {mark} at the end of the value; {inside}")


def _unclosed_bracket(lines, problem, problem_at, context, context_at):
    if ("flow sequence" not in context and "flow mapping" not in context) or context_at is None:
        return None
    line, col = context_at
    bracket, closing = ("[", "]") if "sequence" in context else ("{", "}")
    found = _KEY_LINE.match(_line(lines, line))
    if found and found["value"].startswith(("[[", "[@", "{:")):
        return _reserved(found, line, col)
    return (line, col, "yaml.unclosed-bracket", f"the '{bracket}' opened here is never closed",
            f"close it with '{closing}' on the same line; if the text itself starts with '{bracket}', "
            "put the whole value in double quotes")


def _reserved(found: re.Match, line: int, col: int):
    char = found["value"][:1]
    value = found["value"].replace('"', '\\"')
    what = _RESERVED_START.get(char, repr(char))
    return (line, col, "yaml.needs-quotes",
            f"a value that starts with {what} must be in quotes (YAML reads {what} as its own syntax)",
            _QUOTE_HINT.format(key=found["key"], value=value))


def _reserved_start(lines, problem, problem_at, context, context_at):
    for number in {problem_at[0], context_at[0] if context_at else problem_at[0]}:
        found = _KEY_LINE.match(_line(lines, number))
        if found and found["space"] and found["value"][:1] in _RESERVED_START and found["value"][:1] not in "|>":
            if found["value"][:1] in "[{" and _balanced_flow(found["value"]):
                continue  # a real list or mapping, wrong for another reason
            return _reserved(found, number, len(found["indent"]) + len(found["key"]) + 1 + len(found["space"]) + 1)
    return None


def _balanced_flow(value: str) -> bool:
    value = value.split(" #")[0].rstrip()
    return (value[:1] == "[" and value.endswith("]") and not value.startswith(("[[", "[@"))) or (
        value[:1] == "{" and value.endswith("}"))


def _text_after_quote(lines, problem, problem_at, context, context_at):
    text = _line(lines, problem_at[0])
    found = _QUOTED_THEN_TEXT.match(text)
    if not found or "expected" not in problem:
        return None
    col = text.index(found["rest"], len(text) - len(found["rest"]) - 1) + 1
    if found["q"] == "'":
        hint = ("an apostrophe inside single quotes is written twice ('the heads'' view'), "
                "or use double quotes around the whole value")
    else:
        hint = "put the quotation marks around the whole value, or leave them out; a \" inside is written \\\""
    return (problem_at[0], col, "yaml.text-after-quote",
            "there is text after the closing quotation mark, so YAML cannot tell where the value ends", hint)


def _colon_in_value(lines, problem, problem_at, context, context_at):
    if "mapping values are not allowed" not in problem:
        return None
    text = _line(lines, problem_at[0])
    found = _KEY_LINE.match(text)
    first_colon = len(found["indent"]) + len(found["key"]) + 1 if found else 0
    if not found or problem_at[1] <= first_colon:
        return None
    value = found["value"].replace('"', '\\"')
    return (problem_at[0], problem_at[1], "yaml.colon-in-value",
            f"the value of '{found['key']}' contains ': ', which YAML reads as the start of another field",
            _QUOTE_HINT.format(key=found["key"], value=value))


def _indent_of(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _previous_key_line(lines: list[str], number: int) -> tuple[int, str] | None:
    for earlier in range(number - 1, 0, -1):
        text = _line(lines, earlier)
        if text.strip() and not text.lstrip().startswith("#"):
            return earlier, text
    return None


def _more_indented(lines, problem, problem_at, context, context_at):
    if "mapping values are not allowed" not in problem:
        return None
    text = _line(lines, problem_at[0])
    previous = _previous_key_line(lines, problem_at[0])
    if previous is None or not _KEY_LINE.match(text) or _indent_of(text) <= _indent_of(previous[1]):
        return None
    return (problem_at[0], 1, "yaml.indentation",
            "this line is indented more than the line above it, so YAML reads it as part of that line's value",
            f"start it in the same column as the line above ({_indent_of(previous[1])} spaces)")


def _missing_key(lines, problem, problem_at, context, context_at):
    if "could not find expected ':'" not in problem or context_at is None:
        return None
    number = context_at[0]
    text = _line(lines, number)
    nospace = re.match(r"^\s*(?:-\s+)?([\w$.-]+):(\S.*)$", text)
    if nospace:
        return (number, text.index(":") + 2, "yaml.no-space", f"there is no space after '{nospace.group(1)}:'",
                f"write `{nospace.group(1)}: {nospace.group(2)}` (YAML needs a space after the colon)")
    previous = _previous_key_line(lines, number)
    if previous and previous[1].lstrip().startswith("- ") and _indent_of(previous[1]) == _indent_of(text):
        return (number, context_at[1], "yaml.list-item",
                "this line looks like a list item but does not start with '- '",
                f"start it with '- ' like the line above: {' ' * _indent_of(text)}- {text.strip()}")
    return (number, context_at[1], "yaml.not-a-field", "this line is not a `field: value` line",
            "add the field's name and ': ' in front, or, if it continues the text above, indent it further than "
            "the field's name")


def _less_indented(lines, problem, problem_at, context, context_at):
    if "did not find expected key" not in problem and "expected <block end>" not in problem:
        return None
    text = _line(lines, problem_at[0])
    previous = _previous_key_line(lines, problem_at[0])
    if text.lstrip().startswith("- ") and (previous is None or not previous[1].lstrip().startswith("- ")):
        return (problem_at[0], problem_at[1], "yaml.list-item",
                "a list item ('- ') where a field was expected",
                "put the item under the field it belongs to, indented further than that field's name "
                "(for example under `themes:`)")
    if previous is not None and _KEY_LINE.match(text) and _indent_of(text) != _indent_of(previous[1]):
        return (problem_at[0], problem_at[1], "yaml.indentation",
                "this line is indented differently from the fields around it",
                "fields at the same level must start in the same column; line it up with the field above or "
                "with its parent's other fields")
    return None


def _block_scalar(lines, problem, problem_at, context, context_at):
    if "block scalar" not in context:
        return None
    return (problem_at[0], problem_at[1], "yaml.block-text",
            "after '|' or '>' the text must start on the next line",
            "move the text to the next line, indented two spaces further than the field's name")
