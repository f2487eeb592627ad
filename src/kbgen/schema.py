"""The card schemas: loading them, validating cards, and walking their annotations.

The JSON Schemas in ``kbgen/schemas/`` are the single source of field rules. Besides
standard keywords they carry two annotations kbgen reads:

* ``"x-kbgen-ref": "<kind>"`` marks a value that must name a card of that kind
  (``citable`` accepts a citation or a study);
* ``"contentMediaType": "text/markdown"`` marks prose, checked for citations, links and HTML.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import NamedTuple

import jsonschema_rs
import referencing
from referencing._core import Resolver  # public type, exported only from _core
from referencing.jsonschema import DRAFT202012

from . import kinds
from .errors import Diagnostic, error
from .kinds import NAMES as KINDS
from .model import Card, dotted
from .yamlsafe import Path

#: Schema file of each kind, and of the definitions they share.
SCHEMA_FILES = {kind.name: kind.schema_file for kind in kinds.ALL} | {"defs": "defs.schema.json"}

#: Version of the card format, part of every schema's ``$id``. Bump it (and say why in CHANGELOG.md)
#: when a card that was valid becomes invalid.
SCHEMA_VERSION = "v1"
#: Where the shipped schemas say they live (``$id``): an identifier, resolved offline from the package.
#: A site with ``site_url`` publishes them at ``<site_url>/schemas/v1/`` under that address instead.
SCHEMA_BASE = f"https://kbgen.example/schemas/{SCHEMA_VERSION}/"


def read_schema_texts() -> dict[str, str]:
    """The shipped schema files' text, keyed by file name."""
    folder = resources.files("kbgen") / "schemas"
    return {name: (folder / name).read_text(encoding="utf-8") for name in SCHEMA_FILES.values()}


def schema_base(site_url: str | None) -> str:
    """The folder address the schemas are published at: under ``site_url``, else their own ``$id``s'."""
    return f"{site_url.rstrip('/')}/schemas/{SCHEMA_VERSION}/" if site_url else SCHEMA_BASE


def published_schema_texts(base: str = SCHEMA_BASE) -> dict[str, str]:
    """The schemas as published at ``base``: the shipped files with ``$id`` set to their address there.

    Every ``$ref`` between them is relative, so it resolves against that ``$id`` wherever the set
    is published, and offline through a registry keyed by ``$id``. Nothing but ``$id`` changes.
    """
    texts = read_schema_texts()
    if base == SCHEMA_BASE:
        return texts
    published = {}
    for name, text in texts.items():
        doc = json.loads(text)
        doc["$id"] = base + name
        published[name] = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return published


def schema_registry(texts: dict[str, str]) -> referencing.Registry:
    """A registry holding ``texts`` (schema file texts) keyed by their ``$id``, and nothing else."""
    resources_ = (DRAFT202012.create_resource(json.loads(text)) for text in texts.values())
    return referencing.Registry().with_resources((resource.id(), resource) for resource in resources_)


class Annotated(NamedTuple):
    """A value in a card that the schema annotates: a reference or a prose field.

    (A named tuple: every card has dozens, made on every check.)"""

    path: Path
    value: object
    ref_kind: str | None
    is_prose: bool


@dataclass
class _Plan:
    """Where annotated values can sit under one schema: the schema walk, compiled once per kind."""

    ref_kind: str | None = None
    is_prose: bool = False
    parts: list[_Plan] = field(default_factory=list)
    properties: dict[str, _Plan] = field(default_factory=dict)
    items: _Plan | None = None


#: Keywords that only describe: a ``$ref`` with nothing but these beside it can be replaced by its target.
_DESCRIBING = {"description", "title", "$comment", "examples", "default"}
#: Keywords whose values are data, not schemas.
_DATA = {"enum", "const", "required", "examples", "default", "description", "title", "$comment", "pattern",
         "contentMediaType", "type", "$schema"}


class Schemas:
    """All card schemas, ready to validate and walk. Build once per run.

    Each kind's schema is compiled once: with its ``$ref``s resolved into one self-contained
    schema for jsonschema-rs (valid cards, nearly all of them, never reach Python's
    jsonschema), and into a walk plan for :meth:`annotated`. Python's jsonschema only
    describes the problems of a card the compiled validator rejects.
    """

    def __init__(self) -> None:
        texts = read_schema_texts()
        self.documents = {name: json.loads(text) for name, text in texts.items()}
        self.registry = schema_registry(texts)
        self._compiled = {kind: jsonschema_rs.Draft202012Validator(self.self_contained(kind)) for kind in KINDS}
        self._plans = {kind: self._plan(*self.root(kind), 0) for kind in KINDS}
        self._describers: dict[str, object] = {}
        # Walks and validations already done, by card (the card is kept so that its id() stays its own).
        self._walked: dict[int, tuple[Card, list[Annotated]]] = {}
        self._validated: dict[int, tuple[Card, list[Diagnostic]]] = {}

    @property
    def validators(self) -> dict[str, object]:
        """Python jsonschema validators per kind (imported and built on first use: only for invalid cards)."""
        if not self._describers:
            import jsonschema

            self._describers = {
                kind: jsonschema.Draft202012Validator(self.documents[SCHEMA_FILES[kind]], registry=self.registry)
                for kind in KINDS
            }
        return self._describers

    def self_contained(self, kind: str) -> dict:
        """A kind's schema with every ``$ref`` replaced by what it points to."""
        schema = self._inline(*self.root(kind), 0)
        schema.pop("$id", None)
        return schema

    def _inline(self, schema: object, resolver: Resolver, depth: int) -> object:
        if depth > 64:
            raise ValueError("the card schemas refer to themselves in a loop")
        if isinstance(schema, list):
            return [self._inline(item, resolver, depth + 1) for item in schema]
        if not isinstance(schema, dict):
            return schema
        out = {}
        for key, value in schema.items():
            if key in ("$ref", "$defs", "$id"):
                continue
            if key in ("properties", "patternProperties", "dependentSchemas"):
                out[key] = {name: self._inline(sub, resolver, depth + 1) for name, sub in value.items()}
            else:
                out[key] = value if key in _DATA else self._inline(value, resolver, depth + 1)
        if "$ref" not in schema:
            return out
        resolved = resolver.lookup(schema["$ref"])
        target = self._inline(resolved.contents, resolved.resolver, depth + 1)
        if all(key in _DESCRIBING or key.startswith("x-") for key in out):
            return {**target, **out}  # the referring schema's own description wins, as in resolve()
        return {**out, "allOf": [target, *out.get("allOf", [])]}

    def resolve(self, schema: dict, resolver: Resolver) -> tuple[dict, Resolver]:
        """Follow ``$ref`` (keeping the referring schema's own description)."""
        while "$ref" in schema:
            resolved = resolver.lookup(schema["$ref"])
            own = {k: v for k, v in schema.items() if k != "$ref"}
            schema, resolver = {**resolved.contents, **own}, resolved.resolver
        return schema, resolver

    def root(self, kind: str) -> tuple[dict, Resolver]:
        """A kind's top schema and its resolver."""
        document = self.documents[SCHEMA_FILES[kind]]
        return document, self.registry.resolver(base_uri=document["$id"])

    def properties(self, schema: dict, resolver: Resolver) -> dict[str, dict]:
        """Properties a mapping schema allows, including those brought in by ``allOf``."""
        schema, resolver = self.resolve(schema, resolver)
        props = dict(schema.get("properties", {}))
        for part in schema.get("allOf", []):
            props.update(self.properties(part, resolver))
        return props

    def required(self, schema: dict, resolver: Resolver) -> list[str]:
        """Fields a mapping must have, including those its ``allOf`` parts require.

        A rule of the form "if not <waiver> then required" (such as a title unless the card says
        it is incomplete) counts as required: it is what a new card should ask for.
        """
        schema, resolver = self.resolve(schema, resolver)
        names = list(schema.get("required", []))
        for part in schema.get("allOf", []):
            part, part_resolver = self.resolve(part, resolver)
            if "if" in part and "properties" not in part["if"]:
                names += part.get("then", {}).get("required", [])
            elif "if" not in part:
                names += self.required(part, part_resolver)
        return list(dict.fromkeys(names))

    def validate(self, card: Card) -> list[Diagnostic]:
        """Schema problems of one card, each located at the offending key or value (worked out once per card)."""
        done = self._validated.get(id(card))
        if done is None or done[0] is not card:
            done = self._validated[id(card)] = (card, self._validate(card))
        return list(done[1])

    def _validate(self, card: Card) -> list[Diagnostic]:
        try:
            if self._compiled[card.kind].is_valid(card.data):
                return []
        except (ValueError, OverflowError):
            pass  # a value the compiled validator cannot take: Python's jsonschema judges it below
        validator = self.validators[card.kind]
        errors = list(validator.iter_errors(card.data))
        problems = {p for err in errors for p in _describe(card, err, self)}
        if errors and not problems:  # never pass a card the published schema rejects
            from jsonschema.exceptions import best_match

            first = best_match(errors)
            problems.add(error(card.path, card.pos(*first.absolute_path), f"schema.{first.validator}",
                               f"'{dotted(tuple(first.absolute_path))}': {first.message}"))
        return sorted(problems)

    def annotated(self, card: Card) -> list[Annotated]:
        """Every reference and prose value in ``card``, with its path (walked once per card)."""
        done = self._walked.get(id(card))
        if done is not None and done[0] is card:
            return done[1]
        found: list[Annotated] = []
        _walk(self._plans[card.kind], card.data, (), found)
        self._walked[id(card)] = (card, found)
        return found

    def _plan(self, schema: dict, resolver: Resolver, depth: int) -> _Plan | None:
        """The walk plan of ``schema``, or None when nothing under it is annotated."""
        if depth > 64:
            raise ValueError("the card schemas refer to themselves in a loop")
        schema, resolver = self.resolve(schema, resolver)
        plan = _Plan(schema.get("x-kbgen-ref"), schema.get("contentMediaType") == "text/markdown")
        plan.parts = [p for p in (self._plan(part, resolver, depth + 1) for part in schema.get("allOf", [])) if p]
        for name, sub in schema.get("properties", {}).items():
            sub_plan = self._plan(sub, resolver, depth + 1)
            if sub_plan is not None:
                plan.properties[name] = sub_plan
        if isinstance(schema.get("items"), dict):
            plan.items = self._plan(schema["items"], resolver, depth + 1)
        useful = plan.ref_kind or plan.is_prose or plan.parts or plan.properties or plan.items
        return plan if useful else None

    def subschema(self, kind: str, path: Path) -> tuple[dict, Resolver]:
        """The resolved schema (and its resolver) governing the value at ``path`` in a card of ``kind``."""
        schema, resolver = self.root(kind)
        for part in path:
            schema, resolver = self.resolve(schema, resolver)
            if isinstance(part, int):
                schema = schema.get("items", {})
            else:
                schema, resolver = self._property(schema, resolver, part)
        return self.resolve(schema, resolver)

    def _property(self, schema: dict, resolver, name: str) -> tuple[dict, Resolver]:
        """The schema of property ``name`` (searching ``allOf`` parts), with the resolver it lives under."""
        if name in schema.get("properties", {}):
            return schema["properties"][name], resolver
        for part in schema.get("allOf", []):
            found, found_resolver = self._property(*self.resolve(part, resolver), name)
            if found:
                return found, found_resolver
        return {}, resolver


def _walk(plan: _Plan, value: object, path: Path, found: list[Annotated]) -> None:
    """Collect the annotated values under ``value``, visiting only where the plan says some can be."""
    for part in plan.parts:
        _walk(part, value, path, found)
    if (plan.ref_kind or plan.is_prose) and isinstance(value, str):
        found.append(Annotated(path, value, plan.ref_kind, plan.is_prose))
    if isinstance(value, dict) and plan.properties:
        for key, item in value.items():
            sub = plan.properties.get(key)
            if sub is not None:
                _walk(sub, item, path + (key,), found)
    elif isinstance(value, list) and plan.items is not None:
        for i, item in enumerate(value):
            _walk(plan.items, item, path + (i,), found)


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "array": "a list", "object": "a mapping of fields",
               "boolean": "true or false", "number": "a number", "null": "empty"}


def _describe(card: Card, err, schemas: Schemas) -> list[Diagnostic]:
    """Turn one jsonschema error into located, plain-language diagnostics."""
    if err.validator in ("additionalProperties", "unevaluatedProperties"):
        return _unknown_fields(card, tuple(err.absolute_path), schemas)
    return [_describe_one(card, err, schemas)]


def _describe_one(card: Card, err, schemas: Schemas) -> Diagnostic:
    path: Path = tuple(err.absolute_path)
    field = dotted(path)
    check = err.validator
    if check == "required":
        name = err.message.split("'")[1]
        desc = schemas.subschema(card.kind, path + (name,))[0].get("description", "")
        why = err.schema.get("x-kbgen-why") if isinstance(err.schema, dict) else None
        if why:  # a rule that depends on the entry type, waived by `incomplete:`
            return error(card.path, card.pos(*path), "citation.missing-field",
                         f"missing '{name}'" + (f" in {field}" if path else "") + f": {why}",
                         f"add `{name}:`, or, if the source does not give it, say so in `incomplete:`")
        return error(card.path, card.pos(*path), "schema.required", f"missing required field '{name}'"
                     + (f" in {field}" if path else ""), f"add `{name}:` — {desc}" if desc else f"add `{name}:`")
    # The field's own description (a $ref'd building block only describes itself generically).
    desc = schemas.subschema(card.kind, path)[0].get("description", "") if path else ""
    if not desc and isinstance(err.schema, dict):
        desc = err.schema.get("description", "")
    pos = card.pos(*path)
    if check in ("type", "enum") and err.instance is None:
        return error(card.path, pos, "schema.unfilled", f"'{field}' is empty: fill it in", desc)
    if check == "type":
        wanted = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in wanted)
        if "array" in wanted and isinstance(err.instance, str) and err.instance.startswith("-"):
            desc = f"a list item needs a space after the dash: '- {err.instance[1:].strip()}'"
        return error(card.path, pos, "schema.type", f"'{field}' must be {words}", desc)
    if check == "enum":
        choices = ", ".join(f"'{c}'" for c in err.validator_value)
        close = difflib.get_close_matches(str(err.instance), [str(c) for c in err.validator_value], n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return error(card.path, pos, "schema.enum", f"'{field}' is {err.instance!r}, not one of {choices}",
                     hint + desc)
    if check == "minLength" and err.validator_value > 1 and isinstance(err.instance, str) and err.instance.strip():
        return error(card.path, pos, "schema.too-short", f"'{field}' is too short ({len(err.instance)} characters; "
                     f"at least {err.validator_value})", desc)
    if check in ("minLength", "minItems") or (check == "pattern" and isinstance(err.instance, str)
                                              and not err.instance.strip()):
        spaces = " (or only spaces)" if isinstance(err.instance, str) else ""
        return error(card.path, pos, "schema.empty", f"'{field}' must not be empty{spaces}", desc)
    if check == "uniqueItems":
        return error(card.path, pos, "schema.duplicate-item", f"'{field}' lists the same item twice",
                     "remove the repeated item")
    if check == "pattern":
        return error(card.path, pos, "schema.format", f"'{field}' has an invalid value {err.instance!r}", desc)
    return error(card.path, pos, f"schema.{check}", f"'{field}': {err.message}", desc)


def _unknown_fields(card: Card, path: Path, schemas: Schemas) -> list[Diagnostic]:
    """One diagnostic per unknown key in the mapping at ``path``, each with a did-you-mean."""
    allowed = schemas.properties(*schemas.subschema(card.kind, path))
    value = card.data
    for part in path:
        value = value[part]  # type: ignore[index]
    where = f" in {dotted(path)}" if path else ""
    problems = []
    # Keys that are allowed never appear here, even when a failed sibling subschema made them "unevaluated".
    for key in (k for k in value if k not in allowed):  # type: ignore[union-attr]
        close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed fields here: {', '.join(sorted(allowed))}"
        problems.append(error(card.path, card.key_pos(*path, key), "schema.unknown-field",
                              f"unknown field '{key}'{where}", hint))
    return problems
