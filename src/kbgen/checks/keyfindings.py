"""Theme cards' key findings, implications and gaps: the rules the schema cannot state.

* key-finding ids are unique within their theme, and implications name only those ids;
* a key finding resting on a single source says why (``single_source``), because CERQual rates
  findings synthesised across studies; a ``single_source`` note on a multi-source key finding is stale;
* a key finding's findings should be tagged with the theme (the page lists only those);
* the overall confidence must not contradict its components (:data:`kbgen.cerqual.RULES`).

Unknown finding ids are reported by the reference check, from the schema's ``x-kbgen-ref``.
"""

from __future__ import annotations

import difflib

from ..cerqual import AdequacyCounter, contradictions
from ..errors import Diagnostic, error, warning
from ..graph import Graph
from ..model import Card, KnowledgeBase


def check_key_findings(kb: KnowledgeBase, graph: Graph) -> list[Diagnostic]:
    """Every rule above, for every theme card."""
    counter = AdequacyCounter(kb, graph.accounts_by_study)
    problems: list[Diagnostic] = []
    for theme in kb.of_kind("theme"):
        ids = _key_finding_ids(theme, problems)
        for i, key_finding in enumerate(theme.items("key_findings")):
            if isinstance(key_finding, dict):
                problems.extend(_check_one(theme, i, key_finding, counter))
        problems.extend(_check_implications(theme, ids))
    return problems


def _key_finding_ids(theme: Card, problems: list[Diagnostic]) -> list[str]:
    seen: list[str] = []
    for i, key_finding in enumerate(theme.items("key_findings")):
        kf_id = key_finding.get("id") if isinstance(key_finding, dict) else None
        if not isinstance(kf_id, str):
            continue
        if kf_id in seen:
            problems.append(error(theme.path, theme.pos("key_findings", i, "id"), "theme.duplicate-key-finding",
                                  f"key finding id '{kf_id}' is used twice in this theme",
                                  "give each key finding its own id (it is the key finding's anchor on the page)"))
        seen.append(kf_id)
    return seen


def _check_one(theme: Card, i: int, key_finding: dict, counter: AdequacyCounter) -> list[Diagnostic]:
    problems = []
    finding_ids = [f for f in key_finding.get("findings") or [] if isinstance(f, str)] \
        if isinstance(key_finding.get("findings"), list) else []
    facts = counter.count(finding_ids)
    for j, finding_id in enumerate(finding_ids):
        finding = counter.kb.get(finding_id)
        if finding is not None and finding.kind == "finding" and theme.id not in finding.texts("themes"):
            problems.append(warning(theme.path, theme.pos("key_findings", i, "findings", j), "theme.untagged-finding",
                                    f"key finding rests on finding '{finding_id}', which is not tagged '{theme.id}'",
                                    f"add '{theme.id}' to the finding's themes if it speaks to them, "
                                    "or rest the key finding on a finding that does"))
    single = key_finding.get("single_source")
    if len(facts.sources) == 1 and not single:
        problems.append(error(theme.path, theme.pos("key_findings", i, "findings"), "cerqual.single-source",
                              f"key finding '{key_finding.get('id')}' rests on one source only "
                              f"({facts.sources[0].id}); CERQual rates findings synthesised across studies",
                              "rest it on findings from more sources, or add `single_source:` saying why it is "
                              "still reported"))
    elif len(facts.sources) > 1 and single:
        problems.append(warning(theme.path, theme.pos("key_findings", i, "single_source"), "cerqual.not-single-source",
                                f"`single_source` is set, but the key finding rests on {len(facts.sources)} sources",
                                "remove `single_source:`"))
    assessment = key_finding.get("cerqual")
    if isinstance(assessment, dict):
        for message in contradictions(assessment, len(facts.sources)):
            problems.append(warning(theme.path, theme.pos("key_findings", i, "cerqual", "confidence"),
                                    "cerqual.inconsistent", message,
                                    "change the confidence or the concern levels so they agree (rules: methods page)"))
    return problems


def _check_implications(theme: Card, ids: list[str]) -> list[Diagnostic]:
    problems = []
    for i, implication in enumerate(theme.items("implications")):
        refs = implication.get("key_findings") if isinstance(implication, dict) else None
        for j, ref in enumerate(refs if isinstance(refs, list) else []):
            if isinstance(ref, str) and ref not in ids:
                close = difflib.get_close_matches(ref, ids, n=1, cutoff=0.5)
                hint = f"did you mean '{close[0]}'?" if close else (
                    f"this theme's key findings: {', '.join(ids)}" if ids else "add key findings to this theme first")
                problems.append(error(theme.path, theme.pos("implications", i, "key_findings", j),
                                      "theme.unknown-key-finding", f"unknown key finding '{ref}'", hint))
    return problems
