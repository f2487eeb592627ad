"""Per-card check results kept across the runs of one session (``kbgen serve``).

A session's loader hands back the very same card object while its file is unchanged, so a check whose
result for a card depends only on that card (and on a few cards it reads, such as its study) can keep
the result and give it again while every one of those objects is the same. A one-card edit at 10,000
cards then re-runs the card-by-card checks for that card alone. Without a session nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from ..model import Card

T = TypeVar("T")
#: What a check is given to keep its per-card results: :meth:`CardMemo.get`, or :func:`fresh`.
Memo = Callable[[str, Card, Sequence[object], Callable[[], T]], T]


class CardMemo:
    """Results by (check, card file), each with the card objects it was worked out from."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str], tuple[Card, tuple[object, ...], object]] = {}

    def get(self, check: str, card: Card, reads: Sequence[object], compute: Callable[[], T]) -> T:
        """``compute()``, or its last result for ``card`` while ``card`` and ``reads`` are the same objects."""
        key = (check, card.path)
        kept = self._kept.get(key)
        if kept is not None and kept[0] is card and len(kept[1]) == len(reads) and all(
                a is b for a, b in zip(kept[1], reads, strict=True)):
            return kept[2]  # type: ignore[return-value]
        result = compute()
        self._kept[key] = (card, tuple(reads), result)
        return result


def fresh(check: str, card: Card, reads: Sequence[object], compute: Callable[[], T]) -> T:
    """No memo: every result worked out again (a plain ``kbgen check``)."""
    return compute()
