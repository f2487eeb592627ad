"""Reading files a pull request controls, without being led outside the folder they belong in.

A card, a full text or an extra page is read only when, after every symbolic link is resolved,
it is a regular file inside its folder and no larger than a limit. Anything else (a link to
``/etc/passwd`` or ``/dev/zero``, an absolute or ``..`` path, a folder, a pipe, a 20 MB file)
is refused before the file is opened, and the reason is said in plain words.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

#: Largest card file read; real cards are a few kilobytes, the largest about 15 KB.
MAX_CARD_BYTES = 1_000_000
#: Largest full text read; a 500-page book as plain text is under 2 MB.
MAX_SOURCE_BYTES = 10_000_000
#: Largest extra page (``extra_pages``) read.
MAX_PAGE_BYTES = 2_000_000


#: The reason :class:`Refused` gives for a file that is not there (not at hand, rather than refused).
MISSING = "does not exist"


class Refused(Exception):
    """A file kbgen will not read, and why (``reason`` completes "the file ...")."""

    def __init__(self, reason: str, hint: str):
        super().__init__(reason)
        self.reason, self.hint = reason, hint


def size_words(size: int) -> str:
    """``1.5 MB``, ``20 KB``: a size as people say it."""
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"


def contained(path: Path, folder: Path, *, home: Path | None = None, parent: Path | None = None) -> Path:
    """``path`` with every link resolved, if it is inside ``folder`` (resolved too); raises :class:`Refused`.

    ``home`` is ``folder`` already resolved, and ``parent`` the folder holding ``path``, already resolved
    and found inside: a file that is no link is then known to be inside without resolving it again
    (reading 10,000 cards, resolving each path took a quarter of the loading).
    """
    if parent is not None:
        try:
            if not stat.S_ISLNK(os.lstat(path).st_mode):
                return parent / path.name
        except OSError:
            pass  # the full resolution below says why
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        if path.is_symlink():
            raise Refused(f"is a link to {os.readlink(path)}, which does not exist",
                          "replace the link with the file itself") from None
        raise Refused(MISSING, "check the name (it is case-sensitive)") from None
    except RuntimeError:  # Python < 3.13 reports a loop of links this way
        raise Refused("is a loop of links", "replace the link with the file itself") from None
    except OSError as exc:  # a loop of links (ELOOP), or a folder kbgen may not enter
        reason = "is a loop of links" if exc.errno == errno.ELOOP else f"cannot be followed ({exc.strerror})"
        raise Refused(reason, "replace the link with the file itself") from None
    home = home or folder.resolve()
    if not real.is_relative_to(home):
        if path.is_symlink():
            where = f"is a link to {real}, outside {folder}"
        elif real == path.absolute():
            where = f"is outside {folder}"
        else:  # through '..' or a linked folder
            where = f"leads to {real}, outside {folder}"
        raise Refused(where, f"kbgen reads only files inside {folder}; put the file itself there") from None
    return real


def read_contained(path: Path, folder: Path, limit: int, *, home: Path | None = None,
                   parent: Path | None = None) -> bytes:
    """The bytes of ``path``: a regular file inside ``folder``, at most ``limit`` bytes; raises :class:`Refused`.

    The file is opened only after those checks, and checked again once open (so a file swapped
    for a link in between is not followed). ``home`` and ``parent`` are as for :func:`contained`.
    """
    real = contained(path, folder, home=home, parent=parent)
    info = os.stat(real)
    _check_kind(info, limit)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(real, flags)
    try:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
            raise Refused("changed while kbgen was reading it", "run kbgen again")
        _check_kind(opened, limit)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise Refused(f"is larger than {size_words(limit)}", "split it into smaller files")
    return data


def _check_kind(info: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise Refused("is a folder, not a file", "cards and full texts are single files")
    if not stat.S_ISREG(info.st_mode):
        raise Refused("is not a regular file (a device, a pipe or a socket)", "replace it with an ordinary file")
    if info.st_size > limit:
        raise Refused(f"is {size_words(info.st_size)}, larger than the {size_words(limit)} kbgen reads",
                      "split it into smaller files, or shorten it")


def swap_in(staging: Path, target: Path, prefix: str) -> None:
    """Replace the folder ``target`` (if any) by ``staging`` with two renames, so readers never see a partial
    folder; the old one is put back if the second rename fails. ``prefix`` names the old folder while it goes."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
        target.rename(old / target.name)
    try:
        staging.rename(target)
    except OSError:
        if old is not None:
            (old / target.name).rename(target)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
