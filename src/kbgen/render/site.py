"""Assemble every generated file of the site: ``path → content``."""

from __future__ import annotations

import functools

from ..checker import CheckResult
from ..model import Card
from ..reference import card_reference
from ..schema import read_schema_texts
from .bibliography import bibliography_index, citation_page
from .context import Site, front_matter, page_of
from .explorer import explorer_config, explorer_page
from .finding import account_page, finding_page
from .incremental import RenderCache, direct
from .indexes import (
    accounts_index,
    findings_index,
    home_page,
    studies_index,
    themes_index,
)
from .searchdata import finding_order, with_search_data
from .study import study_page
from .theme import theme_page

_CARD_PAGES = {"theme": theme_page, "study": study_page, "account": account_page,
               "finding": finding_page, "citation": citation_page}

DEFAULT_TITLE = "Schools working together: the evidence"


def _card_page(card: Card, order: int | None, site: Site) -> str:
    return with_search_data(_CARD_PAGES[card.kind](site, card), site, card, order)


def _card_reference_page() -> str:
    schemas = [f"[`{name}`](../schemas/{name})" for name in read_schema_texts()]
    return "\n".join(front_matter("Card reference") + [
        "# Card reference", "",
        "Every field of every card kind, generated from the JSON Schemas that `kbgen check` applies. "
        "Editors that read JSON Schema can complete and check cards as you type: " + ", ".join(schemas) + ".", "",
        card_reference(heading_level=2)])


def render_site(result: CheckResult, title: str = DEFAULT_TITLE, intro: str = "",
                extra: dict[str, str] | None = None, cache: RenderCache | None = None) -> dict[str, str | bytes]:
    """Every generated page (Markdown) and download, keyed by its path in the site.

    ``extra`` adds pages written elsewhere (the contributor guide), ``{site path: Markdown}``.
    ``cache`` (a session's) keeps pages from the last run whose inputs have not changed.
    """
    site = Site(result.kb, result.bibliography, result.graph)
    run = cache.pages(site) if cache is not None else direct(site)
    files: dict[str, str | bytes] = {
        "index.md": run.page("index.md", lambda s: home_page(s, title, intro), (title, intro)),
        "themes/index.md": run.page("themes/index.md", themes_index),
        "studies/index.md": run.page("studies/index.md", studies_index),
        "accounts/index.md": run.page("accounts/index.md", accounts_index),
        "findings/index.md": run.page("findings/index.md", findings_index),
        "bibliography/index.md": run.page("bibliography/index.md", bibliography_index),
        "bibliography/kbgen.bib": result.bibliography.bibtex(),
        "bibliography/kbgen.json": result.bibliography.csl_json(),
        "explorer/index.md": run.page("explorer/index.md", explorer_page),
        "explorer/facets.json": explorer_config(),
    }
    order = finding_order(site)
    for card in result.kb.cards:
        if page_of(card) not in files:
            files[page_of(card)] = run.page(page_of(card), functools.partial(_card_page, card, order.get(card.id)),
                                            (card, order.get(card.id)))
    files["reference/cards.md"] = run.page("reference/cards.md", lambda s: _card_reference_page())
    for name, text in read_schema_texts().items():
        files[f"schemas/{name}"] = text
    for path, text in (extra or {}).items():
        files.setdefault(path, text)
    return files
