"""Documentation generated from the single sources: the card schemas and the command line.

``python -m kbgen.docgen README.md`` rewrites the README's generated sections; a test
fails when they drift. The site gets the card reference as a generated page too (so this
module is on the rendering path: it reads the schemas, and imports the command line only
to describe it).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .kinds import NAMES as KINDS
from .schema import SCHEMA_FILES, Schemas

_TYPE_WORDS = {"string": "text", "integer": "number", "array": "list", "object": "mapping", "boolean": "true/false"}


def _type_of(schema: dict) -> str:
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    if schema.get("x-kbgen-ref"):
        return f"id of a {schema['x-kbgen-ref'].replace('citable', 'citation or study')}"
    if schema.get("contentMediaType") == "text/markdown":
        return "Markdown"
    kinds = schema.get("type", "")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return " or ".join(_TYPE_WORDS.get(k, k) for k in kinds if k) or "value"


def _rows(schemas: Schemas, kind: str, path: tuple = (), depth: int = 0) -> list[str]:
    schema, resolver = schemas.subschema(kind, path)
    required = set(schemas.required(schema, resolver))
    rows = []
    for name in schemas.properties(schema, resolver):
        if name == "$schema":
            continue
        sub, sub_resolver = schemas.subschema(kind, path + (name,))
        shown = ".".join(str(p) for p in path + (name,) if p != 0)
        item_note = ""
        if sub.get("type") == "array" and "items" in sub:
            item, _ = schemas.resolve(sub["items"], sub_resolver)
            item_note = f" of {_type_of(item)}" if item.get("type") != "object" else " of mappings"
        desc = " ".join(str(sub.get("description", "")).split()).replace("|", "\\|")
        rows.append(f"| `{shown}` | {'yes' if name in required else ''} | {_type_of(sub)}{item_note} | {desc} |")
        if depth < 3:
            if sub.get("type") == "object" or "properties" in sub:
                rows += _rows(schemas, kind, path + (name,), depth + 1)
            elif sub.get("type") == "array":
                item, _ = schemas.resolve(sub.get("items", {}), sub_resolver)
                if item.get("type") == "object":
                    rows += _rows(schemas, kind, path + (name, 0), depth + 1)
    return rows


def card_reference(heading_level: int = 3) -> str:
    """Every card field, kind by kind, from the JSON Schemas."""
    schemas = Schemas()
    out = []
    for kind in KINDS:
        doc = schemas.documents[SCHEMA_FILES[kind]]
        out += [f"{'#' * heading_level} {doc['title']} (`evidence/{kind}/<id>.yaml`)", "",
                " ".join(doc.get("description", "").split()), "",
                "| Field | Required | Type | Description |", "|---|---|---|---|", *_rows(schemas, kind), ""]
    return "\n".join(out)


def cli_reference(heading_level: int = 3) -> str:
    """Every ``kbgen`` command with its options, from the click definitions."""
    import click

    from .cli import main

    out = []
    # A fixed width keeps the generated text the same on every terminal.
    ctx = click.Context(main, info_name="kbgen", terminal_width=100, max_content_width=100)
    for name in sorted(main.list_commands(ctx)):
        command = main.get_command(ctx, name)
        sub = click.Context(command, info_name=name, parent=ctx, terminal_width=100, max_content_width=100)
        out += [f"{'#' * heading_level} `kbgen {name}`", "", "```text", command.get_help(sub).strip(), "```", ""]
    return "\n".join(out)


_SECTIONS = {"card-reference": card_reference, "cli-reference": cli_reference}


def update_readme(text: str) -> str:
    """``text`` with each ``<!-- name:start -->…<!-- name:end -->`` section regenerated."""
    for name, make in _SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        text = pattern.sub(lambda m, make=make: m.group(1) + "\n" + make() + "\n" + m.group(2), text)
    return text


if __name__ == "__main__":  # python -m kbgen.docgen README.md
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    target.write_text(update_readme(target.read_text(encoding="utf-8")), encoding="utf-8")
