"""The build's shortcuts give what the plain calls they replace give."""

from __future__ import annotations

import itertools
import posixpath
from pathlib import Path

from pybtex.database import BibliographyData

from kbgen.checker import check
from kbgen.render.context import Page

REPO = Path(__file__).resolve().parents[1]


def test_bibtex_written_entry_by_entry_equals_pybtex_writing_them_together():
    bibliography = check(REPO / "evidence").bibliography
    data = bibliography.data
    keys = list(data.entries)
    assert bibliography.bibtex() == data.to_string("bibtex")
    for chosen in ([keys[0]], keys[3:9], [keys[-1], keys[0]], []):
        assert bibliography.bibtex(chosen) == BibliographyData(
            entries={k: data.entries[k] for k in chosen}).to_string("bibtex")


def test_relative_links_equal_posixpath_relpath():
    paths = ["index.md", "themes/index.md", "themes/trust.md", "findings/x.md", "a/b/c.md", "a/b/d/e.md", "a/x.md",
             "bibliography/kbgen.bib", "explorer/facets.json", "a/b.md"]
    for here, target in itertools.product(paths, paths):
        expected = posixpath.relpath(target, posixpath.dirname(here) or ".")
        assert Page(None, here).href(target) == expected, (here, target)
