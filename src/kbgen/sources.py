"""Where the studies' full texts are, and which studies' quotes could not be verified against them.

The full texts can sit in several folders: those whose licence allows it in the repository, the others in
private storage that CI fetches when it may (a fork's pull request cannot). A quote is verified against
the first folder holding its study's text. A study whose text is in none of them is reported by name, as a
notice, or as an error when verification is required (``kbgen check --require-sources``, or the plugin's
``require_sources`` option).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .checks.quotes import QuoteStats, SourceLibrary
from .errors import Diagnostic, KbgenError, error, notice
from .model import KnowledgeBase
from .safefiles import MISSING, Refused
from .textmatch import SourceText


class SourceShelf:
    """Full texts across folders, searched in order: the first folder holding a file wins."""

    def __init__(self, folders: Sequence[Path]):
        self.folders = list(folders)
        self._libraries = [SourceLibrary(folder) for folder in self.folders if folder.is_dir()]

    def get(self, name: str) -> SourceText | None:
        """The normalised text of ``name`` from the first folder that has it, or None."""
        found = self.load(name)
        return found if isinstance(found, SourceText) else None

    def load(self, name: str) -> SourceText | Refused:
        """The text of ``name`` from the first folder that has it; or why none could be read.

        A file kbgen refuses (a link out of its folder, too big) is refused even when a later folder has one.
        """
        for library in self._libraries:
            found = library.load(name)
            if isinstance(found, SourceText) or found.reason != MISSING:
                return found
        return Refused(MISSING, "put the file in a sources folder")

    def names(self) -> list[str]:
        """The files in every folder (for did-you-mean hints)."""
        return sorted({name for library in self._libraries for name in library.names()})

    def describe(self) -> str:
        """The folders as a reader should see them: ``sources, ../texts (missing)``."""
        shown = [_shown(f) + ("" if f.is_dir() else " (missing)") for f in self.folders]
        return ", ".join(shown) or "no folder"


def _shown(folder: Path) -> str:
    """A relative folder as the reader typed it (``../texts/``), an absolute one as it is."""
    if folder.is_absolute():
        return str(folder) + "/"
    return os.path.normpath(folder) + "/"


def folders_option(value: object, base: Path, option: str = "sources_dir") -> list[Path]:
    """The folders a ``sources_dir`` value names (one path or a list), relative to ``base``.

    Empty entries (an ``!ENV`` variable without default that is not set) are skipped.
    """
    if value is None or value == "":
        return []
    values = value if isinstance(value, list) else [value]
    folders = []
    for item in values:
        if item is None or item == "":
            continue
        if not isinstance(item, str | os.PathLike):
            raise KbgenError(f"{option}: expected a folder or a list of folders, got {item!r}")
        folders.append(base / os.fspath(item))
    return folders


@dataclass(frozen=True)
class Unverified:
    """A study whose quotes were not verified, and why."""

    study: str
    quotes: int
    reason: str
    hint: str


def unverified_studies(kb: KnowledgeBase, stats: QuoteStats, shelf: SourceShelf | None) -> list[Unverified]:
    """Every study with quotes that were not verified against its full text, by id."""
    out = []
    for study_id, count in sorted(stats.unverified.items()):
        study = kb.get(study_id)
        name = study.text("full_text") if study is not None else None
        if name is None:
            out.append(Unverified(study_id, count, "the study names no `full_text`",
                                  "add `full_text: <file name>` and put the text in a sources folder"))
        elif shelf is None:
            out.append(Unverified(study_id, count, "no folder of full texts was given",
                                  "pass --sources DIR, or set the kbgen plugin's `sources_dir` in mkdocs.yml"))
        else:
            close = difflib.get_close_matches(name, shelf.names(), n=1, cutoff=0.6)
            out.append(Unverified(study_id, count, f"'{name}' is in none of {shelf.describe()}",
                                  (f"did you mean '{close[0]}'? " if close else "")
                                  + f"put '{name}' in a sources folder (sources/README.md says where CI gets it), "
                                  "or correct `full_text`"))
    return out


def unverified_diagnostics(kb: KnowledgeBase, items: list[Unverified], required: bool) -> list[Diagnostic]:
    """One diagnostic per unverified study, at its ``full_text`` line: a notice, or an error when ``required``.

    A study naming no ``full_text`` already has its own warning, so it gets an error only when required.
    """
    report = error if required else notice
    problems = []
    for item in items:
        study = kb.get(item.study)
        if study is None or (study.text("full_text") is None and not required):
            continue
        where = study.pos("full_text") if study.text("full_text") is not None else study.pos()
        quotes = f"{item.quotes} quote{'s' if item.quotes != 1 else ''} of study '{item.study}'"
        problems.append(report(study.path, where, "quote.unverified", f"{quotes} not verified: {item.reason}",
                               item.hint))
    return problems
