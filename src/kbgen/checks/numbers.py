"""Numbers: every number a finding's statement gives is in its quotes, and its comparisons hold.

Warnings, each answered by a reason in the card's ``number_note`` when the statement is right as written:

* ``number.not-in-quotes`` — a number in the statement occurs in none of its quotes. Numbers are
  compared by value however they are written: ``43%``, ``43 per cent`` and ``43 percent`` are the same,
  and so are ``12`` and ``twelve`` (words two to twenty, the tens, and compounds such as
  ``thirty-one``); ordinals count as their number (``second``, ``2nd``). A percentage must be a
  percentage in the quote too. "One" is not checked: it is more often a pronoun ("one head said")
  than a count. Fractions in words ("half", "a third") are not checked. Years are numbers, found in
  the quotes, their locators (a section headed "Survey results 2015"), the study's ``design.period``
  or the year of a work the finding ``cites``.
* ``number.comparison`` — the statement compares numbers and the comparison is false:
  "43%, 67% and 61%, below the 65% floor" (67% is not below 65%), or "rose from 13 to 9".
"""

from __future__ import annotations

import functools
import itertools
import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from ..citations import record
from ..errors import Diagnostic, warning
from ..model import Card, KnowledgeBase
from ..wordtree import alternatives
from .memo import Memo, fresh
from .statements import Statement, answered, quote_texts, statement_of

_UNITS = """
two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
eighteen nineteen twenty
""".split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ORDINALS = """
second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth
fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
""".split()
#: Number words → value ("one" is left out on purpose: see the module's docstring).
WORD_VALUES = {w: i for i, w in enumerate(_UNITS, 2)} | _TENS | {w: i for i, w in enumerate(_ORDINALS, 2)}
_SMALL = {w: i for i, w in enumerate(["one"] + _UNITS[:8], 1)}  # one..nine, after a tens word

#: A number in digits (``1,200``, ``2.5``) or a number word, each a whole word (letters are ASCII, as
#: the word tables are; digits are any the text uses). The number words are a prefix tree (see
#: :mod:`kbgen.wordtree`): the check reads every quote of every finding. The leading lookahead lets the
#: engine skip every position that cannot start one.
_NUMBER = re.compile(r"(?=[\dA-Za-z])(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?|(?<![A-Za-z])(?ai:"
                     + alternatives(sorted(WORD_VALUES)) + r")(?![A-Za-z]))")
#: The unit after a tens word: "thirty-one", "forty two".
_UNIT = re.compile(r"[- ](?ai:(" + alternatives(sorted(_SMALL)) + r"))(?![A-Za-z])")
_PERCENT = re.compile(r"\s*(?:%|per ?cent\b)", re.IGNORECASE)
#: "2014-15": the second year of an academic-year range, written short.
_SHORT_YEAR = re.compile(r"\b((?:19|20)\d\d)\s*[-–/]\s*(\d\d)\b(?![-–/]?\d)")

_COMPARATORS = {"below": "<", "under": "<", "less than": "<", "lower than": "<", "fewer than": "<",
                "above": ">", "over": ">", "more than": ">", "higher than": ">", "greater than": ">",
                "exceeding": ">"}
_TRENDS = {"rose": ">", "risen": ">", "increased": ">", "grew": ">", "climbed": ">",
           "fell": "<", "fallen": "<", "dropped": "<", "declined": "<", "decreased": "<"}


class Number(NamedTuple):
    """A number in a text: its value, whether it is a percentage, and where it is.

    A named tuple: the number check makes one for every number in every quote.
    """

    value: Decimal
    percent: bool
    start: int
    end: int
    text: str


def numbers_in(text: str) -> list[Number]:
    """Every number in ``text``, in order."""
    short_years: dict[int, str] | None = None  # found when first needed: few texts have a two-digit number
    found: list[Number] = []
    for token in _NUMBER.finditer(text):
        start, word, end = token.start(), token.group(0), token.end()
        if found and start < found[-1].end:
            continue  # the unit of a compound already read ("thirty-one")
        if word[0].isdigit():
            if short_years is None and word[1:2].isdigit() and not word[2:3].isdigit():  # could be "15" of "2014-15"
                short_years = {m.start(2): m.group(1)[:2] + m.group(2) for m in _SHORT_YEAR.finditer(text)}
            value = _decimal((short_years.get(start) if short_years else None) or word.replace(",", ""))
        else:
            value = Decimal(WORD_VALUES[word.lower()])
            unit = _UNIT.match(text, end) if word.lower() in _TENS else None
            if unit is not None:
                value, end = value + _SMALL[unit.group(1).lower()], unit.end()
        percent = _PERCENT.match(text, end)
        stop = percent.end() if percent else end
        if value is not None:
            found.append(Number(value, bool(percent), start, stop, text[start:stop].strip()))
    return found


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
        return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    except InvalidOperation:  # pragma: no cover - the pattern only matches decimal numbers
        return None


def check_numbers(kb: KnowledgeBase, memo: Memo = fresh) -> list[Diagnostic]:
    """Warn where a finding's statement gives a number its quotes do not, or a comparison that is false.

    ``memo`` keeps each finding's result across a session's runs (it reads the finding, its study and the
    works it cites)."""
    problems: list[Diagnostic] = []
    for card in kb.of_kind("finding"):
        reads = [kb.get(str(card.get("study"))), *(kb.citable(key) for key in card.texts("cites"))]
        problems.extend(memo("numbers", card, reads, functools.partial(_numbers_of, kb, card)))
    return problems


def _numbers_of(kb: KnowledgeBase, card: Card) -> list[Diagnostic]:
    statement = statement_of(card)
    if statement is None:
        return []
    numbers = numbers_in(statement.plain)
    if not numbers:  # most statements give none: their quotes need not be read
        return answered(card, "number_note", [], "number")
    found = _unsupported(statement, numbers, _support(kb, card)) + _false_comparisons(statement, numbers)
    return answered(card, "number_note", found, "number")


def _support(kb: KnowledgeBase, card: Card) -> tuple[set[Decimal], set[Decimal], set[Decimal]]:
    """Values the quotes (and their locators) give, the percentages among them, and years from context."""
    texts = quote_texts(card)
    for quote in card.mappings("quotes"):
        locator = quote.get("locator")
        if isinstance(locator, dict):
            texts.extend(str(v) for v in locator.values())
    numbers = [n for text in texts for n in numbers_in(text)]
    years = []
    study = kb.get(str(card.get("study")))
    if study is not None and isinstance(study.get("design"), dict):
        years.append(str(study.get("design").get("period", "")))
    for key in card.texts("cites"):
        work = kb.citable(key)
        if work is not None:
            years.append(str(record(work).get("year", "")))
    context_years = {n.value for text in years for n in numbers_in(text) if _is_year(n)}
    return {n.value for n in numbers}, {n.value for n in numbers if n.percent}, context_years


def _is_year(number: Number) -> bool:
    return not number.percent and number.value == number.value.to_integral() and 1900 <= number.value <= 2099


def _unsupported(statement: Statement, numbers: list[Number], support) -> list[Diagnostic]:
    values, percents, years = support
    problems = []
    for number in numbers:
        if number.value in (percents if number.percent else values) or (_is_year(number) and number.value in years):
            continue
        what = "percentage" if number.percent else "number"
        problems.append(warning(
            statement.card.path, statement.pos(number.start), "number.not-in-quotes",
            f"the statement's {what} \"{number.text}\" is in none of its quotes",
            "check the number against the source and quote the passage that gives it; if the statement is "
            "right as written (it counts the quotes, or repeats a fact of the study card), say why in "
            "`number_note:`"))
    return problems


_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+|/)\s*$", re.IGNORECASE)
_FILLER = r"[\s,]*(?:(?:were|was|are|is|all|each|both|respectively|being|still)[\s,]+){0,2}"
_COMPARISON = re.compile(
    r"(?P<filler>" + _FILLER + r")(?P<op>" + "|".join(_COMPARATORS) + r")\s+(?:(?:the|a|an|its|their)\s+)?$",
    re.IGNORECASE)


def _false_comparisons(statement: Statement, numbers: list[Number]) -> list[Diagnostic]:
    text = statement.plain
    problems = []
    for i, right in enumerate(numbers):
        # The comparison must fill the gap from the number before (a match could not start inside it).
        comparison = _COMPARISON.match(text, numbers[i - 1].end, right.start) if i else None
        if comparison is None:
            continue
        left = _run_before(text, numbers[:i])
        op = _COMPARATORS[comparison["op"].lower()]
        wrong = [n for n in left if n.percent == right.percent and not _holds(n.value, op, right.value)]
        if wrong:
            problems.append(_comparison_warning(statement, left[0].start, left, comparison["op"], right, wrong))
    problems.extend(_false_trends(statement, numbers))
    return problems


def _run_before(text: str, numbers: list[Number]) -> list[Number]:
    """The list of numbers ending with the last of ``numbers`` ("43%, 67% and 61%")."""
    run = [numbers[-1]]
    for number in reversed(numbers[:-1]):
        if not _LIST_SEP.fullmatch(text[number.end:run[0].start]) and text[number.end:run[0].start].strip():
            break
        run.insert(0, number)
    return run


def _holds(left: Decimal, op: str, right: Decimal) -> bool:
    return left < right if op == "<" else left > right


def _comparison_warning(statement: Statement, start: int, left: list[Number], word: str, right: Number,
                        wrong: list[Number]) -> Diagnostic:
    named = ", ".join(n.text for n in left)
    bad = ", ".join(n.text for n in wrong)
    return warning(statement.card.path, statement.pos(start), "number.comparison",
                   f"the statement puts {named} \"{word}\" {right.text}, but {bad} "
                   f"{'is' if len(wrong) == 1 else 'are'} not {word} {right.text}",
                   "say which numbers are above and which below; a comparison must hold for every number it names")


_TO = re.compile(r"\s+to\s+")
_TREND = re.compile(r"\b(?P<verb>" + "|".join(_TRENDS) + r")\s+from\s+$", re.IGNORECASE)


def _false_trends(statement: Statement, numbers: list[Number]) -> list[Diagnostic]:
    """ "rose from 13 to 9" and "fell from 9 to 13" contradict themselves."""
    text = statement.plain
    problems = []
    for first, second in itertools.pairwise(numbers):
        if not _TO.fullmatch(text, first.end, second.start):
            continue
        verb = _TREND.search(text, 0, first.start)
        if verb is None:
            continue
        if first.percent == second.percent and not _holds(second.value, _TRENDS[verb["verb"].lower()], first.value):
            problems.append(warning(statement.card.path, statement.pos(verb.start()), "number.comparison",
                                    f"the statement says \"{verb['verb']} from {first.text} to {second.text}\", "
                                    "which contradicts itself", "check both numbers and the verb against the source"))
    return problems
