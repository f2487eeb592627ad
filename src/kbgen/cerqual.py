"""GRADE-CERQual for key findings: the levels, the consistency rule, and the adequacy facts kbgen counts.

CERQual (Lewin et al., 2018) rates how much confidence to place in a finding *synthesised across
studies*: four components each get a level of concern, then an overall confidence. The overall
level is a judgement, not a sum, so kbgen does not compute it; it only flags a rating that
contradicts its own components (:func:`contradictions`), by the rule :data:`RULES` states in
words (the methods page prints them, so the rule and its explanation cannot drift apart).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .collaboration import finding_kind, study_kinds
from .model import Card, KnowledgeBase

#: Components in the order CERQual lists them, with the question each asks.
COMPONENTS = {
    "methodological_limitations": (
        "Methodological limitations",
        "Are there concerns about how the contributing studies were designed or carried out?"),
    "coherence": (
        "Coherence", "How well does the finding fit the data behind it? Is contrary or ambiguous data explained?"),
    "adequacy": ("Adequacy", "Are the data rich enough and plentiful enough?"),
    "relevance": ("Relevance", "How well does the context of the data fit the question the finding answers?"),
}

#: Levels of concern, least first.
CONCERNS = {"no-or-very-minor": "No or very minor concerns", "minor": "Minor concerns",
            "moderate": "Moderate concerns", "serious": "Serious concerns"}

#: Overall confidence, highest first, with what each level means in the method's own terms.
CONFIDENCE = {
    "high": ("High", "It is highly likely that the key finding is a reasonable representation of what it describes."),
    "moderate": ("Moderate", "It is likely that the key finding is a reasonable representation of what it describes."),
    "low": ("Low", "It is possible that the key finding is a reasonable representation of what it describes."),
    "very-low": ("Very low",
                 "It is not clear whether the key finding is a reasonable representation of what it describes."),
}

#: The consistency rule, in the words the methods page and the warnings use.
RULES = (
    "A serious concern in any component caps the confidence at low.",
    "A moderate concern as the worst concern caps the confidence at moderate.",
    "When no component has more than a minor concern, the confidence is at least moderate.",
    "Adequacy cannot be without concern (no or very minor) when the key finding rests on a single source.",
)

_ORDER = list(CONFIDENCE)
_CEILING = {"serious": "low", "moderate": "moderate"}

#: Words that show a sample count counts people (participants), not schools, days or occasions. They
#: must appear in the counted phrase itself, before any qualifier ("schools *whose heads* ..." counts schools).
_QUALIFIER = re.compile(r",|\(| (in|of|on|at|who|whose|that|which|with|by|for|from|during|to) ")
_PEOPLE = re.compile(r"\b(head ?teachers?|heads|deput(y|ies)|teachers|teaching staff|staff|interviewees?|"
                     r"respondents?|responses|participants?|governors|facilitators|leaders|advisers|advisors|"
                     r"parents|practitioners|principals|people)\b", re.IGNORECASE)


def confidence_word(level: object) -> str:
    """``Moderate`` for ``moderate``; the raw value for anything unknown."""
    return CONFIDENCE[level][0] if level in CONFIDENCE else str(level)


def concern_word(level: object) -> str:
    """``Minor concerns`` for ``minor``."""
    return CONCERNS[level] if level in CONCERNS else str(level)


def confidence_rank(level: object) -> int:
    """0 for high … 3 for very low (4 for anything unknown), for sorting highest first."""
    return _ORDER.index(level) if level in _ORDER else len(_ORDER)


def concerns_of(assessment: dict) -> dict[str, str]:
    """Component → level of concern, for the components that give a known level."""
    found = {}
    for name in COMPONENTS:
        part = assessment.get(name)
        if isinstance(part, dict) and isinstance(part.get("concern"), str) and part["concern"] in CONCERNS:
            found[name] = part["concern"]
    return found


def contradictions(assessment: dict, sources: int) -> list[str]:
    """Why the overall confidence contradicts its components (empty when it does not), per :data:`RULES`."""
    level = assessment.get("confidence")
    concerns = concerns_of(assessment)
    if not isinstance(level, str) or level not in CONFIDENCE or len(concerns) < len(COMPONENTS):
        return []  # the schema reports what is missing
    problems = []
    for worst in ("serious", "moderate"):
        named = [COMPONENTS[c][0].lower() for c, v in concerns.items() if v == worst]
        if named:
            cap = _CEILING[worst]
            if confidence_rank(level) < confidence_rank(cap):
                problems.append(f"confidence '{level}' is above '{cap}', the most a {worst} concern allows "
                                f"({', '.join(named)})")
            break
    if all(v in ("no-or-very-minor", "minor") for v in concerns.values()) and confidence_rank(level) > 1:
        problems.append(f"confidence '{level}' is below 'moderate', yet no component has more than a minor concern")
    if sources == 1 and concerns.get("adequacy") == "no-or-very-minor":
        problems.append("adequacy has no or very minor concerns, yet the key finding rests on a single source")
    return problems


@dataclass
class Adequacy:
    """What kbgen counts behind one key finding, for the adequacy judgement."""

    findings: list[Card] = field(default_factory=list)
    sources: list[Card] = field(default_factory=list)
    accounts: list[Card] = field(default_factory=list)
    evidence_types: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    #: (study, what is counted, number) for every sample count of a contributing study that counts people.
    participants: list[tuple[Card, str, object]] = field(default_factory=list)


class AdequacyCounter:
    """Counts :class:`Adequacy` facts; build once per knowledge base (it caches each study's kind)."""

    def __init__(self, kb: KnowledgeBase, accounts_by_study: dict[str, list[Card]]):
        self.kb = kb
        self.by_study = study_kinds(kb, accounts_by_study)

    def count(self, finding_ids: list) -> Adequacy:
        """The facts behind the findings named (ids that name no finding are skipped: the check reports them)."""
        facts = Adequacy()
        for finding_id in dict.fromkeys(str(i) for i in finding_ids):
            finding = self.kb.get(finding_id)
            if finding is None or finding.kind != "finding":
                continue
            facts.findings.append(finding)
            facts.evidence_types[str(finding.get("evidence_type"))] += 1
            facts.kinds[finding_kind(self.kb, finding, self.by_study)] += 1
            study = self.kb.get(str(finding.get("study")))
            if study is not None and study.kind == "study" and study not in facts.sources:
                facts.sources.append(study)
            account = self.kb.get(finding.text("account") or "")
            if account is not None and account.kind == "account" and account not in facts.accounts:
                facts.accounts.append(account)
        for study in facts.sources:
            facts.participants += [(study, what, n) for what, n in people_counts(study)]
        return facts


def people_counts(study: Card) -> list[tuple[str, object]]:
    """(what, n) for each of the study's sample counts that counts people (by the words in ``what``)."""
    design = study.get("design")
    sample = design.get("sample") if isinstance(design, dict) else None
    counts = sample.get("counts") if isinstance(sample, dict) else None
    found = []
    for item in counts if isinstance(counts, list) else []:
        what = item.get("what") if isinstance(item, dict) else None
        if isinstance(what, str) and _PEOPLE.search(_QUALIFIER.split(what, maxsplit=1)[0]):
            found.append((what, item.get("n")))
    return found
