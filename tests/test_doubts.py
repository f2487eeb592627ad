"""Doubtful bibliographic values: recorded as printed, suggested as probable, never linked as certain."""

from __future__ import annotations

import json
from pathlib import Path

from kbgen.checker import check
from kbgen.citations import Bibliography
from kbgen.model import Card, KnowledgeBase
from kbgen.render import render_site
from kbgen.yamlsafe import load

DOUBTFUL_DOI = """\
type: article
title: "Collaborations: providing emotional support to senior leaders"
author: ['Solvason, Carla', 'Kington, Alison']
year: 2019
journal: Journal of Professional Capital and Community
doi: 10.1108/IPCC-05-2019-0010
doubtful:
  - field: doi
    printed: 10.1108/IPCC-05-2019-0010
    probable: 10.1108/JPCC-05-2019-0010
    reason: The journal is JPCC.
"""


def _bibliography(text: str) -> Bibliography:
    located, problems = load(text, "sk.yaml")
    assert located is not None and not problems
    return Bibliography(KnowledgeBase([Card("citation", "sk", "sk.yaml", located)]))


def test_the_suggested_citation_uses_the_probable_value_with_a_note_and_no_link():
    bib = _bibliography(DOUBTFUL_DOI)
    ref = bib.get("sk")
    assert "DOI as printed: 10.1108/IPCC-05-2019-0010; probably: 10.1108/JPCC-05-2019-0010." in ref.text
    assert "doi.org" not in ref.markdown and "](" not in ref.markdown
    bibtex = bib.bibtex()
    assert 'doi = "10.1108/JPCC-05-2019-0010"' in bibtex and "as printed: 10.1108/IPCC" in bibtex
    item = json.loads(bib.csl_json())[0]
    assert item["DOI"] == "10.1108/JPCC-05-2019-0010" and "IPCC" in item["note"]


def test_a_doubtful_title_is_replaced_in_the_citation_and_kept_in_the_note():
    text = DOUBTFUL_DOI.replace("doi: 10.1108/IPCC-05-2019-0010\n", "").replace(
        "  - field: doi\n    printed: 10.1108/IPCC-05-2019-0010\n    probable: 10.1108/JPCC-05-2019-0010\n",
        "  - field: title\n    printed: \"Collaborations: providing emotional support to senior leaders\"\n"
        "    probable: Collaborations\n")
    ref = _bibliography(text).get("sk")
    assert ref.text.startswith("Solvason, C., & Kington, A. (2019). Collaborations. Journal")
    assert "Title as printed: Collaborations: providing emotional support" in ref.text


def test_the_study_page_shows_both_values_and_links_neither(kb_dir: Path):
    study = kb_dir / "evidence/study/sample-2020.yaml"
    study.write_text(study.read_text().replace("document_type:", (
        "doubtful:\n  - field: reference.doi\n    printed: 10.1234/example.2020\n    probable: 10.1234/example.2021\n"
        "    reason: The journal's own listing gives 2021.\ndocument_type:"), 1))
    result = check(kb_dir / "evidence", kb_dir / "sources")
    assert result.diagnostics == []
    page = render_site(result)["studies/sample-2020.md"]
    assert "doi.org" not in page
    assert "printed: 10.1234/example.2020; probably: 10.1234/example.2021" in page
    assert "## Doubtful values" in page and "The journal's own listing gives 2021." in page
    assert 'doi = "10.1234/example.2021"' in page
