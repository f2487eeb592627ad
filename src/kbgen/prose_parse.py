"""Card prose read by the site's own Markdown engine: Python-Markdown with the site's extensions.

One engine decides everything about a prose value: what is a citation or a card link, what is
code, what is raw HTML, an attribute list or a link, so the check and the page never disagree
(a hand-written look-alike parser would, and an attacker needs only one disagreement).

The engine is Python-Markdown configured as the site configures it, plus kbgen's own inline
syntax, with three hooks that record instead of obey: raw HTML is kept as text, attribute lists
are not applied, and both are reported. The HTML that comes out passes the prose allowlist;
what the allowlist removes is reported too. Extensions that read files (``pymdownx.snippets``)
or let raw HTML carry Markdown (``md_in_html``) are left out: prose never needs them.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser

import markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor, InlineProcessor
from markdown.preprocessors import Preprocessor

from .errors import KbgenError
from .sanitise import Removal, Sanitiser, same_markup

#: Extensions MkDocs always adds, and those kbgen's pages need: what prose is read with when
#: no ``mkdocs.yml`` says otherwise. ``attr_list`` is in, so attribute lists are caught even then.
DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code", "admonition", "attr_list", "pymdownx.details",
                      "pymdownx.superfences", "pymdownx.tabbed")

#: Extensions never used for prose: they read files, or only decorate headings.
_LEFT_OUT = {"snippets", "md_in_html", "toc", "include", "markdown_include"}
#: ``extra`` is a bundle; prose gets its parts without ``md_in_html``.
_EXTRA = ("fenced_code", "footnotes", "attr_list", "def_list", "tables", "abbr")

CITE_RE = r"\[\s*-?@[^\[\]]*\]"
CARD_RE = r"\[\[(?P<id>[^\[\]|]*)(?:\|(?P<text>[^\[\]]*))?\]\]"
NARRATIVE_RE = r"(?<![\w@\[/.\\-])@(?P<key>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?![\w@])"
_CITE_PART = re.compile(r"^\s*(?P<suppress>-)?@(?P<key>[A-Za-z0-9_:.-]+)\s*(?:,\s*(?P<locator>.+?))?\s*$",
                        re.DOTALL)
#: What Python-Markdown (and a browser) would take for a tag, a comment or an autolink.
MARKUP = re.compile(r"<(?:/?[A-Za-z][^<>@ ]*(?: [^<>]*)?|!--.*?--|[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>", re.DOTALL)
#: C0 and C1 control characters other than tab and line breaks: invisible, and Python-Markdown
#: uses two of them (STX, ETX) for its own placeholders.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

#: Extensions known to leave a one-line sentence of letters, digits, spaces and ordinary punctuation as it is
#: (each needs a character or a line start such a sentence cannot have). With any other extension configured
#: (``smarty``, ``meta``, ``pymdownx.magiclink`` change plain words), every value goes through the engine.
_PLAIN_SAFE = frozenset(f"{prefix}{name}" for name in ("tables", "fenced_code", "admonition", "attr_list", "abbr",
                                                        "footnotes", "def_list", "sane_lists")
                        for prefix in ("", "markdown.extensions.")) | {
    "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed"}
#: A sentence the engine turns into one paragraph of the very same text: it starts with a letter, a digit, a
#: quotation mark or a parenthesis (no list, block or indent), holds nothing that starts markup (``* _ ` [ < & \
#: # | { ~ @ ^``, a tab, a line break) and does not end in a space.
_PLAIN = re.compile(r"(?![0-9]+[.)])(?:[^\W_]|[\"“‘'(])(?:[^\W_]|[ .,;:'\"()%?/!+=’‘“”£€–—-])*(?<! )")
#: A citation group in a plain sentence: keys, and locators of letters, digits, spaces, full stops and dashes.
_PLAIN_CITE = re.compile(r"\[-?@[a-z0-9][a-z0-9-]*(?:, [^\W_][^\W_ .–-]*(?:[ .–-]+[^\W_]+)*\.?)?"
                         r"(?:; -?@[a-z0-9][a-z0-9-]*(?:, [^\W_][^\W_ .–-]*(?:[ .–-]+[^\W_]+)*\.?)?)*\]")

#: What prose may turn into: text formatting, lists, quotes, tables, links, and kbgen's own elements.
PROSE_TAGS = frozenset({"p", "br", "hr", "em", "strong", "b", "i", "del", "ins", "mark", "sub", "sup", "code", "pre",
                        "span", "div", "blockquote", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
                        "dl", "dt", "dd", "a", "table", "thead", "tbody", "tr", "th", "td", "details", "summary",
                        "kbgen-cite", "kbgen-card"})
PROSE_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "abbr": {"title"}, "th": {"align", "style"},
                    "td": {"align", "style"}, "div": {"class"}, "span": {"class"}, "code": {"class"},
                    "kbgen-cite": {"data-n"}, "kbgen-card": {"data-n"}, "details": {"open"}}


@dataclass(frozen=True)
class Citation:
    """One cited work: its key, an optional locator (``p. 12``) and how it is cited.

    ``mode`` is ``parenthetical`` for ``[@key]`` (Coleman, 2012), ``year`` for ``[-@key]`` (2012)
    and ``narrative`` for a bare ``@key`` in the sentence: Coleman (2012).
    """

    key: str
    locator: str | None
    mode: str = "parenthetical"


def parse_citations(group: str) -> list[Citation] | None:
    """Parse ``[@a, p. 3; @b]`` into citations, or None when the group is malformed."""
    found = []
    for part in group.strip()[1:-1].split(";"):
        match = _CITE_PART.match(part)
        if not match:
            return None
        found.append(Citation(match["key"], match["locator"], "year" if match["suppress"] else "parenthetical"))
    return found


@dataclass(frozen=True)
class Finding:
    """Something the engine met in a prose value, with the source text that produced it (to locate it)."""

    kind: str  # cite, card, malformed-cite, raw-html, attr-list, removed
    needle: str
    citations: tuple[Citation, ...] = ()
    card: tuple[str, str | None] | None = None
    removal: Removal | None = None


@dataclass
class Node:
    """An element of the sanitised prose HTML (text children are plain strings)."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)


@dataclass
class Parsed:
    """A prose value as the engine read it: its sanitised HTML (as a tree, built when first asked for: the
    check needs only what the engine met), and what it met on the way."""

    cleaned: str
    found: list[Finding]

    @cached_property
    def nodes(self) -> list[Node | str]:
        """The sanitised HTML as a tree (what the page is written from)."""
        return _tree(self.cleaned)


@dataclass(frozen=True)
class MarkdownSetup:
    """The site's Markdown configuration as plain data (MkDocs' ``markdown_extensions`` and ``mdx_configs``)."""

    extensions: tuple = DEFAULT_EXTENSIONS
    configs: dict = field(default_factory=dict, hash=False, compare=False)

    def names(self) -> set[str]:
        """Short names of the configured extensions (``pymdownx.tabbed`` → ``tabbed``), for comparisons."""
        return {_short(e) for e in self.extensions if isinstance(e, str)}


def _short(name: str) -> str:
    return name.split(":")[0].rsplit(".", 1)[-1]


class _Record:
    """What one conversion met (reset before each)."""

    def __init__(self) -> None:
        self.found: list[Finding] = []


class _CiteProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: markdown.Markdown, record: _Record):
        super().__init__(pattern, md)
        self.record = record

    def handleMatch(self, m, data):
        citations = parse_citations(m.group(0))
        if citations is None:
            self.record.found.append(Finding("malformed-cite", m.group(0)))
            return None, None, None
        finding = Finding("cite", m.group(0), tuple(citations))
        return self._element("kbgen-cite", m.group(0), finding), m.start(0), m.end(0)

    def _element(self, tag: str, text: str, finding: Finding) -> etree.Element:
        element = etree.Element(tag, {"data-n": str(len(self.record.found))})
        element.text = markdown.util.AtomicString(text)
        self.record.found.append(finding)
        return element


class _NarrativeProcessor(_CiteProcessor):
    def handleMatch(self, m, data):
        finding = Finding("cite", m.group(0), (Citation(m.group("key"), None, "narrative"),))
        return self._element("kbgen-cite", m.group(0), finding), m.start(0), m.end(0)


class _CardProcessor(_CiteProcessor):
    def handleMatch(self, m, data):
        finding = Finding("card", m.group(0), card=(m.group("id").strip(), m.group("text")))
        return self._element("kbgen-card", m.group(0), finding), m.start(0), m.end(0)


class _RawInlineHtml(HtmlInlineProcessor):
    """Raw inline HTML is recorded and kept as visible text, never as markup."""

    def __init__(self, pattern: str, md: markdown.Markdown, record: _Record):
        super().__init__(pattern, md)
        self.record = record

    def handleMatch(self, m, data):
        raw = self.backslash_unescape(self.unescape(m.group(1)))
        self.record.found.append(Finding("raw-html", raw))
        return self.md.htmlStash.store(html.escape(raw, quote=False)), m.start(0), m.end(0)


class _RawBlockHtml(Preprocessor):
    """Wraps the engine's own raw-HTML block reader: what it takes out is recorded and kept as text."""

    def __init__(self, md: markdown.Markdown, inner: Preprocessor, record: _Record):
        super().__init__(md)
        self.inner, self.record = inner, record

    def run(self, lines: list[str]) -> list[str]:
        stash = self.md.htmlStash.rawHtmlBlocks
        before = len(stash)
        out = self.inner.run(lines)
        for i in range(before, len(stash)):
            raw = stash[i] if isinstance(stash[i], str) else ""
            self.record.found.append(Finding("raw-html", raw.strip()))
            stash[i] = "<p>" + html.escape(raw, quote=False) + "</p>"
        return out


class _RecordedAttrList(AttrListTreeprocessor):
    """Attribute lists (``{: onclick=...}``) are recorded and never applied."""

    record: _Record

    def assign_attrs(self, elem, attrs_string, *, strict=False):
        _attrs, remainder = get_attrs_and_remainder(attrs_string)
        if strict and remainder:
            return remainder
        self.record.found.append(Finding("attr-list", attrs_string))
        return remainder


class _KbgenSyntax(Extension):
    """``[@key]``, ``@key``, ``[[id]]``: read by the engine itself, after code spans and escapes."""

    def __init__(self, record: _Record):
        super().__init__()
        self.record = record

    def extendMarkdown(self, md):
        md.inlinePatterns.register(_CardProcessor(CARD_RE, md, self.record), "kbgen-card", 176)
        md.inlinePatterns.register(_CiteProcessor(CITE_RE, md, self.record), "kbgen-cite", 175)
        md.inlinePatterns.register(_NarrativeProcessor(NARRATIVE_RE, md, self.record), "kbgen-narrative", 174)


def prose_extensions(setup: MarkdownSetup) -> list:
    """The site's extensions as prose uses them (see the module's docstring for what is left out)."""
    chosen: list = []
    for ext in setup.extensions:
        names = _EXTRA if isinstance(ext, str) and _short(ext) == "extra" else (ext,)
        chosen += [n for n in names if not (isinstance(n, str) and _short(n) in _LEFT_OUT) and n not in chosen]
    return chosen


class ProseReader:
    """Reads prose values with one Python-Markdown instance (build once per run; results are cached)."""

    def __init__(self, setup: MarkdownSetup | None = None):
        self.setup = setup or MarkdownSetup()
        self.record = _Record()
        extensions = prose_extensions(self.setup)
        configs = {k: v for k, v in self.setup.configs.items() if k in extensions}
        try:
            self.md = markdown.Markdown(extensions=[*extensions, _KbgenSyntax(self.record)],
                                        extension_configs=configs)
        except Exception as exc:
            raise KbgenError(f"markdown_extensions: cannot load the site's Markdown extensions: {exc}") from None
        self._hook()
        self.sanitiser = Sanitiser(PROSE_TAGS, PROSE_ATTRIBUTES, {})
        self._cache: dict[str, Parsed] = {}
        self._plain_safe = all(isinstance(e, str) and e in _PLAIN_SAFE for e in extensions)

    def _hook(self) -> None:
        md = self.md
        if "html" in md.inlinePatterns:
            md.inlinePatterns.register(_RawInlineHtml(HTML_RE, md, self.record), "html", 90)
        if "html_block" in md.preprocessors:
            inner = md.preprocessors["html_block"]
            md.preprocessors.register(_RawBlockHtml(md, inner, self.record), "html_block", 20)
        if "attr_list" in md.treeprocessors:
            recorded = _RecordedAttrList(md)
            recorded.record = self.record
            md.treeprocessors.register(recorded, "attr_list", 8)

    def parse(self, text: str) -> Parsed:
        """The value read once: its sanitised tree and what the engine met (cached by text).

        A plain sentence (see :func:`_plain_sentence`) is known without running the engine, under extensions
        known to leave it alone: one paragraph of the same text, its citations marked. Most prose is such
        sentences; the tests hold this to what the engine makes of them.
        """
        cached = self._cache.get(text)
        if cached is None:
            cached = self._cache[text] = (self._plain_safe and _plain_sentence(text)) or self.read(text)
        return cached

    def read(self, text: str) -> Parsed:
        """The value as the engine reads it, always through the engine (:meth:`parse` caches and shortcuts)."""
        self.record.found = []
        self.md.reset()
        produced = self.md.convert(CONTROL.sub("", text))
        found = list(self.record.found)
        cleaned = self.sanitiser.clean(produced)
        found += [Finding("removed", _needle(r), removal=r) for r in _removals(self, produced, cleaned)]
        return Parsed(cleaned, found)


def _plain_sentence(text: str) -> Parsed | None:
    """What the engine makes of a plain sentence (:data:`_PLAIN`) with plain citation groups in it, or None
    when ``text`` is not one. A value opening with a citation is left to the engine (``[@key]: …`` there
    would define a link instead)."""
    if not text or text[0] == "[":
        return None
    parts, found, pos = [], [], 0
    for match in _PLAIN_CITE.finditer(text):
        citations = parse_citations(match.group(0))
        if citations is None:
            return None
        parts += [text[pos:match.start()], f'<kbgen-cite data-n="{len(found)}">{match.group(0)}</kbgen-cite>']
        found.append(Finding("cite", match.group(0), tuple(citations)))
        pos = match.end()
    if _PLAIN.fullmatch(_PLAIN_CITE.sub("x", text) if found else text) is None:
        return None
    return Parsed("<p>" + "".join(parts) + text[pos:] + "</p>", found)


def _needle(removal: Removal) -> str:
    """The source text most likely to have produced what the sanitiser removed."""
    if removal.tag == "img":
        return "!["
    if removal.value:
        return removal.value
    return removal.attribute or "<" + removal.tag


def _removals(reader: ProseReader, produced: str, cleaned: str) -> list[Removal]:
    """What the prose allowlist takes out; links are judged separately (only ``#anchors`` are relative).

    Most prose is plain sentences: when cleaning kept every element and attribute name (the sanitiser's
    own fingerprint) the full comparison is skipped, and so is the link scan when there is no link.
    """
    removals = reader.sanitiser.removed(produced) if not same_markup(produced, cleaned) else []
    relative = _relative_hrefs(produced) if "href" in produced else []
    return [r for r in removals if not (r.attribute == "href" and _fragment(r.value))] + [
        Removal("a", "href", href) for href in relative if not _fragment(href)]


def _fragment(href: str | None) -> bool:
    return bool(href) and href.startswith("#") and len(href) > 1


def _relative_hrefs(produced: str) -> list[str]:
    """Link targets without a scheme (``page.md``, ``//host``): nh3 keeps them, prose may not use them."""
    parser = _Tree()
    parser.feed(produced)
    hrefs = [n.attrs.get("href", "") for n in _walk(parser.root.children) if n.tag == "a" and "href" in n.attrs]
    return [h for h in hrefs if not re.match(r"^\s*[A-Za-z][A-Za-z0-9+.-]*:", h) and not h.startswith("#")]


def _walk(nodes: list[Node | str]):
    for node in nodes:
        if isinstance(node, Node):
            yield node
            yield from _walk(node.children)


_VOID = {"br", "hr", "img", "input", "col", "wbr", "area", "base", "link", "meta", "source", "track", "embed"}


class _Tree(HTMLParser):
    """HTML (already sanitised, so well-formed) as :class:`Node` trees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _tree(cleaned: str) -> list[Node | str]:
    parser = _Tree()
    parser.feed(cleaned)
    parser.close()
    return parser.root.children
