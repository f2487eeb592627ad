"""Assemble every generated file of the site: ``path → content``."""

from __future__ import annotations

import functools

from .. import kinds
from ..checker import CheckResult
from ..docgen import card_reference
from ..errors import KbgenError
from ..model import Card
from ..prose import ProseEngine
from ..schema import SCHEMA_BASE, SCHEMA_VERSION, published_schema_texts, read_schema_texts
from .bibliography import BIBTEX_FILE, CSL_JSON_FILE, bibliography_index, citation_page
from .context import GLOSSARY_PAGE, Site, front_matter, page_of
from .evidencemap import MAP_PAGE, evidence_map, evidence_map_page, theme_cells_page, theme_map_page
from .explorer import EXPLORER_PAGE, explorer_config, explorer_page
from .finding import account_page, finding_page
from .glossary import glossary_page
from .incremental import RenderCache, direct
from .indexes import accounts_index, findings_index, home_page, studies_index, themes_index
from .methods import METHODS_PAGE, methods_page
from .opendata import DATA_PAGE, data_page, open_data
from .overview import OVERVIEW_PAGE, overview_page
from .searchdata import finding_order, with_search_data
from .study import study_page
from .theme import theme_page

#: The renderer of each kind's pages (a kind without pages, such as a term, has none).
_CARD_PAGES = {kinds.THEME.name: theme_page, kinds.STUDY.name: study_page, kinds.ACCOUNT.name: account_page,
               kinds.FINDING.name: finding_page, kinds.CITATION.name: citation_page}

DEFAULT_TITLE = "The evidence"

#: Generated index pages that open with an introduction (the plugin's ``introductions`` option), and the
#: neutral default each has; a knowledge base words its own in ``mkdocs.yml``.
DEFAULT_INTRODUCTIONS = {"accounts": "Named cases of practice, as the studies report them."}


def check_introductions(introductions: object) -> None:
    """Raise KbgenError unless ``introductions`` maps pages that take one to Markdown text."""
    if not isinstance(introductions, dict) or not all(isinstance(v, str) for v in introductions.values()):
        raise KbgenError("introductions: expected a mapping of page to Markdown text (accounts: ...)")
    unknown = sorted(set(map(str, introductions)) - set(DEFAULT_INTRODUCTIONS))
    if unknown:
        raise KbgenError(f"introductions: no introduction for {', '.join(map(str, unknown))} "
                         f"(pages that take one: {', '.join(DEFAULT_INTRODUCTIONS)})")


def _card_page(card: Card, order: int | None, site: Site) -> str:
    return with_search_data(_CARD_PAGES[card.kind](site, card), site, card, order)

#: Markdown extensions the generated pages use: admonitions (``!!!``), folded blocks (``???``), tabs (``===``),
#: code fences inside tabs, tables, heading anchors, attribute lists (search weights, link names), Markdown
#: inside HTML blocks (what the search index skips) and abbreviations (the glossary's tooltips).
#: ``kbgen check``, ``kbgen build``, the plugin and ``kbgen render`` require them.
MARKDOWN_EXTENSIONS = ("admonition", "pymdownx.tabbed", "pymdownx.superfences", "pymdownx.details", "tables", "toc",
                       "attr_list", "md_in_html", "abbr")


#: kbgen's own stylesheet and script (contrast, focus, print and wide pages; enhancements every page works
#: without), in the package's theme folder (``theme/assets/kbgen/``): the plugin adds them to a material site,
#: and ``kbgen render`` writes them beside its pages.
ASSETS = {"css": "assets/kbgen/kbgen.css", "js": "assets/kbgen/kbgen.js"}


def _card_reference_page() -> str:
    schemas = [f"[`{name}`](../schemas/{SCHEMA_VERSION}/{name})" for name in read_schema_texts()]
    return "\n".join(front_matter("Card reference") + [
        "# Card reference", "",
        "Every field of every card kind, generated from the JSON Schemas that `kbgen check` applies. "
        "Editors that read JSON Schema can complete and check cards as you type: " + ", ".join(schemas) + ".", "",
        card_reference(heading_level=2)])


def render_site(result: CheckResult, title: str = DEFAULT_TITLE, intro: str = "",
                extra: dict[str, str] | None = None,
                introductions: dict[str, str] | None = None,
                schema_base: str = SCHEMA_BASE, directory_urls: bool = True,
                cache: RenderCache | None = None) -> dict[str, str | bytes]:
    """Every generated page (Markdown) and download, keyed by its path in the site.

    ``extra`` adds pages written elsewhere (the contributor guide), ``{site path: Markdown}``;
    ``introductions`` words the index pages' introductions, ``{page: Markdown}`` (see DEFAULT_INTRODUCTIONS);
    ``schema_base`` is the address the schemas are published at (their ``$id``s), from ``site_url``;
    ``directory_urls`` is MkDocs' ``use_directory_urls``, for the links in raw HTML tables; ``cache`` (a
    session's) keeps the card and index pages of the last run whose inputs have not changed.
    Every generated page ends with the abbreviation definitions of the glossary terms it uses.
    """
    check_introductions(introductions or {})
    words = {**DEFAULT_INTRODUCTIONS, **(introductions or {})}
    site = Site(result.kb, result.bibliography, result.graph, result.prose or ProseEngine(), directory_urls)
    run = cache.pages(site) if cache is not None else direct(site)
    # The overviews read every card: they are made afresh each run (cheap next to the card pages).
    emap = evidence_map(site)
    data = open_data(site, title)
    files: dict[str, str | bytes] = {
        "index.md": home_page(site, title, intro, emap),
        OVERVIEW_PAGE: overview_page(site),
        MAP_PAGE: evidence_map_page(site, emap),
        GLOSSARY_PAGE: glossary_page(site),
        METHODS_PAGE: methods_page(site),
        DATA_PAGE: data_page(site, data),
        **data,
        kinds.THEME.index_page: run.page(kinds.THEME.index_page, themes_index),
        kinds.STUDY.index_page: run.page(kinds.STUDY.index_page, studies_index),
        kinds.ACCOUNT.index_page: run.page(kinds.ACCOUNT.index_page, lambda s: accounts_index(s, words["accounts"]),
                                      words["accounts"]),
        kinds.FINDING.index_page: run.page(kinds.FINDING.index_page, findings_index),
        kinds.CITATION.index_page: run.page(kinds.CITATION.index_page, bibliography_index),
        BIBTEX_FILE: result.bibliography.bibtex(),
        CSL_JSON_FILE: result.bibliography.csl_json(),
        EXPLORER_PAGE: run.page(EXPLORER_PAGE, explorer_page),
        "explorer/facets.json": explorer_config(),
    }
    order = finding_order(site)
    for card in result.kb.cards:
        if card.kind in _CARD_PAGES and page_of(card) not in files:
            files[page_of(card)] = run.page(page_of(card), functools.partial(_card_page, card, order.get(card.id)),
                                            (card, order.get(card.id)))
    for theme in emap.themes:  # kept while the theme, the map's columns and the theme's cells are the same
        cells = [emap.by_source.get((theme.id, s.id), []) for s in emap.sources] + [
            emap.by_kind.get((theme.id, k), []) for k in emap.kinds]
        files.setdefault(theme_map_page(theme), run.page(
            theme_map_page(theme), functools.partial(theme_cells_page, emap=emap, theme=theme),
            (theme, emap.sources, emap.kinds, cells)))
    files["reference/cards.md"] = run.page("reference/cards.md", lambda s: _card_reference_page())
    for name, text in published_schema_texts(schema_base).items():
        files[f"schemas/{SCHEMA_VERSION}/{name}"] = text
    for path, text in (extra or {}).items():
        files.setdefault(path, text)
    return _with_abbreviations(site, files, cache)


def _with_abbreviations(site: Site, files: dict[str, str | bytes], cache: RenderCache | None) -> dict[str, str | bytes]:
    """Each Markdown page with ``*[TERM]: expansion`` lines for the glossary terms it uses."""
    def add(text: str) -> str:
        lines = site.glossary.definitions(text)
        return text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n" if lines else text

    glossary = site.glossary.fingerprint()
    for path, text in files.items():
        if path.endswith(".md") and isinstance(text, str):
            files[path] = cache.abbreviated(path, glossary, text, add) if cache is not None else add(text)
    return files
