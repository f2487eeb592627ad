"""Hedges: a finding's statement keeps the hedges of its quotes and claims no certainty they lack.

Three warnings, each answered by a reason in the card's ``hedge_note`` when the statement is
faithful as written:

* ``hedge.unhedged`` — a quote hedges a claim ("School A *appears to* have declined") and the
  statement restates it ("School A declined"), nowhere under a hedge. A clause restates the hedged
  claim when it shares words with what the hedge governs (the rest of the quote's sentence after
  the hedge): all of them when there is one, at least two otherwise. Words are compared by their
  first five letters, leaving out short and common words. The claim is under a hedge when the
  clause has one before it restates the claim, that is before its second word shared with it
  ("trust, they suggest, served…"), or directly before one of those words ("schools close together
  could compete"); not "it moves the unit…, creating outlets that may become…". The warning shows
  the clause that shares most.
* ``hedge.dropped`` — a quote hedges and the statement has no hedge at all.
* ``hedge.strengthened`` — the statement says something surer than any quote ("only because",
  "the basis", "always") and no quote uses that word.

The word lists below are the one place hedges are defined. Matching is whole-word and ignores case.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..errors import Diagnostic, warning
from ..model import Card, KnowledgeBase
from .memo import Memo, fresh
from .statements import Statement, answered, quote_texts, shorten, statement_of

#: Words and phrases that hedge a claim, in a quote or in a statement (regular expressions).
HEDGES = (
    r"seem(?:s|ed|ing|ingly)?", r"appear(?:s|ed)? (?:to|that)", r"apparently",
    r"suggest(?:s|ed|ing)?(?: \([^()]*\))? that", r"(?:this|which|these|would|seems? to) suggest(?:s|ed)?",
    r"may", r"might", r"could(?: also| well| possibly| perhaps| even| still)? (?:be|have)",
    r"(?:un)?likely", r"perhaps", r"possibly", r"(?:it is |it['’]s )?possible that", r"probably", r"maybe",
    r"presumably", r"arguably", r"potentially", r"conceivably", r"hopefully", r"tend(?:s|ed|ing)? to",
    r"in (?:my|our) (?:view|opinion)", r"(?:i|we) (?:think|feel|believe|suspect|guess|suppose)",
    r"i(?:['’]d| would) say", r"to (?:some|a (?:certain|large|some)) (?:extent|degree)", r"in some ways",
)

#: Further words that hedge a statement: they put a claim as possible, partial or someone's view.
#: In a quote they too often mean something else ("we could meet" is ability, not doubt; "a suggested
#: agenda" proposes, it does not hedge).
STATEMENT_HEDGES = (
    r"suggest(?:s|ed|ing)?", r"could", r"possible", r"apparent", r"appear(?:s|ed|ing)?", r"hint(?:s|ed)?",
    r"uncertain", r"unclear", r"tentative(?:ly)?", r"hope[sd]?", r"felt", r"feels?", r"thought", r"thinks?",
    r"believe[sd]?", r"perceive[sd]?", r"sensed", r"wonder(?:s|ed)?", r"suppose[sd]?",
)

#: Wording surer than a quote may be (regular expression → word a quote must use for it to stand).
STRENGTHENERS = {
    r"only (?:because|if|when|by|through)": r"only", r"the (?:sole|only) (?:reason|cause|way)": r"sole|only",
    r"the basis": r"basis", r"the foundation": r"foundation", r"always": r"always", r"never": r"never",
    r"invariably": r"invariabl", r"prove[sdn]?": r"prov", r"certainly": r"certain", r"definitely": r"definite",
    r"undoubtedly|without (?:a )?doubt|no doubt": r"doubt", r"guarantee[sd]?": r"guarantee",
    r"clearly": r"clear", r"must": r"must", r"essential(?:ly)?": r"essential",
}

# Matched against lower-cased text, which is several times faster than a case-blind pattern; a word must
# start at a letter ("\b(?=[a-z])" lets the engine skip most positions at once).
_QUOTE_HEDGE = re.compile(r"\b(?=[a-z])(?:" + "|".join(HEDGES) + r")\b")
_ANY_HEDGE = re.compile(r"\b(?=[a-z])(?:" + "|".join(HEDGES + STATEMENT_HEDGES) + r")\b")
# One pass finds every strengthener in a statement; each named group is one entry of STRENGTHENERS.
_STRONG = re.compile(r"\b(?=[a-z])(?:" + "|".join(rf"(?P<s{i}>(?:{word})\b)" for i, word in enumerate(STRENGTHENERS))
                     + ")")
_STRONG_CORES = [re.compile(rf"\b(?:{core})", re.IGNORECASE) for core in STRENGTHENERS.values()]
_SENTENCE_END = re.compile(r"[.;:!?…]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
#: Words too common to show that a clause restates a claim.
_COMMON = set("""
the and for but with that this these those are was were been being have has had its their there they
them from into than then such not more most less very which who whom what when where also only just
about over under between within across would will can does did our you your his her him she some many
much other each every both all any how why here school schools head heads headteacher headteachers
teacher teachers staff
""".split())
#: How many words after a hedge it governs, at most.
_GOVERNED_WORDS = 12


@dataclass(frozen=True)
class _Hedge:
    quote: int
    word: str
    governed: str  # what the hedge qualifies: the rest of its sentence, or the words before it
    shown: str  # the hedge with what it governs, as the quote has it


def check_hedges(kb: KnowledgeBase, memo: Memo = fresh) -> list[Diagnostic]:
    """Warn where a finding's statement drops a hedge its quotes carry, or claims more certainty.

    ``memo`` keeps each finding's result across a session's runs (it reads the finding alone)."""
    problems: list[Diagnostic] = []
    for card in kb.of_kind("finding"):
        problems.extend(memo("hedges", card, (), functools.partial(_hedges_of, card)))
    return problems


def _hedges_of(card: Card) -> list[Diagnostic]:
    statement = statement_of(card)
    if statement is None:
        return []
    found = _unhedged(statement, _quote_hedges(quote_texts(card))) + _strengthened(statement, quote_texts(card))
    return answered(card, "hedge_note", found, "hedge")


@dataclass(frozen=True)
class Span:
    """Where a hedge is in a text, and its words as written there."""

    start: int
    end: int
    text: str


def hedges_in(text: str, statement: bool = False) -> list[Span]:
    """The hedges in ``text`` (a statement counts more words as hedges than a quote does)."""
    pattern = _ANY_HEDGE if statement else _QUOTE_HEDGE
    spans = (Span(m.start(), m.end(), text[m.start():m.end()]) for m in pattern.finditer(_lowered(text)))
    return [span for span in spans if not _is_month(text, span)]


def _lowered(text: str) -> str:
    """``text`` in lower case, each character where it was (for the patterns above)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer would shift every offset after it
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered


def _is_month(text: str, span: Span) -> bool:
    """'May' the month: capitalised after the sentence start, or next to a number."""
    if span.text != "May":
        return False
    before = text[:span.start].rstrip()
    return bool(re.match(r"\s*\d", text[span.end:])) or (bool(before) and before[-1] not in ".!?\"“‘'")


def _quote_hedges(quotes: list[str]) -> list[_Hedge]:
    found = []
    for i, text in enumerate(quotes):
        for span in hedges_in(text):
            end = _SENTENCE_END.search(text, span.end)
            after = " ".join(text[span.end:end.start() if end else None].split()[:_GOVERNED_WORDS])
            shown = span.text + (" " if after[:1].isalnum() else "") + after
            if not _content(after):  # "…, I think." qualifies what comes before it
                start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, span.start)), default=0)
                after = " ".join(text[start:span.start].split()[-_GOVERNED_WORDS:])
                shown = after + " " + span.text
            found.append(_Hedge(i, span.text, after, shown))
    return found


def _content(text: str) -> set[str]:
    """The words that carry a clause's meaning, by their first five letters."""
    words = (w.lower().strip("'’-") for w in _WORD.findall(text))
    return {w[:5] for w in words if len(w) >= 4 and w not in _COMMON}


def _unhedged(statement: Statement, hedges: list[_Hedge]) -> list[Diagnostic]:
    """A hedged claim the statement restates, but nowhere with a hedge; else, a statement with no hedge at all."""
    card = statement.card
    problems, reported = [], set()
    clauses = [(start, text, _content(text)) for start, text in statement.clauses()] if hedges else []
    for hedge in hedges:
        governed = _content(hedge.governed)
        restating = [(len(governed & words), start, text) for start, text, words in clauses
                     if governed and len(governed & words) >= min(2, len(governed))]
        if not restating or any(_keeps_hedge(text, governed) for _, _, text in restating):
            continue
        _, start, text = max(restating, key=lambda c: c[0])  # the clause sharing most words with the claim
        if start in reported:
            continue
        reported.add(start)
        problems.append(warning(
            card.path, statement.pos(start), "hedge.unhedged",
            f"quote {hedge.quote + 1} hedges \"{shorten(hedge.shown, 80)}\", "
            f"but the statement says it without a hedge: \"{shorten(text, 90)}\"", _HINT.format(hedge.word)))
    if problems or not hedges or hedges_in(statement.plain, statement=True):
        return problems
    first = hedges[0]
    return [warning(card.path, statement.pos(0), "hedge.dropped",
                    f"quote {first.quote + 1} hedges (\"{shorten(first.shown, 80)}\") "
                    "but the statement has no hedge", _HINT.format(first.word))]


def _keeps_hedge(clause: str, governed: set[str]) -> bool:
    """The clause hedges the claim: a hedge before it restates the claim (before its second word shared with
    the claim; its first, when the claim has one word), or directly before a shared word ("could compete")."""
    words = list(_WORD.finditer(clause))
    shared = [i for i, m in enumerate(words) if m.group(0).lower().strip("'’-")[:5] in governed]
    need = min(2, len(governed))
    if len(shared) < need:
        return False
    if hedges_in(clause[:words[shared[need - 1]].start()], statement=True):
        return True
    for span in hedges_in(clause, statement=True):
        following = [i for i, m in enumerate(words) if m.start() >= span.end][:_DIRECTLY]
        if any(i in shared for i in following):
            return True
    return False


#: How many words after a statement's hedge it governs directly ("could compete", "may well have").
_DIRECTLY = 2


_HINT = ("keep the quote's hedge in the statement (\"{}\", \"may\", \"the author suggests\"); if the statement "
         "is faithful as written, say why in `hedge_note:`")


def _strengthened(statement: Statement, quotes: list[str]) -> list[Diagnostic]:
    problems, seen = [], set()
    for match in _STRONG.finditer(_lowered(statement.plain)):
        entry = int(match.lastgroup[1:])  # type: ignore[index]
        if entry in seen or any(_STRONG_CORES[entry].search(q) for q in quotes):
            continue
        seen.add(entry)
        problems.append(warning(
            statement.card.path, statement.pos(match.start()), "hedge.strengthened",
            f"the statement says \"{statement.plain[match.start():match.end()]}\", but no quote says so",
            "say no more than the quotes: use their own wording (\"a significant way\", \"it was important "
            "that\"); if a quote does support it, say why in `hedge_note:`"))
    return problems
