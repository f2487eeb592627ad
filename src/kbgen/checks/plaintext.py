"""Plain-text fields (names, titles, speakers, locators, counts) hold text, not markup.

Rendering escapes them, so markup there is shown literally rather than run; but a title that
reads ``<i>Trust</i>`` on the site is a mistake, and markup in a field that is not meant to
carry it is what an attacker probes with. So it is reported, located. A ``<`` that starts no
tag (``p < 0.05``) is ordinary text. Verbatim quotes are exempt: a source may print anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import Diagnostic, error
from ..model import Card, KnowledgeBase, dotted
from ..prose_parse import MARKUP
from ..schema import Schemas
from ..yamlsafe import Path
from .memo import Memo, fresh

#: Verbatim passages, checked against the sources instead.
_VERBATIM = {("quotes", "text"), ("printed", "text")}


def check_plain_text(kb: KnowledgeBase, schemas: Schemas, memo: Memo = fresh) -> list[Diagnostic]:
    """Markup in any text value that is neither prose nor a verbatim quote.

    ``memo`` keeps each card's result across a session's runs (it reads the card alone; the schemas are
    the session's own)."""
    problems = []
    for card in kb.cards:
        problems.extend(memo("plain-text", card, (), lambda card=card: _plain_text(card, schemas)))
    return problems


def _plain_text(card: Card, schemas: Schemas) -> list[Diagnostic]:
    problems = []
    skip = {item.path for item in schemas.annotated(card)}
    for path, text in _strings(card.data, ()):
        if path in skip or tuple(p for p in path if isinstance(p, str))[-2:] in _VERBATIM:
            continue
        found = MARKUP.search(text)
        if found and not _strictly_checked(schemas, card.kind, path):
            problems.append(_markup(card, path, text, found))
    return problems


def _strictly_checked(schemas: Schemas, kind: str, path: Path) -> bool:
    """A value the schema already holds to a pattern (a URL, a DOI) or a list of choices reports there."""
    schema = schemas.subschema(kind, path)[0]
    nonblank = schemas.documents["defs.schema.json"]["$defs"]["text"]["pattern"]  # "not blank": no format
    return "enum" in schema or schema.get("pattern", nonblank) != nonblank


def _markup(card: Card, path: Path, text: str, found: re.Match) -> Diagnostic:
    shown = found.group(0) if len(found.group(0)) <= 40 else found.group(0)[:40] + "…"
    return error(card.path, card.located.offset_pos(path, text, found.start()), "text.markup",
                 f"'{dotted(path)}' is plain text but contains markup {shown!r}; the site would show it literally",
                 "remove the tag and keep the words (a '<' on its own, as in 'p < 0.05', is fine)")


def _strings(value: object, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, path + (i,))
