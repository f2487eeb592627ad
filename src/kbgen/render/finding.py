"""Finding and account pages."""

from __future__ import annotations

from ..model import Card
from ..prose import escape_text
from ..views import AccountView, ContextView, FindingView
from .blocks import bullet_list, facts, finding_item, quote_block, source_notes
from .context import EVIDENCE_LABELS, Page, Site, front_matter, indent, page_of
from .searchdata import not_indexed


def finding_page(site: Site, card: Card) -> str:
    """A finding: its statement, quotes with locator and speaker, and links to study, account, themes, works."""
    finding = FindingView(card)
    page = Page(site, page_of(card))
    statement = " ".join(finding.statement.split())
    page.add(*front_matter(site.title(card), site.plain(statement)))
    page.add("# " + page.prose(statement), "")
    study = site.kb.get(finding.study_id or "")
    account = site.kb.get(finding.account_id) if finding.account_id else None
    for quote in finding.quotes:  # the evidence first, right under the claim
        # The comment keeps consecutive quotes apart (Markdown would merge adjacent blockquotes).
        page.add(*quote_block(page, quote, study), "<!-- quote -->", "")
    rows = [("Source", page.link(study) if study else escape_text(finding.study_id or ""))]
    if account:
        rows.append(("Account of practice", page.link(account)))
    rows.append(("Evidence", EVIDENCE_LABELS.get(finding.evidence_type or "", "")))
    rows.append(("Themes", ", ".join(page.link_id(t) for t in finding.themes)))
    page.add(*facts(rows))
    if finding.caveat:
        page.add('!!! note "Caveat"', "", "    " + indent(page.prose(finding.caveat)), "")
    if finding.cites:
        page.add("## Works this finding draws on", "")
        page.add(*[f"- {page.link_id(key)}" for key in finding.cites], "")
    source_notes(page, card)
    return page.text()


#: The account's sections after its context: the view's property and the heading it goes under.
_ACCOUNT_SECTIONS = (
    ("scope", "Scope of the collaboration"),
    ("impact_claimed", "Impact claimed"),
    ("success_factors", "What made it work"),
    ("challenges", "Challenges"),
    ("leadership", "Leadership"),
    ("sustainability", "Sustainability"),
)


def account_page(site: Site, card: Card) -> str:
    """An account of practice: context, scope, impact claimed, success factors, leadership, sustainability."""
    account = AccountView(card)
    page = Page(site, page_of(card))
    page.add(*front_matter(site.title(card), site.plain(account.summary)))
    page.add("# " + escape_text(site.title(card)), "")
    study = site.kb.get(account.study_id or "")
    basis = ("reported from other publications, not studied first-hand" if account.basis == "literature"
             else "studied first-hand")
    source = page.link(study) if study else escape_text(account.study_id or "")
    page.add(f"*Account of practice reported by {source}; {basis}.*", "")
    page.add(page.prose(account.summary), "")
    _context_table(page, account.context)
    for field, heading in _ACCOUNT_SECTIONS:
        value: str | list[str] | None = getattr(account, field)
        if not value:
            continue
        page.add(f"## {heading}", "")
        page.add(*(bullet_list(page, value) if isinstance(value, list) else [page.prose(value)]), "")
    findings = site.graph.findings_by_account.get(card.id, [])
    page.add(f"## Findings about this account ({len(findings)})", "")
    page.add(*not_indexed([finding_item(page, f) for f in findings]) if findings
             else ["No finding is linked to this account yet.", ""])
    if account.cites:
        page.add("## Works this account draws on", "", *[f"- {page.link_id(k)}" for k in account.cites], "")
    if account.notes:
        page.add("## Notes", "", page.prose(account.notes), "")
    source_notes(page, card)
    return page.text()


def _context_table(page: Page, context: ContextView) -> None:
    schools = context.schools
    rows = [
        ("Phase", context.phase),
        ("Area", context.area),
        ("Schools", " ".join(x for x in (schools.count, schools.kind) if x)),
        ("Period", context.period),
    ]
    rows = [(k, escape_text(v)) for k, v in rows if v]
    if context.structure:
        rows.append(("Structure", page.prose(context.structure)))
    if rows:
        page.add("## Context", "", *facts(rows))
