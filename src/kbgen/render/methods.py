"""The methods page: how confidence is judged, what kbgen counts and checks, in words drawn from the code's rules."""

from __future__ import annotations

from ..cerqual import COMPONENTS, CONCERNS, CONFIDENCE, RULES
from ..checks.glossary import __doc__ as GLOSSARY_RULE
from ..collaboration import __doc__ as KIND_RULE
from ..schema import Schemas
from .assessment import METHODS_PAGE
from .context import EVIDENCE_LABELS, Page, Site, front_matter

_HERE = {
    "methodological_limitations": "Small self-selected samples; participants reporting on their own programme; an "
                                  "insider researcher; no comparison group; an account written to show practice.",
    "coherence": "Do the sources agree? Are dissenting voices reflected, or smoothed over?",
    "adequacy": "How many sources, findings and participants, and how deep the quotes go. One head's vivid account "
                "is thin data.",
    "relevance": "Primary or secondary; rural or city; 2006 policy or today's trusts. Partial or indirect "
                 "relevance is a concern.",
}


def _paragraphs(docstring: str | None) -> list[str]:
    """A module docstring's paragraphs after the first line, as Markdown paragraphs."""
    parts = (docstring or "").strip().split("\n\n")[1:]
    return [" ".join(p.split()).replace("``", "`") for p in parts]


def methods_page(site: Site) -> str:
    """How GRADE-CERQual is applied here, the consistency rule kbgen checks, and what it counts."""
    page = Page(site, METHODS_PAGE)
    page.add(*front_matter("How we judge the evidence", "How confidence in each key finding is rated with "
                                                        "GRADE-CERQual, and what kbgen checks and counts."))
    page.add("# How we judge the evidence", "",
             "Every **finding** is one claim from one source, backed by its verbatim quotes. A theme's **key "
             "findings** synthesise findings from across the sources, and each key finding carries a rating of "
             "how much confidence to place in it, made with GRADE-CERQual (Lewin et al., *Implementation Science* "
             "13(Suppl 1), 2018; <https://www.cerqual.org>).", "")
    page.add("## What CERQual rates, and what it does not", "",
             "CERQual rates **synthesised findings across studies, never a single study's claim**. A quote or a "
             "finding from one source is not rated: it is evidence a key finding rests on. So `kbgen check` "
             "refuses a key finding that rests on a single source unless its card says why it is still reported "
             "(`single_source`), and the page says so beside its rating.", "")
    _components_and_levels(page)
    page.add("## What kbgen counts for the adequacy judgement", "",
             "Beside each assessment, kbgen counts what can be counted, so a reviewer does not have to:", "",
             "- the sources, findings and accounts of practice behind the key finding;",
             "- the kinds of evidence behind it: " + "; ".join(v.lower() for v in EVIDENCE_LABELS.values()) + ";",
             "- the kinds of collaboration its findings speak to;",
             "- participants, where the study cards count them: the sample counts whose counted phrase names "
             "people (head teachers, staff, interviewees, respondents, facilitators…), as the card words them. "
             "They are listed, not added up: one study's counts often overlap.", "")
    page.add("## Kinds of collaboration", "", *_paragraphs(KIND_RULE), "",
             _kinds_description(), "")
    page.add("## Acronyms", "", *_paragraphs(GLOSSARY_RULE), "")
    return page.text()


def _components_and_levels(page: Page) -> None:
    """The four components, the levels of concern, the overall levels and the consistency rule."""
    page.add("## The four components", "", "| Component | The question it asks | What it means for this evidence |",
             "|---|---|---|")
    for name, (label, question) in COMPONENTS.items():
        page.add(f"| {label} | {question} | {_HERE[name]} |")
    page.add("", "Each component gets a level of concern, with a one-sentence explanation:", "")
    page.add(*[f"- **{word}**" for word in CONCERNS.values()], "")
    page.add("## Overall confidence", "",
             "Start from high and step down for each concern that matters; then explain the result in one or two "
             "sentences that name the components that drove it, and say what evidence would raise it.", "")
    page.add(*[f"- **{word}:** {meaning}" for word, meaning in CONFIDENCE.values()], "")
    page.add("The overall level is a judgement, not a sum, so kbgen does not compute it. It warns when a rating "
             "contradicts its own components, by this rule:", "")
    page.add(*[f"{i}. {rule}" for i, rule in enumerate(RULES, 1)], "")


def _kinds_description() -> str:
    schema, _ = Schemas().subschema("account", ("collaboration",))
    return "Each account of practice may say which kind it is: " + " ".join(str(schema.get("description", "")).split()
                                                                          ).split(": ", 1)[-1]
