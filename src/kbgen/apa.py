"""kbgen's APA 7 style for pybtex: pybtex-apa7-style, with entries as the APA manual prints them.

The upstream style is maintained and close to APA 7, but it changes the case of titles (the sources'
wording must be kept), prints a chapter's or conference paper's editors before its title, writes
"In A, & B (Eds.)" for two editors and "(2 ed.)" for editions, prefixes links with "URL:", and reads
fields as LaTeX (so a ``%`` in a title starts a comment). The templates below are pybtex templates;
the shapes follow the manual's chapter 10 (books 10.2, chapters 10.3, reports 10.4, conference
papers 10.5, theses 10.6, web pages 10.16).

Card fields are plain Unicode text, so :func:`field` here hands them to pybtex as text, never LaTeX.
"""

from __future__ import annotations

import re
from collections import Counter

from formatting.apa import APAStyle, date, firstlast  # pybtex-apa7-style's module
from pybtex.richtext import Symbol, Text
from pybtex.style.formatting import toplevel
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import FieldIsMissing, href, join, node, optional, sentence, tag, words


@node
def field(children, context, name, apply_func=None, raw=False):
    """A card field as plain text (cards hold Unicode, never LaTeX markup)."""
    assert not children
    entry = context["entry"]
    try:
        value = entry._find_field(name, bib_data=context.get("bib_data"))
    except KeyError:
        raise FieldIsMissing(name, entry) from None
    text = value if raw else Text(value)
    return apply_func(text) if apply_func else text


@node
def optional_field(children, context, *args, **kwargs):
    """A field that may be absent (then nothing is printed)."""
    assert not children
    return optional[field(*args, **kwargs)].format_data(context)


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


_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10}


def ordinal_edition(value: str) -> str:
    """An edition as APA prints it before "ed.": ``2`` and ``Second`` → ``2nd``; ``Rev.`` stays."""
    text = re.sub(r"\s*(ed\.?|edn\.?|edition)\s*$", "", str(value).strip(), flags=re.IGNORECASE)
    number = _ORDINAL_WORDS.get(text.lower(), int(text) if text.isdigit() else None)
    if number is None:
        return text
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


@node
def details(children, context, parts=("edition", "volume", "pages")):
    """The parenthesis after a title: ``(2nd ed., Vol. 3, pp. 45–67)``, or nothing when it would be empty."""
    assert not children
    fields = context["entry"].fields
    items = []
    if "edition" in parts and fields.get("edition"):
        items.append(Text(ordinal_edition(fields["edition"]), " ed."))
    volume = fields.get("volume")
    shown_title = fields.get("booktitle" if "pages" in parts else "title", "")
    if "volume" in parts and volume and f"Vol. {volume}." not in shown_title:
        items.append(Text("Vol. ", volume))
    if "pages" in parts and fields.get("pages"):
        items.append(page_range(fields["pages"]))
    return Text("(", Text(", ").join(items), ")") if items else Text()


@node
def numbered(children, context, default_type="Report", alone="()"):
    """A report's number as APA prints it, ``(Report No. 123)``; its type alone in ``alone`` brackets
    (``(Research report)``, ``[Blog post]``), or not at all when ``alone`` is empty (a thesis says it later)."""
    assert not children
    fields = context["entry"].fields
    kind, number = fields.get("type"), fields.get("number")
    if number:
        kind = kind if kind and alone else default_type
        return Text("(", kind + " " if kind else "", "No. ", number, ")")
    return Text(alone[0], kind, alone[1]) if kind and alone else Text()


@node
def thesis_kind(children, context, default):
    """``[Doctoral dissertation, University of Arizona]``."""
    assert not children
    fields = context["entry"].fields
    school = fields.get("school")
    return Text("[", fields.get("type") or default, ", " if school else "", school or "", "]")


@node
def unless_author(children, context, name):
    """Field ``name``, unless it repeats the (group) author: APA leaves the publisher out then."""
    assert not children
    entry = context["entry"]
    value = entry.fields.get(name)
    if not value:
        return Text()
    authors = [_plain(" ".join(p.last_names)) for p in entry.persons.get("author", [])]
    return Text() if _plain(value) in authors else Text(value)


def _dashes(text: Text) -> Text:
    """A page range with an en dash (``420–450``), as an article's pages are printed, without "pp."."""
    return Text(re.sub(r"-+", "–", str(text)))


def page_range(pages: str) -> Text:
    """``p. 5``, ``pp. 56–65``, ``pp. 431–456, 791–823``."""
    several = re.search(r"[-,+]", pages)
    return Text("pp." if several else "p.", Symbol("nbsp"), re.sub(r"-+", "–", pages))


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

    def format_btitle(self, e, which_field, as_sentence=True):
        title = tag("em")[field(which_field)]
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

    def _head(self, e, title):
        """Author (or editors) and date; with neither author nor editor, the title takes the author's place."""
        if "author" in e.persons:
            return [self.format_names("author"), self.format_date(e), title]
        if "editor" in e.persons:
            return [self.format_editor(e), self.format_date(e), title]
        return [title, self.format_date(e)]

    def _tail(self, e, *publisher):
        return [sentence[publisher] if publisher else "", sentence[optional_field("note")], self.format_web_refs(e)]

    def get_article_template(self, e):
        volume = join[tag("em")[field("volume")], optional["(", field("number"), ")"]]
        source = sentence[tag("em")[field("journal")], optional[volume], optional[field("pages", apply_func=_dashes)]]
        return toplevel[*self._head(e, self.format_title(e, "title")), source, *self._tail(e)]

    def get_book_template(self, e):
        title = sentence(sep=" ")[tag("em")[field("title")], details(parts=("edition", "volume"))]
        return toplevel[*self._head(e, title), *self._tail(e, unless_author("publisher"))]

    get_manual_template = get_book_template

    def _part_template(self, e):
        """A chapter or a conference paper in an edited book: ``Title. In E. Editor (Ed.), *Book* (pp. 1–9).``"""
        where = sentence(sep=" ")[
            join[words["In", editor_names()], ","] if "editor" in e.persons else "In",
            tag("em")[field("booktitle")],
            details(),
        ]
        return toplevel[*self._head(e, self.format_title(e, "title")), where, *self._tail(e, optional_field("publisher"))]

    get_incollection_template = get_inbook_template = get_inproceedings_template = _part_template

    def get_techreport_template(self, e):
        title = sentence(sep=" ")[tag("em")[field("title")], numbered()]
        return toplevel[*self._head(e, title), *self._tail(e, unless_author("institution"))]

    def get_phdthesis_template(self, e, default="Doctoral dissertation"):
        title = sentence(sep=" ")[tag("em")[field("title")], numbered(default_type="Publication", alone=""),
                                  thesis_kind(default=default)]
        return toplevel[*self._head(e, title), sentence[optional_field("howpublished")], *self._tail(e)]

    def get_mastersthesis_template(self, e):
        return self.get_phdthesis_template(e, default="Master's thesis")

    def get_misc_template(self, e):
        """Web pages and anything else: ``*Title* (Type No. N). Site or publisher. URL``."""
        title = optional[sentence(sep=" ")[tag("em")[field("title")], numbered(default_type="", alone="[]")]]
        return toplevel[*self._head(e, title),
                        sentence[optional_field("howpublished")], sentence[unless_author("organization")],
                        sentence[unless_author("publisher")], *self._tail(e)]

    def get_unpublished_template(self, e):
        title = sentence(sep=" ")[tag("em")[field("title")], "[Unpublished manuscript]"]
        return toplevel[*self._head(e, title), *self._tail(e)]


def year_suffix(n: int) -> str:
    """The letters after the year of the ``n``-th work (from 1) sharing a label: a … z, then aa, ab …"""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


class AuthorYearLabels(BaseLabelStyle):
    """In-text labels in APA form: ``Coleman, 2012``, ``Berkovich & Eyal, 2017a``, ``Woods et al., 2009``."""

    def format_labels(self, sorted_entries):
        labels = [self.format_label(entry) for entry in sorted_entries]
        totals = Counter(labels)
        seen: Counter[str] = Counter()
        for label in labels:
            if totals[label] == 1:
                yield label
            else:
                seen[label] += 1
                yield label + year_suffix(seen[label])

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
