"""Markdown prose in cards: finding its citations and card links, and keeping it safe.

Prose may cite (``[@key]``, ``[@key, p. 12]``, ``[@a; @b]``, ``[-@key]`` for the year alone, and a
bare ``@key`` for a narrative citation) and link cards (``[[id]]``, ``[[id|text]]``). It may not
carry raw HTML, attribute lists, images (they would load from other hosts) or links with schemes
other than http, https and mailto: cards arrive by pull request, and nothing in one may run
script in a leader's browser.

A :class:`ProseEngine` reads every value with the site's own Markdown engine (see
:mod:`kbgen.prose_parse`), so what :meth:`~ProseEngine.problems` reports and what
:meth:`~ProseEngine.render` writes rest on one reading. :meth:`~ProseEngine.render` writes the
value back as inert Markdown (see :mod:`kbgen.prose_write`), so the site is safe even if the
check was skipped; the MkDocs plugin then passes every generated page through the sanitiser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .prose_parse import MARKUP, Citation, Finding, MarkdownSetup, Parsed, ProseReader, parse_citations
from .prose_write import Writer, code_span, doi_href, escape_text, fence, plain_text, safe_href

__all__ = ["Citation", "MarkdownSetup", "Problem", "ProseEngine", "Token", "code_span", "doi_href", "escape_quote",
           "escape_text", "fence", "parse_citations", "safe_href", "tokens"]

_LINK_HINT = "links must start with https://, http:// or mailto:; link cards with [[id]]"
#: Longest piece of offending text a message quotes.
_SHOWN = 60


@dataclass(frozen=True)
class Problem:
    """Something wrong in a prose value, at a character offset."""

    offset: int
    code: str
    message: str
    hint: str


class ProseEngine:
    """Card prose read, checked and rendered with one Markdown engine. Build once per run."""

    def __init__(self, setup: MarkdownSetup | None = None):
        self.reader = ProseReader(setup)

    @property
    def setup(self) -> MarkdownSetup:
        """The Markdown configuration prose is read with."""
        return self.reader.setup

    def parse(self, text: str) -> Parsed:
        """The value as the engine reads it (cached)."""
        return self.reader.parse(text)

    def references(self, text: str) -> Iterator[tuple[int, str, str]]:
        """(offset, 'cite'|'card', id) for every citation key and card link the engine finds in ``text``."""
        for offset, finding in sorted(_located(text, self.parse(text).found), key=lambda item: item[0]):
            if finding.kind == "cite":
                for citation in finding.citations:
                    yield offset, "cite", citation.key
            elif finding.kind == "card" and finding.card is not None:
                yield offset, "card", finding.card[0]

    def problems(self, text: str) -> list[Problem]:
        """What a contributor must fix in one prose value, judged by what the site would render."""
        found = []  # control characters are reported for every field by the YAML reader
        for offset, finding in _located(text, self.parse(text).found):
            problem = _problem(finding, offset)
            if problem is not None:
                found.append(problem)
        return found

    def render(self, text: str, cite: Callable[[list[Citation]], str],
               cards: Callable[[list[tuple[str, str | None]]], str]) -> str:
        """Inert Markdown for the site, with citations and card links resolved by the callbacks.

        Card links that follow one another with only spaces between (``[[a]] [[b]]``) reach ``cards``
        together, so they can be shown as one group.
        """
        return Writer(self.parse(text), cite, cards).document()

    def plain(self, text: str, cite: Callable[[list[Citation]], str],
              card: Callable[[str, str | None], str]) -> str:
        """The value as plain text: citations and card links as the words the callbacks give."""
        return plain_text(self.parse(text), cite, card)


def _located(text: str, found: list[Finding]) -> Iterator[tuple[int, Finding]]:
    """Each finding with the offset of the text that produced it (searched in order; 0 when not found)."""
    searched_from: dict[str, int] = {}
    for finding in found:
        needle = finding.needle or ""
        start = searched_from.get(needle, 0)
        offset = text.find(needle, start) if needle else -1
        for tail in (16, 8):  # the engine decoded part of it (an entity, a tab): look for how it ends
            if offset < 0 and len(needle) > tail:
                found = text.find(needle[-tail:], start)
                offset = found if found < 0 else max(text.rfind("(", 0, found) + 1, text.rfind("[", 0, found), 0)
        if offset < 0 and finding.kind == "raw-html":
            offset = text.find("<", start)
        if offset > 0 and finding.kind == "attr-list":
            offset = max(text.rfind("{", 0, offset), 0)
        searched_from[needle] = offset + 1 if offset >= 0 else start
        yield max(offset, 0), finding


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _problem(finding: Finding, offset: int) -> Problem | None:
    if finding.kind == "malformed-cite":
        return Problem(offset, "prose.citation", f"malformed citation {finding.needle!r}",
                       "write [@key], [@key, p. 12] or [@key1; @key2]")
    if finding.kind == "raw-html":
        return Problem(offset, "prose.html", f"raw HTML is not allowed in cards: {_shown(finding.needle)!r}",
                       "use Markdown instead; write &lt; for a literal '<'")
    if finding.kind == "attr-list":
        return Problem(offset, "prose.attributes",
                       f"attribute lists are not allowed in card prose: {{{_shown(finding.needle)}}}",
                       "remove the braces and what is inside them; write \\{ for a literal '{'")
    if finding.kind in ("cite", "card"):
        texts = [c.locator or "" for c in finding.citations] + [(finding.card or ("", ""))[1] or ""]
        markup = next((m for m in map(MARKUP.search, texts) if m), None)
        if markup is None:
            return None
        return Problem(offset, "prose.html", "raw HTML is not allowed in a card link's or citation's text: "
                       f"{_shown(markup.group(0))!r}", "write the words only; they are shown as plain text")
    if finding.kind != "removed" or finding.removal is None:
        return None
    removal = finding.removal
    if removal.tag == "img":
        return Problem(offset, "prose.image", "images are not allowed in card prose",
                       "the site loads nothing from other hosts; describe the figure in words")
    if removal.tag == "a" and removal.attribute == "href":
        return Problem(offset, "prose.link", f"link to {_shown(removal.value or '')!r} is not allowed", _LINK_HINT)
    return Problem(offset, "prose.markup", f"{removal.describe()} is not allowed in card prose",
                   "write plain Markdown: text, emphasis, lists, links to http(s) pages")


_TOKENS = re.compile("|".join((
    r"(?P<code>(`+)[^`].*?\2)", r"(?P<cite>\[\s*-?@[^\[\]]*\])",
    r"(?P<card>\[\[(?P<card_id>[^\[\]|]*)(?:\|(?P<card_text>[^\[\]]*))?\]\])",
    r"(?P<autolink><(?:https?://|mailto:)[^\s<>]+>)",
    r"(?P<narrative>(?<![\w@\[/.-])@(?P<nkey>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?![\w@]))")), re.DOTALL)


@dataclass(frozen=True)
class Token:
    """A piece of prose: plain text, or a construct (``code``, ``cite``, ``card``, ``autolink``, ``narrative``)."""

    kind: str
    text: str
    offset: int
    card_id: str = ""
    card_text: str | None = None


def tokens(text: str) -> Iterator[Token]:
    """Split prose into plain text and kbgen's constructs by pattern, keeping every offset.

    A quick approximation for reading the words of a statement (the hedge and number checks blank
    out citations and code with it). It decides nothing about safety or references: those come
    from :class:`ProseEngine`, which reads prose as the site's Markdown engine does.
    """
    pos = 0
    for match in _TOKENS.finditer(text):
        if match.start() > pos:
            yield Token("text", text[pos:match.start()], pos)
        kind = next(k for k in ("code", "cite", "card", "autolink", "narrative") if match.group(k) is not None)
        card_id = match["nkey"] if kind == "narrative" else (match["card_id"] or "").strip()
        yield Token(kind, match.group(0), match.start(), card_id, match["card_text"])
        pos = match.end()
    if pos < len(text):
        yield Token("text", text[pos:], pos)


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
