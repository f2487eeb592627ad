"""Finding and reading card files: ``evidence/<kind>/<id>.yaml``."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from .errors import Diagnostic, KbgenError, error, warning
from .model import KINDS, Card, KnowledgeBase
from .yamlsafe import Located, load

#: Files allowed at the top of the evidence folder that are not cards.
_DOC_FILES = {"README.md", ".gitkeep"}


def display_path(path: Path) -> str:
    """Path as reports show it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


class LoadCache:
    """Cards parsed by earlier runs of a session (``kbgen serve``), reused while a file's text is unchanged.

    Reusing the same :class:`Card` objects lets later stages keep what they worked out per card.
    """

    def __init__(self) -> None:
        self._parsed: dict[str, tuple[str, Located | None, list[Diagnostic]]] = {}
        self._cards: dict[str, Card] = {}

    def parse(self, text: str, shown: str) -> tuple[Located | None, list[Diagnostic]]:
        """``yamlsafe.load(text, shown)``, remembered by file."""
        kept = self._parsed.get(shown)
        if kept is None or kept[0] != text:
            kept = self._parsed[shown] = (text, *load(text, shown))
        return kept[1], list(kept[2])

    def card(self, kind: str, card_id: str, shown: str, located: Located) -> Card:
        """The card for a parsed file: the same object as last time when nothing changed."""
        kept = self._cards.get(shown)
        if kept is None or kept.located is not located or kept.kind != kind or kept.id != card_id:
            kept = self._cards[shown] = Card(kind, card_id, shown, located)
        return kept


def load_evidence(root: Path, cache: LoadCache | None = None) -> tuple[KnowledgeBase, list[Diagnostic]]:
    """Read every card under ``root``. Unreadable files become diagnostics, never exceptions."""
    if not root.is_dir():
        raise KbgenError(f"evidence folder not found: {root} (pass --evidence DIR, or run kbgen from the project root)")
    kb = KnowledgeBase()
    problems: list[Diagnostic] = []
    # Kinds load in KINDS order, so when two cards share an id the later kind is the one reported.
    for entry in sorted(root.iterdir(), key=lambda p: (KINDS.index(p.name) if p.name in KINDS else len(KINDS), p.name)):
        if entry.is_dir() and entry.name in KINDS:
            shown = display_path(entry)  # once per folder: relpath per file is a measurable cost at 10,000 cards
            for path in sorted(entry.iterdir()):
                problems.extend(_load_file(kb, entry.name, path, os.path.join(shown, path.name), cache))
        elif entry.name not in _DOC_FILES and not entry.name.startswith("."):
            problems.append(_stray(entry))
    return kb, problems


def _stray(entry: Path) -> Diagnostic:
    close = difflib.get_close_matches(entry.name.rstrip("s"), KINDS, n=1)
    hint = f"did you mean '{close[0]}/'?" if close else f"cards live in one of: {', '.join(k + '/' for k in KINDS)}"
    return error(display_path(entry), (0, 0), "load.unknown-folder",
                 f"'{entry.name}' is not a card folder", hint)


def _load_file(kb: KnowledgeBase, kind: str, path: Path, shown: str, cache: LoadCache | None) -> list[Diagnostic]:
    if path.is_dir() or path.name.startswith("."):
        return [warning(shown, (0, 0), "load.ignored", "ignored: not a card file",
                        f"cards are single files directly inside {kind}/")]
    if path.suffix != ".yaml":
        hint = f"rename it to {path.stem}.yaml" if path.suffix == ".yml" else "cards are YAML files ending in .yaml"
        return [error(shown, (0, 0), "load.extension", f"'{path.name}' is not a .yaml card", hint)]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return [error(shown, (0, 0), "load.encoding", f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                      "save the file as UTF-8")]
    except OSError as exc:
        return [error(shown, (0, 0), "load.unreadable", f"cannot read the file: {exc.strerror}",
                      "check the file's permissions")]
    located, problems = cache.parse(text, shown) if cache is not None else load(text, shown)
    if located is None or not isinstance(located.data, dict):
        kb.unreadable.add(path.stem)
    if located is None:
        return problems
    if not isinstance(located.data, dict):
        return problems + [error(shown, (1, 1), "load.not-mapping", "a card must be a mapping of fields",
                                 "start the file with `id: <slug>` and one field per line")]
    card_id = located.data.get("id")
    card_id = card_id if isinstance(card_id, str) else path.stem
    kb.add(cache.card(kind, card_id, shown, located) if cache is not None else Card(kind, card_id, shown, located))
    return problems
