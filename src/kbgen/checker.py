"""``load → validate → graph``: the pipeline the CLI, the plugin and the renderer share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import kinds
from .checks.bibliography import check_bibliography
from .checks.doubts import check_doubts
from .checks.glossary import check_glossary
from .checks.hedges import check_hedges
from .checks.ids import check_ids
from .checks.keyfindings import check_key_findings
from .checks.memo import CardMemo, fresh
from .checks.numbers import check_numbers
from .checks.outline import check_outlines
from .checks.plaintext import check_plain_text
from .checks.quotes import QuoteStats, check_quotes
from .checks.refs import check_references
from .checks.themes import check_themes
from .citations import Bibliography
from .errors import Diagnostic, Severity, warning
from .graph import Graph, build_graph
from .loader import LoadCache, load_evidence
from .model import Card, KnowledgeBase
from .order import document_order
from .prose import MarkdownSetup, ProseEngine
from .schema import Schemas
from .sources import SourceShelf, Unverified, unverified_diagnostics, unverified_studies


@dataclass
class CheckResult:
    """Everything one check run learnt: the cards, their bibliography and every problem."""

    kb: KnowledgeBase
    bibliography: Bibliography
    graph: Graph
    diagnostics: list[Diagnostic]
    quotes: QuoteStats
    sources_checked: bool
    counts: dict[str, int] = field(default_factory=dict)
    #: Studies whose quotes were not verified (their full text was not at hand), and why.
    unverified: list[Unverified] = field(default_factory=list)
    #: The Markdown engine the prose was read with; rendering reuses it (and its cache).
    prose: ProseEngine | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        """Diagnostics that fail the check."""
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Diagnostics that fail only with --strict."""
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def notices(self) -> list[Diagnostic]:
        """Diagnostics that never fail: what could not be checked (quotes whose full text is not at hand)."""
        return [d for d in self.diagnostics if d.severity is Severity.NOTICE]

    def failed(self, strict: bool) -> bool:
        """True when the run must exit non-zero."""
        return bool(self.errors or (strict and self.warnings))


@dataclass
class CheckSession:
    """What repeated checks of one knowledge base (``kbgen serve``) keep between runs.

    The parsed cards (reused while their file is unchanged, as the same objects), the compiled
    schemas (which remember each card's walk and validation), the Markdown engine (which remembers
    each prose value it read), the formatted bibliography, reused while no citation or study
    card changed, and the card-by-card checks' results (:class:`kbgen.checks.memo.CardMemo`).
    """

    loads: LoadCache = field(default_factory=LoadCache)
    schemas: Schemas | None = None
    bibliography: Bibliography | None = None
    citable: list[Card] = field(default_factory=list)
    prose: ProseEngine | None = None
    memo: CardMemo = field(default_factory=CardMemo)

    def prose_for(self, markdown: MarkdownSetup | None) -> ProseEngine:
        """The Markdown engine for prose (kept, with what it has read, while the configuration is the same)."""
        if self.prose is None or self.prose.setup != (markdown or MarkdownSetup()):
            self.prose = ProseEngine(markdown)
        return self.prose

    def bibliography_for(self, kb: KnowledgeBase) -> Bibliography:
        """The bibliography of ``kb``: the last one, when it was made from the very same cards."""
        citable = [card for card in kb.cards if card.kind in kinds.CITABLE_NAMES]
        same = len(citable) == len(self.citable) and all(a is b for a, b in zip(citable, self.citable, strict=True))
        if self.bibliography is None or not same:
            self.bibliography, self.citable = Bibliography(kb), citable
        return self.bibliography


def check(evidence: Path, sources: Path | Sequence[Path] | None = None, require_sources: bool = False,
          exclude: frozenset[str] = frozenset(), markdown: MarkdownSetup | None = None,
          session: CheckSession | None = None) -> CheckResult:
    """Load every card under ``evidence`` and run every check; never raises on bad cards.

    ``sources`` is the folder (or folders, searched in order) of the studies' full texts; every quote is
    verified against them. Studies whose quotes could not be verified are reported as notices, or as errors
    with ``require_sources``. ``exclude`` leaves out card files (as reported paths): the draft preview's
    cards that cannot be rendered. ``markdown`` is the site's Markdown configuration: prose is judged by what
    that engine makes of it. ``session`` carries what a previous run of the same session can lend this one.
    """
    prose = session.prose_for(markdown) if session is not None else ProseEngine(markdown)
    kb, problems = load_evidence(evidence, session.loads if session is not None else None)
    if exclude:
        kb = KnowledgeBase([c for c in kb.cards if c.path not in exclude], kb.unreadable)
        problems = [d for d in problems if d.path not in exclude]
    if session is not None and session.schemas is None:
        session.schemas = Schemas()
    schemas = session.schemas if session is not None else Schemas()
    # A value YAML already rejected (a bad tag) must not be reported again as a schema error.
    yaml_spots = {(d.path, d.line, d.col) for d in problems if d.code.startswith("yaml.")}
    for card in kb.cards:
        problems.extend(d for d in schemas.validate(card) if (d.path, d.line, d.col) not in yaml_spots)
    problems.extend(check_ids(kb))
    problems.extend(check_references(kb, schemas, prose))
    memo = session.memo.get if session is not None else fresh
    problems.extend(check_plain_text(kb, schemas, memo))
    problems.extend(check_themes(kb, prose))
    problems.extend(check_hedges(kb, memo))
    problems.extend(check_numbers(kb, memo))
    problems.extend(check_glossary(kb, schemas, memo))
    bibliography = session.bibliography_for(kb) if session is not None else Bibliography(kb)
    problems.extend(bibliography.problems)
    library = SourceShelf([sources] if isinstance(sources, Path) else sources) if sources is not None else None
    shortest = schemas.subschema("finding", ("quotes", 0, "text"))[0].get("minLength", 1)
    quote_problems, stats = check_quotes(kb, library, shortest)
    problems.extend(quote_problems)
    unverified = unverified_studies(kb, stats, library)
    problems.extend(unverified_diagnostics(kb, unverified, require_sources))
    if library is not None:
        problems.extend(check_outlines(kb, library, stats))
    graph = build_graph(kb, schemas, prose, document_order(kb, stats.positions))
    problems.extend(check_bibliography(kb, graph, memo))
    problems.extend(check_key_findings(kb, graph))
    problems.extend(check_doubts(kb, schemas))
    for study_id in stats.studies_without_text:
        study = kb.get(study_id)
        if study is not None:
            problems.append(warning(study.path, study.pos(), "quote.no-full-text",
                                    "this study names no `full_text`, so its quotes cannot be checked",
                                    "add `full_text: <file name of the document in the sources folder>`"))
    counts = {kind: len(kb.of_kind(kind)) for kind in kinds.NAMES}
    return CheckResult(kb, bibliography, graph, sorted(set(problems)), stats, library is not None, counts,
                       unverified, prose)
