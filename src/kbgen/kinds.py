"""The one registry of card kinds: every fact about a kind that more than one layer needs.

Each kind is a folder under ``evidence/`` with a JSON Schema; the loader, the checks, the CLI and
the renderers read its folder, schema, words, citability and place on the site from here, so a
new kind (or a renamed page folder) is one entry, not a hunt through the code base. Field rules
stay in the schemas; what each kind's page shows stays in its renderer (``render/site.py`` maps
kinds to renderers, and a test checks every kind with pages has one).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Kind:
    """One kind of card."""

    #: The kind's name: its folder under ``evidence/`` and the ``kind`` of its cards (``finding``).
    name: str
    #: Short capitalised name, as lists of mixed cards label each one (``Finding``, ``Account``).
    label: str
    #: The kind in running text and messages (``account``).
    word: str
    #: Its plural in running text (``accounts of practice``).
    plural: str
    #: Where the card keeps its bibliographic record, as a path from the card's top: ``()`` when the
    #: card *is* the record (a citation), ``("reference",)`` for a study; None when it has none.
    #: A card with a record is citable as ``[@id]``.
    record_path: tuple[str, ...] | None
    #: Folder of the kind's pages on the site (``findings``), or None when its cards have no page of
    #: their own (a term is an entry of the glossary page).
    page_folder: str | None
    #: Site path of the page listing every card of the kind (``findings/index.md``).
    index_page: str
    #: How a search result names the kind's pages (``Account of practice``); None when it has no pages.
    search_label: str | None

    @property
    def schema_file(self) -> str:
        """File name of the kind's JSON Schema in ``kbgen/schemas/`` (``finding.schema.json``)."""
        return f"{self.name}.schema.json"

    @property
    def citable(self) -> bool:
        """Whether prose can cite a card of this kind as ``[@id]`` (it holds a bibliographic record)."""
        return self.record_path is not None

    def page(self, card_id: str) -> str:
        """Site path of a card's page (``findings/<id>.md``); for a kind without pages, its index entry."""
        if self.page_folder is None:
            return f"{self.index_page}#{card_id}"
        return f"{self.page_folder}/{card_id}.md"


THEME = Kind("theme", "Theme", "theme", "themes", None, "themes", "themes/index.md", "Theme")
STUDY = Kind("study", "Study", "study", "studies", ("reference",), "studies", "studies/index.md", "Study")
ACCOUNT = Kind("account", "Account", "account", "accounts of practice", None, "accounts", "accounts/index.md",
               "Account of practice")
FINDING = Kind("finding", "Finding", "finding", "findings", None, "findings", "findings/index.md", "Finding")
CITATION = Kind("citation", "Citation", "citation", "cited works", (), "bibliography", "bibliography/index.md",
                "Cited work")
TERM = Kind("term", "Term", "term", "terms", None, None, "glossary/index.md", None)

#: Every kind, in the order pages and reports list them (and the loader reads their folders).
ALL: tuple[Kind, ...] = (THEME, STUDY, ACCOUNT, FINDING, CITATION, TERM)

#: Kind names, in the same order.
NAMES: tuple[str, ...] = tuple(kind.name for kind in ALL)

#: The kinds ``[@key]`` may cite. The kind whose card is the record itself comes first: a work the
#: knowledge base does not hold yet becomes a card of that kind.
CITABLE: tuple[Kind, ...] = tuple(sorted((k for k in ALL if k.citable), key=lambda k: len(k.record_path or ())))

#: The kind a new work becomes (what ``kbgen import`` writes, and where a missing cited work goes).
NEW_WORK: Kind = CITABLE[0]

#: Names of the citable kinds, for ``card.kind in CITABLE_NAMES``.
CITABLE_NAMES: frozenset[str] = frozenset(kind.name for kind in CITABLE)

#: The schemas' ``x-kbgen-ref`` value for a reference to any citable card.
REF_CITABLE = "citable"
#: What a ``[[id]]`` link may name: a card of any kind.
REF_ANY = "any"


_BY_NAME = MappingProxyType({k.name: k for k in ALL})


def kind(name: str) -> Kind:
    """The kind called ``name``; ``KeyError`` for a name that is not a kind."""
    return _BY_NAME[name]


def record_path(name: str) -> tuple[str, ...] | None:
    """Where cards of kind ``name`` keep their bibliographic record (None: not citable, or not a kind)."""
    found = _BY_NAME.get(name)
    return found.record_path if found is not None else None


def ref_kinds(ref: str) -> tuple[Kind, ...]:
    """The kinds a reference may name: ``ref`` is a schema's ``x-kbgen-ref`` (a kind, ``citable`` or ``any``)."""
    if ref == REF_CITABLE:
        return CITABLE
    if ref == REF_ANY:
        return ALL
    return (_BY_NAME[ref],) if ref in _BY_NAME else ()


def ref_word(ref: str) -> str:
    """A reference's target in words: ``finding``, ``citation or study``; ``card`` when any kind will do."""
    if ref == REF_ANY:
        return "card"
    return " or ".join(k.word for k in ref_kinds(ref)) or "card"
