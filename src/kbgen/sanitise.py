"""The allowlist every page kbgen generates passes on its way out: nh3 (the Rust library ammonia).

Cards arrive by pull request, so whatever the Markdown engine made of them, the HTML MkDocs
writes for a generated page keeps only the elements and attributes material's rendering of
kbgen's pages needs (admonitions, tabs, details, tables, permalinks, tooltips, footnotes,
abbreviations), and links only to http, https, mailto or relative addresses.

:func:`clean` sanitises; :func:`removed` says what :func:`clean` would take out (the check and the
tests use it to judge HTML by the sanitiser's own verdict rather than by a second parser's).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

#: Link schemes that survive; anything else (``javascript:``, ``data:``, ``vbscript:`` ...) is removed.
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_TEXT = {"p", "br", "hr", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "sub", "sup", "small",
         "code", "kbd", "pre", "blockquote", "q", "cite", "abbr", "dfn", "span", "div"}
_STRUCTURE = {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "a",
              "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "col", "colgroup",
              "details", "summary", "label", "input", "figure", "figcaption"}

#: Elements a generated page may hold (what Python-Markdown, its bundled extensions and
#: pymdown-extensions' details, tabbed and superfences produce for kbgen's pages).
PAGE_TAGS = frozenset(_TEXT | _STRUCTURE)

#: Attributes each element may keep; ``*`` applies to all of them.
PAGE_ATTRIBUTES: dict[str, set[str]] = {
    # ARIA names and labels: accessible names for runs of finding links, the map's scrolling regions.
    "*": {"class", "id", "title", "lang", "dir", "aria-label", "aria-labelledby", "aria-describedby", "hidden",
          # What Pagefind reads (kbgen.render.searchdata): plain data, never run.
          "data-pagefind-body", "data-pagefind-ignore", "data-pagefind-meta", "data-pagefind-filter",
          "data-pagefind-sort", "data-pagefind-weight"},
    "a": {"href"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "th": {"align", "style", "colspan", "rowspan", "scope"},
    "td": {"align", "style", "colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "label": {"for"},
    "input": {"checked", "name"},  # pymdownx.tabbed's radio buttons (type is restricted below)
    "div": {"data-tabs"},  # pymdownx.tabbed's alternate style (role and tabindex: see _FIXED_VALUES)
    "abbr": set(),
}

#: Attributes allowed only with these values.
_FIXED_VALUES = {"input": {"type": {"radio"}},
                 # A wide table scrolls in its own box, which keyboard users reach (WCAG 2.1.1): nothing else.
                 "div": {"role": {"region"}, "tabindex": {"0"}}}

#: ``style`` survives only as table-cell alignment (Python-Markdown's tables write ``text-align``).
_STYLE_PROPERTIES = {"text-align"}

#: Material keeps its own state in elements whose ids start with ``__`` (``__config``, ``__search``):
#: a page may use such ids only for pymdownx.tabbed's tabs.
_RESERVED_ID = re.compile(r"__")
_TAB_ID = re.compile(r"__tabbed_\d+(_\d+)?")


def tooltip_safe(text: str) -> str:
    """Text for a tooltip, with no character that HTML could read as a tag.

    material's ``content.tooltips`` shows an element's ``title`` (and a navigation link's text) by writing
    it into the page as HTML: a title holding ``<img src=x onerror=…>`` as text would run. So tooltip text
    never holds ``<`` or ``>``; the look-alikes ``‹ ›`` read the same.
    """
    return text.replace("<", "‹").replace(">", "›")


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    """Keep material's own element ids out of reach of generated content (no DOM clobbering), and tooltips
    inert (see :func:`tooltip_safe`)."""
    if name in ("id", "for", "name") and _RESERVED_ID.match(value) and not _TAB_ID.fullmatch(value):
        return None
    if name == "title":
        return tooltip_safe(value)
    return value


def _cleaner(tags: frozenset[str], attributes: dict[str, set[str]],
             fixed: dict[str, dict[str, set[str]]]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(tags),
        clean_content_tags={"script", "style"},
        attributes={k: set(v) for k, v in attributes.items()},
        attribute_filter=_attribute_filter,
        tag_attribute_values=fixed,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(_STYLE_PROPERTIES),
        strip_comments=True,
        link_rel=None,
    )


@dataclass(frozen=True)
class Removal:
    """Something the sanitiser takes out: an element, or one attribute of an element."""

    tag: str
    attribute: str | None = None
    value: str | None = None

    def describe(self) -> str:
        """In words: ``<img>``, or ``the onclick attribute of <a>``."""
        if self.attribute is None:
            return f"<{self.tag}>"
        shown = f"={self.value!r}" if self.value and self.attribute in ("href", "src", "style") else ""
        return f"the {self.attribute}{shown} attribute of <{self.tag}>"


class Sanitiser:
    """An nh3 cleaner with an allowlist. Build once; :func:`page_sanitiser` gives the pages' one."""

    def __init__(self, tags: frozenset[str] = PAGE_TAGS, attributes: dict[str, set[str]] | None = None,
                 fixed: dict[str, dict[str, set[str]]] | None = None):
        self._cleaner = _cleaner(tags, attributes if attributes is not None else PAGE_ATTRIBUTES,
                                 fixed if fixed is not None else _FIXED_VALUES)

    def clean(self, html: str) -> str:
        """``html`` with everything outside the allowlist removed (the text of removed elements stays,
        except inside ``<script>`` and ``<style>``)."""
        return self._cleaner.clean(html)

    def clean_and_report(self, html: str) -> tuple[str, list[Removal]]:
        """:meth:`clean`, and what it removed (counted cheaply first; worked out only when something was)."""
        cleaned = self.clean(html)
        if same_markup(html, cleaned):
            return cleaned, []
        return cleaned, self.removed(html)

    def removed(self, html: str) -> list[Removal]:
        """What :meth:`clean` would take out of ``html``: elements and attributes, in document order."""
        before, after = _Elements.of(html), Counter(_Elements.of(self.clean(html)))
        found = []
        for tag, attrs in before:
            key = (tag, attrs)
            if after[key] > 0:
                after[key] -= 1
                continue
            kept = [k for k in after if k[0] == tag and after[k] > 0 and set(k[1]) <= set(attrs)]
            if not kept:
                found.append(Removal(tag))
                continue
            best = max(kept, key=lambda k: len(k[1]))
            after[best] -= 1
            found.extend(Removal(tag, name, value) for name, value in attrs if (name, value) not in best[1])
        return found


#: A start tag, its quoted values read whole (a '>' inside one does not end it).
_TAG = re.compile(r"<[A-Za-z][^\s/>]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>?")
#: In start tags, one per line: an element's name, or an attribute's name (its value skipped, so that
#: words inside it are not taken for attributes). Text between tags is never scanned: at 10,000 findings,
#: looking for attributes in every word of every page took two seconds a build.
_SIGNATURE = re.compile(r"^<([A-Za-z][^\s/>]*)|([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>=`]*)",
                        re.MULTILINE)


def same_markup(html: str, cleaned: str) -> bool:
    """Whether cleaning ``html`` kept every element and attribute name (a quick fingerprint: then nothing
    was removed, and :meth:`Sanitiser.removed` need not work out what)."""
    return _signature(html) == _signature(cleaned)


def _signature(html: str) -> Counter:
    return Counter(_SIGNATURE.findall("\n".join(_TAG.findall(html))))


def page_sanitiser() -> Sanitiser:
    """The sanitiser for whole generated pages."""
    return Sanitiser()


class _Elements(HTMLParser):
    """Start tags with their attributes, as a browser's tokenizer reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, tuple[tuple[str, str], ...]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, tuple(sorted((name, _normal(name, value or "")) for name, value in attrs))))

    handle_startendtag = handle_starttag

    @classmethod
    def of(cls, html: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser.found


def _normal(name: str, value: str) -> str:
    """Attribute values as nh3 writes them back (it normalises the style attribute's spacing)."""
    if name == "style":
        return ";".join(part.replace(" ", "") for part in value.split(";") if part.strip())
    return value


def text_only(html: str) -> str:
    """HTML reduced to its text (still escaped), with no ``<`` or ``>`` even as text: for places that must hold
    no markup and that material may turn into a tooltip, such as table-of-contents titles."""
    return _text_cleaner().clean(html).replace("&lt;", "‹").replace("&gt;", "›")


@functools.cache
def _text_cleaner() -> nh3.Cleaner:
    """One cleaner that keeps no tags: ``nh3.clean(..., tags=set())`` built a new one for every title."""
    return nh3.Cleaner(tags=set())
