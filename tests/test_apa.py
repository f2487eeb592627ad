"""APA 7 as the manual prints it: each case is an example reference from the *Publication Manual of the
American Psychological Association* (7th ed., 2020, chapter 10, also on apastyle.apa.org), written as a
card, and must come out exactly as the manual prints it (italics show as ``*…*`` in the Markdown)."""

from __future__ import annotations

import re

import pytest

from kbgen.apa import ordinal_edition
from kbgen.citations import Bibliography
from kbgen.model import Card, KnowledgeBase
from kbgen.yamlsafe import load

EXAMPLES = {
    # 10.3, chapter in an edited book, three editors.
    "aron": ("""type: incollection
author: ['Aron, L.', 'Botella, M.', 'Lubart, T.']
year: 2019
title: 'Culinary arts: Talent and their development'
editor: ['Subotnik, R. F.', 'Olszewski-Kubilius, P.', 'Worrell, F. C.']
booktitle: 'The psychology of high performance: Developing human potential into domain-specific talent'
pages: 345-359
publisher: American Psychological Association
doi: 10.1037/0000120-016
""", ("Aron, L., Botella, M., & Lubart, T. (2019). Culinary arts: Talent and their development. In R. F. Subotnik, "
      "P. Olszewski-Kubilius, & F. C. Worrell (Eds.), *The psychology of high performance: Developing human potential "
      "into domain-specific talent* (pp. 345–359). American Psychological Association. "
      "https://doi.org/10.1037/0000120-016")),
    # 10.3, chapter in an edited book with an edition: edition and pages share the parenthesis.
    "dillard": ("""type: incollection
author: ['Dillard, J. P.']
year: 2020
title: Currents in the study of persuasion
editor: ['Oliver, M. B.', 'Raney, A. A.', 'Bryant, J.']
booktitle: 'Media effects: Advances in theory and research'
edition: '4'
pages: 115-129
publisher: Routledge
""", ("Dillard, J. P. (2020). Currents in the study of persuasion. In M. B. Oliver, A. A. Raney, & J. Bryant (Eds.), "
      "*Media effects: Advances in theory and research* (4th ed., pp. 115–129). Routledge.")),
    # 10.3, two editors: joined by "&" with no comma.
    "thestrup": ("""type: incollection
author: ['Thestrup, K.']
year: 2010
title: To transform, to communicate, to play—The experimenting community in action
editor: ['Hygum, E.', 'Pedersen, P. M.']
booktitle: 'Early childhood education: Values and practices in Denmark'
publisher: Hans Reitzels Forlag
""", ("Thestrup, K. (2010). To transform, to communicate, to play—The experimenting community in action. In E. Hygum "
      "& P. M. Pedersen (Eds.), *Early childhood education: Values and practices in Denmark*. Hans Reitzels Forlag.")),
    # 10.5, a conference paper published in an edited proceedings book: formatted as a chapter.
    "oostveen": ("""type: inproceedings
author: ['van Oostveen, R.', 'DiGiuseppe, M.', 'Barber, W.', 'Blayone, T.', 'Childs, E.']
year: 2016
title: 'New conceptions for digital technology sandboxes: Developing a fully online learning communities (FOLC) model'
editor: ['Veletsianos, G.']
booktitle: 'EdMedia 2016: World Conference on Educational Media and Technology'
pages: 665-673
publisher: Association for the Advancement of Computing in Education
""", ("van Oostveen, R., DiGiuseppe, M., Barber, W., Blayone, T., & Childs, E. (2016). New conceptions for digital "
      "technology sandboxes: Developing a fully online learning communities (FOLC) model. In G. Veletsianos (Ed.), "
      "*EdMedia 2016: World Conference on Educational Media and Technology* (pp. 665–673). Association for the "
      "Advancement of Computing in Education.")),
    # 10.2, a book in a later edition.
    "jackson": ("""type: book
author: ['Jackson, L. M.']
year: 2019
title: 'The psychology of prejudice: From attitudes to social action'
edition: '2'
publisher: American Psychological Association
doi: 10.1037/0000168-000
""", ("Jackson, L. M. (2019). *The psychology of prejudice: From attitudes to social action* (2nd ed.). American "
      "Psychological Association. https://doi.org/10.1037/0000168-000")),
    # 10.2, an edited book: the editor in the author's place.
    "hacker": ("""type: book
editor: ['Hacker Hughes, J.']
year: 2017
title: 'Military veteran psychological health and social care: Contemporary approaches'
publisher: Routledge
doi: 10.4324/9781315215556
""", ("Hacker Hughes, J. (Ed.). (2017). *Military veteran psychological health and social care: Contemporary "
      "approaches*. Routledge. https://doi.org/10.4324/9781315215556")),
    # 10.4, a report with a number, by a group author (the publisher is a different body).
    "nci": ("""type: techreport
author: ['{National Cancer Institute}']
year: 2019
title: 'Taking time: Support for people with cancer'
report_type: NIH Publication
number: 18-2059
institution: U.S. Department of Health and Human Services, National Institutes of Health
url: https://www.cancer.gov/publications/patient-education/takingtime.pdf
""", ("National Cancer Institute. (2019). *Taking time: Support for people with cancer* (NIH Publication No. 18-2059). "
      "U.S. Department of Health and Human Services, National Institutes of Health. "
      "https://www.cancer.gov/publications/patient-education/takingtime.pdf")),
    # 10.6, a published doctoral dissertation from an institutional repository.
    "zambrano": ("""type: phdthesis
author: ['Zambrano-Vazquez, L.']
year: 2016
title: The interaction of state and trait worry on response monitoring in those with worry and obsessive-compulsive symptoms
school: University of Arizona
howpublished: UA Campus Repository
url: https://repository.arizona.edu/handle/10150/620615
""", ("Zambrano-Vazquez, L. (2016). *The interaction of state and trait worry on response monitoring in those with "
      "worry and obsessive-compulsive symptoms* [Doctoral dissertation, University of Arizona]. UA Campus Repository. "
      "https://repository.arizona.edu/handle/10150/620615")),
    # 10.6, a dissertation with a database publication number.
    "kabir": ("""type: phdthesis
author: ['Kabir, J. M.']
year: 2016
title: 'Factors influencing customer satisfaction at a fast food hamburger chain: The relationship between customer satisfaction and customer loyalty'
number: '10169573'
school: Wilmington University
howpublished: ProQuest Dissertations & Theses Global
""", ("Kabir, J. M. (2016). *Factors influencing customer satisfaction at a fast food hamburger chain: The relationship "
      "between customer satisfaction and customer loyalty* (Publication No. 10169573) [Doctoral dissertation, "
      "Wilmington University]. ProQuest Dissertations & Theses Global.")),
    # 10.16, a web page on a news website.
    "bologna": ("""type: misc
author: ['Bologna, C.']
year: 2019
month: October
day: 31
title: Why some people with anxiety love watching horror movies
howpublished: HuffPost
url: https://www.huffpost.com/entry/anxiety-love-watching-horror-movies_l_5d277587e4b02a5a5d57b59e
""", ("Bologna, C. (2019, October 31). *Why some people with anxiety love watching horror movies*. HuffPost. "
      "https://www.huffpost.com/entry/anxiety-love-watching-horror-movies_l_5d277587e4b02a5a5d57b59e")),
}


def _bibliography(**cards: str) -> Bibliography:
    kb = KnowledgeBase()
    for key, text in cards.items():
        located, problems = load(text, f"{key}.yaml")
        assert not problems
        kb.add(Card("citation", key, f"{key}.yaml", located))
    bibliography = Bibliography(kb)
    assert bibliography.problems == []
    return bibliography


def _markdown(text: str) -> str:
    """The Markdown backend's output, unescaped for comparison with the printed example."""
    for escaped in ("\\.", "\\(", "\\)", "\\[", "\\]", "\\&", "\\_", "\\-", "\\#", "\\*"):
        text = text.replace(escaped, escaped[1])
    return re.sub(r"\[(https?://[^\]]+)\]\(\1\)", r"\1", text.replace("&amp;", "&"))  # a link shows its address


@pytest.mark.parametrize("key", EXAMPLES)
def test_reference_entries_read_as_the_manual_prints_them(key: str):
    card, printed = EXAMPLES[key]
    assert _markdown(_bibliography(**{key: card}).get(key).markdown) == printed


def test_editions_are_ordinals():
    assert [ordinal_edition(e) for e in ("2", "3", "11", "21", "Second", "2nd ed.", "Rev.")] == [
        "2nd", "3rd", "11th", "21st", "2nd", "2nd", "Rev."]


def test_text_is_never_read_as_latex():
    card = "type: book\nauthor: ['Writer, A.']\nyear: 2001\ntitle: 50% of $5 {budgets} \\emph{x} -- y\npublisher: P\n"
    assert _bibliography(b=card).get("b").text == "Writer, A. (2001). 50% of $5 {budgets} \\emph{x} -- y. P."
