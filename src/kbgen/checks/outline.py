"""A study's ``outline`` against its full text: the headings in reading order, placing every quote right.

The outline is what lets a site built without the full texts list findings in document order
(see :mod:`kbgen.order`). With the full text at hand, this check makes sure the outline gives the
same order the text does: each outline heading is a line of the text, after the one before it, and
each quote's locator resolves to the occurrence of its heading that the quote really sits under.
"""

from __future__ import annotations

import json

from ..errors import Diagnostic, error, warning
from ..model import Card, KnowledgeBase
from ..order import outline_of, outline_rank
from ..textmatch import SourceText, heading_key
from .quotes import QuoteStats, SourceLibrary


def check_outlines(kb: KnowledgeBase, library: SourceLibrary, stats: QuoteStats) -> list[Diagnostic]:
    """Every study's outline agrees with its full text and places each of its findings' quotes."""
    findings: dict[str, list[Card]] = {}
    for finding in kb.of_kind("finding"):
        findings.setdefault(str(finding.get("study")), []).append(finding)
    problems: list[Diagnostic] = []
    for study in kb.of_kind("study"):
        name = study.text("full_text")
        source = library.get(name) if name and findings.get(study.id) else None
        if source is None:
            continue  # no findings to order, or no text to check against (the quote check says which)
        quotes = [(f, i, stats.quote_starts[(f.id, i)]) for f in findings[study.id]
                  for i in range(len(f.items("quotes"))) if (f.id, i) in stats.quote_starts]
        if "outline" not in study.data:
            problems.append(_no_outline(study, source, quotes))
            continue
        offsets, entry_problems = _walk(study, source)
        problems.extend(entry_problems)
        if not entry_problems:
            problems.extend(_placements(study, source, offsets, quotes))
    return problems


def _walk(study: Card, source: SourceText) -> tuple[list[int], list[Diagnostic]]:
    """Where each outline heading occurs, each after the one before it."""
    offsets: list[int] = []
    for i, heading in enumerate(study.texts("outline")):
        places = source.headings.get(heading_key(heading), [])
        after = [p for p in places if not offsets or p > offsets[-1]]
        if not after:
            where = (f"is not a line of {source.name}" if not places else
                     f"does not come after '{study.texts('outline')[i - 1]}' in {source.name}")
            return offsets, [error(study.path, study.pos("outline", i), "outline.order",
                                   f"outline heading '{heading}' {where}",
                                   "list the document's headings in reading order, spelt as in the document")]
        offsets.append(after[0])
    return offsets, []


def _placements(study: Card, source: SourceText, offsets: list[int], quotes) -> list[Diagnostic]:
    """Each quote's locator names, through the outline, the heading occurrence the quote sits under."""
    outline = outline_of(study)
    problems = []
    for finding, i, start in quotes:
        locator = finding.items("quotes")[i].get("locator")
        if not isinstance(locator, dict) or not isinstance(locator.get("section"), str):
            continue
        section = heading_key(locator["section"])
        under = [j for j, key in enumerate(outline) if key == section and offsets[j] <= start]
        rank = outline_rank(outline, locator)
        if rank is not None and under and rank == max(under, key=lambda j: offsets[j]):
            continue
        pos = finding.pos("quotes", i, "locator", "section")
        if not under or (rank is None and isinstance(locator.get("part"), str) and \
                heading_key(locator["part"]) not in outline):
            above = max((j for j in range(len(outline)) if offsets[j] <= start), key=lambda j: offsets[j], default=None)
            after = f" after '{study.texts('outline')[above]}'" if above is not None else " at its start"
            missing = [h for h in (locator.get("part"), locator["section"])
                       if isinstance(h, str) and heading_key(h) not in outline] or [locator["section"]]
            named = " and ".join(f"'{h}'" for h in missing)
            problems.append(warning(finding.path, pos, "outline.missing",
                                    f"the outline of study '{study.id}' lacks {named}, which this quote's locator "
                                    "names, so the site cannot place the finding in document order",
                                    f"add {named}, in reading order, to its `outline:`{after}"))
        else:
            line = source.line_of(offsets[max(under, key=lambda j: offsets[j])])
            problems.append(warning(finding.path, pos, "outline.ambiguous",
                                    f"through the outline of study '{study.id}', this locator names another "
                                    f"'{locator['section']}' than the one the quote sits under (line {line})",
                                    "name the enclosing heading in the locator's `part:`, or list that heading "
                                    "in the outline too"))
    return problems


def _no_outline(study: Card, source: SourceText, quotes) -> Diagnostic:
    """A study with findings and no outline, with the outline its findings' quotes need."""
    found: dict[int, str] = {}
    for finding, i, start in quotes:
        locator = finding.items("quotes")[i].get("locator")
        if not isinstance(locator, dict):
            continue
        bound = start
        for level in ("section", "part"):
            heading = locator.get(level)
            places = [p for p in source.headings.get(heading_key(heading), []) if p <= bound] \
                if isinstance(heading, str) else []
            if places:
                found.setdefault(places[-1], heading)
                bound = places[-1]
    suggestion = json.dumps([found[p] for p in sorted(found)], ensure_ascii=False)
    return warning(study.path, study.pos("id"), "outline.none",
                   f"study '{study.id}' has no `outline`, so a site built without its full text cannot list its "
                   "findings in document order",
                   f"add the headings its quotes sit under, in reading order: `outline: {suggestion}`")
