"""Glossary terms on every page: Markdown abbreviation definitions, and ``<abbr>`` in raw HTML tables.

Pages get ``*[SIP]: school improvement partner`` lines for the terms they use; the ``abbr``
Markdown extension then wraps every occurrence in ``<abbr title=…>`` and material's improved
tooltips show it on hover, focus and tap. A term's plural with a final ``s`` (``SIPs``) gets the
same expansion. Raw HTML (the evidence map's tables) is not Markdown, so :meth:`Glossary.html`
wraps terms there itself.
"""

from __future__ import annotations

import html
import re

from ..model import Card
from ..sanitise import tooltip_safe
from ..views import TermView
from ..wordtree import alternatives


class Glossary:
    """The knowledge base's terms, matched as whole words, case-sensitively."""

    def __init__(self, terms: list[Card]):
        self.expansions: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        for view in map(TermView, terms):
            term, expansion = view.term, view.expansion
            if term and expansion and term not in self.expansions:
                self.expansions[term] = tooltip_safe(" ".join(expansion.split()))
                self.ids[term] = view.id
        # Whole words, the longest term first where terms share a start ("SIP cluster" before "SIP"), as
        # a prefix tree: a flat 100-way alternation tried at every character of a 10,000-card site's pages
        # took seconds. The lookahead lets the engine skip every character no term starts with.
        firsts = "".join(sorted({re.escape(word[0]) for word in self.expansions}))
        self._regex = re.compile(rf"(?=[{firsts}])(?<!\w)({alternatives(self.expansions)})(s?)(?!\w)") if firsts else None

    def fingerprint(self) -> tuple:
        """What the definitions depend on (equal for an unchanged glossary)."""
        return tuple(sorted(self.expansions.items()))

    def title(self, word: str) -> str:
        """The expansion shown for ``word`` (a term, or a term with a plural ``s``)."""
        return self.expansions.get(word) or self.expansions[word[:-1]]

    def used_in(self, text: str) -> list[str]:
        """The terms (and plurals) that occur in ``text``, sorted."""
        return sorted({match[1] + match[2] for match in self._regex.finditer(text)}) if self._regex else []

    def definitions(self, markdown: str) -> list[str]:
        """Abbreviation definition lines for the terms ``markdown`` uses (none when it uses none)."""
        return [f"*[{word}]: {self.title(word)}" for word in self.used_in(markdown)]

    def html(self, text: str) -> str:
        """Plain ``text`` as escaped HTML, with each term wrapped in ``<abbr title=…>``."""
        if self._regex is None:
            return html.escape(text, quote=False)
        out, pos = [], 0
        for match in self._regex.finditer(text):
            out.append(html.escape(text[pos:match.start()], quote=False))
            out.append(f'<abbr title="{html.escape(self.title(match[0]))}">{html.escape(match[0])}</abbr>')
            pos = match.end()
        out.append(html.escape(text[pos:], quote=False))
        return "".join(out)
