"""Who links to whom: the backlinks every page needs, computed once."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from . import kinds
from .model import Card, KnowledgeBase
from .prose import ProseEngine
from .schema import Schemas

#: How a card cites a work, in the words the citation page uses.
CITE_HOW = {"references": "reference list", "further_reading": "further reading",
            "cited_in_text": "cited in the text", "cites": "draws on it", "prose": "cites it"}

_EVIDENCE_ORDER = {"data": 0, "argument": 1, "literature": 2}


@dataclass
class Graph:
    """Backlinks along finding ↔ study ↔ account ↔ theme ↔ citation."""

    findings_by_study: dict[str, list[Card]] = field(default_factory=lambda: defaultdict(list))
    findings_by_account: dict[str, list[Card]] = field(default_factory=lambda: defaultdict(list))
    findings_by_theme: dict[str, list[Card]] = field(default_factory=lambda: defaultdict(list))
    accounts_by_study: dict[str, list[Card]] = field(default_factory=lambda: defaultdict(list))
    citers: dict[str, list[tuple[Card, str]]] = field(default_factory=lambda: defaultdict(list))
    theme_neighbours: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    linked_from: dict[str, list[Card]] = field(default_factory=lambda: defaultdict(list))


def finding_order(card: Card) -> tuple:
    """Own data first, then the authors' argument, then literature; then by id."""
    return _EVIDENCE_ORDER.get(str(card.get("evidence_type")), 9), card.id


def build_graph(kb: KnowledgeBase, schemas: Schemas, prose: ProseEngine | None = None,
                document_order: Callable[[Card], tuple] | None = None) -> Graph:
    """Index every reference between cards, in both directions (prose read with ``prose``'s engine).

    A study's and an account's findings follow ``document_order`` (see :mod:`kbgen.order`) when given;
    a theme's findings, from many documents, go own data first (:func:`finding_order`).
    """
    graph = Graph()
    prose = prose or ProseEngine()
    for finding in kb.of_kind("finding"):
        graph.findings_by_study[str(finding.get("study"))].append(finding)
        if finding.text("account"):
            graph.findings_by_account[finding.text("account")].append(finding)
        themes = list(dict.fromkeys(finding.texts("themes")))
        for theme in themes:
            graph.findings_by_theme[theme].append(finding)
            graph.theme_neighbours[theme].update(t for t in themes if t != theme)
    for account in kb.of_kind("account"):
        graph.accounts_by_study[str(account.get("study"))].append(account)
    for card in kb.cards:
        _index_citations(graph, card, schemas, prose)
    for index in (graph.findings_by_study, graph.findings_by_account):
        for cards in index.values():
            cards.sort(key=document_order or finding_order)
    for cards in graph.findings_by_theme.values():
        cards.sort(key=finding_order)
    return graph


def _index_citations(graph: Graph, card: Card, schemas: Schemas, prose: ProseEngine) -> None:
    seen: set[tuple[str, str]] = set()

    def add(key: str, how: str) -> None:
        if (key, how) not in seen:
            seen.add((key, how))
            graph.citers[key].append((card, how))

    for item in schemas.annotated(card):
        if item.ref_kind == kinds.REF_CITABLE:
            add(str(item.value), str(item.path[0]) if item.path[0] in CITE_HOW else "cites")
        if item.is_prose:
            for _, what, target in prose.references(str(item.value)):
                if what == "cite":
                    add(target, "prose")
                elif card not in graph.linked_from[target]:
                    graph.linked_from[target].append(card)
