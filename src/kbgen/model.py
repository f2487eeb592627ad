"""The in-memory knowledge base: cards as loaded, indexed by kind and id."""

from __future__ import annotations

from dataclasses import dataclass, field

from slugify import slugify

from . import kinds
from .yamlsafe import Located, Path

#: Card kind names, in the order pages and reports list them (from :mod:`kbgen.kinds`, the registry).
KINDS = kinds.NAMES


@dataclass
class Card:
    """One YAML card: its kind, id, file and located data."""

    kind: str
    id: str
    path: str
    located: Located

    @property
    def data(self) -> dict:
        """The card's fields as plain Python values."""
        return self.located.data  # type: ignore[return-value]

    def pos(self, *path: str | int) -> tuple[int, int]:
        """(line, col) of the value at ``path`` (the card's start for no path)."""
        return self.located.pos(tuple(path))

    def key_pos(self, *path: str | int) -> tuple[int, int]:
        """(line, col) of the key naming ``path``."""
        return self.located.key_pos(tuple(path))

    def get(self, name: str, default: object = None) -> object:
        """A top-level field, or ``default``."""
        return self.data.get(name, default)

    # Typed views: checks run on cards that may break the schema (it is reported separately),
    # so they read fields through these and never trip over a value of the wrong type.

    def text(self, name: str) -> str | None:
        """A top-level text field, or None when absent or not text."""
        value = self.data.get(name)
        return value if isinstance(value, str) else None

    def items(self, name: str) -> list:
        """A top-level list field ([] when absent or not a list)."""
        value = self.data.get(name)
        return value if isinstance(value, list) else []

    def mappings(self, name: str) -> list[dict]:
        """The mapping items of a top-level list field."""
        return [item for item in self.items(name) if isinstance(item, dict)]

    def texts(self, name: str) -> list[str]:
        """The text items of a top-level list field."""
        return [item for item in self.items(name) if isinstance(item, str)]


@dataclass
class KnowledgeBase:
    """All cards that loaded, indexed by id. Ids are unique across kinds once checked."""

    cards: list[Card] = field(default_factory=list)

    #: Ids (file names) of card files that could not be read; their own error is reported once.
    unreadable: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._by_id: dict[str, Card] = {}
        for card in self.cards:
            self._by_id.setdefault(card.id, card)

    def add(self, card: Card) -> None:
        """Add a card; the first card with an id wins lookups (duplicates are reported by the checker)."""
        self.cards.append(card)
        self._by_id.setdefault(card.id, card)

    def get(self, card_id: str) -> Card | None:
        """The card with ``card_id``, of any kind."""
        return self._by_id.get(card_id)

    def of_kind(self, kind: str) -> list[Card]:
        """Cards of one kind, sorted by id for stable output."""
        return sorted((c for c in self.cards if c.kind == kind), key=lambda c: c.id)

    def citable(self, key: str) -> Card | None:
        """The citable card (a citation or a study) cited as ``[@key]``."""
        card = self._by_id.get(key)
        return card if card is not None and card.kind in kinds.CITABLE_NAMES else None


def dotted(path: Path) -> str:
    """Human form of a value path: ``quotes[0].locator.section``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(card)"


def slug(text: str, max_length: int = 80) -> str:
    """The one slug of kbgen (card ids, keys, name and title comparisons): lowercase ASCII words joined
    by hyphens, other scripts transliterated (``Łukasz Øvergaard`` → ``lukasz-overgaard``)."""
    return slugify(str(text), max_length=max_length, word_boundary=True)
