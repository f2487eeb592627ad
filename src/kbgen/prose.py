"""Markdown prose in cards: finding its citations and card links, and keeping it safe.

Prose may cite (``[@key]``, ``[@key, p. 12]``, ``[@a; @b]``, ``[-@key]`` for the year alone, and a
bare ``@key`` for a narrative citation) and link cards
(``[[id]]``, ``[[id|text]]``). It may not carry raw HTML, images (they would load from
other hosts) or links with schemes other than http, https and mailto: cards arrive by
pull request, and nothing in one may run script in a leader's browser.

:func:`problems` reports what a card must fix; :func:`render` escapes whatever slips
through, so the site is safe even if the check was skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_CODE = r"(?P<code>(`+)[^`].*?\2)"
_CITE = r"(?P<cite>\[\s*-?@[^\[\]]*\])"
_NARRATIVE = r"(?P<narrative>(?<![\w@\[/.-])@(?P<nkey>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?![\w@]))"
_CARD = r"(?P<card>\[\[(?P<card_id>[^\[\]|]*)(?:\|(?P<card_text>[^\[\]]*))?\]\])"
_AUTOLINK = r"(?P<autolink><(?:https?://|mailto:)[^\s<>]+>)"
_TOKENS = re.compile("|".join((_CODE, _CITE, _CARD, _AUTOLINK, _NARRATIVE)), re.DOTALL)

_CITE_PART = re.compile(r"^\s*(?P<suppress>-)?@(?P<key>[A-Za-z0-9_:.-]+)\s*(?:,\s*(?P<locator>.+?))?\s*$", re.DOTALL)
_HTML = re.compile(r"<[A-Za-z/!?]")
_IMAGE = re.compile(r"!\[[^\]]*\]\s*[(\[]")
_INLINE_DEST = re.compile(r"\]\(\s*<?(?P<dest>[^)\s>]*)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<dest>\S+?)>?(?:\s|$)", re.MULTILINE)
_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):")
SAFE_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True)
class Citation:
    """One cited work: its key, an optional locator (``p. 12``) and how it is cited.

    ``mode`` is ``parenthetical`` for ``[@key]`` (Coleman, 2012), ``year`` for ``[-@key]`` (2012)
    and ``narrative`` for a bare ``@key`` in the sentence: Coleman (2012).
    """

    key: str
    locator: str | None
    mode: str = "parenthetical"


@dataclass(frozen=True)
class Problem:
    """Something wrong in a prose value, at a character offset."""

    offset: int
    code: str
    message: str
    hint: str


def parse_citations(group: str) -> list[Citation] | None:
    """Parse ``[@a, p. 3; @b]`` into citations, or None when the group is malformed."""
    parts = group.strip()[1:-1].split(";")
    found = []
    for part in parts:
        match = _CITE_PART.match(part)
        if not match:
            return None
        found.append(Citation(match["key"], match["locator"], "year" if match["suppress"] else "parenthetical"))
    return found


@dataclass(frozen=True)
class Token:
    """A piece of prose: plain text, or a recognised construct (``code``, ``cite``, ``card``, ``autolink``)."""

    kind: str
    text: str
    offset: int
    card_id: str = ""
    card_text: str | None = None


def tokens(text: str) -> Iterator[Token]:
    """Split prose into plain text and the constructs kbgen treats specially."""
    pos = 0
    for match in _TOKENS.finditer(text):
        if match.start() > pos:
            yield Token("text", text[pos:match.start()], pos)
        card_id = match["nkey"] if match["narrative"] else (match["card_id"] or "").strip()
        yield Token(_kind(match), match.group(0), match.start(), card_id, match["card_text"])
        pos = match.end()
    if pos < len(text):
        yield Token("text", text[pos:], pos)


def _kind(match: re.Match) -> str:
    for kind in ("code", "cite", "card", "autolink", "narrative"):
        if match.group(kind) is not None:
            return kind
    raise AssertionError("token regex matched no group")  # the regex has only these groups


def references(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, 'cite'|'card', id) for every citation key and card link in ``text``."""
    for token in tokens(text):
        if token.kind == "card":
            yield token.offset, "card", token.card_id
        elif token.kind == "cite":
            for citation in parse_citations(token.text) or []:
                yield token.offset, "cite", citation.key
        elif token.kind == "narrative":
            yield token.offset, "cite", token.card_id


def problems(text: str) -> list[Problem]:
    """What a contributor must fix in one prose value."""
    found: list[Problem] = []
    for token in tokens(text):
        if token.kind == "cite" and parse_citations(token.text) is None:
            found.append(Problem(token.offset, "prose.citation", f"malformed citation {token.text!r}",
                                 "write [@key], [@key, p. 12] or [@key1; @key2]"))
        if token.kind != "text":
            continue
        found.extend(_plain_problems(token))
    return found


def _plain_problems(token: Token) -> Iterator[Problem]:
    for match in _HTML.finditer(token.text):
        yield Problem(token.offset + match.start(), "prose.html", "raw HTML is not allowed in cards",
                      "use Markdown instead; write &lt; for a literal '<'")
    for match in _IMAGE.finditer(token.text):
        yield Problem(token.offset + match.start(), "prose.image", "images are not allowed in card prose",
                      "the site loads nothing from other hosts; describe the figure in words")
    for regex in (_INLINE_DEST, _REF_DEF):
        for match in regex.finditer(token.text):
            if not _safe_destination(match["dest"]):
                yield Problem(token.offset + match.start("dest"), "prose.link",
                              f"link to {match['dest']!r} is not allowed",
                              "links must start with https://, http:// or mailto:; link cards with [[id]]")


def _safe_destination(dest: str) -> bool:
    scheme = _SCHEME.match(dest)
    if scheme:
        return scheme["scheme"].lower() in SAFE_SCHEMES
    return dest.startswith("#") and len(dest) > 1


def line_col(text: str, offset: int, start: tuple[int, int], style: str | None,
             block_col: int = 3) -> tuple[int, int]:
    """Map an offset in a YAML string value to a file (line, col).

    Exact for plain and quoted one-line values and for literal blocks (``|``) whose text
    starts at ``block_col``; approximate for folded or escaped text.
    """
    block = style in ("|", ">")
    before = text[:offset]
    line = before.count("\n")
    if block:
        return start[0] + 1 + line, block_col + len(before) - (before.rfind("\n") + 1)
    if line == 0:
        return start[0], start[1] + (1 if style else 0) + offset
    return start[0] + line, len(before) - before.rfind("\n")


def render(text: str, cite: Callable[[list[Citation]], str],
           cards: Callable[[list[tuple[str, str | None]]], str]) -> str:
    """Safe Markdown for the site: citations and card links resolved, HTML and unsafe links neutralised.

    Card links that follow one another with only spaces between (``[[a]] [[b]]``) reach ``cards``
    together, so they can be shown as one group.
    """
    out: list[str] = []
    run: list[tuple[str, str | None]] = []
    pending_space = ""
    for token in tokens(text):
        if token.kind == "card":
            run.append((token.card_id, token.card_text))
            pending_space = ""
            continue
        if run and token.kind == "text" and not token.text.strip() and "\n\n" not in token.text:
            pending_space += token.text  # whitespace inside a run of card links
            continue
        if run:
            out.append(cards(run) + pending_space)
            run, pending_space = [], ""
        if token.kind == "cite":
            citations = parse_citations(token.text)
            out.append(cite(citations) if citations else escape_text(token.text))
        elif token.kind == "narrative":
            out.append(cite([Citation(token.card_id, None, "narrative")]))
        elif token.kind in ("code", "autolink"):
            out.append(token.text)
        else:
            out.append(_neutralise(token.text))
    if run:
        out.append(cards(run) + pending_space)
    return "".join(out)


def _neutralise(text: str) -> str:
    """Escape HTML and attribute-list braces, drop images, and defuse unsafe link targets."""
    text = text.replace("<", "&lt;").replace("{", "\\{").replace("}", "\\}")
    text = _IMAGE.sub(lambda m: m.group(0)[1:], text)

    def defuse(match: re.Match) -> str:
        dest = match["dest"]
        if _safe_destination(dest):
            return match.group(0)
        start, end = match.span("dest")
        return match.group(0)[: start - match.start()] + "#unsafe-link-removed" + match.group(0)[end - match.start():]

    return _REF_DEF.sub(defuse, _INLINE_DEST.sub(defuse, text))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>-])")


_EMPHASIS = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")


def escape_quote(text: str) -> str:
    """A verbatim quote made inert, except that the source's ``*italics*`` stay italic."""
    out, pos = [], 0
    for match in _EMPHASIS.finditer(text):
        out.append(escape_text(text[pos:match.start()]))
        out.append("*" + escape_text(match.group(1)) + "*")
        pos = match.end()
    out.append(escape_text(text[pos:]))
    return "".join(out)


def escape_text(text: str) -> str:
    """Plain text (a quote, a title) made inert in Markdown: shown exactly, never interpreted."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text)
