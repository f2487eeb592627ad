"""Finding and reading card files: ``evidence/<kind>/<id>.yaml``."""

from __future__ import annotations

import difflib
import os
import re
import stat
import time
from pathlib import Path
from typing import NamedTuple

from .errors import Diagnostic, KbgenError, error, warning
from .model import KINDS, Card, KnowledgeBase
from .safefiles import MAX_CARD_BYTES, Refused, contained, read_contained
from .yamlsafe import Located, load

#: Files allowed at the top of the evidence folder that are not cards.
_DOC_FILES = {"README.md", ".gitkeep"}
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
#: Files left alone inside a kind's folder: they keep an empty folder in git, or are the system's own.
_IGNORED = {".gitkeep", ".DS_Store", "Thumbs.db"}


def display_path(path: Path) -> str:
    """Path as reports show it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


#: How long ago a file must have changed for its size and times to tell whether it changed again.
_SETTLED_NS = 2_000_000_000


class LoadCache:
    """Cards parsed by earlier runs of a session (``kbgen serve``), reused while a file's text is unchanged.

    Reusing the same :class:`Card` objects lets later stages keep what they worked out per card.
    """

    def __init__(self) -> None:
        self._parsed: dict[str, tuple[str, Located | None, list[Diagnostic]]] = {}
        self._cards: dict[str, Card] = {}
        self._texts: dict[str, tuple[tuple[int, ...], str]] = {}

    def unchanged_text(self, shown: str, info: os.stat_result) -> str | None:
        """The text read last time, if the file is the same plain file, untouched since then (by its inode,
        size and change times), and was last changed well before it was read: a save in the same instant
        as the read could otherwise go unseen (git's "racy" index entries, handled the same way)."""
        kept = self._texts.get(shown)
        return kept[1] if kept is not None and kept[0] == _signature(info) else None

    def remember_text(self, shown: str, info: os.stat_result | None, text: str) -> None:
        """Keep a file's text with its signature, unless it changed too recently to trust the signature."""
        changed = max(info.st_mtime_ns, info.st_ctime_ns) if info is not None else 0
        if info is not None and stat.S_ISREG(info.st_mode) and time.time_ns() - changed > _SETTLED_NS:
            self._texts[shown] = (_signature(info), text)
        else:
            self._texts.pop(shown, None)

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
    """Read every card under ``root``. Unreadable files become diagnostics, never exceptions.

    Only regular files inside ``root`` are read (after resolving links), none larger than
    :data:`~kbgen.safefiles.MAX_CARD_BYTES`. ``cache`` lends the cards of an earlier run (``kbgen serve``).
    """
    if not root.is_dir():
        raise KbgenError(f"evidence folder not found: {root} (pass --evidence DIR, or run kbgen from the project root)")
    kb = KnowledgeBase()
    problems: list[Diagnostic] = []
    # Kinds load in KINDS order, so when two cards share an id the later kind is the one reported.
    for entry in sorted(root.iterdir(), key=lambda p: (KINDS.index(p.name) if p.name in KINDS else len(KINDS), p.name)):
        if entry.name in KINDS and (entry.is_dir() or entry.is_symlink()):
            problems.extend(_load_folder(kb, root, entry, cache))
        elif entry.name not in _DOC_FILES and not entry.name.startswith("."):
            problems.append(_stray(entry))
    return kb, problems


def _load_folder(kb: KnowledgeBase, root: Path, folder: Path, cache: LoadCache | None) -> list[Diagnostic]:
    shown = display_path(folder)  # once per folder: relpath per file is a measurable cost at 10,000 cards
    home = root.resolve()
    try:
        real = contained(folder, root, home=home)
    except Refused as refused:
        return [error(shown, (0, 0), "load.outside", f"'{folder.name}/' {refused.reason}", refused.hint)]
    problems: list[Diagnostic] = []
    where = _Where(root, home, real)
    # scandir says which entries are folders without a system call per card
    with os.scandir(folder) as scan:
        entries = sorted((entry.name, entry.is_dir(follow_symlinks=False)) for entry in scan)
    for name, is_folder in entries:
        problems.extend(_load_file(kb, where, folder.name, folder / name, os.path.join(shown, name), cache, is_folder))
    return problems


class _Where(NamedTuple):
    """The evidence folder, and it and one card folder resolved (each once, not once per card)."""

    root: Path
    home: Path
    folder: Path


def _stray(entry: Path) -> Diagnostic:
    close = difflib.get_close_matches(entry.name.rstrip("s"), KINDS, n=1)
    hint = f"did you mean '{close[0]}/'?" if close else f"cards live in one of: {', '.join(k + '/' for k in KINDS)}"
    return error(display_path(entry), (0, 0), "load.unknown-folder",
                 f"'{entry.name}' is not a card folder", hint)


def _not_a_card(kind: str, path: Path, shown: str, is_folder: bool) -> Diagnostic | None:
    """Why a directory entry is not read as a card (None when it is one, or is a file to pass over).

    ``is_folder``: the entry is a folder itself, not a link to one."""
    name = path.name
    if name in _IGNORED:
        return None
    if is_folder:
        return error(shown, (0, 0), "load.folder", f"'{name}' is a folder, not a card",
                     f"cards are single files directly inside {kind}/; move the cards out of it")
    if name.startswith("."):
        if path.suffix in (".yaml", ".yml"):
            return error(shown, (0, 0), "load.hidden", f"'{name}' is hidden (its name starts with a dot), "
                         "so it would be left out silently", f"rename it to {name.lstrip('.')}, "
                         "or move a draft out of the evidence folder")
        return warning(shown, (0, 0), "load.ignored", "ignored: not a card file",
                       f"cards are single files directly inside {kind}/")
    if path.suffix != ".yaml":
        hint = f"rename it to {path.stem}.yaml" if path.suffix == ".yml" else "cards are YAML files ending in .yaml"
        return error(shown, (0, 0), "load.extension", f"'{name}' is not a .yaml card", hint)
    return None


def _load_file(kb: KnowledgeBase, where: _Where, kind: str, path: Path, shown: str,
               cache: LoadCache | None, is_folder: bool) -> list[Diagnostic]:
    refusal = _not_a_card(kind, path, shown, is_folder)
    if refusal is not None or path.name in _IGNORED:
        return [refusal] if refusal else []
    text, problem = _text(path, where, shown, cache)
    if text is None:
        kb.unreadable.add(path.stem)  # other cards that name it are not reported too: its own error says why
        return [problem] if problem else []
    located, problems = cache.parse(text, shown) if cache is not None else load(text, shown)
    if located is None or not isinstance(located.data, dict):
        kb.unreadable.add(path.stem)
    if located is None:
        return problems
    if not isinstance(located.data, dict):
        return problems + [not_a_mapping(shown, text)]
    card_id = located.data.get("id")
    # An id that is not a safe name ("../../x") never becomes a page path: the file's own name does
    # (the id check reports the id).
    safe = isinstance(card_id, str) and _SAFE_NAME.fullmatch(card_id)
    card_id = card_id if safe else path.stem
    kb.add(cache.card(kind, card_id, shown, located) if cache is not None else Card(kind, card_id, shown, located))
    return problems


def _text(path: Path, where: _Where, shown: str, cache: LoadCache | None) -> tuple[str | None, Diagnostic | None]:
    """The card's text: under a session, kept from the last run while the file is untouched (reading
    every card again took half a second per rebuild at 10,000 cards)."""
    if cache is None:
        return _read(path, where, shown)
    try:
        info: os.stat_result | None = os.lstat(path)
    except OSError:
        info = None
    if info is not None and not stat.S_ISLNK(info.st_mode):  # a link is followed and checked every time
        kept = cache.unchanged_text(shown, info)
        if kept is not None:
            return kept, None
    text, problem = _read(path, where, shown)
    if text is not None:
        cache.remember_text(shown, info, text)
    return text, problem


def _signature(info: os.stat_result) -> tuple[int, ...]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def _read(path: Path, where: _Where, shown: str) -> tuple[str | None, Diagnostic | None]:
    """The card's text, or the reason it cannot be read."""
    try:
        data = read_contained(path, where.root, MAX_CARD_BYTES, home=where.home, parent=where.folder)
    except Refused as refused:
        return None, error(shown, (0, 0), "load.refused", f"the card {refused.reason}", refused.hint)
    except OSError as exc:
        return None, error(shown, (0, 0), "load.unreadable", f"cannot read the file: {exc.strerror}",
                           "check the file's permissions")
    text, problem = decode(data, shown)
    return text, problem


def decode(data: bytes, shown: str) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 text, or an error at the first byte that is not UTF-8, saying which encoding it looks like."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data[:200]):
        return None, error(shown, (1, 1), "load.encoding", "the file is saved as UTF-16, not UTF-8",
                           "save it as UTF-8 (in most editors: File → Save with Encoding → UTF-8)")
    if b"\x00" in data[:4096]:
        return None, error(shown, (1, 1), "load.binary", "the file is not text (it looks like an image or another "
                           "binary file saved under a card's name)", "replace it with the card's YAML text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[data.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
        guess = data[exc.start:exc.start + 1].decode("cp1252", "replace")
        return None, error(shown, (line, col), "load.encoding",
                           f"the file is not UTF-8: byte 0x{data[exc.start]:02X} here is '{guess}' "
                           "in Latin-1/Windows-1252",
                           "save the file as UTF-8 (in most editors: File → Save with Encoding → UTF-8)")


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is zero."""
    even, odd = head[0::2], head[1::2]
    return len(head) >= 4 and max(even.count(0) / len(even), odd.count(0) / max(len(odd), 1)) > 0.4


def not_a_mapping(shown: str, text: str) -> Diagnostic:
    """The error for a file that parses but is not a mapping of fields (often ``key:value`` without a space)."""
    first = next((line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
    if ":" in first and ": " not in first and not first.rstrip().endswith(":"):
        key = first.split(":", 1)[0].strip()
        return error(shown, (1, 1), "yaml.no-space", f"'{first.strip()}' has no space after the ':'",
                     f"write `{key}: {first.split(':', 1)[1].strip()}` (YAML needs a space after the colon)")
    return error(shown, (1, 1), "load.not-mapping", "a card must be a mapping of fields",
                 "start the file with `id: <slug>` and one field per line")
