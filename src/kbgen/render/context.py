"""What every page renderer needs: the cards, their bibliography and backlinks, and link helpers."""

from __future__ import annotations

import functools
import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property

from .. import kinds, prose
from ..cerqual import AdequacyCounter
from ..citations import Bibliography
from ..graph import Graph
from ..model import Card, KnowledgeBase
from ..views import AccountView, FindingView, StudyView, TermView, ThemeView
from .abbreviations import Glossary

#: The glossary page, the index of terms (which have no page of their own: each is an entry there).
GLOSSARY_PAGE = kinds.TERM.index_page

EVIDENCE_LABELS = {"data": "The study's own data", "literature": "Literature the study reviews",
                   "argument": "The authors' argument"}


def page_of(card: Card) -> str:
    """Site path of a card's page (``findings/<id>.md``); a term's is its glossary entry."""
    return kinds.kind(card.kind).page(card.id)


def built_url(path: str, directory_urls: bool = True) -> str:
    """Where MkDocs puts a page: ``themes/trust.md`` → ``themes/trust/`` (or ``themes/trust.html``)."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


@dataclass
class Site:
    """The compiled knowledge base, ready to render."""

    kb: KnowledgeBase
    bibliography: Bibliography
    graph: Graph
    #: The engine the check read the prose with (one reading for the check and the page).
    prose: prose.ProseEngine = field(default_factory=prose.ProseEngine)
    #: MkDocs' ``use_directory_urls``: raw HTML links (which MkDocs does not rewrite) need the built URLs.
    directory_urls: bool = True

    @functools.cached_property
    def glossary(self) -> Glossary:
        """The knowledge base's terms, for abbreviations on every page."""
        return Glossary(self.kb.of_kind("term"))

    @functools.cached_property
    def adequacy(self) -> AdequacyCounter:
        """Counts the adequacy facts behind key findings."""
        return AdequacyCounter(self.kb, self.graph.accounts_by_study)

    def studies(self) -> list[Card]:
        """Studies, oldest first."""
        return sorted(self.kb.of_kind("study"), key=lambda c: (StudyView(c).reference.year or "", c.id))

    def title(self, card: Card) -> str:
        """Plain-text name of a card, as links and headings show it: a work's author and year, a finding's
        first sentence, another card's name (its id when it has none)."""
        if card.kind in kinds.CITABLE_NAMES:
            return self.label(prose.Citation(card.id, None, "narrative"))
        if card.kind == "finding":
            return short(self.plain(FindingView(card).statement or card.id))
        if card.kind == "term":
            return TermView(card).term or card.id
        return (ThemeView(card).name if card.kind == "theme" else AccountView(card).name) or card.id

    def plain(self, text: str) -> str:
        """Prose as plain text: citations become labels, card links their text, emphasis marks go."""
        def cite(citations: list[prose.Citation]) -> str:
            labels = [self.label(c) for c in citations]
            narrative = len(citations) == 1 and citations[0].mode == "narrative"
            return labels[0] if narrative else "(" + "; ".join(labels) + ")"

        def card(card_id: str, text: str | None) -> str:
            target = self.kb.get(card_id)
            return text or (self.title(target) if target else card_id)

        return self.prose.plain(text, cite, card)

    def label(self, citation: prose.Citation) -> str:
        """``Coleman, 2012, p. 3`` (parenthetical), ``2012`` (year only) or ``Coleman (2012)`` (narrative)."""
        ref = self.bibliography.get(citation.key)
        if ref is None:
            return citation.key
        if citation.mode == "narrative":
            return f"{ref.names} ({ref.year}{', ' + citation.locator if citation.locator else ''})"
        label = ref.year if citation.mode == "year" else ref.label
        return f"{label}, {citation.locator}" if citation.locator else label


class Page:
    """Builds one page's Markdown, with links relative to the page's own path."""

    def __init__(self, site: Site, path: str):
        self.site = site
        self.path = path
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        """Append lines (a blank line separates blocks)."""
        self.lines.extend(lines)

    def text(self) -> str:
        """The page's Markdown."""
        return "\n".join(self.lines).rstrip() + "\n"

    def href(self, target: str) -> str:
        """Relative link from this page to another site path (Markdown: MkDocs turns it into the page's URL).

        What ``posixpath.relpath`` gives for these clean relative paths, without its two calls to
        ``os.getcwd()`` per link (a theme page at 10,000 findings has thousands of links).
        """
        path, hash_, fragment = target.partition("#")
        if not path:
            return target
        here = self._folder
        parts = path.split("/")
        same = 0
        while same < len(here) and same < len(parts) - 1 and here[same] == parts[same]:
            same += 1
        return "/".join([".."] * (len(here) - same) + parts[same:]) + hash_ + fragment

    @cached_property
    def _folder(self) -> list[str]:
        folder = posixpath.dirname(self.path)
        return folder.split("/") if folder else []

    def url(self, target: str) -> str:
        """Relative URL from this page's built address to another page's, for raw HTML MkDocs leaves alone."""
        path, hash_, fragment = target.partition("#")
        directory_urls = self.site.directory_urls
        here, there = built_url(self.path, directory_urls), built_url(path, directory_urls)
        base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        rel = posixpath.relpath(there or ".", base.rstrip("/") or ".")
        if there.endswith("/") or not there:
            rel = "./" if rel == "." else rel + "/"
        return rel + hash_ + fragment

    def link(self, card: Card, text: str | None = None) -> str:
        """Markdown link to a card's page."""
        label = prose.escape_text(text if text is not None else self.site.title(card))
        return f"[{label}]({self.href(page_of(card))})"

    def link_id(self, card_id: str, text: str | None = None) -> str:
        """Link to the card with ``card_id``, or its id as text when it does not exist."""
        card = self.site.kb.get(card_id)
        return self.link(card, text) if card else prose.escape_text(text or card_id)

    def card_refs(self, refs: list[tuple[str, str | None]]) -> str:
        """``[[id]]`` links in prose. Bare finding links read "finding", or "findings 1, 2, 3" in a run;
        each one's accessible name (and tooltip) is the finding's statement, so a screen reader or a
        phone user knows where it goes. Other links read as the card's name."""
        bare = [cid for cid, text in refs if not text and self._is_finding(cid)]
        if len(bare) != len(refs):
            return " ".join(self.link_id(cid, text) for cid, text in refs)
        if len(bare) == 1:
            return "(" + self._finding_ref(bare[0], "finding", "Finding") + ")"
        return "(findings " + ", ".join(self._finding_ref(cid, str(i), f"Finding {i}")
                                         for i, cid in enumerate(bare, 1)) + ")"

    def _is_finding(self, card_id: str) -> bool:
        card = self.site.kb.get(card_id)
        return card is not None and card.kind == "finding"

    def _finding_ref(self, card_id: str, text: str, name: str) -> str:
        card = self.site.kb.get(card_id)
        label = attribute_text(f"{name}: " + self.site.plain(" ".join(FindingView(card).statement.split())))
        return f'[{text}]({self.href(page_of(card))}){{: .kb-ref aria-label="{label}" title="{label}" }}'

    def prose(self, text: str) -> str:
        """Card prose as safe Markdown with citations and card links resolved for this page."""
        return self.site.prose.render(text, self._cite, self.card_refs)

    def _cite(self, citations: list[prose.Citation]) -> str:
        parts = []
        for citation in citations:
            card = self.site.kb.citable(citation.key)
            label = self.site.label(citation)
            parts.append(self.link(card, label) if card else prose.escape_text(label))
        if len(citations) == 1 and citations[0].mode == "narrative":
            return parts[0]
        return "(" + "; ".join(parts) + ")"


_ATTRIBUTE_UNSAFE = re.compile(r"[^\w\s.,;:!?'’‘“”()%/+=–—-]")


def attribute_text(text: str) -> str:
    """Plain text safe inside a quoted attr_list value: no quotes, braces, brackets or Markdown marks."""
    return " ".join(_ATTRIBUTE_UNSAFE.sub("", text.replace('"', "'")).replace("_", " ").split())


def short(text: str, limit: int = 90) -> str:
    """First sentence of ``text``, cut at a word boundary to ``limit`` characters."""
    text = " ".join(text.split())
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(first) <= limit:
        return first.rstrip(".")
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 finding``, ``2 findings``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def cell(markdown: str) -> str:
    """Markdown made safe for one table cell."""
    return " ".join(markdown.split()).replace("|", "\\|")


def indent(markdown: str, spaces: int = 4) -> str:
    """Indent continuation lines so multi-paragraph prose stays inside a list item or admonition."""
    pad = " " * spaces
    return "\n".join((pad + line) if line.strip() and i else line for i, line in enumerate(markdown.split("\n")))


def _meta_safe(text: str) -> str:
    """Text safe for theme templates that print page meta without escaping.

    MkDocs does not autoescape, and material prints the title through ``striptags`` (which
    decodes entities): so no angle brackets, no double quotes, and no ``&`` that could start an entity.
    """
    text = " ".join(text.split()).replace("<", "‹").replace(">", "›").replace('"', "”")
    return re.sub(r"&(?=[#A-Za-z0-9])", "& ", text)


def front_matter(title: str, description: str | None = None, wide: bool = False) -> list[str]:
    """YAML front matter MkDocs and material read (JSON strings are valid YAML scalars).

    ``wide`` hides material's navigation sidebar, which is empty on pages outside the nav, to give
    tables and theme pages the width (and so the shorter page) they need.
    """
    lines = ["---", f"title: {json.dumps(_meta_safe(title), ensure_ascii=False)}"]
    if description:
        lines.append(f"description: {json.dumps(_meta_safe(description), ensure_ascii=False)}")
    if wide:
        lines.append("hide: [navigation]")
    return lines + ["---", ""]
