"""Python's cycle collector, run rarely while cards are loaded and checked (the command line and the plugin).

By default the collector looks at the young container objects every 700 new ones, and now and then
at all of them. A check keeps every card's values alive to its end, so those passes walk more and
more objects and free next to nothing: at 10,000 findings they took 1.5 s of a 9.7 s check. Loading
and checking make almost no cycles, so nearly all of their garbage is freed by reference counting as
it is dropped; inside :func:`checking` the collector runs every 100,000 new objects instead (mypy
tunes its collector the same way).

Only the check: for a whole build the same thresholds were slower (each young pass then walks
100,000 objects of pages being rendered, which do make cycles), and freezing a build's settled
pages out of the collector kept cycles it should have freed (the peak at 10,000 findings rose from
712 to 947 MiB).
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
