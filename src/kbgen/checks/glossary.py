"""The glossary: term cards are unique, and acronyms in card prose are explained.

An acronym is a word of two or more capital letters (digits allowed: ``KS2``), optionally with a
plural ``s`` (``SIPs``). The check looks only at the card writer's own prose (Markdown fields):
never at quotes, titles or names, which keep the source's words; and within prose it skips code,
citations, card links, link addresses and anything in double quotation marks (a source's heading
or phrase). An acronym alone in brackets, as in "Institution Focused Study (IFS)", is spelt out
right there. Roman numerals (``II``, ``XIV``) are not acronyms. A knowledge base with no term card
has no glossary yet, and is not checked for acronyms.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .. import prose
from ..errors import Diagnostic, error, warning
from ..model import Card, KnowledgeBase
from ..schema import Schemas
from .memo import Memo, fresh
from .refs import prose_pos

ACRONYM = re.compile(r"\b([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*)(s?)\b")
_CAPITALS = re.compile(r"[A-Z][A-Z0-9]*[A-Z]")
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”]*”")
_LINK_DEST = re.compile(r"\]\([^)]*\)")
_SPELT_OUT = re.compile(r"(?<=\w )\([A-Z][A-Z0-9]*s?\)")


def acronyms(text: str) -> list[tuple[int, str]]:
    """(offset, acronym without plural ``s``) for every acronym in the writer's own words in ``text``."""
    found: list[tuple[int, str]] = []
    if not _CAPITALS.search(text):  # every acronym has two capitals; most prose values have none
        return found
    for token in prose.tokens(text):
        if token.kind != "text":
            continue
        plain = _blank(_SPELT_OUT, _blank(_LINK_DEST, _blank(_QUOTED, token.text)))
        for match in ACRONYM.finditer(plain):
            if not _ROMAN.match(match[1]):
                found.append((token.offset + match.start(), match[1]))
    return found


def _blank(regex: re.Pattern, text: str) -> str:
    """Text with each match replaced by spaces (so offsets stay true)."""
    return regex.sub(lambda m: " " * len(m.group(0)), text)


@dataclass
class _Use:
    path: str
    pos: tuple[int, int]
    places: int = 0
    cards: set[str] = field(default_factory=set)


def check_glossary(kb: KnowledgeBase, schemas: Schemas, memo: Memo = fresh) -> list[Diagnostic]:
    """Duplicate terms are errors; acronyms the glossary does not define are warnings (one per acronym).

    ``memo`` keeps each card's acronyms across a session's runs."""
    terms = kb.of_kind("term")
    problems = _duplicates(terms)
    if not terms:
        return problems
    defined = {t.text("term") for t in terms if t.text("term")}
    uses: dict[str, _Use] = {}
    for card in kb.cards:
        for word, item_path, text, offset in memo("acronyms", card, (), functools.partial(_acronyms_of, card, schemas)):
            if word in defined:
                continue
            use = uses.setdefault(word, _Use(card.path, prose_pos(card, item_path, text, offset)))
            use.places += 1
            use.cards.add(card.id)
    for word, use in sorted(uses.items()):
        more = f" (and {use.places - 1} more place(s) in {len(use.cards)} card(s))" if use.places > 1 else ""
        problems.append(warning(use.path, use.pos, "glossary.undefined",
                                f"acronym '{word}' is not in the glossary{more}",
                                f"add evidence/term/{word.lower()}.yaml with `term: {word}` and `expansion:`, "
                                "or write the words out"))
    return problems


def _acronyms_of(card: Card, schemas: Schemas) -> list[tuple[str, tuple, str, int]]:
    """(acronym, field path, prose value, offset) for every acronym in the card's prose."""
    return [(word, item.path, text, offset)
            for item in schemas.annotated(card) if item.is_prose
            for text in (str(item.value),) for offset, word in acronyms(text)]


def _duplicates(terms: list) -> list[Diagnostic]:
    problems, seen = [], {}
    for card in terms:
        term = card.text("term")
        if term is None:
            continue
        if term in seen:
            problems.append(error(card.path, card.pos("term"), "glossary.duplicate",
                                  f"term '{term}' is already defined by {seen[term]}",
                                  "keep one card per term; merge the two definitions"))
        else:
            seen[term] = card.path
    return problems
