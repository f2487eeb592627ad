"""Card ids: format, agreement with the file name, uniqueness across all cards."""

from __future__ import annotations

import re
from pathlib import PurePath

from ..errors import Diagnostic, error
from ..model import KnowledgeBase, slug

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def check_ids(kb: KnowledgeBase) -> list[Diagnostic]:
    """Every card's id is a slug equal to its file name, and no two cards share an id."""
    problems = []
    first_seen: dict[str, str] = {}
    for card in kb.cards:
        raw = card.get("id")
        stem = PurePath(card.path).stem
        if not isinstance(raw, str):
            continue  # the schema reports a missing or non-text id
        if not _SLUG.match(raw):
            suggestion = slug(raw)
            problems.append(error(card.path, card.pos("id"), "id.format", f"id '{raw}' is not a lowercase slug",
                                  f"use lowercase letters, digits and single hyphens, e.g. '{suggestion}'"))
        elif raw != stem:
            problems.append(error(card.path, card.pos("id"), "id.file-name",
                                  f"id '{raw}' does not match the file name '{stem}.yaml'",
                                  f"rename the file to {raw}.yaml or set `id: {stem}`"))
        if raw in first_seen:
            problems.append(error(card.path, card.pos("id"), "id.duplicate",
                                  f"id '{raw}' is already used by {first_seen[raw]}",
                                  "ids are unique across all cards; choose another"))
        else:
            first_seen[raw] = card.path
    return problems
