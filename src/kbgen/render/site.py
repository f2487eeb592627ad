"""Assemble every generated file of the site: ``path → content``."""

from __future__ import annotations

from ..checker import CheckResult
from ..reference import card_reference
from ..schema import read_schema_texts
from .bibliography import bibliography_index, citation_page
from .context import GLOSSARY_PAGE, Site, front_matter, page_of
from .evidencemap import MAP_PAGE, evidence_map, evidence_map_page, theme_cells_page, theme_map_page
from .finding import account_page, finding_page
from .glossary import glossary_page
from .indexes import accounts_index, findings_index, home_page, studies_index, themes_index
from .methods import METHODS_PAGE, methods_page
from .opendata import DATA_PAGE, data_page, open_data
from .overview import OVERVIEW_PAGE, overview_page
from .study import study_page
from .theme import theme_page

_CARD_PAGES = {"theme": theme_page, "study": study_page, "account": account_page,
               "finding": finding_page, "citation": citation_page}

DEFAULT_TITLE = "Schools working together: the evidence"


def _card_reference_page() -> str:
    schemas = [f"[`{name}`](../schemas/{name})" for name in read_schema_texts()]
    return "\n".join(front_matter("Card reference") + [
        "# Card reference", "",
        "Every field of every card kind, generated from the JSON Schemas that `kbgen check` applies. "
        "Editors that read JSON Schema can complete and check cards as you type: " + ", ".join(schemas) + ".", "",
        card_reference(heading_level=2)])


def render_site(result: CheckResult, title: str = DEFAULT_TITLE, intro: str = "",
                extra: dict[str, str] | None = None, directory_urls: bool = True) -> dict[str, str | bytes]:
    """Every generated page (Markdown) and download, keyed by its path in the site.

    ``extra`` adds pages written elsewhere (the contributor guide), ``{site path: Markdown}``.
    ``directory_urls`` is MkDocs' ``use_directory_urls``, for the links in raw HTML tables.
    Every generated page ends with the abbreviation definitions of the glossary terms it uses.
    """
    site = Site(result.kb, result.bibliography, result.graph, directory_urls)
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
        "themes/index.md": themes_index(site),
        "studies/index.md": studies_index(site),
        "accounts/index.md": accounts_index(site),
        "findings/index.md": findings_index(site),
        "bibliography/index.md": bibliography_index(site),
        "bibliography/kbgen.bib": result.bibliography.bibtex(),
        "bibliography/kbgen.json": result.bibliography.csl_json(),
    }
    for card in result.kb.cards:
        if card.kind in _CARD_PAGES:
            files.setdefault(page_of(card), _CARD_PAGES[card.kind](site, card))
    for theme in emap.themes:
        files.setdefault(theme_map_page(theme), theme_cells_page(site, emap, theme))
    files["reference/cards.md"] = _card_reference_page()
    for name, text in read_schema_texts().items():
        files[f"schemas/{name}"] = text
    for path, text in (extra or {}).items():
        files.setdefault(path, text)
    return _with_abbreviations(site, files)


def _with_abbreviations(site: Site, files: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """Each Markdown page with ``*[TERM]: expansion`` lines for the glossary terms it uses."""
    for path, text in files.items():
        if path.endswith(".md") and isinstance(text, str):
            lines = site.glossary.definitions(text)
            if lines:
                files[path] = text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    return files
