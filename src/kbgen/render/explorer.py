"""The findings explorer: a page that filters every finding by facet and text, in the reader's browser.

The page itself is a short introduction and a container; the explorer's script builds the
controls from ``explorer/facets.json`` and asks the site's Pagefind index for the findings
(filters work without a search term). Without JavaScript the page points to the findings index.
"""

from __future__ import annotations

import json

from .. import facets, kinds
from .context import Page, Site, front_matter, plural
from .searchdata import EVERY_FINDING, KIND_LABELS

EXPLORER_PAGE = "explorer/index.md"
CONFIG = "explorer/facets.json"


def explorer_page(site: Site) -> str:
    """The explorer's page: what it does, and where its controls go."""
    page = Page(site, EXPLORER_PAGE)
    count = len(site.kb.of_kind("finding"))
    page.add(*front_matter("Explore the findings", "Filter every finding by theme, source, account of practice, "
                           "type of evidence, school phase, kind of collaboration and who is speaking."))
    page.add("# Explore the findings", "")
    page.add(f"Filter the {plural(count, 'finding')} by theme, source, account of practice, type of evidence, "
             "school phase, kind of collaboration and who is speaking, and search their text. The address "
             "keeps your choices, so you can share a view.", "")
    labels = [f.label.lower() for f in facets.FACETS if f.note]
    derived = ", ".join(labels[:-1]) + " and " + labels[-1] if len(labels) > 1 else "".join(labels)
    page.add(f"*The {derived} are read from the cards' wording (the account's context, the quotes' speakers), "
             "so a finding the cards say less about may be missing from them. The kind of collaboration is the one "
             f"the [evidence map]({page.href('evidence-map/index.md')}) counts.*", "")
    page.add('<div id="kbgen-explorer" class="kbgen-explorer" markdown>', "",
             f"The explorer needs JavaScript. Without it, browse [every finding]({page.href(kinds.FINDING.index_page)}).",
             "", "</div>", "")
    return page.text()


def explorer_config() -> str:
    """The facets the explorer offers, for its script."""
    return json.dumps({"kind": KIND_LABELS["finding"], "every": EVERY_FINDING,
                       "facets": [{"key": f.key, "label": f.label, "note": f.note} for f in facets.FACETS]},
                      ensure_ascii=False, indent=1) + "\n"
