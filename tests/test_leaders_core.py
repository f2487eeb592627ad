"""The leaders' view in the core: the CERQual consistency rule, counted adequacy facts, acronyms, abbreviations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kbgen.cerqual import AdequacyCounter, contradictions, people_counts
from kbgen.checker import check
from kbgen.checks.glossary import acronyms
from kbgen.collaboration import UNSPECIFIED, finding_kind, study_kinds
from kbgen.model import Card
from kbgen.render.abbreviations import Glossary
from kbgen.render.context import built_url
from kbgen.yamlsafe import load

LEADERS = Path(__file__).parent / "fixtures" / "leaders"


def _assessment(confidence: str, *concerns: str) -> dict:
    names = ("methodological_limitations", "coherence", "adequacy", "relevance")
    parts = {n: {"concern": c, "explanation": "x"} for n, c in zip(names, concerns, strict=False)}
    return {"confidence": confidence, **parts}


@pytest.mark.parametrize(("confidence", "concerns", "sources", "flagged"), [
    ("high", ("minor", "no-or-very-minor", "minor", "minor"), 2, 0),
    ("high", ("moderate", "minor", "minor", "minor"), 2, 1),          # a moderate concern caps at moderate
    ("moderate", ("moderate", "minor", "moderate", "minor"), 2, 0),
    ("moderate", ("serious", "minor", "minor", "minor"), 2, 1),       # a serious concern caps at low
    ("low", ("serious", "minor", "serious", "minor"), 2, 0),
    ("very-low", ("serious", "serious", "serious", "serious"), 2, 0),
    ("low", ("minor", "minor", "no-or-very-minor", "minor"), 2, 1),   # nothing above minor: at least moderate
    ("moderate", ("minor", "minor", "no-or-very-minor", "minor"), 1, 1),  # no adequacy concern on one source
    ("high", ("serious", "minor", "minor"), 2, 0),                    # incomplete: the schema reports it
])
def test_the_consistency_rule(confidence, concerns, sources, flagged):
    assert len(contradictions(_assessment(confidence, *concerns), sources)) == flagged


def _card(kind: str, text: str) -> Card:
    located, problems = load(text, f"{kind}.yaml")
    assert not problems
    return Card(kind, located.data["id"], f"{kind}.yaml", located)


def test_participants_are_the_counts_whose_counted_phrase_names_people():
    study = _card("study", """id: s
design:
  method: interviews
  sample:
    counts:
      - {what: head teachers interviewed, n: 8}
      - {what: "survey responses, January 2014", n: 31}
      - {what: schools in the comparison cluster whose heads gave views, n: 2}
      - {what: occasions on which the SIP raised concerns that heads acted on, n: 2}
      - {what: focus group interviews with the facilitators, n: 1}
""")
    assert people_counts(study) == [("head teachers interviewed", 8), ("survey responses, January 2014", 31)]
    assert people_counts(_card("study", "id: t\ndesign: [not, a, mapping]\n")) == []


@pytest.fixture(scope="module")
def leaders_kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("leaders") / "kb"
    shutil.copytree(Path(__file__).parent / "fixtures" / "kb", root)
    shutil.copytree(LEADERS, root, dirs_exist_ok=True)
    result = check(root / "evidence", root / "sources")
    assert result.diagnostics == []
    return result


def test_adequacy_facts_are_counted_from_the_cards(leaders_kb):
    counter = AdequacyCounter(leaders_kb.kb, leaders_kb.graph.accounts_by_study)
    facts = counter.count(["sample-trust-safe-to-admit", "sample21-trust-took-two-years", "sample21-sip-brokered-trust",
                           "no-such-finding"])
    assert [s.id for s in facts.sources] == ["sample-2020", "sample-2021"]
    assert len(facts.findings) == 3 and {a.id for a in facts.accounts} == {"northtown-cluster", "eastvale-federation"}
    assert facts.evidence_types == {"data": 2, "argument": 1}
    # sample-2021's one account is a federation, so its finding about no account counts as a federation too
    assert facts.kinds == {"cluster": 1, "federation": 2}
    assert [(s.id, what, n) for s, what, n in facts.participants] == [("sample-2021", "head teachers interviewed", 2)]


def test_a_finding_without_an_account_is_unspecified_unless_its_studys_accounts_share_a_kind(leaders_kb):
    kb = leaders_kb.kb
    northtown = kb.get("northtown-cluster").data
    northtown.pop("collaboration")
    try:
        kinds = study_kinds(kb, leaders_kb.graph.accounts_by_study)
        assert kinds == {"sample-2021": "federation"}  # sample-2020's one account no longer says
        assert finding_kind(kb, kb.get("sample-cover-is-the-killer"), kinds) == UNSPECIFIED
        assert finding_kind(kb, kb.get("sample21-sip-brokered-trust"), kinds) == "federation"
    finally:
        northtown["collaboration"] = "cluster"


def test_a_stale_single_source_note_is_reported(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(Path(__file__).parent / "fixtures" / "kb", root)
    shutil.copytree(LEADERS, root, dirs_exist_ok=True)
    theme = root / "evidence/theme/trust.yaml"
    theme.write_text(theme.read_text().replace(
        "    findings: [sample-trust-safe-to-admit, sample21-trust-took-two-years]\n",
        "    findings: [sample-trust-safe-to-admit, sample21-trust-took-two-years]\n    single_source: Not so.\n"))
    codes = [d.code for d in check(root / "evidence", root / "sources").diagnostics]
    assert codes == ["cerqual.not-single-source"]


@pytest.mark.parametrize(("text", "found"), [
    ("The SIP met two SIPs and the LA's NLEs.", ["SIP", "SIP", "LA", "NLE"]),
    ("Year II, chapter XIV and part IV; I think so.", []),
    ('A "QUOTED HEADING", a “CURLY ONE”, `CODE`, [@key-ABC] and [x](https://example.org/ABC).', []),
    ("Key stage KS2 and the Y6 class.", ["KS2"]),
    ("An Institution Focused Study (IFS), then the IFS again; (HMCI report) and (LA, 2010).", ["IFS", "HMCI", "LA"]),
])
def test_acronyms_are_capitals_in_the_writers_own_words(text, found):
    assert [word for _, word in acronyms(text)] == found


def test_abbreviations_cover_terms_and_their_plurals_as_whole_words():
    glossary = Glossary([_card("term", "id: sip\nterm: SIP\nexpansion: school improvement  partner\n"),
                         _card("term", "id: sip-cluster\nterm: SIP cluster\nexpansion: a cluster sharing a SIP\n")])
    text = "Two SIPs, one SIP cluster, no SIPPY and no GOSSIP."
    assert glossary.used_in(text) == ["SIP cluster", "SIPs"]
    assert glossary.definitions(text) == ["*[SIP cluster]: a cluster sharing a SIP",
                                          "*[SIPs]: school improvement partner"]
    assert glossary.html("A SIP & <b>") == ('A <abbr title="school improvement partner">SIP</abbr> &amp; &lt;b&gt;')
    assert Glossary([]).definitions(text) == [] and Glossary([]).html("<") == "&lt;"


@pytest.mark.parametrize("text", ["SIPs SIPsx SIP's SIP-led, SIPss and SIP2", "the SIP clusters, a SIP cluster",
                                  "ÉSIP aSIP SIP_", "SIP cluster SIP cluster", "SIP", ""])
@pytest.mark.parametrize("odd", ["", "id: odd\nterm: (SIP)\nexpansion: a term in brackets\n"])
def test_terms_used_are_found_as_a_flat_longest_first_pattern_finds_them(text, odd):
    import re

    glossary = Glossary([_card("term", "id: sip\nterm: SIP\nexpansion: school improvement partner\n"),
                         _card("term", "id: sip-cluster\nterm: SIP cluster\nexpansion: a cluster sharing a SIP\n")]
                        + ([_card("term", odd)] if odd else []))
    words = sorted(glossary.expansions, key=len, reverse=True)
    flat = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(s?)(?!\w)")  # the specification
    text += " (SIP)"
    assert glossary.used_in(text) == sorted({m[1] + m[2] for m in flat.finditer(text)})
    assert glossary.html(text).count("<abbr") == len(flat.findall(text))


def test_an_expansion_cannot_become_markup():
    import markdown

    hostile = _card("term", 'id: x\nterm: SIP\nexpansion: \'"><img src=x onerror=alert(1)> & <script>\'\n')
    text = "A SIP.\n\n" + "\n".join(Glossary([hostile]).definitions("A SIP."))
    html = markdown.markdown(text, extensions=["abbr"])
    assert "<img" not in html and "<script" not in html and "‹img src=x" in html  # tooltip text never holds a "<"


@pytest.mark.parametrize(("path", "directory_urls", "url"), [
    ("index.md", True, ""), ("themes/index.md", True, "themes/"), ("themes/trust.md", True, "themes/trust/"),
    ("themes/trust.md", False, "themes/trust.html"), ("data/findings.csv", True, "data/findings.csv"),
])
def test_built_urls_follow_mkdocs(path, directory_urls, url):
    assert built_url(path, directory_urls) == url


@pytest.mark.parametrize(("here", "target", "directory_urls", "url"), [
    ("index.md", "themes/trust.md", True, "themes/trust/"),
    ("evidence-map/index.md", "evidence-map/trust.md#source-x", True, "trust/#source-x"),
    ("evidence-map/index.md", "themes/trust.md", True, "../themes/trust/"),
    ("evidence-map/index.md", "index.md", True, "../"),
    ("evidence-map/index.md", "evidence-map/index.md", True, "./"),
    ("evidence-map/index.md", "evidence-map/trust.md", False, "trust.html"),
    ("index.md", "themes/trust.md", False, "themes/trust.html"),
])
def test_raw_html_links_point_at_built_pages(leaders_kb, here, target, directory_urls, url):
    from kbgen.render.context import Page, Site

    site = Site(leaders_kb.kb, leaders_kb.bibliography, leaders_kb.graph, directory_urls=directory_urls)
    assert Page(site, here).url(target) == url
