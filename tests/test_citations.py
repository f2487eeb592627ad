"""Unit tests: pybtex behind citations.py — APA formatting, labels, exports, captured errors."""

import json

from kbgen.citations import Bibliography
from kbgen.model import Card, KnowledgeBase
from kbgen.yamlsafe import load


def _kb(**cards: str) -> KnowledgeBase:
    kb = KnowledgeBase()
    for key, text in cards.items():
        located, problems = load(text, f"{key}.yaml")
        assert not problems
        kb.add(Card("citation", key, f"{key}.yaml", located))
    return kb


ARTICLE = ("type: article\ntitle: 'The benefits of headship mentoring: an analysis of Malaysian novice head teachers'\n"
           "author: ['Tahir, L.', 'Haruzuan Mohd, M.N.', 'Daud, K.']\nyear: 2016\n"
           "journal: Educational Management Administration and Leadership\nvolume: 44\nnumber: 3\npages: 420-450\n")
CHAPTER = ("type: incollection\ntitle: Collaboration, partnerships and system leadership across schools\n"
           "author: ['Greany, Toby']\neditor: ['Earley, Peter', 'Greany, Toby']\n"
           "booktitle: School Leadership and Education System Reform\nyear: 2017\npublisher: Bloomsbury\npages: 56-65\n")


def test_apa_entries_keep_title_wording():
    bib = Bibliography(_kb(tahir=ARTICLE))
    ref = bib.get("tahir")
    assert ref.label == "Tahir et al., 2016"
    assert ref.text == ("Tahir, L., Haruzuan Mohd, M.N., & Daud, K. (2016). The benefits of headship mentoring: "
                        "an analysis of Malaysian novice head teachers. Educational Management Administration and "
                        "Leadership, 44(3), 420–450.")


def test_chapter_names_its_editors_after_in():
    ref = Bibliography(_kb(greany=CHAPTER)).get("greany")
    assert "In P. Earley & T. Greany (Eds.), School Leadership and Education System Reform (pp. 56–65). Bloomsbury." in ref.text
    assert ref.text.index("Collaboration, partnerships") < ref.text.index("In P. Earley")


def test_same_authors_same_year_get_letters():
    one = "type: article\ntitle: A\nauthor: ['Berkovich, I.', 'Eyal, O.']\nyear: 2017\njournal: J\n"
    two = "type: article\ntitle: B\nauthor: ['Berkovich, I.', 'Eyal, O.']\nyear: 2017\njournal: K\n"
    bib = Bibliography(_kb(a=one, b=two))
    assert {bib.get("a").label, bib.get("b").label} == {"Berkovich & Eyal, 2017a", "Berkovich & Eyal, 2017b"}
    assert "(2017a)" in bib.get("a").text or "(2017a)" in bib.get("b").text


def test_more_than_26_works_with_one_label_get_double_letters():
    works = {f"w{i:02}": f"type: article\ntitle: T{i:02}\nauthor: ['Eyal, O.']\nyear: 2017\njournal: J\n" for i in range(28)}
    bib = Bibliography(_kb(**works))
    labels = sorted((bib.get(key).label for key in works), key=lambda label: (len(label), label))
    assert labels[:2] == ["Eyal, 2017a", "Eyal, 2017b"] and labels[25:] == ["Eyal, 2017z", "Eyal, 2017aa", "Eyal, 2017ab"]


def test_organisation_author_stays_whole():
    org = "type: misc\ntitle: Educational excellence everywhere\nauthor: ['{Department for Education}']\nyear: 2016\n"
    bib = Bibliography(_kb(dfe=org))
    assert bib.get("dfe").label == "Department for Education, 2016"
    csl = json.loads(bib.csl_json())[0]
    assert csl["author"] == [{"literal": "Department for Education"}]


def test_bibtex_and_csl_exports():
    bib = Bibliography(_kb(tahir=ARTICLE))
    assert "@article{tahir," in bib.bibtex() and 'pages = "420--450"' in bib.bibtex()
    item = json.loads(bib.csl_json())[0]
    assert item["type"] == "article-journal" and item["issued"] == {"date-parts": [[2016]]}
    assert item["page"] == "420–450" and item["author"][0] == {"family": "Tahir", "given": "L."}


def test_pybtex_errors_become_located_diagnostics():
    bad = "type: book\ntitle: X\nauthor: ['A, B, C, D']\nyear: 2000\n"
    bib = Bibliography(_kb(bad=bad))
    assert [(d.code, d.line) for d in bib.problems] == [("citation.pybtex", 3)]


def test_reference_list_order_ignores_organisation_braces_and_files_anonymous_works_by_title():
    org = "type: misc\ntitle: Z report\nauthor: ['{Ofsted}']\nyear: 2003\n"
    anon = "type: misc\ntitle: Using collaboration\nyear: n.d.\n"
    bib = Bibliography(_kb(ofsted=org, tahir=ARTICLE, anon=anon, greany=CHAPTER))
    assert bib.sorted_keys() == ["greany", "ofsted", "tahir", "anon"]
