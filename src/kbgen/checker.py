"""``load → validate → graph``: the pipeline the CLI, the plugin and the renderer share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks.bibliography import check_bibliography
from .checks.ids import check_ids
from .checks.quotes import QuoteStats, SourceLibrary, check_quotes
from .checks.refs import check_references
from .checks.themes import check_themes
from .citations import Bibliography
from .errors import Diagnostic, warning
from .graph import Graph, build_graph
from .loader import LoadCache, load_evidence
from .model import KINDS, Card, KnowledgeBase
from .schema import Schemas


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

    @property
    def errors(self) -> list[Diagnostic]:
        """Diagnostics that fail the check."""
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Diagnostics that fail only with --strict."""
        return [d for d in self.diagnostics if not d.is_error]

    def failed(self, strict: bool) -> bool:
        """True when the run must exit non-zero."""
        return bool(self.errors or (strict and self.warnings))


@dataclass
class CheckSession:
    """What repeated checks of one knowledge base (``kbgen serve``) keep between runs.

    The parsed cards (reused while their file is unchanged, as the same objects), the compiled
    schemas (which remember each card's walk and validation), and the formatted bibliography,
    reused while no citation or study card changed.
    """

    loads: LoadCache = field(default_factory=LoadCache)
    schemas: Schemas | None = None
    bibliography: Bibliography | None = None
    citable: list[Card] = field(default_factory=list)

    def bibliography_for(self, kb: KnowledgeBase) -> Bibliography:
        """The bibliography of ``kb``: the last one, when it was made from the very same cards."""
        citable = [card for card in kb.cards if card.kind in ("citation", "study")]
        same = len(citable) == len(self.citable) and all(a is b for a, b in zip(citable, self.citable, strict=True))
        if self.bibliography is None or not same:
            self.bibliography, self.citable = Bibliography(kb), citable
        return self.bibliography


def check(evidence: Path, sources: Path | None = None, session: CheckSession | None = None) -> CheckResult:
    """Load every card under ``evidence`` and run every check; never raises on bad cards.

    ``session`` carries what a previous run of the same session can lend this one.
    """
    kb, problems = load_evidence(evidence, session.loads if session is not None else None)
    if session is not None and session.schemas is None:
        session.schemas = Schemas()
    schemas = session.schemas if session is not None else Schemas()
    # A value YAML already rejected (a bad tag) must not be reported again as a schema error.
    yaml_spots = {(d.path, d.line, d.col) for d in problems if d.code.startswith("yaml.")}
    for card in kb.cards:
        problems.extend(d for d in schemas.validate(card) if (d.path, d.line, d.col) not in yaml_spots)
    problems.extend(check_ids(kb))
    problems.extend(check_references(kb, schemas))
    problems.extend(check_themes(kb))
    bibliography = session.bibliography_for(kb) if session is not None else Bibliography(kb)
    problems.extend(bibliography.problems)
    graph = build_graph(kb, schemas)
    problems.extend(check_bibliography(kb, graph))
    library = SourceLibrary(sources) if sources is not None else None
    quote_problems, stats = check_quotes(kb, library)
    problems.extend(quote_problems)
    for study_id in stats.studies_without_text:
        study = kb.get(study_id)
        if study is not None:
            problems.append(warning(study.path, study.pos(), "quote.no-full-text",
                                    "this study names no `full_text`, so its quotes cannot be checked",
                                    "add `full_text: <file name of the document in the sources folder>`"))
    counts = {kind: len(kb.of_kind(kind)) for kind in KINDS}
    return CheckResult(kb, bibliography, graph, sorted(set(problems)), stats, library is not None, counts)
