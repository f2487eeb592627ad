"""Search: the data-pagefind markup in generated pages, the explorer's facets, and Pagefind's index of a real build."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen import facets
from kbgen.checker import check
from kbgen.cli import main
from kbgen.errors import KbgenError
from kbgen.render import render_site
from kbgen.render.searchdata import data_block
from kbgen.search import index_site

FIXTURE = Path(__file__).parent / "fixtures" / "kb"


def test_phases_are_read_from_the_accounts_wording():
    assert facets.phases("primary (one cluster of special schools)") == ["Primary", "Special"]
    assert facets.phases("nursery, primary, secondary and special (mainly primary)") == [
        "Nursery", "Primary", "Secondary", "Special"]
    assert facets.phases("secondary (the account reports Key Stage 4 provision)") == ["Secondary"]
    assert facets.phases("") == []


@pytest.mark.parametrize(("speaker", "role"), [
    ("Headteacher, School G", "Headteacher"), ("head, member of a learning alliance", "Headteacher"),
    ("deputy headteacher, School D", "Deputy head"), ("senior leader, School C", "Senior leader"),
    ("Year 2 teacher, School E", "Teacher"), ("secondary governor", "Governor"), ("SIP", "Adviser or facilitator"),
    ("chair of WCLA", facets.OTHER_SPEAKER)])
def test_speaker_roles(speaker, role):
    assert facets.speaker_role(speaker) == role


def test_search_data_is_escaped_and_hidden():
    block = data_block({"source": 'A <b>"x"</b> & co'}, {"theme": ["</span><script>alert(1)</script>"]})
    assert block.startswith('<div class="kbgen-search-data" hidden="" data-pagefind-ignore="index">')
    assert "<script>" not in block and "<b>" not in block
    assert "&lt;/span&gt;&lt;script&gt;" in block and "&quot;x&quot;" in block


@pytest.fixture(scope="module")
def pages():
    return render_site(check(FIXTURE / "evidence", FIXTURE / "sources"))


def test_finding_pages_carry_kind_source_and_facets(pages):
    md = pages["findings/sample-trust-safe-to-admit.md"]
    for span in ('<span data-pagefind-meta="kind">Finding</span>', '<span data-pagefind-filter="kind">Finding</span>',
                 '<span data-pagefind-filter="theme">Trust</span>', '<span data-pagefind-filter="evidence">',
                 '<span data-pagefind-sort="order">'):
        assert span in md
    assert md.index("data-pagefind") < md.index("\n# "), "the data comes before the page's heading"


def test_a_findings_kind_of_collaboration_is_the_one_the_evidence_map_counts(pages):
    """The explorer's facet and the map's columns come from the same account field (kbgen.collaboration)."""
    page = pages["findings/sample-cover-is-the-killer.md"]
    assert '<span data-pagefind-filter="collaboration">Cluster</span>' in page


def test_theme_pages_weigh_their_name_and_skip_their_findings(pages):
    md = pages["themes/trust.md"]
    assert '# Trust {: data-pagefind-weight="10" }' in md
    assert '<span data-pagefind-meta="topic">Trust</span>' in md
    start = md.index('data-pagefind-ignore="all" markdown>')
    assert start < md.index("we could admit") < md.index("</div>", start)


def test_render_output_carries_the_same_markup(tmp_path: Path, monkeypatch):
    project = tmp_path / "kb"
    shutil.copytree(FIXTURE, project)
    monkeypatch.chdir(project)
    assert CliRunner().invoke(main, ["render", "--out", "rendered"], catch_exceptions=False).exit_code == 0
    md = (project / "rendered/docs/themes/trust.md").read_text(encoding="utf-8")
    assert 'data-pagefind-weight="10"' in md and 'data-pagefind-ignore="all" markdown>' in md
    config = (project / "rendered/mkdocs.yml").read_text(encoding="utf-8")
    assert "md_in_html" in config and "attr_list" in config  # the markup's extensions travel with it


def _fragments(site: Path, bundle: str = "pagefind") -> dict[str, dict]:
    """Pagefind's stored pages, by URL (each fragment is gzip'd JSON after a 12-byte signature)."""
    found = {}
    for path in (site / bundle / "fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        found[data["url"]] = data
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("search") / "kb"
    shutil.copytree(FIXTURE, project)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        result = CliRunner().invoke(main, ["build", "--strict"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return project / "site"


def test_the_build_indexes_every_page_with_pagefind(built: Path):
    fragments = _fragments(built)
    assert {"/themes/trust/", "/findings/sample-cover-is-the-killer/", "/studies/sample-2020/",
            "/bibliography/coleman-2012-significance/", "/about/"} <= set(fragments)
    finding = fragments["/findings/sample-cover-is-the-killer/"]
    assert "cover is the killer" in finding["content"]
    assert finding["meta"]["kind"] == "Finding" and finding["meta"]["source"] == "Example & Other (2020)"
    assert finding["filters"]["theme"] == ["Time and capacity"] and finding["filters"]["kind"] == ["Finding"]


def test_each_fact_is_indexed_once(built: Path):
    fragments = _fragments(built)
    quote = "we could admit what wasn"
    holders = sorted(url for url, data in fragments.items() if quote in data["content"])
    assert holders == ["/findings/sample-trust-safe-to-admit/"]
    assert fragments["/themes/trust/"]["meta"]["topic"] == "Trust"
    assert "Permanent link" not in fragments["/themes/trust/"]["content"]  # permalink marks are not content


def test_material_search_is_replaced_by_pagefind_in_the_header(built: Path):
    html = (built / "themes/trust/index.html").read_text(encoding="utf-8")
    assert 'data-kbgen-search="../.."' in html and "assets/kbgen/search.js" in html
    assert 'name="search"' not in html  # material's own search form (and its index download) is gone
    assert "pagefind.js" not in html  # loaded by the script only when a reader searches
    assert (built / "assets/kbgen/search.js").is_file() and (built / "assets/kbgen/explorer.js").is_file()


def test_pagefind_ignores_configuration_planted_in_the_site(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html lang=en><body><article><h1>Hi</h1><p>hello</p></article></body></html>")
    (site / "pagefind.yml").write_text(f"output_path: {tmp_path / 'elsewhere'}\n")
    stats = index_site(site)
    assert stats.pages == 1 and (site / "pagefind" / "pagefind.js").is_file()
    assert not (tmp_path / "elsewhere").exists()


def test_a_large_site_is_indexed_in_bundles_the_browser_merges(built: Path, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(built, site)
    pages = len(_fragments(built))
    assert index_site(site, pages_per_bundle=5).pages == pages
    bundles = json.loads((site / "pagefind/kbgen-bundles.json").read_text())
    assert bundles == [f"pagefind-{k}/" for k in range(2, -(-pages // 5) + 1)]
    urls = [url for folder in ["pagefind", *bundles] for url in _fragments(site, folder.rstrip("/"))]
    assert sorted(urls) == sorted(_fragments(built)), "every page indexed once, in one bundle"
    index_site(site)  # the site fits one bundle again: the others go
    assert json.loads((site / "pagefind/kbgen-bundles.json").read_text()) == []
    assert not list(site.glob("pagefind-*"))


def test_a_stop_while_pages_are_linked_starts_no_pagefind_run(built: Path, tmp_path: Path, monkeypatch):
    from kbgen import search

    site = tmp_path / "site"
    shutil.copytree(built, site, ignore=shutil.ignore_patterns("pagefind*"))  # a site not indexed yet
    indexing = search.Indexing(site, pages_per_bundle=5)
    started = []
    real_linked = search._linked

    def linked_then_stopped(*args):  # a serve rebuild begins while a bundle's pages are being linked
        folder = real_linked(*args)
        indexing.stop()
        return folder

    monkeypatch.setattr(search, "_linked", linked_then_stopped)
    monkeypatch.setattr(search.subprocess, "Popen", lambda *args, **kwargs: started.append(args))
    assert indexing.wait().pages == 0
    assert started == [] and not list(site.glob(".pagefind*"))  # no run started, nothing half-written left
    assert not (site / "pagefind").exists()


def test_a_run_stopped_on_a_site_not_indexed_yet_ends_quietly(built: Path, tmp_path: Path, monkeypatch):
    from kbgen import search

    site = tmp_path / "site"
    shutil.copytree(built, site, ignore=shutil.ignore_patterns("pagefind*"))  # emptied by a serve rebuild
    indexing = search.Indexing(site)

    class Killed:  # Pagefind, killed by the stop a serve shutdown sends while it runs
        returncode = -9

        def __init__(self, *args, **kwargs):
            pass

        def communicate(self, timeout=None):
            indexing.stop()
            return "", ""

        def poll(self):
            return self.returncode

    monkeypatch.setattr(search.subprocess, "Popen", Killed)
    assert indexing.wait().pages == 0  # it used to write the bundle list into a bundle never made, and fail
    assert not (site / "pagefind").exists() and not list(site.glob(".pagefind*"))


def test_indexing_a_missing_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(KbgenError, match="no such folder"):
        index_site(tmp_path / "nothing")


def test_a_zensical_build_of_render_output_is_indexed_the_same_way(tmp_path: Path, monkeypatch):
    import subprocess
    import sys

    project = tmp_path / "kb"
    shutil.copytree(FIXTURE, project)
    monkeypatch.chdir(project)
    assert CliRunner().invoke(main, ["render", "--out", "rendered"], catch_exceptions=False).exit_code == 0
    zensical = Path(sys.executable).parent / "zensical"
    run = subprocess.run([str(zensical), "build", "--strict"], cwd=project / "rendered", capture_output=True,
                         text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    site = project / "rendered" / "site"
    index_site(site)
    fragments = _fragments(site)
    finding = fragments["/findings/sample-cover-is-the-killer/"]
    assert finding["meta"]["kind"] == "Finding" and finding["filters"]["theme"] == ["Time and capacity"]
    assert fragments["/themes/trust/"]["meta"]["topic"] == "Trust"
    assert [url for url, data in fragments.items() if "we could admit what wasn" in data["content"]] == [
        "/findings/sample-trust-safe-to-admit/"]
