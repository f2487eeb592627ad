"""Safe, located YAML reading.

PyYAML composes the document into nodes (with its C parser when present, for speed);
this module turns nodes into plain Python values itself, so that:

* no Python object is ever constructed from a tag (``!!python/object`` is an error);
* dates and times stay text (``2019-11-29`` is the string it looks like);
* a duplicate key inside one mapping is an error, not a silent overwrite;
* alias expansion is bounded (a "billion laughs" file fails fast);
* every value keeps the line and column where it starts.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor

try:  # The C loader is an optional part of PyYAML; fall back to pure Python.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from .errors import Diagnostic, error
from .yamlerrors import excerpt, explain

#: Most values one file may expand to; real cards hold a few hundred.
MAX_NODES = 50_000
#: Deepest nesting allowed; real cards nest four or five levels (a recursive alias nests forever).
MAX_DEPTH = 64

Path = tuple[str | int, ...]

#: C0 and C1 control characters other than tab and line breaks (YAML lets escapes like "\\e" write them).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_KNOWN_TAGS = _SCALAR_TAGS | {_MAP, _SEQ}
#: The tags each kind of node may carry (a tag written on the wrong kind is an error, not a crash).
_TAGS_OF = {yaml.ScalarNode: _SCALAR_TAGS, yaml.MappingNode: {_MAP}, yaml.SequenceNode: {_SEQ}}
_NO_TAG = "remove the tag (the '!!' word); cards hold only text, numbers, lists and mappings"
#: After a one-line plain value, a comment that cut it short: "#1 reason", "#hashtag" are text, not "# a note".
_COMMENT = re.compile(r"\s+#(?=[^\s#])")


@dataclass
class Located:
    """A parsed YAML document with the (line, col) of every value, keyed by its path."""

    data: object
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    #: Where each text value sits in ``source`` (start and end character index).
    spans: dict[Path, tuple[int, int]] = field(default_factory=dict)
    source: str = ""
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)

    def pos(self, path: Path) -> tuple[int, int]:
        """Position of the value at ``path``, or of its nearest located parent."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def key_pos(self, path: Path) -> tuple[int, int]:
        """Position of the key naming ``path`` (falls back to the value's position)."""
        return self.key_positions.get(path) or self.pos(path)

    def offset_pos(self, path: Path, value: str, offset: int) -> tuple[int, int]:
        """File (line, col) of the character at ``offset`` in the text value at ``path``.

        YAML folds lines and undoes escapes, so the value's offsets are not the file's: the text
        around the offset is looked up in the value's own stretch of the file instead (the same
        occurrence, counted from the value's start). Falls back to where the value starts.
        """
        span = self.spans.get(path)
        if span is None:
            return self.pos(path)
        raw = self.source[span[0]:span[1]]
        for length in (24, 8, 1):
            needle = value[offset:offset + length].split("\n")[0].split(" ")[0] or value[offset:offset + 1]
            if not needle.strip():
                continue
            nth = value.count(needle, 0, offset)
            found = -1
            for _ in range(nth + 1):
                found = raw.find(needle, found + 1)
                if found < 0:
                    break
            if found >= 0:
                return self._line_col(span[0] + found)
        return self.pos(path)

    def _line_col(self, index: int) -> tuple[int, int]:
        if self._line_starts is None:
            self._line_starts = [0] + [i + 1 for i, char in enumerate(self.source) if char == "\n"]
        line = bisect.bisect_right(self._line_starts, index)
        return line, index - self._line_starts[line - 1] + 1


class _Builder:
    """Turns composed nodes into plain values, recording positions and problems."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.located = Located(None, source=text)
        self.problems: list[Diagnostic] = []
        self.text = text
        self._lines: list[str] | None = None
        self.count = 0
        self._constructor = SafeConstructor()  # its scalar constructors keep no state between values
        # Per-value checks a file cannot need: a value holds a control character only when its file does
        # or a double-quoted escape writes one; a value is cut off by a comment only where a '#' follows.
        self.any_control = _CONTROL.search(text) is not None
        self.any_hash = "#" in text

    @property
    def lines(self) -> list[str]:
        """The file's lines (split when first needed)."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def build(self, node: yaml.Node, at: Path) -> object:
        self.count += 1
        if self.count > MAX_NODES or len(at) > MAX_DEPTH:
            raise _TooBig()
        located = self.located
        if at not in located.positions:
            mark = node.start_mark
            located.positions[at] = (mark.line + 1, mark.column + 1)
        tag, kind = node.tag, node.__class__
        if tag not in _KNOWN_TAGS:
            self._problem(node, "yaml.tag", f"unsupported YAML tag '{tag}'",
                          "remove the tag; cards hold only text, numbers, lists and mappings")
            return None
        if tag not in _TAGS_OF.get(kind, ()):  # "!!map some text", "!!int [1]"
            self._problem(node, "yaml.tag", f"the YAML tag '{_short(tag)}' does not fit this value", _NO_TAG)
            return None
        if kind is yaml.MappingNode:
            return self._mapping(node, at)
        if kind is yaml.SequenceNode:
            return [self.build(item, at + (i,)) for i, item in enumerate(node.value)]
        located.spans[at] = (node.start_mark.index, node.end_mark.index)
        if tag != _STR and tag != _TIMESTAMP:
            return self._scalar(node)
        value = node.value  # dates stay text: a card's "2019-11-29" is not a datetime
        if self.any_control or node.style == '"':
            self._control_check(node, value)
        if self.any_hash and not node.style and value:
            self._comment_check(node, value)
        return value

    def _mapping(self, node: yaml.MappingNode, at: Path) -> dict:
        result: dict = {}
        key_positions = self.located.key_positions
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                self._problem(key_node, "yaml.bad-key", "a mapping key must be plain text",
                              "write the key as a simple word such as `title:`")
                continue
            key = str(key_node.value)
            path = at + (key,)
            if key in result:
                first = key_positions[path]
                self._problem(key_node, "yaml.duplicate-key",
                              f"the field '{key}' appears twice here (first on line {first[0]}); "
                              "YAML would silently keep only one",
                              "remove one of the two, or merge their values into one")
                continue
            mark = key_node.start_mark
            key_positions[path] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, path)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> object:
        """A number, a boolean or null, as PyYAML's safe loader reads it (None, reported, if its tag lies)."""
        try:
            return SafeConstructor.yaml_constructors[node.tag](self._constructor, node)
        except (ValueError, KeyError):  # only an explicit tag can do this: "!!int abc", "!!bool maybe"
            self._problem(node, "yaml.tag", f"'{node.value}' is not what its YAML tag '{_short(node.tag)}' says", _NO_TAG)
            return None

    def _problem(self, node: yaml.Node, code: str, message: str, hint: str, at: tuple[int, int] | None = None) -> None:
        line, col = at or _mark(node)
        shown = excerpt(self.lines, line, col)
        self.problems.append(error(self.path, (line, col), code, message, hint + ("\n" + shown if shown else "")))

    def _control_check(self, node: yaml.ScalarNode, value: str) -> None:
        """An invisible control character in a value."""
        bad = _CONTROL.search(value)
        if bad:
            self._problem(node, "yaml.control-character",
                          f"invisible control character U+{ord(bad.group()):04X} in the value",
                          "delete it (it often comes with text pasted from a PDF or a terminal)")

    def _comment_check(self, node: yaml.ScalarNode, value: str) -> None:
        """A one-line plain value silently cut off by a ``#`` comment."""
        end = node.end_mark
        if node.start_mark.line != end.line:
            return
        rest = self.lines[end.line][end.column:] if end.line < len(self.lines) else ""
        comment = _COMMENT.match(rest)
        if comment:
            at = (end.line + 1, end.column + comment.end())
            self._problem(node, "yaml.comment-in-text",
                          f"everything from '#' on is a YAML comment, so the value ends at '{value[-20:]}'",
                          "put the whole value in double quotes to keep the '#' and what follows; "
                          "a real comment goes on a line of its own", at)


class _TooBig(Exception):
    """Raised inside the builder when a file expands past MAX_NODES values."""


def _short(tag: str) -> str:
    """A standard tag as a card writes it: ``!!int``."""
    return tag.replace("tag:yaml.org,2002:", "!!")


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def load(text: str, path: str) -> tuple[Located | None, list[Diagnostic]]:
    """Parse one YAML document. Returns (located data or None, problems)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_explained(text, path, exc)]
    except yaml.reader.ReaderError as exc:  # a control character in the file itself
        line, col = _line_col(text, exc.position)
        shown = excerpt(text.split("\n"), line, col)
        return None, [error(path, (line, col), "yaml.control-character",
                            f"invisible control character U+{exc.character:04X} in the file",
                            "delete it (it often comes with text pasted from a PDF or a terminal)\n" + shown)]
    except yaml.YAMLError as exc:  # composer errors without a mark
        return None, [error(path, (1, 1), "yaml.syntax", f"YAML error: {exc}", "")]
    if node is None:
        return None, [error(path, (1, 1), "yaml.empty", "the file holds no card",
                            "write the card's fields, starting with `id:`")]
    builder = _Builder(path, text)
    try:
        builder.located.data = builder.build(node, ())
    except _TooBig:
        return None, [error(path, _mark(node), "yaml.too-big",
                            f"the file expands to more than {MAX_NODES} values or {MAX_DEPTH} levels "
                            "(aliases nested too deeply?)",
                            "write the values out instead of using anchors and aliases")]
    return builder.located, builder.problems


def _explained(text: str, path: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    mark, context_mark = exc.problem_mark or exc.context_mark, exc.context_mark
    at = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context_at = (context_mark.line + 1, context_mark.column + 1) if context_mark else None
    found = explain(text, exc.problem or "", at, exc.context or "", context_at)
    return error(path, (found.line, found.col), found.code, found.message, found.hint)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1
