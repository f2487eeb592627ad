"""The site's search index: Pagefind, run over whatever HTML the site engine wrote.

Pagefind splits its index into chunks, so a search downloads only the fragments it needs,
and runs as a compiled program (``pagefind[bin]`` ships it). It reads the ``data-pagefind-*``
markup the generated pages carry (see :mod:`kbgen.render.searchdata`); this module only runs it.

It runs in an empty working folder with no ``PAGEFIND_*`` variables set, so neither a
``pagefind.yml`` that a pull request slipped into the site nor the environment can redirect
where it writes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
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
#: In the main bundle: the other bundles the browser merges (a JSON list of folders).
MERGE_LIST = "kbgen-bundles.json"
#: Pages one Pagefind run indexes at most. Pagefind's memory grows with every word it indexes (about
#: half a kilobyte each: 700 MiB for 5,000 findings), so a larger site is indexed in several bundles.
#: One bundle is better while it fits: Pagefind matches a word missing from a bundle to a shorter one
#: it holds ("icebreaker" to "ice"), so each extra bundle adds weak matches for rare words.
PAGES_PER_BUNDLE = 7000


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


def index_site(site_dir: Path, pages_per_bundle: int = PAGES_PER_BUNDLE) -> IndexStats:
    """Index every page of a built site into ``site_dir/pagefind/`` (and more bundles for a large site).

    Raises KbgenError on failure.
    """
    return Indexing(site_dir, pages_per_bundle).wait()


class Indexing:
    """Pagefind runs over a built site, one bundle after another; :meth:`wait` runs them, :meth:`stop` stops them.

    A site of more than ``pages_per_bundle`` pages is indexed in several bundles (``pagefind/``,
    ``pagefind-2/`` ...), each from a folder of hard links to its share of the pages (same addresses),
    so that no run holds the whole site's words in memory. ``pagefind/kbgen-bundles.json`` lists the
    other bundles; the search box and the explorer merge them in the browser (Pagefind's ``mergeIndex``
    merges results and filters).
    """

    def __init__(self, site_dir: Path, pages_per_bundle: int = PAGES_PER_BUNDLE) -> None:
        self.site = site_dir.resolve()
        if not self.site.is_dir():
            raise KbgenError(f"cannot index {site_dir}: no such folder")
        self.site_dir = site_dir
        self.pages_per_bundle = max(1, pages_per_bundle)
        self.stopped = False
        self._process: subprocess.Popen | None = None
        self._starting = threading.Lock()
        self._start = time.perf_counter()

    def _pages(self) -> list[Path]:
        bundles = re.compile(rf"^{BUNDLE}(-\d+)?$")
        found = []
        for folder, subfolders, names in os.walk(self.site):
            if folder == str(self.site):
                subfolders[:] = [d for d in subfolders if not bundles.match(d)]
            found.extend(Path(folder, name) for name in names if name.endswith(".html"))
        return sorted(found)

    def wait(self) -> IndexStats:
        """Build every bundle; raises KbgenError if Pagefind failed (not when stopped)."""
        pages = self._pages()
        groups = [pages[i:i + self.pages_per_bundle] for i in range(0, len(pages), self.pages_per_bundle)] or [[]]
        names = [BUNDLE] + [f"{BUNDLE}-{k}" for k in range(2, len(groups) + 1)]
        indexed = 0
        for group, name in zip(groups, names, strict=True):
            if self.stopped:
                return IndexStats(indexed, time.perf_counter() - self._start)
            indexed += self._bundle(group, name, whole=len(groups) == 1)
        if not self.stopped:  # a stopped run leaves the bundles as they were (there may be none yet)
            self._tidy(names)
        return IndexStats(indexed, time.perf_counter() - self._start)

    def _bundle(self, pages: list[Path], name: str, whole: bool) -> int:
        # Written beside the bundle and swapped in when complete: a served site keeps searching meanwhile.
        output = Path(tempfile.mkdtemp(prefix=f".{name}-new-", dir=self.site))
        with tempfile.TemporaryDirectory(prefix=".kbgen-pagefind-", dir=self.site.parent) as work:
            source = self.site if whole else _linked(pages, self.site, Path(work, "pages"))
            empty = Path(work, "cwd")  # no pagefind.yml here: nothing planted in the site configures the run
            empty.mkdir()
            command = [str(executable()), "--site", str(source), "--output-path", str(output),
                       "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE_SELECTORS]
            env = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
            try:
                with self._starting:  # a stop while the pages were being linked must not start a run after it
                    if self.stopped:
                        shutil.rmtree(output, ignore_errors=True)
                        return 0
                    self._process = subprocess.Popen(command, cwd=empty, env=env, stdout=subprocess.PIPE,
                                                     stderr=subprocess.PIPE, text=True)
                out, err = self._process.communicate(timeout=1800)
            except (OSError, subprocess.TimeoutExpired) as exc:
                self.stop()
                raise KbgenError(f"Pagefind could not index {self.site_dir}: {exc}") from None
        if self._process.returncode != 0 or self.stopped:
            shutil.rmtree(output, ignore_errors=True)
            if self.stopped:
                return 0
            detail = (err or out).strip().splitlines()
            raise KbgenError(f"Pagefind could not index {self.site_dir}: {detail[-1] if detail else 'no message'}")
        _replace(output, self.site / name)
        found = re.search(r"Indexed (\d+) page", out)
        return int(found.group(1)) if found else 0

    def _tidy(self, names: list[str]) -> None:
        """Remove bundles of an earlier, larger site, and list the ones to merge."""
        for stale in self.site.glob(f"{BUNDLE}-*"):
            if stale.name not in names and stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
        (self.site / BUNDLE / MERGE_LIST).write_text(json.dumps([f"{n}/" for n in names[1:]]), encoding="utf-8")

    def stop(self) -> None:
        """Stop the runs (a serve rebuild is about to change the site); :meth:`wait` then returns."""
        with self._starting:
            self.stopped = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()


def _replace(new: Path, old: Path) -> None:
    """Put folder ``new`` in place of ``old`` with two renames."""
    if old.exists():
        gone = old.with_name(f".{old.name}-old")
        shutil.rmtree(gone, ignore_errors=True)
        old.rename(gone)
        new.rename(old)
        shutil.rmtree(gone, ignore_errors=True)
    else:
        new.rename(old)


def _linked(pages: list[Path], site: Path, folder: Path) -> Path:
    """A folder holding ``pages`` at their places in ``site``: hard links (a copy where links fail)."""
    for page in pages:
        target = folder / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page, target)
        except OSError:
            shutil.copyfile(page, target)
    return folder
