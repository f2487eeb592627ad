"""Finding and account pages."""

from __future__ import annotations

from ..model import Card
from ..prose import escape_text
from .blocks import bullet_list, facts, finding_item, quote_block, source_notes
from .context import EVIDENCE_LABELS, Page, Site, front_matter, indent, page_of
from .searchdata import not_indexed


def finding_page(site: Site, card: Card) -> str:
    """A finding: its statement, quotes with locator and speaker, and links to study, account, themes, works."""
    page = Page(site, page_of(card))
    statement = " ".join(str(card.get("statement", "")).split())
    page.add(*front_matter(site.title(card), site.plain(statement)))
    page.add("# " + page.prose(statement), "")
    study = site.kb.get(str(card.get("study")))
    account = site.kb.get(str(card.get("account"))) if card.get("account") else None
    for quote in card.mappings("quotes"):  # the evidence first, right under the claim
        # The comment keeps consecutive quotes apart (Markdown would merge adjacent blockquotes).
        page.add(*quote_block(page, quote, study), "<!-- quote -->", "")
    rows = [("Source", page.link(study) if study else escape_text(str(card.get("study"))))]
    if account:
        rows.append(("Account of practice", page.link(account)))
    rows.append(("Evidence", EVIDENCE_LABELS.get(str(card.get("evidence_type")), "")))
    rows.append(("Themes", ", ".join(page.link_id(t) for t in card.get("themes") or [])))
    page.add(*facts(rows))
    if card.get("caveat"):
        page.add('!!! note "Caveat"', "", "    " + indent(page.prose(str(card.get("caveat")))), "")
    cites = card.get("cites") or []
    if cites:
        page.add("## Works this finding draws on", "")
        page.add(*[f"- {page.link_id(key)}" for key in cites], "")
    source_notes(page, card)
    return page.text()


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
    page = Page(site, page_of(card))
    page.add(*front_matter(site.title(card), site.plain(str(card.get("summary", "")))))
    page.add("# " + escape_text(site.title(card)), "")
    study = site.kb.get(str(card.get("study")))
    basis = ("reported from other publications, not studied first-hand" if card.get("basis") == "literature"
             else "studied first-hand")
    source = page.link(study) if study else escape_text(str(card.get("study")))
    page.add(f"*Account of practice reported by {source}; {basis}.*", "")
    page.add(page.prose(str(card.get("summary", ""))), "")
    _context_table(page, card.get("context") or {})
    for field, heading in _ACCOUNT_SECTIONS:
        value = card.get(field)
        if not value:
            continue
        page.add(f"## {heading}", "")
        page.add(*(bullet_list(page, value) if isinstance(value, list) else [page.prose(str(value))]), "")
    findings = site.graph.findings_by_account.get(card.id, [])
    page.add(f"## Findings about this account ({len(findings)})", "")
    page.add(*not_indexed([finding_item(page, f) for f in findings]) if findings
             else ["No finding is linked to this account yet.", ""])
    if card.get("cites"):
        page.add("## Works this account draws on", "", *[f"- {page.link_id(k)}" for k in card.get("cites")], "")
    if card.get("notes"):
        page.add("## Notes", "", page.prose(str(card.get("notes"))), "")
    source_notes(page, card)
    return page.text()


def _context_table(page: Page, context: dict) -> None:
    schools = context.get("schools") or {}
    rows = [
        ("Phase", context.get("phase")),
        ("Area", context.get("area")),
        ("Schools", " ".join(str(x) for x in (schools.get("count"), schools.get("kind")) if x)),
        ("Period", context.get("period")),
    ]
    rows = [(k, escape_text(str(v))) for k, v in rows if v]
    if context.get("structure"):
        rows.append(("Structure", page.prose(str(context["structure"]))))
    if rows:
        page.add("## Context", "", *facts(rows))
