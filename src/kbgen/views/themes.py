"""Views of a theme: its key findings with their GRADE-CERQual assessment, its implications and its gaps."""

from __future__ import annotations

from .fields import CardView, Fields


class ComponentView(Fields):
    """One CERQual component: a level of concern and a one-sentence explanation."""

    __slots__ = ()

    @property
    def concern(self) -> str | None:
        """Level of concern: ``no-or-very-minor``, ``minor``, ``moderate`` or ``serious``."""
        return self._text("concern")

    @property
    def explanation(self) -> str | None:
        """One sentence saying why this level of concern (Markdown)."""
        return self._text("explanation")


class CerqualView(Fields):
    """GRADE-CERQual assessment of a key finding: four components, each with a concern, then the overall confidence."""

    __slots__ = ()

    @property
    def confidence(self) -> str | None:
        """Overall confidence: ``high``, ``moderate``, ``low`` or ``very-low``."""
        return self._text("confidence")

    @property
    def explanation(self) -> str | None:
        """Why this level, in one or two sentences naming the components that drove it (Markdown)."""
        return self._text("explanation")

    @property
    def to_raise(self) -> str | None:
        """What evidence would raise the confidence (Markdown)."""
        return self._text("to_raise")

    def component(self, name: str) -> ComponentView:
        """The component called ``name``: ``methodological_limitations``, ``coherence``, ``adequacy``, ``relevance``."""
        return ComponentView(self._data.get(name))


class KeyFindingView(Fields):
    """A key finding: a plain statement synthesised from findings across the sources, rated with GRADE-CERQual."""

    __slots__ = ()

    @property
    def id(self) -> str | None:
        """Short slug, unique within the theme: the key finding's anchor, and how implications refer to it."""
        return self._text("id")

    @property
    def statement(self) -> str:
        """The key finding in plain language, saying no more than the findings it rests on (Markdown)."""
        return self._text("statement") or ""

    @property
    def findings(self) -> list[str]:
        """Ids of the findings the key finding rests on."""
        return self._texts("findings")

    @property
    def single_source(self) -> str | None:
        """Why it is still reported when every finding it rests on comes from one study (Markdown)."""
        return self._text("single_source")

    @property
    def cerqual(self) -> CerqualView:
        """Its GRADE-CERQual assessment."""
        return CerqualView(self._data.get("cerqual"))


class ImplicationView(Fields):
    """A point for school leaders: a thing to try or to watch for."""

    __slots__ = ()

    @property
    def text(self) -> str:
        """The implication in plain words (Markdown)."""
        return self._text("text") or ""

    @property
    def key_findings(self) -> list[str]:
        """Ids of this theme's key findings the implication rests on."""
        return self._texts("key_findings")


class GapView(Fields):
    """Where the evidence is thin."""

    __slots__ = ()

    @property
    def gap(self) -> str | None:
        """What the evidence does not show, in plain words (Markdown)."""
        return self._text("gap")

    @property
    def would_fill(self) -> str | None:
        """What kind of study would fill the gap: design, setting, who is asked (Markdown)."""
        return self._text("would_fill")


class ThemeView(CardView):
    """A theme: a subject that recurs across the evidence, with a synthesis written from its findings."""

    __slots__ = ()

    @property
    def name(self) -> str | None:
        """Short name shown in headings and lists (``Trust``)."""
        return self._text("name")

    @property
    def featured(self) -> bool:
        """Whether the home page shows the theme (the knowledge base's headline themes)."""
        return self._data.get("featured") is True

    @property
    def definition(self) -> str:
        """What the theme covers, in one or two sentences (Markdown)."""
        return self._text("definition") or ""

    @property
    def summary(self) -> str | None:
        """"In short": what the evidence shows, in two or three plain sentences (Markdown)."""
        return self._text("summary")

    @property
    def synthesis(self) -> str | None:
        """The full synthesis: where the sources agree, where they differ and which are silent (Markdown)."""
        return self._text("synthesis")

    @property
    def key_findings(self) -> list[KeyFindingView]:
        """The theme's key findings that have an id (the schema check reports the others)."""
        return [kf for kf in map(KeyFindingView, self._mappings("key_findings")) if kf.id is not None]

    @property
    def implications(self) -> list[ImplicationView]:
        """"What this means for school leaders": practical points, each resting on key findings."""
        return [ImplicationView(item) for item in self._mappings("implications")]

    @property
    def gaps(self) -> list[GapView]:
        """"Where the evidence is thin": what the sources do not show, and what would show it."""
        return [GapView(item) for item in self._mappings("gaps")]

    @property
    def related(self) -> list[str]:
        """Ids of closely related themes (themes that share findings are linked automatically)."""
        return self._texts("related")
