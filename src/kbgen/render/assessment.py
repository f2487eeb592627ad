"""Key findings on pages: their anchors, confidence labels, and the full CERQual assessment of each."""

from __future__ import annotations

from ..cerqual import COMPONENTS, CONFIDENCE, Adequacy, concern_word, confidence_rank, confidence_word
from ..collaboration import kind_label
from ..model import Card
from ..prose import escape_text
from ..views import KeyFindingView, ThemeView
from .blocks import finding_item
from .context import Page, cell, indent, plural

METHODS_PAGE = "methods/index.md"


def key_findings(theme: Card) -> list[KeyFindingView]:
    """A theme's key findings that have an id (the schema reports the others)."""
    return ThemeView(theme).key_findings


def anchor(key_finding: KeyFindingView) -> str:
    """The key finding's anchor on its theme page."""
    return f"kf-{key_finding.id}"


def confidence_of(key_finding: KeyFindingView) -> str | None:
    """The key finding's overall confidence level (``moderate``), or None."""
    return key_finding.cerqual.confidence


def highest_confidence(theme: Card) -> str | None:
    """The highest confidence any of the theme's key findings reaches (None when it has none rated)."""
    levels = [confidence_of(kf) for kf in key_findings(theme) if confidence_of(kf) in CONFIDENCE]
    return min(levels, key=confidence_rank) if levels else None


def confidence_badge(level: object) -> str:
    """The confidence as a word, styled as a badge (the word carries the meaning, never the colour)."""
    css = level if level in CONFIDENCE else "unknown"
    return f"**{escape_text(confidence_word(level))}**{{: .kb-confidence .kb-confidence-{css} }}"


def sources_text(page: Page, facts: Adequacy) -> str:
    """``3: Lock (2011); Dimmer (2016); …`` — the count, then the names."""
    names = "; ".join(page.site.title(s) for s in facts.sources)
    return f"{len(facts.sources)}: {names}" if facts.sources else "0"


def statement(page: Page, key_finding: KeyFindingView) -> str:
    """The key finding's statement as one line of safe Markdown."""
    return page.prose(" ".join(key_finding.statement.split()))


def assessment_block(page: Page, number: int, key_finding: KeyFindingView, facts: Adequacy) -> list[str]:
    """The full assessment, folded in a ``<details>`` whose first paragraph carries the key finding's anchor."""
    assessment = key_finding.cerqual
    level = assessment.confidence
    # The summary is plain text: a link (or a heading's permalink) inside <summary> would nest one control
    # in another. The anchor sits on the first paragraph; browsers open the <details> to reach it.
    plain = escape_text(page.site.plain(" ".join(key_finding.statement.split())))
    title = f"{number}. {plain} *Confidence: {escape_text(confidence_word(level).lower())}.*"
    body = [f"**{escape_text(confidence_word(level))} confidence.** " + _prose(page, assessment.explanation),
            f"{{: #{anchor(key_finding)} }}", ""]
    if level in CONFIDENCE:
        body += [f"*{CONFIDENCE[level][1]}*", ""]
    if assessment.to_raise:
        body += ["**What would raise it:** " + _prose(page, assessment.to_raise), ""]
    if key_finding.single_source:
        body += ["**Rests on a single source:** " + _prose(page, key_finding.single_source), ""]
    body += ["| Component | Concern | Why |", "|---|---|---|"]
    for name, (label, _question) in COMPONENTS.items():
        part = assessment.component(name)
        concern = escape_text(concern_word(part.concern))
        body.append(f"| {label} | {concern} | {cell(_prose(page, part.explanation))} |")
    body += ["", *adequacy_lines(page, facts), f"**The {plural(len(facts.findings), 'finding')} it rests on:**", ""]
    body += [finding_item(page, f, with_study=True) for f in facts.findings] or ["None."]
    lines = [f'??? kb-assessment "{title}"']
    return lines + ["    " + indent(line) if line else "" for line in body] + [""]


def adequacy_lines(page: Page, facts: Adequacy) -> list[str]:
    """What kbgen counted behind the key finding, for the adequacy judgement."""
    types = " · ".join(f"{facts.evidence_types.get(k, 0)} {EVIDENCE_WORDS[k]}" for k in EVIDENCE_WORDS)
    kinds = ", ".join(f"{kind_label(k).lower()} {n}" for k, n in facts.kinds.most_common())
    accounts = ", ".join(page.link(a) for a in facts.accounts)
    rows = [
        f"- **Sources:** {len(facts.sources)} — " + ", ".join(page.link(s) for s in facts.sources),
        f"- **Findings:** {len(facts.findings)} ({types})",
        f"- **Accounts of practice:** {len(facts.accounts)}" + (f" — {accounts}" if accounts else ""),
        f"- **Kinds of collaboration:** {kinds or 'none'}",
    ]
    people = "; ".join(escape_text(f"{page.site.title(study)}: {n} {what}") for study, what, n in facts.participants)
    rows.append("- **Participants, as the study cards count them:** "
                + (people or "the study cards give no count of participants"))
    return [f"**What kbgen counted** ([how this is used]({page.href(METHODS_PAGE)})):", "", *rows, ""]


#: Short words for evidence types, as map cells and counts show them.
EVIDENCE_WORDS = {"data": "data", "literature": "literature", "argument": "argument"}


def _prose(page: Page, value: str | None) -> str:
    return page.prose(" ".join(value.split())) if value else ""
