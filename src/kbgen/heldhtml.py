"""Large raw HTML blocks held out of Python-Markdown while a page converts, and put back after.

Python-Markdown passes a raw HTML block through unchanged, but finds where it ends by parsing every
tag of it in pure Python: the findings index's table (one row per finding) took seconds per rebuild
at 10,000 findings. A renderer marks such a block (:func:`held`); the plugin swaps it for a one-tag
placeholder before conversion (:func:`hold`) and swaps it back into the HTML (:func:`restore`),
before the page's HTML goes through the sanitiser like any other. Outside the plugin (``kbgen render``
for Zensical) the marks are HTML comments around a block that converts as it always did.
"""

from __future__ import annotations

import re

_OPEN, _CLOSE = "<!-- kbgen:held -->", "<!-- /kbgen:held -->"
_BLOCK = re.compile(re.escape(_OPEN) + r"\n(.*?)\n" + re.escape(_CLOSE), re.DOTALL)
_PLACEHOLDER = '<div data-kbgen-held="{}"></div>'
_PLACED = re.compile(r'<div data-kbgen-held="(\d+)"></div>')


def held(lines: list[str]) -> list[str]:
    """``lines`` (one raw HTML block, already safe and complete) marked to be held out of conversion."""
    return [_OPEN, *lines, _CLOSE]


def hold(markdown: str) -> tuple[str, list[str]]:
    """The page's Markdown with each marked block replaced by a placeholder, and the blocks in order."""
    blocks: list[str] = []

    def swap(match: re.Match) -> str:
        blocks.append(match.group(1))
        return _PLACEHOLDER.format(len(blocks) - 1)

    return _BLOCK.sub(swap, markdown), blocks


def restore(html: str, blocks: list[str]) -> str:
    """The converted page with each placeholder replaced by its block, as Python-Markdown would have left it."""
    if not blocks:
        return html
    return _PLACED.sub(lambda m: blocks[int(m.group(1))] if int(m.group(1)) < len(blocks) else m.group(0), html)
