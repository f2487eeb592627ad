"""The leaders' view, built once: theme pages, the evidence map, "What we know", the glossary, open data.

The site is the fixture knowledge base with the ``fixtures/leaders`` overlay (a second study, key findings,
implications, gaps and a term), built once for the module. Browser tests are in ``test_leaders_browser.py``.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

import yaml

from kbgen.cerqual import RULES


class _Tree(HTMLParser):
    """A tiny DOM: elements with attributes, text and children (enough to read tables and sections)."""

    VOID = frozenset({"br", "hr", "img", "input", "link", "meta", "source", "wbr", "col", "area", "base", "embed"})

    def __init__(self) -> None:
        super().__init__()
        self.root = {"tag": "root", "attrs": {}, "children": [], "text": ""}
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = {"tag": tag, "attrs": dict(attrs), "children": [], "text": ""}
        self.stack[-1]["children"].append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i]["tag"] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        for node in self.stack:
            node["text"] += data


def _parse(path: Path) -> dict:
    tree = _Tree()
    tree.feed(path.read_text(encoding="utf-8"))
    return tree.root


def _all(node: dict, tag: str, **attrs) -> list[dict]:
    found = []
    for child in node["children"]:
        if child["tag"] == tag and all(child["attrs"].get(k) == v for k, v in attrs.items()):
            found.append(child)
        found += _all(child, tag, **attrs)
    return found


def _text(node: dict) -> str:
    return " ".join(node["text"].split())


def _article(site: Path, page: str) -> dict:
    return _all(_parse(site / page / "index.html"), "article")[0]


def test_theme_page_puts_the_decision_aid_first(built_site):
    article = _article(built_site, "themes/trust")
    headings = [_text(h).rstrip("¶ ") for h in _all(article, "h2")]
    assert headings[:5] == ["Key findings", "What this means for school leaders", "Where the evidence is thin",
                            "What the evidence shows", "How sure we are, and why"]
    assert headings[5].startswith("Findings by source (3 findings from 2 of 2 sources)")
    assert headings[-1] == "Related themes"
    rows = [[_text(c) for c in _all(r, "td")] for r in _all(_all(article, "table")[0], "tr")[1:]]
    assert rows[0][0].startswith("1. Trust between heads takes time") and rows[0][1].startswith("Moderate")
    assert rows[0][2] == "2: Example & Other (2020); Second (2021)"
    assert rows[1][1].startswith("Very low") and rows[1][2] == "1: Second (2021)"


def test_every_key_finding_has_its_full_assessment_folded_under_its_anchor(built_site):
    article = _article(built_site, "themes/trust")
    folded = [d for d in _all(article, "details") if "open" not in d["attrs"]]
    assessments = [d for d in folded if "kb-assessment" in d["attrs"].get("class", "")]
    assert [_all(d, "p")[0]["attrs"].get("id") for d in assessments] == [
        "kf-trust-takes-time-and-makes-honesty-safe", "kf-sip-brokers-early-trust"]
    assert all(_all(_all(d, "summary")[0], "a") == [] for d in assessments)  # nothing to click inside the toggle
    first = _text(assessments[0])
    for part in ("Methodological limitations", "Moderate concerns", "Coherence", "Adequacy", "Relevance",
                 "Moderate confidence.", "What would raise it:", "Sources: 2", "Findings: 2 (2 data · 0 literature",
                 "Accounts of practice: 2",
                 "Participants, as the study cards count them: Second (2021): 2 head teachers interviewed"):
        assert part in first, part
    links = {a["attrs"]["href"] for a in _all(assessments[0], "a")}
    assert {"../../findings/sample-trust-safe-to-admit/", "../../findings/sample21-trust-took-two-years/"} <= links
    assert "Rests on a single source:" in _text(assessments[1])
    why = [a["attrs"]["href"] for a in _all(article, "a") if a["attrs"].get("class") == "kb-why"]
    assert why == ["#kf-trust-takes-time-and-makes-honesty-safe", "#kf-sip-brokers-early-trust"]
    sources = [d for d in folded if "kb-source" in d["attrs"].get("class", "")]
    assert [_text(_all(d, "summary")[0]) for d in sources] == ["Example & Other (2020): 1 finding",
                                                                "Second (2021): 2 findings"]


def test_implications_and_gaps_link_their_key_findings(built_site):
    html = (built_site / "themes/trust/index.html").read_text(encoding="utf-8")
    implication = re.search(r"<li>Ask your <abbr[^>]*>SIP</abbr> to convene.*?</li>", html, re.DOTALL).group(0)
    assert re.findall(r'href="(#kf-[^"]+)"', implication) == ["#kf-trust-takes-time-and-makes-honesty-safe",
                                                              "#kf-sip-brokers-early-trust"]
    assert "What would fill it:" in html


def test_runs_of_finding_links_are_named_by_their_statements(built_site):
    article = _article(built_site, "themes/trust")
    refs = [a for a in _all(article, "a") if a["attrs"].get("class") == "kb-ref"]
    names = {_text(a): a["attrs"]["aria-label"] for a in refs}
    assert names["1"] == ("Finding 1: One head teacher said the cluster felt safe enough to admit what was not "
                          "working, echoing (Coleman, 2012, p. 86).")
    assert names["2"] == ("Finding 2: The executive head said trust between the two staff rooms took about two years "
                          "to build.")
    assert all(a["attrs"]["title"] == a["attrs"]["aria-label"] for a in refs)


def test_glossary_terms_are_abbreviations_everywhere_and_the_glossary_lists_them(built_site):
    for page in ("themes/trust", "what-we-know", "evidence-map/trust", "findings/sample21-sip-brokered-trust",
                 "glossary"):
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert '<abbr title="school improvement partner">SIP</abbr>' in html, page
        assert "*[SIP]" not in html, page
    abbr = '<abbr title="school improvement partner">SIP</abbr>'
    inside = {"a link": ("what-we-know", f'#kf-sip-brokers-early-trust">A {abbr} can broker'),
              "a heading": ("glossary", f'<h2 id="sip">{abbr}'),
              "a quote": ("findings/sample21-sip-brokered-trust", f"<p>The authors argue that the {abbr} brokered"),
              "a table cell": ("themes/trust", f"<td>2. A {abbr} can broker")}
    for where, (page, html) in inside.items():
        assert html in (built_site / page / "index.html").read_text(encoding="utf-8"), where
    glossary = _article(built_site, "glossary")
    entry = [h for h in _all(glossary, "h2") if h["attrs"].get("id") == "sip"]
    assert entry and "An experienced head or adviser" in _text(glossary)


def _cards(evidence: Path, kind: str) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (evidence / kind).glob("*.yaml")}


def _expected_map(evidence: Path) -> tuple[dict, dict]:
    """Cell counts computed straight from the YAML files, by the rule the evidence map page states."""
    findings, accounts = _cards(evidence, "finding"), _cards(evidence, "account")
    kinds_of_study = defaultdict(set)
    for account in accounts.values():
        kinds_of_study[account["study"]].add(account.get("collaboration"))
    by_source, by_kind = defaultdict(Counter), defaultdict(Counter)
    for finding in findings.values():
        if finding.get("account"):
            kind = accounts[finding["account"]].get("collaboration") or "unspecified"
        else:
            study_kinds = kinds_of_study[finding["study"]]
            kind = next(iter(study_kinds)) if len(study_kinds) == 1 and None not in study_kinds else "unspecified"
        for theme in finding["themes"]:
            by_source[(theme, finding["study"])][finding["evidence_type"]] += 1
            by_kind[(theme, kind)][finding["evidence_type"]] += 1
    return by_source, by_kind


def _cell_text(counts: Counter) -> str:
    if not counts:
        return "no evidence"
    split = " · ".join(f"{counts[k]} {k}" for k in ("data", "literature", "argument"))
    return f"{sum(counts.values())} ({split})"


def test_every_evidence_map_cell_equals_the_count_from_the_cards(built_site):
    evidence = built_site.parent / "evidence"
    by_source, by_kind = _expected_map(evidence)
    themes = _cards(evidence, "theme")
    article = _article(built_site, "evidence-map")
    tables = {t["attrs"]["id"]: t for t in _all(article, "table")}
    columns = {"map-source": sorted(_cards(evidence, "study")),  # studies oldest first: here also by id
               "map-kind": ["cluster", "federation", "trust", "partnership", "system-leadership", "unspecified"]}
    checked = 0
    for table_id, expected in (("map-source", by_source), ("map-kind", by_kind)):
        table = tables[table_id]
        assert _all(table, "caption") and all(th["attrs"].get("scope") for th in _all(table, "th"))
        for row in _all(_all(table, "tbody")[0], "tr"):
            theme = next(t for t, card in themes.items() if card["name"] == _text(_all(row, "th")[0]))
            cells = _all(row, "td")
            for column, cell in zip(columns[table_id], cells, strict=False):  # the last cell is the total
                assert _text(cell) == _cell_text(expected[(theme, column)]), (table_id, theme, column)
                checked += 1
    assert checked == 2 * (2 + 6)


def test_each_map_cell_links_to_exactly_its_findings(built_site):
    evidence = built_site.parent / "evidence"
    by_source, by_kind = _expected_map(evidence)
    article = _article(built_site, "evidence-map")
    cell_links = [a for td in _all(article, "td") for a in _all(td, "a") if "#" in a["attrs"]["href"]]
    assert len(cell_links) == 2 * 3  # trust: 2 sources, 2 kinds; time: 1 source, 1 kind
    for link in cell_links:
        page, anchor = link["attrs"]["href"].split("#")
        target = _article(built_site, "evidence-map/" + page.strip("/"))
        heading = next(h for h in _all(target, "h3") if h["attrs"].get("id") == anchor)
        # the heading's list follows it: its findings are the links to finding pages up to the next heading
        html = (built_site / "evidence-map" / page / "index.html").read_text(encoding="utf-8")
        section = html.split(f'id="{anchor}"', 1)[1].split("<h", 1)[0]
        listed = set(re.findall(r'href="\.\./\.\./findings/([a-z0-9-]+)/"', section))
        assert len(listed) == int(_text(link)), (link, heading)
    assert by_source and by_kind


def test_what_we_know_sorts_key_findings_by_confidence_under_a_strand_table(built_site):
    article = _article(built_site, "what-we-know")
    strand, every = _all(article, "table")[:2]
    rows = {_text(_all(r, "td")[0]): [_text(c) for c in _all(r, "td")] for r in _all(strand, "tr")[1:]}
    assert rows["Trust"] == ["Trust", "2", "3", "2", "Moderate"]
    assert rows["Time and capacity"][-1] == "not yet rated"
    confidences = [_text(_all(r, "td")[2]) for r in _all(every, "tr")[1:]]
    assert confidences == ["Moderate", "Very low"]


def test_methods_page_states_the_rule_the_check_applies(built_site):
    text = _text(_article(built_site, "methods"))
    assert "never a single study's claim" in text
    for rule in RULES:
        assert rule in text


def test_home_page_and_indexes_link_the_downloads(built_site):
    home = _article(built_site, "")
    assert any(t["attrs"].get("id") == "map-source-compact" for t in _all(home, "table"))
    for page in ("", "themes", "studies", "accounts", "findings", "what-we-know", "evidence-map", "glossary"):
        hrefs = [a["attrs"]["href"] for a in _all(_article(built_site, page), "a")]
        assert any(h.endswith(".csv") for h in hrefs) and any(h.endswith(".json") for h in hrefs), page
        assert any(h.rstrip("/").endswith("data") for h in hrefs), page
    assert any(a["attrs"]["href"].rstrip("/").endswith("data") for a in _all(_article(built_site, "bibliography"), "a"))


def test_open_data_is_a_valid_data_package_whose_counts_equal_the_cards(built_site):
    from frictionless import Package, validate

    report = validate(str(built_site / "data/datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    evidence = built_site.parent / "evidence"
    package = Package(str(built_site / "data/datapackage.json"))
    counts = {r.name: len(r.read_rows()) for r in package.resources}
    themes = _cards(evidence, "theme").values()
    findings = _cards(evidence, "finding").values()
    expected = {"studies": len(_cards(evidence, "study")), "accounts": len(_cards(evidence, "account")),
                "findings": len(findings), "themes": len(themes), "terms": len(_cards(evidence, "term")),
                "quotes": sum(len(f["quotes"]) for f in findings),
                "key_findings": sum(len(t.get("key_findings", [])) for t in themes),
                "implications": sum(len(t.get("implications", [])) for t in themes),
                "gaps": sum(len(t.get("gaps", [])) for t in themes)}
    assert {name: counts[name] for name in expected} == expected
    assert {name: counts[name + "-json"] for name in expected} == expected
    records = json.loads((built_site / "data/key_findings.json").read_text(encoding="utf-8"))
    assert records[0]["sources"] == ["sample-2020", "sample-2021"] and records[0]["confidence"] == "moderate"
    quote = json.loads((built_site / "data/quotes.json").read_text(encoding="utf-8"))[0]
    assert quote["section"] and quote["text"]


HOSTILE_KEY_FINDINGS = """\
id: time
name: Time
definition: Time.
key_findings:
  - id: x
    statement: '<script>alert(1)</script> [y](javascript:alert(2)) **b**{onclick=alert(3)}'
    findings: [sample-cover-is-the-killer]
    single_source: '<img src=x onerror=alert(4)>'
    cerqual:
      methodological_limitations: {concern: '<img src=x onerror=alert(5)>', explanation: '<script>alert(6)</script>'}
      coherence: {concern: minor, explanation: x}
      adequacy: {concern: minor, explanation: x}
      relevance: {concern: minor, explanation: x}
      confidence: '"}<script>alert(7)</script>'
      explanation: x
implications:
  - text: '<img src=x onerror=alert(8)>'
    key_findings: ['"><script>alert(9)</script>']
gaps:
  - {gap: '<script>alert(10)</script>', would_fill: '<img src=x onerror=alert(11)>'}
"""


def test_hostile_key_findings_cannot_reach_the_page(kb_dir: Path, monkeypatch):
    """Even with the check bypassed, nothing in a key finding becomes markup on any page that shows it."""
    from click.testing import CliRunner

    from kbgen import plugin
    from kbgen.cli import main

    real_check = plugin.check

    def check_without_errors(*args, **kwargs):
        result = real_check(*args, **kwargs)
        result.diagnostics = []
        return result

    monkeypatch.setattr(plugin, "check", check_without_errors)
    (kb_dir / "evidence/theme/time.yaml").write_text(HOSTILE_KEY_FINDINGS)
    monkeypatch.chdir(kb_dir)
    assert CliRunner().invoke(main, ["build"], catch_exceptions=False).exit_code == 0
    for page in ("themes/time", "what-we-know", "evidence-map", "evidence-map/time", "", "data"):
        root = _parse(kb_dir / "site" / page / "index.html")
        bad = [n for n in _all_nodes(root) if n["tag"] == "img" or any(
            k.startswith("on") or (v or "").strip().lower().startswith("javascript:") for k, v in n["attrs"].items())
            or (n["tag"] == "script" and "alert(" in n["text"])]
        assert bad == [], (page, bad[:3])


def _all_nodes(node: dict) -> list[dict]:
    return [child for c in node["children"] for child in (c, *_all_nodes(c))]
