"""Unit tests: the hedge and number checks that keep a statement to what its quotes say."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kbgen.checks.hedges import check_hedges, hedges_in
from kbgen.checks.numbers import check_numbers, numbers_in
from kbgen.model import Card, KnowledgeBase
from kbgen.yamlsafe import load


def _finding(statement: str, *quotes: str, **extra: str) -> KnowledgeBase:
    lines = ["id: f", f"statement: {statement!r}".replace("\\'", "''"), "study: s", "themes: [t]",
             "evidence_type: data", "quotes:"]
    for quote in quotes:
        lines += [f"  - text: {quote!r}", "    locator: {section: Results}"]
    lines += [f"{key}: {value!r}" for key, value in extra.items()]
    located, problems = load("\n".join(lines) + "\n", "finding/f.yaml")
    assert located is not None and not problems
    return KnowledgeBase([Card("finding", "f", "finding/f.yaml", located)])


def _codes(diagnostics) -> list[str]:
    return [d.code for d in diagnostics]


@pytest.mark.parametrize("text", [
    "it seems to work", "It appears that heads", "this suggests a need", "Smith suggests (2014) that",
    "they may meet", "it might help", "it could be argued", "most likely", "an unlikely outcome", "perhaps",
    "It is possible that", "they tend to", "in my view", "I think so", "We feel that", "to some extent",
    "to a large degree", "potentially", "arguably", "I’d say it helped", "it’s possible that",
])
def test_a_quote_hedge_is_recognised(text: str) -> None:
    assert hedges_in(text)


@pytest.mark.parametrize("text", [
    "In May 2015 they met", "by 4 May the plan", "the meeting in May", "we could meet every week",
    "it is possible to celebrate", "a suggested agenda", "the mayor came", "it seemed", "appearance",
])
def test_what_only_looks_like_a_quote_hedge_is_not_one(text: str) -> None:
    found = [span.text for span in hedges_in(text)]
    assert found == (["seemed"] if text == "it seemed" else [])


def test_a_statement_counts_more_words_as_hedges() -> None:
    assert not hedges_in("heads could talk openly")
    assert hedges_in("heads could talk openly", statement=True)
    assert hedges_in("the author suggests heads gained", statement=True)
    assert hedges_in("a head felt supported", statement=True)


def test_a_clause_restating_a_hedged_claim_without_its_hedge_is_flagged() -> None:
    kb = _finding("School B appeared to improve, and School A declined.",
                  "School B appears to improve. In fact School A appears to have declined.")
    [problem] = check_hedges(kb)
    assert problem.code == "hedge.unhedged"
    assert '"appears to have declined"' in problem.message and '"and School A declined"' in problem.message
    assert (problem.line, problem.col) == (2, 43)


def test_a_hedge_inside_the_same_clause_keeps_it_hedged() -> None:
    kb = _finding("Trust, they suggest, served as a safety net across the clusters.",
                  "It appears that trust served as a safety net across these collaborations.")
    assert check_hedges(kb) == []


def test_a_hedge_counts_only_before_the_claim_it_should_govern() -> None:
    quote = "This suggests that the relationship is more beneficial for the supported schools."
    kb = _finding("Pupils did better; the benefit was greater for supported schools, with no apparent harm.", quote)
    assert _codes(check_hedges(kb)) == ["hedge.unhedged"]
    kb = _finding("The authors read the data as suggesting that, with the facilitators' help, honesty developed.",
                  "The data suggest that a genuine honesty was developed with the assistance of the facilitators.")
    assert check_hedges(kb) == []
    kb = _finding("Schools situated very close together could compete.",
                  "there could be competition between schools who were situated very closely together")
    assert check_hedges(kb) == []


def test_a_statement_with_no_hedge_at_all_is_flagged_when_its_quote_hedges() -> None:
    kb = _finding("Heads valued the meetings.", "I think the meetings were the best part of it.")
    assert _codes(check_hedges(kb)) == ["hedge.dropped"]


def test_a_statement_surer_than_its_quotes_is_flagged() -> None:
    kb = _finding("Heads could reflect only because they felt secure.",
                  "it was important that the leaders met within a context where they felt secure")
    [problem] = check_hedges(kb)
    assert problem.code == "hedge.strengthened" and '"only because"' in problem.message
    kb = _finding("Heads met only because they had to.", "We met only because the authority said so.")
    assert check_hedges(kb) == []


def test_a_hedge_note_answers_the_warning_and_must_answer_something() -> None:
    note = "The quote's 'I think' is the head's turn of phrase; the statement reports what the head said."
    assert check_hedges(_finding("Heads valued the meetings.", "I think the meetings helped.", hedge_note=note)) == []
    [unused] = check_hedges(_finding("Heads said the meetings helped.", "The meetings helped.", hedge_note=note))
    assert unused.code == "hedge.unused-note" and unused.line == 9


@pytest.mark.parametrize(("text", "values"), [
    ("43%, 43 per cent and 43 percent", [("43", True)] * 3),
    ("thirty-one of twelve, the 2nd and the third", [("31", False), ("12", False), ("2", False), ("3", False)]),
    ("in 2014-15 and 1,200 pupils in KS2", [("2014", False), ("2015", False), ("1200", False), ("2", False)]),
    ("one head, and 2.50 days", [("2.5", False)]),
])
def test_numbers_are_read_by_value_however_they_are_written(text: str, values) -> None:
    assert [(str(n.value), n.percent) for n in numbers_in(text)] == [(v, p) for v, p in values]


def test_a_number_the_quotes_do_not_give_is_flagged_where_it_stands() -> None:
    kb = _finding("Twelve schools, 34% of pupils [@key, p. 86].", "twelve schools", "thirty-four per cent")
    assert check_numbers(kb) == []
    [problem] = check_numbers(_finding("Eleven schools and 34% of pupils.", "twelve schools, 34 per cent"))
    assert problem.code == "number.not-in-quotes" and '"Eleven"' in problem.message and problem.col == 13


def test_a_percentage_must_be_a_percentage_in_the_quote() -> None:
    [problem] = check_numbers(_finding("34% of heads.", "34 heads"))
    assert problem.code == "number.not-in-quotes" and "percentage" in problem.message


@pytest.mark.parametrize(("statement", "wrong"), [
    ("Results were 43%, 67% and 61%, all below the 65% floor.", "67%"),
    ("Results of 70% and 80% were under 75%.", "80%"),
    ("Scores of 3 and 9 were more than 4.", "3"),
])
def test_a_comparison_that_does_not_hold_for_every_number_is_flagged(statement: str, wrong: str) -> None:
    kb = _finding(statement, "43%, 67% and 61%, 65%, 70% and 80%, 75%, 3 and 9 and 4")
    [problem] = check_numbers(kb)
    assert problem.code == "number.comparison" and f"but {wrong} is not" in problem.message


@pytest.mark.parametrize("statement", [
    "Results were 43% and 61%, below the 65% floor.", "Peer observation scored over 50% in all three groups.",
    "Responses rose from 9 to 13.", "Ten heads, more than 3 of them new.",
])
def test_true_comparisons_pass(statement: str) -> None:
    kb = _finding(statement, "43% and 61%, 65%, 50% in all three groups, from 9 to 13, ten heads, 3 new")
    assert check_numbers(kb) == []


def test_a_trend_that_contradicts_its_numbers_is_flagged() -> None:
    [problem] = check_numbers(_finding("Responses fell from 9 to 13.", "from 9 to 13"))
    assert problem.code == "number.comparison" and "fell from 9 to 13" in problem.message


def test_years_may_come_from_the_quotes_or_their_context() -> None:
    located, _ = load("id: s\ndesign: {method: m, period: January 2014 to June 2015}\n", "study/s.yaml")
    study = Card("study", "s", "study/s.yaml", located)
    kb = _finding("In January 2014 and in 2015 heads met; by 2016 they stopped.", "heads met")
    kb.add(study)
    [problem] = check_numbers(kb)
    assert '"2016"' in problem.message
    assert Decimal(2016) not in {n.value for n in numbers_in("January 2014 to June 2015")}
