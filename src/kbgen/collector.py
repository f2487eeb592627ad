"""Python's cycle collector kept off what kbgen knows to be alive (the command line and the plugin).

By default the collector looks at every container object every few hundred new objects, and now
and then at all of them. kbgen holds a great many that live to the end of a run: the cards while
they are checked, then each generated page's Markdown and MkDocs' own pages while the site is
built. Those passes free next to nothing, and they grow with the knowledge base: at 10,000
findings they took 1.5 s of a 9.7 s check and 8.9 s of a build, 5.7 s of it in 40 full passes.

* While cards are loaded and checked (:func:`checking`) collections are rare: that work makes
  almost no cycles, so nearly all of its garbage is freed by reference counting as it is dropped.
  mypy tunes its collector the same way.
* Once a build's pages exist (:func:`settled`), what is alive is frozen out of later passes
  (``gc.freeze``), which then look only at what the rest of the build makes. Pages' rendering
  does make cycles, so the collector keeps its usual pace for them. :func:`release` ends it.
  Not under ``kbgen serve``: objects frozen there and dropped by a later rebuild could hold
  cycles that would never be freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: New objects between collections of the youngest generation, then collections between older ones.
THRESHOLDS = (100_000, 50, 100)


@contextmanager
def checking() -> Iterator[None]:
    """Collect rarely (:data:`THRESHOLDS`) inside the ``with`` block; the previous pace is restored after it."""
    previous = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def settled() -> None:
    """Everything alive now lives until the build ends: leave it out of later collections."""
    gc.freeze()


def release() -> None:
    """Put what :func:`settled` froze back under the collector."""
    gc.unfreeze()
