"""kbgen's APA 7 style for pybtex: pybtex-apa7-style with the fixes this knowledge base needs.

The upstream style is maintained and close to APA 7, but it changes the case of article
titles (the sources' wording must be kept), prints editors of a chapter before its title,
and prefixes links with "URL:". The templates below are pybtex templates, not string
formatting; only what differs from upstream is overridden.
"""

from __future__ import annotations

from formatting.apa import APAStyle, date, firstlast, pages  # pybtex-apa7-style's module
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import FieldIsMissing, node
from pybtex.style.formatting import toplevel
from pybtex.style.template import field, href, join, optional, optional_field, sentence, tag, words


@node
def editor_names(children, context, **kwargs):
    """Editors as APA 7 writes them after "In": ``P. Earley & T. Greany (Eds.)``, no comma for two."""
    assert not children
    editors = context["entry"].persons.get("editor")
    if not editors:
        raise FieldIsMissing("editor", context["entry"])
    names = [firstlast.format(editor, True) for editor in editors]
    return words[
        join(sep=", ", sep2=" & ", last_sep=", & ")[names],
        "(Eds.)" if len(editors) > 1 else "(Ed.)",
    ].format_data(context)


def _plain(text: str) -> str:
    return text.replace("{", "").replace("}", "").lower()


class AuthorYearTitleSorting(BaseSortingStyle):
    """APA order: by author (organisations by their name, not their protective braces), then year and title;
    works with no author by title."""

    def sorting_key(self, entry):
        persons = entry.persons.get("author") or entry.persons.get("editor") or []
        names = " ".join(_plain(" ".join(p.last_names + p.first_names + p.middle_names)) for p in persons)
        title = _plain(entry.fields.get("title", ""))
        return names or title, entry.fields.get("year", ""), title


class KbgenAPAStyle(APAStyle):
    """APA 7 reference entries that keep titles as printed."""

    name = "kbgen-apa7"
    default_sorting_style = AuthorYearTitleSorting

    def format_title(self, e, which_field, as_sentence=True):
        title = field(which_field)
        return sentence[title] if as_sentence else title

    def format_url(self, e):
        return href(field("url", raw=True))[field("url", raw=True)]

    def format_doi(self, e):
        link = join["https://doi.org/", field("doi", raw=True)]
        return href(link)[link]

    def format_web_refs(self, e):
        """APA 7: the DOI as a link when there is one, otherwise the URL."""
        return self.format_doi(e) if e.fields.get("doi") else optional[self.format_url(e)]

    def format_date(self, e):
        return sentence[join["(", optional[date], ")"]]

    def _by(self, e):
        return self.format_names("author") if "author" in e.persons else self.format_editor(e)

    def get_incollection_template(self, e):
        return toplevel[
            self._by(e),
            self.format_date(e),
            self.format_title(e, "title"),
            sentence(sep=" ")[
                join[words["In", editor_names()], ","] if "editor" in e.persons else "In",
                tag("em")[field("booktitle")],
                optional["(", pages, ")"],
            ],
            sentence[optional_field("publisher")],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_techreport_template(self, e):
        return toplevel[
            self._by(e) if ("author" in e.persons or "editor" in e.persons) else self.format_btitle(e, "title"),
            self.format_date(e),
            sentence(sep=" ")[
                tag("em")[field("title")] if ("author" in e.persons or "editor" in e.persons) else "",
                optional["(", field("type"), optional[" No. ", field("number")], ")"],
            ],
            sentence[optional_field("institution"), optional_field("address")],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_phdthesis_template(self, e):
        return toplevel[
            self.format_names("author"),
            self.format_date(e),
            sentence(sep=" ")[
                tag("em")[field("title")],
                join["[", optional[field("type")], optional[", ", field("school")], "]"],
            ],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_book_template(self, e):
        return toplevel[
            self._by(e),
            self.format_date(e),
            sentence(sep=" ")[
                tag("em")[field("title")],
                optional["(", field("edition"), " ed.)"],
            ],
            sentence[optional_field("publisher")],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_misc_template(self, e):
        by = self._by(e) if ("author" in e.persons or "editor" in e.persons) else optional[self.format_btitle(e, "title")]
        return toplevel[
            by,
            self.format_date(e),
            optional[self.format_btitle(e, "title")] if ("author" in e.persons or "editor" in e.persons) else "",
            sentence[optional_field("howpublished")],
            sentence[optional_field("organization")],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


class AuthorYearLabels(BaseLabelStyle):
    """In-text labels in APA form: ``Coleman, 2012``, ``Berkovich & Eyal, 2017a``, ``Woods et al., 2009``."""

    def format_labels(self, sorted_entries):
        labels = [self.format_label(entry) for entry in sorted_entries]
        totals = {label: labels.count(label) for label in labels}
        seen: dict[str, int] = {}
        for label in labels:
            if totals[label] == 1:
                yield label
            else:
                seen[label] = seen.get(label, 0) + 1
                yield label + chr(ord("a") + seen[label] - 1)

    def format_label(self, entry):
        """``Names, year`` for one entry (letters that tell same-label works apart are added later)."""
        persons = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in persons]
        if not names:
            who = entry.fields.get("organization") or entry.fields.get("title", "Anonymous")
        elif len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} & {names[1]}"
        else:
            who = f"{names[0]} et al."
        return f"{who}, {entry.fields.get('year', 'n.d.')}"
