"""Quotes checked against the studies' full texts (``kbgen check --sources DIR``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Diagnostic, error
from ..loader import display_path
from ..model import Card, KnowledgeBase
from ..safefiles import MAX_SOURCE_BYTES, MISSING, Refused, read_contained
from ..textmatch import Found, SourceText, heading_key

#: How much of a closest passage a message shows.
_SHOWN = 240


@dataclass
class QuoteStats:
    """What the quote check covered."""

    checked: int = 0
    unchecked: int = 0
    studies_without_text: list[str] = field(default_factory=list)
    #: Passages not verified, by study id (no sources folder, or the study's full text is not in it).
    unverified: dict[str, int] = field(default_factory=dict)
    #: (finding id, quote index) → offset in the study's full text where the quote starts.
    quote_starts: dict[tuple[str, int], int] = field(default_factory=dict)

    @property
    def positions(self) -> dict[str, int]:
        """Finding id → offset where its earliest quote starts: the finding's place in its document."""
        first: dict[str, int] = {}
        for (finding, _), start in self.quote_starts.items():
            first[finding] = min(start, first.get(finding, start))
        return first


class SourceLibrary:
    """Full texts in one folder, read and normalised once per run.

    Only regular files inside the folder are read (after resolving links), none larger than
    :data:`~kbgen.safefiles.MAX_SOURCE_BYTES`: a card cannot make kbgen read, and test quotes
    against, any other file the machine holds.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._texts: dict[str, SourceText | Refused] = {}

    def get(self, name: str) -> SourceText | None:
        """The normalised text of ``name``, or None when it cannot be read."""
        found = self.load(name)
        return found if isinstance(found, SourceText) else None

    def load(self, name: str) -> SourceText | Refused:
        """The normalised text of ``name``, or why it was not read."""
        if name not in self._texts:
            self._texts[name] = self._read(name)
        return self._texts[name]

    def _read(self, name: str) -> SourceText | Refused:
        if _path_like(name):
            return Refused("is a path, not a file name", f"name a file directly inside {self.folder}")
        try:
            data = read_contained(self.folder / name, self.folder, MAX_SOURCE_BYTES)
        except Refused as refused:
            return refused
        except OSError as exc:
            return Refused(f"cannot be read ({exc.strerror})", "check the file's permissions")
        # A stray byte must not stop the check: it becomes U+FFFD, and a quote across it is reported.
        return SourceText(name, data.decode("utf-8", errors="replace"))

    def describe(self) -> str:
        """The folder as reports show it."""
        return display_path(self.folder) + "/"

    def names(self) -> list[str]:
        """The files in the folder (for did-you-mean hints)."""
        try:
            return sorted(p.name for p in self.folder.iterdir() if p.is_file())
        except OSError:
            return []


def _path_like(name: str) -> bool:
    return not name or name in (".", "..") or "/" in name or "\\" in name or os.path.isabs(name)


def check_quotes(kb: KnowledgeBase, library, shortest: int = 1) -> tuple[list[Diagnostic], QuoteStats]:
    """Every quote (and every printed reference entry) is found verbatim in its study's full text.

    ``library`` finds a full text by file name (a :class:`SourceLibrary`, or several folders' worth);
    None when no texts are at hand. A full text that is missing leaves its study's quotes unverified (the
    checker names the study); one that kbgen refuses to read (a link, a path, too big) is reported once, on
    the study's ``full_text`` line. Quotes shorter than ``shortest`` (the schema's minimum) are left to the
    schema check; a reference entry's printed form may be short (``Wenger (1998)``).
    """
    stats = QuoteStats()
    problems: list[Diagnostic] = []
    reported: set[str] = set()
    known = _known_headings(kb)
    for card in kb.cards:
        for path, text, locator, study_id in _passages(card):
            if card.kind == "finding" and len(text.strip()) < shortest:
                continue  # the schema reports it: a quote this short would match anywhere
            source = _source_for(kb, library, study_id, problems, stats, reported) if library is not None else None
            if source is None:
                stats.unchecked += 1
                _count_unverified(kb, study_id, stats, reported)
                continue
            stats.checked += 1
            found, found_problems = _check_one(card, path, text, locator, source, known.get(str(study_id), {}))
            problems.extend(found_problems)
            if found is not None and card.kind == "finding":
                stats.quote_starts[(card.id, path[1])] = found.start
    return problems, stats


def _passages(card: Card):
    """(path, text, locator, study id) for each verbatim passage a card holds."""
    if card.kind == "finding":
        for i, quote in enumerate(card.items("quotes")):
            if isinstance(quote, dict) and isinstance(quote.get("text"), str):
                yield ("quotes", i, "text"), quote["text"], quote.get("locator"), card.text("study")
    elif card.kind == "citation":
        for i, printed in enumerate(card.items("printed")):
            if isinstance(printed, dict) and isinstance(printed.get("text"), str):
                yield ("printed", i, "text"), printed["text"], None, printed.get("study")


def _source_for(kb, library, study_id, problems, stats, reported: set[str]) -> SourceText | None:
    """The study's full text; None when the study is unknown (reported elsewhere), its text is not at hand
    (counted as unverified), or kbgen refused to read it (reported once, here)."""
    study = kb.get(study_id) if isinstance(study_id, str) else None
    if study is None or study.kind != "study":
        return None  # the reference check reports the unknown study
    name = study.text("full_text")
    if not isinstance(name, str):
        if study.id not in stats.studies_without_text:
            stats.studies_without_text.append(study.id)
        return None
    source = library.load(name)
    if isinstance(source, Refused):
        if source.reason == MISSING:
            return None  # not at hand: the checker names the study as not verified
        if study.id not in reported and not _path_like(name):  # the schema reports a path in place of a name
            problems.append(_unreadable(study, name, source, library))
        reported.add(study.id)
        return None
    return source


def _count_unverified(kb, study_id, stats, reported: set[str]) -> None:
    """Count a passage that was not verified against its (known) study; the checker reports each study once.

    A study whose text kbgen refused to read has its own error instead."""
    study = kb.get(study_id) if isinstance(study_id, str) else None
    if study is not None and study.kind == "study" and study.id not in reported:
        stats.unverified[study.id] = stats.unverified.get(study.id, 0) + 1


def _unreadable(study: Card, name: str, refused: Refused, library) -> Diagnostic:
    """One error on the study's ``full_text`` line, saying why kbgen would not read the file."""
    return error(study.path, study.pos("full_text"), "quote.no-source",
                 f"full text '{name}' in {library.describe()} {refused.reason}, so this study's quotes cannot be "
                 "checked", refused.hint)


def _known_headings(kb: KnowledgeBase) -> dict[str, dict[str, set[str]]]:
    """Per study, the normalised headings its quotes' locators use, by level (``section``, ``part``)."""
    known: dict[str, dict[str, set[str]]] = {}
    for card in kb.of_kind("finding"):
        for quote in card.mappings("quotes"):
            locator = quote.get("locator")
            if not isinstance(locator, dict):
                continue
            levels = known.setdefault(str(card.get("study")), {"section": set(), "part": set()})
            for level in ("section", "part"):
                if isinstance(locator.get(level), str):
                    levels[level].add(heading_key(locator[level]))
    return known


def _check_one(card: Card, path, text: str, locator, source: SourceText,
               known: dict[str, set[str]]) -> tuple[Found | None, list[Diagnostic]]:
    found = source.find(text)
    if found is None:
        return None, [_not_found(card, path, text, source)]
    if isinstance(locator, dict):
        return found, _check_locator(card, path[:2] + ("locator",), locator, found.start, source, known)
    return found, []


def _not_found(card: Card, path, text: str, source: SourceText) -> Diagnostic:
    closest = source.closest(text)
    what = "quote" if card.kind == "finding" else "printed entry"
    if closest is None:
        return error(card.path, card.pos(*path), "quote.not-found",
                     f"{what} not found in {source.name}, and no similar passage either",
                     "copy the passage exactly from the document; mark left-out text with [...]")
    shown = closest.passage if len(closest.passage) <= _SHOWN else closest.passage[:_SHOWN] + "…"
    detail = f"; it has \"{closest.quote_has}\" where the source has \"{closest.source_has}\"" if closest.quote_has else ""
    return error(card.path, card.pos(*path), "quote.not-found",
                 f"{what} not found in {source.name}{detail}",
                 f"closest passage (line {closest.line}): \"{shown}\"")


def _check_locator(card: Card, path, locator: dict, quote_start: int, source: SourceText,
                   known: dict[str, set[str]]) -> list[Diagnostic]:
    """The named heading is the nearest, among headings locators use, above the quote (and ``part`` above it)."""
    bound = quote_start
    for level in ("section", "part"):
        heading = locator.get(level)
        if not isinstance(heading, str):
            continue
        key = heading_key(heading)
        nearest = _nearest_above(source, known.get(level, set()) | {key}, bound)
        if nearest is None or nearest[0] != key:
            return [error(card.path, card.pos(*path, level), "quote.locator",
                          _locator_message(level, heading, key, nearest, source),
                          f"name the heading the passage sits under (the passage starts on line "
                          f"{source.line_of(quote_start)}), spelt as in the document")]
        bound = nearest[1]
    return []


def _nearest_above(source: SourceText, headings: set[str], bound: int) -> tuple[str, int] | None:
    """The (heading, offset) closest above ``bound`` among ``headings``."""
    best: tuple[str, int] | None = None
    for heading in headings:
        places = [p for p in source.headings.get(heading, []) if p <= bound]
        if places and (best is None or places[-1] > best[1]):
            best = (heading, places[-1])
    return best


def _locator_message(level: str, heading: str, key: str, nearest, source: SourceText) -> str:
    if key not in source.headings:
        return f"locator {level} '{heading}' is not a line of {source.name}"
    if nearest is None:
        return f"locator {level} '{heading}' comes after the passage in {source.name}"
    return (f"the passage sits under '{nearest[0]}' (line {source.line_of(nearest[1])}), "
            f"not under locator {level} '{heading}'")
