"""Regular expressions that match any of many words, written as prefix trees.

Python's regular expressions try a flat alternation (``two|three|twenty|…``) one word at a time at
every position of the text. Written as a tree of shared prefixes (``t(?:wo|hree|wenty)``) most
positions are ruled out after a character or two. Where words share a prefix, the longer is tried
first, so the tree finds what the flat alternation with the longest words first finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternatives(words: Iterable[str]) -> str:
    """A pattern (no group of its own) matching any of ``words``, longest first where they share a prefix."""
    heads: dict[str, list[str]] = {}
    for word in words:
        if word:
            heads.setdefault(word[0], []).append(word[1:])
    branches = []
    for head, tails in sorted(heads.items()):
        rest = [tail for tail in tails if tail]
        if not rest:
            branches.append(re.escape(head))
            continue
        inner = alternatives(rest)
        branches.append(re.escape(head) + (f"(?:{inner})?" if "" in tails else f"(?:{inner})"))
    return "|".join(branches)
