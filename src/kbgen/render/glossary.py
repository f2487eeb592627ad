"""The glossary page: every term card, alphabetically, each with its own anchor."""

from __future__ import annotations

from ..prose import escape_text
from ..views import TermView
from .context import GLOSSARY_PAGE, Page, Site, front_matter, plural
from .opendata import downloads


def glossary_page(site: Site) -> str:
    """Each term with what it stands for and, where the card gives one, what it means in this evidence."""
    page = Page(site, GLOSSARY_PAGE)
    terms = sorted(map(TermView, site.kb.of_kind("term")), key=lambda t: ((t.term or t.id).lower(), t.id))
    page.add(*front_matter("Glossary", "The acronyms and terms the evidence uses, in plain words."),
             "# Glossary", "")
    if not terms:
        page.add("The knowledge base has no glossary yet: add term cards in `evidence/term/`.", "")
        return page.text()
    page.add(f"{plural(len(terms), 'term')} the evidence uses. Wherever one appears on this site, hover over it "
             "or tap it to see what it stands for.", "", downloads(page, "terms"), "")
    for term in terms:
        page.add(f"## {escape_text(site.title(term.card))} {{#{term.id}}}", "",
                 f"**{escape_text(' '.join(term.expansion.split()))}**", "")
        if term.definition:
            page.add(page.prose(term.definition), "")
    return page.text()
