"""What the search index learns from each generated page: ``data-pagefind-*`` markup in the Markdown.

The markup is part of the pages themselves (not added by the MkDocs plugin), so any build of
them, ``kbgen render`` with Zensical included, can be indexed by Pagefind the same way:

* every card page says what kind of page it is and, where it has one, its source
  (``data-pagefind-meta``), so a search result can show both;
* finding pages carry the explorer's facets (``data-pagefind-filter``, see :mod:`kbgen.facets`);
* theme and account pages weigh their heading up (``data-pagefind-weight``), so that searching
  a theme's name finds the theme before the findings that mention it;
* lists that repeat other pages' text (a theme's findings, the index tables) are wrapped in
  ``data-pagefind-ignore``: each fact is indexed once, on its own page.

The values come from cards, so they are HTML-escaped; the block is hidden from readers.
"""

from __future__ import annotations

import html

from .. import facets, kinds
from ..collaboration import finding_kind, kind_label, shared_kind
from ..model import Card
from ..views import AccountView, FindingView
from .context import EVIDENCE_LABELS, Site

#: How search results name each kind of page (from the registry of kinds).
KIND_LABELS = {kind.name: kind.search_label for kind in kinds.ALL if kind.search_label}

#: Kinds whose page is *the* page on its name, and the metadata field that name goes in: the search box weighs
#: ``topic`` (a theme) far above ``subject`` (an account of practice), and both far above a mere mention
#: (Pagefind's ``metaWeights``), so that a theme's name finds the theme first even when an account's name
#: says the same word ("A newly formed academy trust ...").
TOPIC_FIELDS = {"theme": "topic", "account": "subject"}

#: A word every finding page holds (hidden): the explorer searches it to list findings without a search
#: term, because Pagefind answers a search with no term by downloading its whole word index.
EVERY_FINDING = "kbgenfinding"

#: Weight of a theme's or account's heading (Pagefind's scale is 0-10; an ``h1`` has 7 by default).
HEADING_WEIGHT = 10

#: Wrap Markdown in these to keep it out of the search index (needs the ``md_in_html`` extension).
NOT_INDEXED = ('<div class="kbgen-not-indexed" data-pagefind-ignore="all" markdown>', "</div>")


def not_indexed(lines: list[str]) -> list[str]:
    """``lines`` of Markdown inside a block the search index skips (it repeats text indexed elsewhere)."""
    return [NOT_INDEXED[0], "", *lines, "", NOT_INDEXED[1], ""]


def finding_facets(site: Site, card: Card) -> dict[str, list[str]]:
    """The explorer's facet values for one finding (see :data:`kbgen.facets.FACETS`)."""
    kb, finding = site.kb, FindingView(card)
    values: dict[str, list[str]] = {facet.key: [] for facet in facets.FACETS}
    for theme_id in dict.fromkeys(finding.themes):
        theme = kb.get(theme_id)
        if theme is not None and theme.kind == "theme":
            values["theme"].append(site.title(theme))
    study = kb.get(str(finding.study_id))
    if study is not None and study.kind == "study":
        values["source"].append(site.title(study))
    account = kb.get(finding.account_id) if finding.account_id else None
    if account is not None and account.kind == "account":
        values["account"].append(site.title(account))
        values["phase"] = facets.phases(AccountView(account).context.phase or "")
    # The kind of collaboration as the evidence map counts it: the account's `collaboration`, or its study's
    # (read from this study's accounts only, so that a page is rendered again only when they change).
    study_id = str(finding.study_id)
    by_study = {study_id: kind} if (kind := shared_kind(site.graph.accounts_by_study.get(study_id, []))) else {}
    values["collaboration"] = [kind_label(finding_kind(kb, card, by_study))]
    if finding.evidence_type in EVIDENCE_LABELS:
        values["evidence"].append(EVIDENCE_LABELS[finding.evidence_type])
    speakers = (q.speaker for q in finding.quotes if q.speaker is not None)
    values["speaker"] = list(dict.fromkeys(facets.speaker_role(s) for s in speakers))
    return values


def _source(site: Site, card: Card) -> str | None:
    if card.kind == "study":
        return site.title(card)
    if card.kind not in ("finding", "account"):
        return None
    view = FindingView(card) if card.kind == "finding" else AccountView(card)
    study = site.kb.get(str(view.study_id))
    return site.title(study) if study is not None and study.kind == "study" else None


def data_block(meta: dict[str, str], filters: dict[str, list[str]], sort: dict[str, str] | None = None) -> str:
    """One line of raw HTML holding a page's search metadata, filters and sort keys, hidden and not indexed as text."""
    spans = [f'<span data-pagefind-meta="{key}">{html.escape(value)}</span>' for key, value in meta.items()]
    spans += [f'<span data-pagefind-filter="{key}">{html.escape(value)}</span>'
              for key, values in filters.items() for value in values]
    spans += [f'<span data-pagefind-sort="{key}">{html.escape(value)}</span>' for key, value in (sort or {}).items()]
    return f'<div class="kbgen-search-data" hidden="" data-pagefind-ignore="index">{"".join(spans)}</div>'


def page_data(site: Site, card: Card) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(metadata, filters) of a card's page: its kind and source; a finding's facets."""
    kind = KIND_LABELS[card.kind]
    meta = {"kind": kind}
    if card.kind in TOPIC_FIELDS:
        meta[TOPIC_FIELDS[card.kind]] = site.title(card)
    source = _source(site, card)
    if source:
        meta["source"] = source
    filters = {"kind": [kind]}
    if card.kind == "finding":
        filters.update((key, values) for key, values in finding_facets(site, card).items() if values)
    return meta, filters


def finding_order(site: Site) -> dict[str, int]:
    """Each finding's place in the findings index (by source, then evidence type): the explorer's order."""
    order: dict[str, int] = {}
    for study in site.studies():
        for finding in site.graph.findings_by_study.get(study.id, []):
            order.setdefault(finding.id, len(order))
    return order


def with_search_data(markdown: str, site: Site, card: Card, order: int | None = None) -> str:
    """A card page's Markdown with its search data after the front matter, and its heading weighed.

    ``order`` is a finding's place in :func:`finding_order`, kept as a sort key.
    """
    lines = markdown.split("\n")
    start = lines.index("---", 1) + 1 if lines and lines[0] == "---" else 0
    sort = {"order": f"{order:07d}"} if order is not None else None
    block = ["", data_block(*page_data(site, card), sort), ""]
    if card.kind == "finding":
        block += ['<div hidden="">' + EVERY_FINDING + '</div>', ""]
    lines[start:start] = block
    if card.kind in ("theme", "account"):
        for i in range(start, len(lines)):
            if lines[i].startswith("# "):
                # Headings are escaped text (prose.escape_text escapes braces), so this is the only attribute list.
                lines[i] += f' {{: data-pagefind-weight="{HEADING_WEIGHT}" }}'
                break
    return "\n".join(lines)
