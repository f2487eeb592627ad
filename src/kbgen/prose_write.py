"""Card prose written back as Markdown that every engine reads the same way, and reads as inert.

The engine's sanitised tree of a prose value (see :mod:`kbgen.prose_parse`) is written out
again using only constructs kbgen chooses: paragraphs, headings, lists, quotes, tables,
emphasis, code spans and links to http, https, mailto or ``#anchors``. Every character of
text is escaped, so nothing in it can become HTML, an attribute list, a link or an image, or
pair with a backtick outside it: the page around the prose cannot change what it means.
Code blocks become one code span per line, which stays code in any context (a list item, a
table cell, an admonition) where a fence might not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from .prose_parse import CONTROL, Citation, Node, Parsed

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "hr", "table", "div",
           "details", "summary", "dl", "dt", "dd", "li"}
_EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
SAFE_SCHEMES = ("http", "https", "mailto")
#: Characters a URL keeps as they are; every other one is percent-encoded (parentheses, quotes, spaces,
#: backslashes, backticks and angle brackets included, so a link destination never ends early).
_URL_SAFE = "-._~:/?#@!$&+,;=%*'"


#: Characters Markdown could read as syntax: :func:`escape_text` puts a backslash before each.
_SYNTAX = "`*_{}[]()#+!|>-"


def escape_text(text: str) -> str:
    """Plain text (a quote, a title) made inert in Markdown: shown exactly, never interpreted.

    Control characters go, ``&`` and ``<`` become entities, and every character Markdown could read as
    syntax gets a backslash (backslashes first). One ``str.replace`` per character present: twice as fast
    as one pattern with a replacement template, and half a million values a build at 10,000 findings.
    """
    if CONTROL.search(text):
        text = CONTROL.sub("", text)
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;")
    for char in _SYNTAX:
        if char in text:
            text = text.replace(char, "\\" + char)
    return text


def code_span(text: str) -> str:
    """``text`` as one code span, fenced with more backticks than it holds in a row."""
    text = " ".join(CONTROL.sub("", text).split())
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fence(text: str, minimum: int = 3) -> str:
    """A code-block fence longer than any run of backticks in ``text`` (so the text cannot close it)."""
    return "`" * max(minimum, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)


def safe_href(url: str | None) -> str | None:
    """``url`` percent-encoded for a Markdown link when it is http, https, mailto or an ``#anchor``; else None."""
    if not url:
        return None
    url = CONTROL.sub("", url).strip()
    if url.startswith("#") and len(url) > 1:
        return "#" + quote(url[1:], safe=_URL_SAFE)
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    if not scheme or scheme.group(1).lower() not in SAFE_SCHEMES:
        return None
    return quote(url, safe=_URL_SAFE)


def doi_href(doi: str) -> str:
    """The https://doi.org/ address of a DOI, every character outside letters, digits and ``/.-_`` percent-encoded."""
    return "https://doi.org/" + quote(CONTROL.sub("", doi.strip()), safe="/.-_")


def _guard(line: str) -> str:
    """Escape a line's first character when some extension would read it as the start of a block."""
    line = line.lstrip()
    number = re.match(r"(\d+)([.)])", line)
    if number:
        return number.group(1) + "\\" + line[len(number.group(1)):]
    if line[:1] in set("=:~^%$/?;@"):
        return f"&#{ord(line[0])};" + line[1:]
    return line


class Writer:
    """Writes one parsed value for one page, resolving citations and card links through the callbacks."""

    def __init__(self, parsed: Parsed, cite: Callable[[list[Citation]], str],
                 cards: Callable[[list[tuple[str, str | None]]], str]):
        self.parsed, self.cite, self.cards = parsed, cite, cards

    def document(self) -> str:
        """The whole value: blocks separated by blank lines."""
        return "\n\n".join(text for _, text in self.blocks(self.parsed.nodes) if text)

    def blocks(self, nodes: list[Node | str]) -> list[tuple[str, str]]:
        """(kind, Markdown) per block; runs of inline content become paragraphs (kind ``inline``)."""
        out: list[tuple[str, str]] = []
        run: list[Node | str] = []
        for node in nodes + [Node("p", {})]:  # a sentinel block flushes the last run
            if isinstance(node, str) or node.tag not in _BLOCKS:
                run.append(node)
                continue
            text = self.inline(run)
            if text.strip():
                out.append(("inline", self._paragraph(text)))
            run = []
            if node.attrs or node.children or node.tag in ("hr",):
                out.append((node.tag, self.block(node)))
        return out

    def block(self, node: Node) -> str:
        """One block element."""
        tag = node.tag
        if tag in ("p", "summary", "dt"):
            return self._paragraph(self.inline(node.children))
        if tag[0] == "h" and tag[1:].isdigit():
            return "#" * int(tag[1]) + " " + self.inline(node.children).replace("\n", " ").strip()
        if tag in ("ul", "ol"):
            return self._list(node)
        if tag == "blockquote":
            inner = self._join(self.blocks(node.children))
            return "\n".join("> " + line if line else ">" for line in inner.split("\n"))
        if tag == "pre":
            lines = [code_span(line) for line in _text_of(node).split("\n")]
            return "  \n".join(line for line in lines if line)
        if tag == "hr":
            return "* * *"
        if tag == "table":
            return self._table(node)
        return self._join(self.blocks(node.children))

    def _paragraph(self, text: str) -> str:
        return "\n".join(_guard(line) for line in text.strip().split("\n"))

    @staticmethod
    def _join(blocks: list[tuple[str, str]]) -> str:
        return "\n\n".join(text for _, text in blocks if text)

    def _list(self, node: Node) -> str:
        items = [child for child in node.children if isinstance(child, Node) and child.tag == "li"]
        loose = any(isinstance(c, Node) and c.tag == "p" for item in items for c in item.children)
        start = node.attrs.get("start", "1") if node.tag == "ol" else ""
        written = []
        for i, item in enumerate(items):
            marker = "- " if node.tag == "ul" else f"{start if i == 0 and start.isdigit() else 1}. "
            blocks = self.blocks(item.children)
            joiner = "\n\n" if loose else "\n"
            body = joiner.join(text for _, text in blocks if text) or "&#8203;"
            lines = body.split("\n")
            written.append(marker + lines[0] + "".join("\n" + ("    " + line if line else "") for line in lines[1:]))
        return ("\n\n" if loose else "\n").join(written)

    def _table(self, node: Node) -> str:
        rows = [tr for tr in _find(node, "tr")]
        if not rows:
            return ""
        cells = [[c for c in row.children if isinstance(c, Node) and c.tag in ("th", "td")] for row in rows]
        width = max(len(r) for r in cells)
        if width == 0:
            return ""

        def line(row: list[Node]) -> str:
            texts = [" ".join(self.inline(c.children).split()) for c in row] + [""] * (width - len(row))
            return "| " + " | ".join(texts) + " |"

        align = [_align(c) for c in cells[0]] + [":--"] * (width - len(cells[0]))
        return "\n".join([line(cells[0]), "| " + " | ".join(align) + " |"] + [line(r) for r in cells[1:]])

    def inline(self, nodes: list[Node | str]) -> str:
        """Inline content; consecutive card links (only spaces between) reach ``cards`` together."""
        out: list[str] = []
        run: list[tuple[str, str | None]] = []
        gap = ""
        for node in nodes:
            if isinstance(node, Node) and node.tag == "kbgen-card":
                run.append(self._finding(node).card)  # type: ignore[arg-type]
                gap = ""
                continue
            if run and isinstance(node, str) and not node.strip() and "\n\n" not in node:
                gap += node
                continue
            if run:
                out.append(self.cards(run) + gap)
                run, gap = [], ""
            out.append(self._inline_one(node))
        if run:
            out.append(self.cards(run) + gap)
        return "".join(out)

    def _inline_one(self, node: Node | str) -> str:
        if isinstance(node, str):
            return escape_text(node)
        if node.tag == "kbgen-cite":
            return self.cite(list(self._finding(node).citations))
        if node.tag == "code":
            return code_span(_text_of(node))
        if node.tag == "br":
            return "  \n"
        inner = self.inline(node.children)
        if node.tag in _EMPHASIS and inner.strip():
            mark = _EMPHASIS[node.tag]
            return f"{mark}{inner.strip()}{mark}"
        if node.tag == "a":
            href = safe_href(node.attrs.get("href"))
            return f"[{inner}]({href})" if href and inner.strip() else inner
        return inner

    def _finding(self, node: Node):
        return self.parsed.found[int(node.attrs.get("data-n", "0"))]


def _text_of(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(_text_of(child) for child in node.children)


def _find(node: Node, tag: str):
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                yield child
            else:
                yield from _find(child, tag)


def _align(cell: Node) -> str:
    style = (cell.attrs.get("style", "") + " " + cell.attrs.get("align", "")).lower()
    if "center" in style:
        return ":-:"
    if "right" in style:
        return "--:"
    return ":--" if "left" in style else "---"


def plain_text(parsed: Parsed, cite: Callable[[list[Citation]], str],
               card: Callable[[str, str | None], str]) -> str:
    """The value as plain text (for titles and descriptions): citations and card links as words."""
    def walk(nodes: list[Node | str]) -> str:
        out = []
        for node in nodes:
            if isinstance(node, str):
                out.append(node)
            elif node.tag == "kbgen-cite":
                out.append(cite(list(parsed.found[int(node.attrs["data-n"])].citations)))
            elif node.tag == "kbgen-card":
                out.append(card(*parsed.found[int(node.attrs["data-n"])].card))  # type: ignore[misc]
            else:
                out.append(walk(node.children) + (" " if node.tag in _BLOCKS else ""))
        return "".join(out)
    return " ".join(walk(parsed.nodes).split())
