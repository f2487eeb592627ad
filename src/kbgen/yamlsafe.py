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

from dataclasses import dataclass, field

import yaml

try:  # The C loader is an optional part of PyYAML; fall back to pure Python.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from .errors import Diagnostic, error

#: Most values one file may expand to; real cards hold a few hundred.
MAX_NODES = 50_000
#: Deepest nesting allowed; real cards nest four or five levels (a recursive alias nests forever).
MAX_DEPTH = 64

Path = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
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


@dataclass
class Located:
    """A parsed YAML document with the (line, col) of every value, keyed by its path."""

    data: object
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    styles: dict[Path, str] = field(default_factory=dict)

    def pos(self, path: Path) -> tuple[int, int]:
        """Position of the value at ``path``, or of its nearest located parent."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def key_pos(self, path: Path) -> tuple[int, int]:
        """Position of the key naming ``path`` (falls back to the value's position)."""
        return self.key_positions.get(path) or self.pos(path)


class _Builder:
    """Turns composed nodes into plain values, recording positions and problems."""

    def __init__(self, path: str):
        self.path = path
        self.located = Located(None)
        self.problems: list[Diagnostic] = []
        self.count = 0
        self._scalar_loader: yaml.SafeLoader | None = None

    def build(self, node: yaml.Node, at: Path) -> object:
        self.count += 1
        if self.count > MAX_NODES or len(at) > MAX_DEPTH:
            raise _TooBig()
        if at not in self.located.positions:
            mark = node.start_mark
            self.located.positions[at] = (mark.line + 1, mark.column + 1)
        if node.tag not in _KNOWN_TAGS:
            self._problem(node, "yaml.tag", f"unsupported YAML tag '{node.tag}'",
                          "remove the tag; cards hold only text, numbers, lists and mappings")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, at)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, at + (i,)) for i, item in enumerate(node.value)]
        if node.style:
            self.located.styles[at] = node.style  # quoted or block: where its text starts differs
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, at: Path) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, "yaml.bad-key", "a mapping key must be plain text",
                              "write the key as a simple word such as `title:`")
                continue
            key = str(key_node.value)
            if key in result:
                first = self.located.key_positions[at + (key,)]
                self._problem(key_node, "yaml.duplicate-key",
                              f"duplicate key '{key}' (first defined on line {first[0]})",
                              "remove one of the two, or merge their values")
                continue
            self.located.key_positions[at + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, at + (key,))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> object:
        if node.tag in (_STR, "tag:yaml.org,2002:timestamp"):
            return node.value  # dates stay text: a card's "2019-11-29" is not a datetime
        if self._scalar_loader is None:  # SafeLoader's scalar constructors need one only for their tables
            self._scalar_loader = yaml.SafeLoader("")
        return yaml.SafeLoader.yaml_constructors[node.tag](self._scalar_loader, node)

    def _problem(self, node: yaml.Node, code: str, message: str, hint: str) -> None:
        self.problems.append(error(self.path, _mark(node), code, message, hint))


class _TooBig(Exception):
    """Raised inside the builder when a file expands past MAX_NODES values."""


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def load(text: str, path: str) -> tuple[Located | None, list[Diagnostic]]:
    """Parse one YAML document. Returns (located data or None, problems)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        return None, [error(path, pos, "yaml.syntax", f"YAML syntax error: {problem}",
                            "check indentation and quoting near this line; text with ': ' or '#' needs quotes")]
    except yaml.YAMLError as exc:  # composer errors without a mark
        return None, [error(path, (1, 1), "yaml.syntax", f"YAML error: {exc}", "")]
    if node is None:
        return None, [error(path, (1, 1), "yaml.empty", "the file holds no card",
                            "write the card's fields, starting with `id:`")]
    builder = _Builder(path)
    try:
        builder.located.data = builder.build(node, ())
    except _TooBig:
        return None, [error(path, _mark(node), "yaml.too-big",
                            f"the file expands to more than {MAX_NODES} values or {MAX_DEPTH} levels (aliases nested too deeply?)",
                            "write the values out instead of using anchors and aliases")]
    return builder.located, builder.problems
