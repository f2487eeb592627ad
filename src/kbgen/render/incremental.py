"""Re-render only the pages whose inputs changed, for repeated builds in one session (``kbgen serve``).

Each page is rendered against a :class:`Site` whose knowledge base, graph and bibliography record
what the page reads: each card it looks up, each kind it lists, each backlink list, each formatted
reference. The next run compares those readings with the new ones, and renders the page again only
if one differs. Cards are compared by identity: a session's loader hands back the same card object
while its file is unchanged (:class:`kbgen.loader.LoadCache`), and the cache keeps the objects it
compared against alive, so an identity cannot be reused by another card.

A page's renderer needs nothing special: whatever it reads through the site is recorded. Only
values passed to it from outside the site must be given as ``extra`` (they are compared too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .. import kinds
from ..model import Card
from .context import Site

Reading = tuple
#: A reading of a whole backlink index (a page that goes through all of it).
ALL = "*every key*"


@dataclass
class _Page:
    readings: dict[Reading, object]
    extra: object
    text: str


def same(old: object, new: object) -> bool:
    """Whether a recorded reading still holds: cards by identity, lists item by item, the rest by value."""
    if old is new:
        return True
    if isinstance(old, Card) or isinstance(new, Card):
        return False
    if isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new, strict=True))
    return old == new


class RenderCache:
    """Pages rendered in earlier runs of a session, with what each read."""

    def __init__(self) -> None:
        self._pages: dict[str, _Page] = {}
        self._abbreviated: dict[str, tuple[object, str, str]] = {}
        self.rendered = 0
        self.reused = 0

    def abbreviated(self, path: str, glossary: object, text: str, add: Callable[[str], str]) -> str:
        """``add(text)``, kept from the last run while the page's text and the glossary are the same: looking
        for every term in every page took seconds per rebuild at 10,000 cards."""
        kept = self._abbreviated.get(path)
        if kept is not None and kept[0] == glossary and (kept[1] is text or kept[1] == text):
            return kept[2]
        done = add(text)
        self._abbreviated[path] = (glossary, text, done)
        return done

    def pages(self, site: Site) -> _Run:
        """Start a run over ``site``: its :meth:`_Run.page` renders or reuses each page."""
        self.rendered = self.reused = 0
        return _Run(self, site)


class _Direct:
    """Rendering with no session: every page rendered against the site itself, nothing recorded."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def page(self, path: str, render: Callable[[Site], str], extra: object = None) -> str:
        """The Markdown of the page at ``path``."""
        return render(self.site)


def direct(site: Site) -> _Direct:
    """Pages rendered without a cache."""
    return _Direct(site)


class _Run:
    def __init__(self, cache: RenderCache, site: Site) -> None:
        self.cache = cache
        self.site = site
        self._now: dict[Reading, object] = {}

    def page(self, path: str, render: Callable[[Site], str], extra: object = None) -> str:
        """The Markdown of the page at ``path``: kept from the last run if nothing it read has changed."""
        kept = self.cache._pages.get(path)
        if kept is not None and same(kept.extra, extra) and all(
                same(value, self.read(reading)) for reading, value in kept.readings.items()):
            self.cache.reused += 1
            return kept.text
        readings: dict[Reading, object] = {}
        text = render(_recording_site(self, readings))
        self.cache._pages[path] = _Page(readings, extra, text)
        self.cache.rendered += 1
        return text

    def read(self, reading: Reading) -> object:
        """The current value of a reading (each worked out once per run)."""
        if reading not in self._now:
            self._now[reading] = _evaluate(self.site, reading)
        return self._now[reading]


def _evaluate(site: Site, reading: Reading) -> object:
    what = reading[0]
    if what == "card":
        return site.kb.get(reading[1])
    if what == "kind":
        return tuple(site.kb.of_kind(reading[1]))
    if what == "cards":
        return tuple(site.kb.cards)
    if what == "unreadable":
        return frozenset(site.kb.unreadable)
    if what == "graph":
        index = getattr(site.graph, reading[1])
        return tuple((key, _frozen(value)) for key, value in index.items()) if reading[2] is ALL else \
            _frozen(index.get(reading[2]))
    if what == "bib":
        value = getattr(site.bibliography, reading[1])
        return _frozen(value(*reading[2]) if callable(value) else value)
    raise ValueError(f"unknown reading {reading!r}")


class _Items(tuple):
    """A mapping's items, in order (a counter's ties keep it), kept as a tuple."""


def _frozen(value: object) -> object:
    """A value safe to keep: lists become tuples, mappings their items."""
    if isinstance(value, dict):
        return _Items(value.items())
    if isinstance(value, list):
        return tuple(value)
    return value


def _recording_site(run: _Run, readings: dict[Reading, object]) -> Site:
    def note(reading: Reading) -> object:
        value = run.read(reading)
        readings[reading] = value
        return value

    return Site(_Cards(run.site.kb, note), _Bibliography(run.site.bibliography, note), _Graph(run.site.graph, note),
                run.site.prose, run.site.directory_urls)


class _Cards:
    """The knowledge base, noting each card and kind a page reads."""

    def __init__(self, kb, note) -> None:
        self._kb = kb
        self._note = note

    def get(self, card_id: str) -> Card | None:
        return self._note(("card", card_id))

    def citable(self, key: str) -> Card | None:
        card = self.get(key)
        return card if card is not None and card.kind in kinds.CITABLE_NAMES else None

    def of_kind(self, kind: str) -> list[Card]:
        return list(self._note(("kind", kind)))

    @property
    def cards(self) -> list[Card]:
        return list(self._note(("cards",)))

    @property
    def unreadable(self) -> set[str]:
        return set(self._note(("unreadable",)))


class _Bibliography:
    """The bibliography, noting each call (and each attribute read) and its result."""

    def __init__(self, bibliography, note) -> None:
        self._bibliography = bibliography
        self._note = note

    def __getattr__(self, name: str):
        if not callable(getattr(self._bibliography, name)):
            return _thawed(self._note(("bib", name, ())))

        def call(*args):
            frozen = tuple(tuple(a) if isinstance(a, list) else a for a in args)
            return _thawed(self._note(("bib", name, frozen)))
        return call


class _Graph:
    """The backlinks, noting each list a page reads."""

    def __init__(self, graph, note) -> None:
        self._graph = graph
        self._note = note

    def __getattr__(self, name: str):
        return _Index(name, self._note)


class _Index:
    """One backlink index (``findings_by_theme`` ...), noting each entry a page reads, or all of it."""

    def __init__(self, name: str, note) -> None:
        self._name = name
        self._note = note

    def get(self, key, default=None):
        value = self._note(("graph", self._name, key))
        return default if value is None else self._value(value)

    def __getitem__(self, key):
        value = self.get(key)
        return [] if value is None else value

    def _value(self, value):
        if isinstance(value, _Items) and self._name == "theme_neighbours":
            return Counter(dict(value))
        return _thawed(value)

    def items(self):
        return [(key, self._value(value)) for key, value in self._note(("graph", self._name, ALL))]

    def keys(self):
        return [key for key, _ in self.items()]

    def values(self):
        return [value for _, value in self.items()]

    def __iter__(self):
        return iter(self.keys())

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __len__(self) -> int:
        return len(self.items())


def _thawed(value: object) -> object:
    """A recorded value as renderers expect it: mappings and lists again."""
    if isinstance(value, _Items):
        return dict(value)
    return list(value) if isinstance(value, tuple) else value
