"""The draft preview: the site built even when cards have errors, with every error in plain view.

A pull request's author (or an import's) wants to see the result before every card is fixed. The
draft leaves out each card that has an error, then each card that only worked with one left out,
until what remains checks clean; it renders that, and shows every error of the full check on a
banner and an errors page. It is never the published site: it goes to ``site-draft/``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from .checker import CheckResult, check
from .errors import Diagnostic
from .prose import MarkdownSetup

#: Site path of the page listing every error.
ERRORS_PAGE = "errors/index.md"


@dataclass
class Draft:
    """What a draft preview shows: a knowledge base that renders, and every error of the real one."""

    result: CheckResult
    errors: list[Diagnostic]
    #: Card file → the errors that kept it out of the preview.
    left_out: dict[str, list[Diagnostic]] = field(default_factory=dict)


def draft_check(evidence: Path, sources=None, markdown: MarkdownSetup | None = None) -> Draft:
    """Check the cards, then leave out those with errors (and those that relied on them) until none remain.

    ``sources`` and ``markdown`` are as :func:`kbgen.checker.check` takes them.
    """
    full = check(evidence, sources, markdown=markdown)
    left_out: dict[str, list[Diagnostic]] = {}
    current = full
    while True:
        new = {d.path for d in current.errors} - set(left_out)
        if not new:
            return Draft(current, full.errors, left_out)
        for path in sorted(new):
            left_out[path] = [d for d in current.errors if d.path == path]
        current = check(evidence, sources, exclude=frozenset(left_out), markdown=markdown)


def banner(page_path: str, draft: Draft) -> str:
    """The admonition every draft page opens with (Markdown, linking to the errors page)."""
    link = posixpath.relpath(ERRORS_PAGE, posixpath.dirname(page_path) or ".")
    cards = len(draft.left_out)
    return (f'!!! danger "Draft preview: not the published site"\n'
            f"    The evidence cards have {len(draft.errors)} error(s); {cards} file(s) with errors are left out "
            f"of this preview. [See every error and how to fix it]({link}).\n\n")
