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

_WORD = re.compile(r"\w+")


def _word_char(text: str, at: int) -> bool:
    return at < len(text) and bool(_WORD.match(text, at))


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
        words = sorted(self.expansions, key=len, reverse=True)  # longest first: "SIP cluster" before "SIP"
        self._regex = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(s?)(?!\w)") if words else None
        # The same matches found from each word's start: a 100-way alternation tried at every character of a
        # 10,000-card site's pages took seconds; a dictionary lookup per word does not.
        self._by_first_word: dict[str, list[str]] | None = {}
        for word in words:
            first = _WORD.match(word)
            if first is None:  # a term that starts with punctuation: only the pattern finds it
                self._by_first_word = None
                break
            self._by_first_word.setdefault(first[0], []).append(word)

    def fingerprint(self) -> tuple:
        """What the definitions depend on (equal for an unchanged glossary)."""
        return tuple(sorted(self.expansions.items()))

    def title(self, word: str) -> str:
        """The expansion shown for ``word`` (a term, or a term with a plural ``s``)."""
        return self.expansions.get(word) or self.expansions[word[:-1]]

    def used_in(self, text: str) -> list[str]:
        """The terms (and plurals) that occur in ``text``, sorted (what ``self._regex`` finds, found faster)."""
        if self._by_first_word is None:
            return sorted({m[1] + m[2] for m in self._regex.finditer(text)}) if self._regex else []
        found: set[str] = set()
        taken = 0  # matches do not overlap: a word inside a longer term already matched is not looked at
        for token in _WORD.finditer(text):
            start = token.start()
            first = token[0]
            candidates = self._by_first_word.get(first) or self._by_first_word.get(first[:-1] if first[-1] == "s" else "")
            if start < taken or not candidates:
                continue
            for word in candidates:  # longest first, as the regex tries them
                end = start + len(word)
                if not text.startswith(word, start):
                    continue
                plural = text.startswith("s", end) and not _word_char(text, end + 1)
                if plural or not _word_char(text, end):
                    found.add(word + "s" if plural else word)
                    taken = end + plural
                    break
        return sorted(found)

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
