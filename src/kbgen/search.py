"""The site's search index: Pagefind, run over whatever HTML the site engine wrote.

Pagefind splits its index into chunks, so a search downloads only the fragments it needs,
and runs as a compiled program (``pagefind[bin]`` ships it). It reads the ``data-pagefind-*``
markup the generated pages carry (see :mod:`kbgen.render.searchdata`); this module only runs it.

It runs in an empty working folder with no ``PAGEFIND_*`` variables set, so neither a
``pagefind.yml`` that a pull request slipped into the site nor the environment can redirect
where it writes.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import KbgenError

#: What Pagefind treats as a page's content: the article material (and Zensical) write.
ROOT_SELECTOR = "article"
#: Parts of that article that are not content: permalink marks, edit buttons, page dates, and code blocks
#: (the BibTeX of a work repeats its reference; Pagefind's memory grows with every word it indexes).
EXCLUDE_SELECTORS = ".headerlink, .md-content__button, .md-source-file, pre"
#: Folder of the index inside the site.
BUNDLE = "pagefind"


@dataclass(frozen=True)
class IndexStats:
    """What one indexing run did."""

    pages: int
    seconds: float


def executable() -> Path:
    """The Pagefind program ``pagefind[bin]`` installed."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise KbgenError("Pagefind is not installed: pip install 'pagefind[bin]'") from None
    try:
        return Path(get_executable())
    except FileNotFoundError as exc:
        raise KbgenError(f"Pagefind's program is missing ({exc}); reinstall it: pip install 'pagefind[bin]'") from None


def index_site(site_dir: Path) -> IndexStats:
    """Index every page of a built site into ``site_dir/pagefind/``. Raises KbgenError on failure."""
    return Indexing(site_dir).wait()


class Indexing:
    """One Pagefind run over a built site, started at once; :meth:`wait` for it, or :meth:`stop` it."""

    def __init__(self, site_dir: Path) -> None:
        site = site_dir.resolve()
        if not site.is_dir():
            raise KbgenError(f"cannot index {site_dir}: no such folder")
        self.site_dir = site_dir
        command = [str(executable()), "--site", str(site), "--output-subdir", BUNDLE,
                   "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE_SELECTORS]
        env = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
        self._empty = tempfile.TemporaryDirectory(prefix="kbgen-pagefind-")
        self._start = time.perf_counter()
        self.stopped = False
        try:
            self._process = subprocess.Popen(command, cwd=self._empty.name, env=env, stdout=subprocess.PIPE,
                                             stderr=subprocess.PIPE, text=True)
        except OSError as exc:
            self._empty.cleanup()
            raise KbgenError(f"Pagefind could not index {site_dir}: {exc}") from None

    def wait(self) -> IndexStats:
        """Wait for the index; raises KbgenError if Pagefind failed."""
        try:
            out, err = self._process.communicate(timeout=1800)
        except subprocess.TimeoutExpired:
            self.stop()
            raise KbgenError(f"Pagefind could not index {self.site_dir}: it ran for 30 minutes") from None
        finally:
            self._empty.cleanup()
        if self._process.returncode != 0:
            detail = (err or out).strip().splitlines()
            raise KbgenError(f"Pagefind could not index {self.site_dir}: {detail[-1] if detail else 'no message'}")
        pages = re.search(r"Indexed (\d+) page", out)
        return IndexStats(int(pages.group(1)) if pages else 0, time.perf_counter() - self._start)

    def stop(self) -> None:
        """Stop a run whose site is about to change (a serve rebuild starts another); :meth:`wait` then returns."""
        self.stopped = True
        if self._process.poll() is None:
            self._process.kill()
