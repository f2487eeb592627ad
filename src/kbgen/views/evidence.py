"""Views of the evidence itself: findings and their quotes, accounts of practice, glossary terms."""

from __future__ import annotations

from .fields import CardView, Fields, LocatorView


class QuoteView(Fields):
    """One verbatim passage supporting a finding's statement."""

    __slots__ = ()

    @property
    def text(self) -> str:
        """The passage exactly as in the document, typos included (``[...]`` marks a gap)."""
        return self._text("text") or ""

    @property
    def locator(self) -> LocatorView:
        """Where the passage sits in the document."""
        return LocatorView(self._data.get("locator"))

    @property
    def speaker(self) -> str | None:
        """Role of the participant speaking (``head teacher``, ``facilitator``), when a participant speaks."""
        return self._text("speaker")


class FindingView(CardView):
    """A finding: one claim in plain language, backed by verbatim quotes from its study."""

    __slots__ = ()

    @property
    def statement(self) -> str:
        """The claim in one or two plain sentences, saying no more than the quotes show (Markdown)."""
        return self._text("statement") or ""

    @property
    def study_id(self) -> str | None:
        """Id of the study the finding comes from."""
        return self._text("study")

    @property
    def account_id(self) -> str | None:
        """Id of the account of practice the finding is about, if any."""
        return self._text("account")

    @property
    def themes(self) -> list[str]:
        """Ids of the themes the finding speaks to, most central first."""
        return self._texts("themes")

    @property
    def evidence_type(self) -> str | None:
        """``data`` (the study's own), ``literature`` (literature it reviews) or ``argument`` (the authors' own)."""
        return self._text("evidence_type")

    @property
    def quotes(self) -> list[QuoteView]:
        """Verbatim passages that support the statement."""
        return [QuoteView(item) for item in self._mappings("quotes")]

    @property
    def cites(self) -> list[str]:
        """Works the study attributes this finding to (for ``literature`` findings)."""
        return self._texts("cites")

    @property
    def caveat(self) -> str | None:
        """Limits on the finding a reader should keep in mind: small sample, self-report (Markdown)."""
        return self._text("caveat")


class SchoolsView(Fields):
    """The schools involved in a collaboration."""

    __slots__ = ()

    @property
    def count(self) -> str | None:
        """Number of schools as the study gives it (a number, or a range)."""
        return self._value("count")

    @property
    def kind(self) -> str | None:
        """What kind of schools (``maintained primary schools``)."""
        return self._text("kind")


class ContextView(Fields):
    """Where and when a collaboration happened, and who was in it."""

    __slots__ = ()

    @property
    def phase(self) -> str | None:
        """School phase(s) (``primary``, ``secondary``, ``all-through``)."""
        return self._text("phase")

    @property
    def area(self) -> str | None:
        """Kind of area, as far as the study reveals it (``Midlands city local authority``)."""
        return self._text("area")

    @property
    def schools(self) -> SchoolsView:
        """The schools involved."""
        return SchoolsView(self._data.get("schools"))

    @property
    def period(self) -> str | None:
        """When the collaboration ran, as far as the study says."""
        return self._text("period")

    @property
    def structure(self) -> str | None:
        """Form of the collaboration (cluster, federation, trust, alliance) and how it is organised (Markdown)."""
        return self._text("structure")


class AccountView(CardView):
    """An account of practice: a named case of organisations working together, as one study reports it."""

    __slots__ = ()

    @property
    def name(self) -> str | None:
        """The case's name, as the study gives it or as a short description when anonymised."""
        return self._text("name")

    @property
    def study_id(self) -> str | None:
        """Id of the study that reports this case."""
        return self._text("study")

    @property
    def basis(self) -> str | None:
        """``first-hand`` (the study gathered data on it) or ``literature`` (reported from other publications)."""
        return self._text("basis")

    @property
    def collaboration(self) -> str | None:
        """The kind of collaboration, for the evidence map (``cluster``, ``federation``, ``trust`` ...)."""
        return self._text("collaboration")

    @property
    def summary(self) -> str:
        """What the collaboration is and does, in two to four plain sentences (Markdown)."""
        return self._text("summary") or ""

    @property
    def context(self) -> ContextView:
        """Where and when the collaboration happened, and who was in it."""
        return ContextView(self._data.get("context"))

    @property
    def scope(self) -> str | None:
        """What the schools worked on together (Markdown)."""
        return self._text("scope")

    @property
    def impact_claimed(self) -> list[str]:
        """Impacts the study reports or participants claim, worded as claims (``heads reported ...``)."""
        return self._texts("impact_claimed")

    @property
    def success_factors(self) -> list[str]:
        """What the study says made the collaboration work."""
        return self._texts("success_factors")

    @property
    def challenges(self) -> list[str]:
        """Barriers, tensions or risks the study reports."""
        return self._texts("challenges")

    @property
    def leadership(self) -> str | None:
        """Who led the collaboration and how (Markdown)."""
        return self._text("leadership")

    @property
    def sustainability(self) -> str | None:
        """What the study says about whether and how the collaboration lasts (Markdown)."""
        return self._text("sustainability")

    @property
    def cites(self) -> list[str]:
        """Works the study draws on for this account (for accounts reported from literature)."""
        return self._texts("cites")

    @property
    def notes(self) -> str | None:
        """Anything else a reader should know (Markdown)."""
        return self._text("notes")


class TermView(CardView):
    """A term or acronym the cards use, for the glossary."""

    __slots__ = ()

    @property
    def term(self) -> str | None:
        """The term exactly as the cards write it (case-sensitive; acronyms in capitals: ``SIP``)."""
        return self._text("term")

    @property
    def expansion(self) -> str:
        """What the term stands for, in plain text on one line: the tooltip readers see."""
        return self._text("expansion") or ""

    @property
    def definition(self) -> str | None:
        """What the term means in this evidence, in one to three plain sentences (Markdown)."""
        return self._text("definition")
