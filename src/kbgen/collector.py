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

A plain build keeps the checked cards, their graph and bibliography alive to its end; :func:`settle`
freezes them out of the build's collections once they are checked, and :func:`release` gives them
back when it ends (1 s of a build's 7 s of collections at 10,000 findings).

Under ``serve`` a session keeps every card, page and formatted reference alive between rebuilds, and
each rebuild's full collections walked all of it again: 0.6 to 1 s of an 8 s rebuild at 10,000
findings. :class:`IdleCollector` does that walk when the session is idle instead: a moment after a
build (at once after the first) it collects everything and freezes what survives out of later passes
(``gc.freeze``); before the next idle collection it unfreezes, so what a rebuild lets go is still freed
then. Nothing is kept for good: at most the garbage of one build waits for the next idle moment.
"""

from __future__ import annotations

import gc
import threading
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


def settle() -> None:
    """What is alive now lives to the end of the build: keep it out of the build's collections."""
    gc.freeze()


def release() -> None:
    """The build has ended: everything is under the collector again."""
    gc.unfreeze()


class IdleCollector:
    """Full collections moved out of ``serve`` rebuilds into the idle moments after them (see the module)."""

    def __init__(self, delay: float = 1.0) -> None:
        #: Seconds between a build's end and the collection: the browser reloads the page first.
        self.delay = delay
        #: Idle collections done so far.
        self.collections = 0
        self._lock = threading.Lock()
        self._building = False
        self._timer: threading.Timer | None = None

    def build_started(self) -> None:
        """A build begins: an idle collection not yet started waits for the build after this one."""
        with self._lock:  # (a collection under way finishes first: it holds the lock)
            self._building = True
            self._cancel()

    def build_ended(self) -> None:
        """A build has ended (or failed): collect once the session has been idle for :attr:`delay` seconds.

        The session's first build is collected at once: it took far longer than the collection does, and
        an edit saved the moment it ends would otherwise have its rebuild walk everything it left.
        """
        with self._lock:
            self._building = False
            self._cancel()
        if self.collections == 0:
            self.collect_now()
            return
        with self._lock:
            self._timer = threading.Timer(self.delay, self.collect_now)
            self._timer.daemon = True
            self._timer.start()

    def collect_now(self) -> None:
        """Collect everything and freeze what survives, unless a build is running."""
        with self._lock:
            if self._building:
                return
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.collections += 1

    def stop(self) -> None:
        """The session ends: no more idle collections; everything goes back under the collector."""
        with self._lock:
            self._building = True
            self._cancel()
            gc.unfreeze()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
