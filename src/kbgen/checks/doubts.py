"""Doubtful bibliographic values: each names a field of the card's record that holds the printed value."""

from __future__ import annotations

import jsonschema

from .. import kinds
from ..citations import record_prefix
from ..errors import Diagnostic, error
from ..model import Card, KnowledgeBase
from ..schema import Schemas


def check_doubts(kb: KnowledgeBase, schemas: Schemas) -> list[Diagnostic]:
    """A ``doubtful`` item must point at a bibliographic field holding its ``printed`` value, and its
    ``probable`` value must be valid for that field and differ from the printed one."""
    problems: list[Diagnostic] = []
    for card in kb.cards:
        if card.kind not in kinds.CITABLE_NAMES:
            continue
        for i, item in enumerate(card.items("doubtful")):
            if isinstance(item, dict) and isinstance(item.get("field"), str):
                problems.extend(_check_item(card, i, item, schemas))
    return problems


def _check_item(card: Card, i: int, item: dict, schemas: Schemas) -> list[Diagnostic]:
    field = item["field"]
    prefix = record_prefix(card)
    path = tuple(field.split("."))
    value = _value_at(card.data, path)
    if not field.startswith(prefix) or value is None or isinstance(value, (dict, list)) or field in _NOT_BIBLIOGRAPHIC:
        where = "`reference.<field>`" if prefix else "a top-level field such as `doi` or `title`"
        return [error(card.path, card.pos("doubtful", i, "field"), "doubt.field",
                      f"doubtful field '{field}' is not a bibliographic value of this card",
                      f"name the field holding the doubtful value, as {where}")]
    printed = item.get("printed")
    if _same(value, printed) is False:
        return [error(card.path, card.pos("doubtful", i, "printed"), "doubt.printed",
                      f"`{field}` holds {value!r}, not the printed value {printed!r}",
                      f"keep the value as the source prints it in `{field}`, and the corrected one in `probable:`")]
    probable = item.get("probable")
    if probable is None:
        return []
    if _same(value, probable):
        return [error(card.path, card.pos("doubtful", i, "probable"), "doubt.probable",
                      "the probable value is the printed value", "give the value the source probably meant, "
                      "or leave `probable:` out when it cannot be told")]
    schema, _ = schemas.subschema(card.kind, path)
    validator = jsonschema.Draft202012Validator(schema, registry=schemas.registry)
    for err in validator.iter_errors(probable):
        detail = "" if err.validator == "pattern" else f" ({err.message})"  # the field's description says the form
        return [error(card.path, card.pos("doubtful", i, "probable"), "doubt.probable",
                      f"the probable value {probable!r} is not a valid `{field}`{detail}",
                      schema.get("description", ""))]
    return []


#: Card fields that are not values a source prints.
_NOT_BIBLIOGRAPHIC = {"id", "type", "incomplete", "$schema"}


def _value_at(data: object, path: tuple[str, ...]) -> object:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _same(value: object, other: object) -> bool | None:
    """Whether two printed values agree, ignoring spacing (None when ``other`` is missing or not a value)."""
    if other is None or isinstance(other, (dict, list)):
        return None
    return " ".join(str(value).split()) == " ".join(str(other).split())
