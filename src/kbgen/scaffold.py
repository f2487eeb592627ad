"""``kbgen new`` and ``kbgen schema``: commented card templates and the editor schemas.

Templates are generated from the JSON Schemas, so they always list exactly the fields
``kbgen check`` expects, each explained by its schema description.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

from .errors import KbgenError
from .schema import SCHEMA_FILES, Schemas, published_schema_texts, schema_base

_WRAP = 96


def schema_address(kind: str, card_path: Path, site_url: str | None) -> str:
    """Where an editor finds the kind's schema: the published site, else the schema file kbgen ships."""
    if site_url:
        return f"{schema_base(site_url)}{SCHEMA_FILES[kind]}"
    shipped = Path(__file__).parent / "schemas" / SCHEMA_FILES[kind]
    return Path(os.path.relpath(shipped.resolve(), card_path.parent.resolve())).as_posix()


def _comment(text: str, indent: str) -> list[str]:
    words = " ".join(str(text).split())
    return [f"{indent}# {line}" for line in textwrap.wrap(words, _WRAP - len(indent) - 2)] if words else []


def _lines(schemas: Schemas, kind: str, path: tuple, values: dict, indent: str, optional_too: bool) -> list[str]:
    schema, resolver = schemas.subschema(kind, path)
    required = schemas.required(schema, resolver)
    out = []
    for name in schemas.properties(schema, resolver):
        if name == "$schema" or (name not in required and not optional_too):
            continue
        sub, sub_resolver = schemas.subschema(kind, path + (name,))
        desc = sub.get("description", "")
        if "enum" in sub:
            desc += " One of: " + ", ".join(str(v) for v in sub["enum"]) + "."
        out += _comment(desc, indent)
        if name not in required and not (name in values and not path):
            out.append(f"{indent}# {name}:")
            continue
        out += _field(schemas, kind, path + (name,), name, sub, sub_resolver, values, indent)
    return out


def _field(schemas, kind, path, name, sub, resolver, values, indent) -> list[str]:
    if name in values and len(path) == 1:
        return [f"{indent}{name}: {json.dumps(values[name], ensure_ascii=False)}"]
    if sub.get("type") == "object" or "properties" in sub:
        return [f"{indent}{name}:"] + _lines(schemas, kind, path, values, indent + "  ", False)
    items = schemas.resolve(sub.get("items", {}), resolver)[0] if sub.get("type") == "array" else None
    if items is not None and (items.get("type") == "object" or "properties" in items):
        inner = _lines(schemas, kind, path + (0,), values, indent + "    ", False)
        first = inner[0].lstrip() if inner else ""
        return [f"{indent}{name}:", f"{indent}  - {first}"] + inner[1:]
    if items is not None:
        return [f"{indent}{name}: []"]
    return [f"{indent}{name}:"]


def card_template(kind: str, card_id: str, values: dict, schema_line: str) -> str:
    """A commented card: required fields laid out (empty unless given), optional ones commented out."""
    schemas = Schemas()
    doc = schemas.documents[SCHEMA_FILES[kind]]
    head = [f"# yaml-language-server: $schema={schema_line}",
            *_comment(f"{doc['title']}: {doc.get('description', '')}", ""),
            "# Fill in every empty field, then run `kbgen check`. Lines starting with # are optional fields.", ""]
    body = _lines(schemas, kind, (), {"id": card_id, **values}, "", True)
    return "\n".join(head + body) + "\n"


def write_card(evidence: Path, kind: str, card_id: str, values: dict, site_url: str | None) -> Path:
    """Write a new card; refuses to overwrite any file."""
    target = evidence / kind / f"{card_id}.yaml"
    if target.exists():
        raise KbgenError(f"{target} already exists; kbgen new never overwrites a card")
    target.parent.mkdir(parents=True, exist_ok=True)
    text = card_template(kind, card_id, values, schema_address(kind, target, site_url))
    with open(target, "x", encoding="utf-8") as handle:  # "x": fail rather than overwrite, even in a race
        handle.write(text)
    return target


def write_schemas(out: Path, site_url: str | None = None) -> list[Path]:
    """Write every card schema (and their shared definitions) into ``out``, as the site publishes them."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in published_schema_texts(schema_base(site_url)).items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return written
