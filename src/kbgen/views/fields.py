"""The base of every view: typed reads of a mapping, and what any card may record about its source."""

from __future__ import annotations

from ..model import Card


class Fields:
    """Typed reads of one mapping; anything but a mapping reads as an empty one."""

    __slots__ = ("_data",)

    def __init__(self, data: object) -> None:
        self._data: dict = data if isinstance(data, dict) else {}

    def _text(self, name: str) -> str | None:
        value = self._data.get(name)
        return value if isinstance(value, str) else None

    def _value(self, name: str) -> str | None:
        """A field that is text or a number (``page: 12``, ``n: 6-10``), as text; None when absent or empty."""
        value = self._data.get(name)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or value == "":
            return None
        return str(value)

    def _texts(self, name: str) -> list[str]:
        value = self._data.get(name)
        return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []

    def _mappings(self, name: str) -> list[dict]:
        value = self._data.get(name)
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


class LocatorView(Fields):
    """Where a passage sits in the document, so a reader can find it."""

    __slots__ = ()

    @property
    def section(self) -> str | None:
        """The nearest heading above the passage, spelt exactly as in the document."""
        return self._text("section")

    @property
    def part(self) -> str | None:
        """An enclosing heading above ``section`` (a chapter or an account's title), when ``section`` is ambiguous."""
        return self._text("part")

    @property
    def page(self) -> str | None:
        """Page number or range, only where the document itself shows one."""
        return self._value("page")


class InconsistencyView(Fields):
    """A place where the document contradicts itself, recorded rather than silently resolved."""

    __slots__ = ()

    @property
    def note(self) -> str:
        """What the document says in each place, and which value the card uses, if any (Markdown)."""
        return self._text("note") or ""

    @property
    def locator(self) -> LocatorView:
        """Where one of the conflicting statements sits."""
        return LocatorView(self._data.get("locator"))


class ProvenanceView(Fields):
    """Values not read from the document itself: taken from an outside record, or inferred."""

    __slots__ = ()

    @property
    def fields(self) -> list[str]:
        """Names of the fields concerned, as dotted paths from the card's top (``reference.volume``)."""
        return self._texts("fields")

    @property
    def source(self) -> str | None:
        """``external`` (taken from a named outside record) or ``inferred`` (reasoned from the document)."""
        return self._text("source")

    @property
    def reason(self) -> str:
        """Where the value came from, or how it was inferred (Markdown)."""
        return self._text("reason") or ""


class CardView(Fields):
    """A card's fields, and what a card of any kind may record about its source."""

    __slots__ = ("card",)

    def __init__(self, card: Card) -> None:
        super().__init__(card.data)
        #: The card itself, for links and lookups.
        self.card = card

    @property
    def id(self) -> str:
        """The card's id (its file name)."""
        return self.card.id

    @property
    def inconsistencies(self) -> list[InconsistencyView]:
        """Places where the document contradicts itself (two counts, two spellings, conflicting dates)."""
        return [InconsistencyView(item) for item in self._mappings("inconsistencies")]

    @property
    def provenance(self) -> list[ProvenanceView]:
        """Values that were not read from the document itself: taken from an outside catalogue, or inferred."""
        return [ProvenanceView(item) for item in self._mappings("provenance")]
