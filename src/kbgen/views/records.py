"""Views of the cards that hold a bibliographic record: studies (source documents) and citations (cited works)."""

from __future__ import annotations

from .fields import CardView, Fields


class ReferenceView(Fields):
    """A bibliographic record, in BibTeX's terms: a study's ``reference``, or a citation card itself.

    Formatting belongs to :mod:`kbgen.citations` (pybtex); this reads the fields as the card gives them.
    """

    __slots__ = ()

    @property
    def title(self) -> str | None:
        """Title as the source prints it."""
        return self._text("title")

    @property
    def author(self) -> list[str]:
        """Authors in order (``Family, Given``; an organisation in braces)."""
        return self._texts("author")

    @property
    def year(self) -> str | None:
        """Year of publication (``2012``), or ``n.d.`` when the work gives none."""
        return self._value("year")

    @property
    def doi(self) -> str | None:
        """Digital Object Identifier, without the ``https://doi.org/`` prefix."""
        return self._text("doi")

    @property
    def url(self) -> str | None:
        """Web address."""
        return self._text("url")

    def value(self, name: str) -> str | list[str] | None:
        """Any field by its name (``journal``, ``editor``): text (a number as text), a list of names, or None
        when absent or empty. For tables that show every field the record has."""
        if isinstance(self._data.get(name), list):
            return self._texts(name) or None
        return self._value(name)


class CountView(Fields):
    """One count the document gives of its sample, as it gives it."""

    __slots__ = ()

    @property
    def what(self) -> str | None:
        """What is counted (``head teachers invited``)."""
        return self._text("what")

    @property
    def n(self) -> str | None:
        """The number as the document gives it (a number, or a range such as ``6-10``)."""
        return self._value("n")

    @property
    def note(self) -> str | None:
        """Qualification of the count (Markdown)."""
        return self._text("note")


class SampleView(Fields):
    """Who or what a study studied."""

    __slots__ = ()

    @property
    def description(self) -> str | None:
        """The sample in words (Markdown)."""
        return self._text("description")

    @property
    def counts(self) -> list[CountView]:
        """Each count the document gives, as it gives it."""
        return [CountView(item) for item in self._mappings("counts")]


class DesignView(Fields):
    """How a study gathered its evidence."""

    __slots__ = ()

    @property
    def method(self) -> str | None:
        """Approach and methods (``qualitative case study; focus groups and interviews``) (Markdown)."""
        return self._text("method")

    @property
    def setting(self) -> str | None:
        """Where the research took place, at the level of detail the document allows (Markdown)."""
        return self._text("setting")

    @property
    def period(self) -> str | None:
        """When the data were gathered (``2016-17 academic year``)."""
        return self._text("period")

    @property
    def sample(self) -> SampleView:
        """Who or what was studied."""
        return SampleView(self._data.get("sample"))


class StudyView(CardView):
    """A study: a source document, how its evidence was gathered and what its authors say limits it."""

    __slots__ = ()

    @property
    def reference(self) -> ReferenceView:
        """The document's bibliographic record (title, authors, year, venue, identifiers)."""
        return ReferenceView(self._data.get("reference"))

    @property
    def document_type(self) -> str | None:
        """What kind of document this is, in words a reader understands (``research report``)."""
        return self._text("document_type")

    @property
    def version(self) -> str | None:
        """Which version of the document the cards were made from (``accepted manuscript``)."""
        return self._text("version")

    @property
    def licence(self) -> str | None:
        """The document's licence as it states it (``CC BY-NC 4.0``, ``All rights reserved``)."""
        return self._text("licence")

    @property
    def summary(self) -> str:
        """What the study is about and what it found, in two to four plain sentences (Markdown)."""
        return self._text("summary") or ""

    @property
    def design(self) -> DesignView:
        """How the evidence was gathered."""
        return DesignView(self._data.get("design"))

    @property
    def research_questions(self) -> list[str]:
        """The research questions as the document states them."""
        return self._texts("research_questions")

    @property
    def limitations(self) -> list[str]:
        """Limitations the authors themselves state (not the card writer's opinion)."""
        return self._texts("limitations")

    @property
    def references(self) -> list[str]:
        """The document's reference list, in its order, as citation keys."""
        return self._texts("references")

    @property
    def further_reading(self) -> list[str]:
        """The document's further-reading list, as citation keys."""
        return self._texts("further_reading")

    @property
    def cited_in_text(self) -> list[str]:
        """Works the text cites that are not in its reference list (all of them, when it has no list)."""
        return self._texts("cited_in_text")

    @property
    def notes(self) -> str | None:
        """Anything else a reader of the evidence should know about the document (Markdown)."""
        return self._text("notes")


class PrintedView(Fields):
    """A cited work exactly as one source prints it in its reference list."""

    __slots__ = ()

    @property
    def study_id(self) -> str | None:
        """Id of the study whose reference list prints the entry."""
        return self._text("study")

    @property
    def text(self) -> str:
        """The entry verbatim."""
        return self._text("text") or ""


class CitationView(CardView):
    """A citation: a cited work's bibliographic record, cited in prose as ``[@id]``."""

    __slots__ = ()

    @property
    def reference(self) -> ReferenceView:
        """The record: a citation card's own fields."""
        return ReferenceView(self._data)

    @property
    def printed(self) -> list[PrintedView]:
        """The entry exactly as each source prints it in its reference list."""
        return [PrintedView(item) for item in self._mappings("printed")]

    @property
    def incomplete(self) -> str | None:
        """Present when the record lacks details a full reference needs: what is missing and why (Markdown)."""
        return self._text("incomplete")

    @property
    def possibly_same_as(self) -> list[str]:
        """Keys of citation cards that may be the same work, where the sources do not say."""
        return self._texts("possibly_same_as")
