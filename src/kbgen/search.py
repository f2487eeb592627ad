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
#: Parts of that article that are not content: permalink marks, edit buttons, page dates.
EXCLUDE_SELECTORS = ".headerlink, .md-content__button, .md-source-file"
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
    site = site_dir.resolve()
    if not site.is_dir():
        raise KbgenError(f"cannot index {site_dir}: no such folder")
    command = [str(executable()), "--site", str(site), "--output-subdir", BUNDLE,
               "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE_SELECTORS]
    env = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kbgen-pagefind-") as empty:
        try:
            run = subprocess.run(command, cwd=empty, env=env, capture_output=True, text=True, timeout=1800,
                                 check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise KbgenError(f"Pagefind could not index {site_dir}: {exc}") from None
    if run.returncode != 0:
        detail = (run.stderr or run.stdout).strip().splitlines()
        raise KbgenError(f"Pagefind could not index {site_dir}: {detail[-1] if detail else 'no message'}")
    pages = re.search(r"Indexed (\d+) page", run.stdout)
    return IndexStats(int(pages.group(1)) if pages else 0, time.perf_counter() - start)
