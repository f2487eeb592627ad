"""One rule for "the same work", shared by ``kbgen check`` and ``kbgen import``."""

from __future__ import annotations

from kbgen.works import WorkIndex, normalise_doi, same_work

COLEMAN = {"type": "article", "author": ["Coleman, A."], "year": 2012,
           "title": "The significance of trust in school-based collaborative leadership"}


def test_same_doi_in_any_form_is_the_same_work():
    assert normalise_doi("https://doi.org/10.1080/13603124.2011.578755") == "10.1080/13603124.2011.578755"
    assert same_work({"doi": "doi:10.1000/ABC"}, {"doi": "http://dx.doi.org/10.1000/abc"}) == "same"


def test_first_author_year_and_nearly_the_same_title():
    variant = COLEMAN | {"title": "The Significance of Trust in School-Based Collaborative Leadership.",
                         "author": ["Colemán, Andrew"]}
    assert same_work(COLEMAN, variant) == "same"
    assert same_work(COLEMAN, COLEMAN | {"year": 2013}) is None
    assert same_work(COLEMAN, COLEMAN | {"title": "Trust and collaboration in rural schools"}) is None


def test_no_title_means_maybe_and_no_author_means_never():
    assert same_work(COLEMAN, {k: v for k, v in COLEMAN.items() if k != "title"}) == "possible"
    anonymous = {"type": "misc", "year": "n.d."}
    assert same_work(anonymous, dict(anonymous)) is None


def test_a_chapter_is_not_the_book_it_is_in():
    book = {"type": "book", "editor": ["Gaonkar, Dilip Parameshwar"], "year": 2001, "title": "Alternative Modernities"}
    chapter = {"type": "incollection", "author": ["Gaonkar, Dilip Parameshwar"], "year": 2001,
               "title": "On Alternative Modernities", "booktitle": "Alternative Modernities"}
    assert same_work(book, chapter) is None


def test_the_index_finds_the_same_works_as_comparing_every_pair():
    records = {"a": COLEMAN, "b": COLEMAN | {"title": "The significance of trust"}, "c": {"doi": "10.1000/x"},
               "d": COLEMAN | {"doi": "10.1000/x"}, "e": {k: v for k, v in COLEMAN.items() if k != "title"}}
    index = WorkIndex()
    for key, record in records.items():
        expected = [(k, same_work(record, records[k])) for k in index.records if same_work(record, records[k])]
        assert index.matches(record) == expected, key
        index.add(key, record)
