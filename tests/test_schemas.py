"""The schemas are the single source of field rules: every field is described, and they are valid JSON Schema."""

import json

import jsonschema

from kbgen.schema import Schemas, read_schema_texts


def _walk(node, path=""):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{path}.{name}", sub
            yield from _walk(sub, f"{path}.{name}")
        for key in ("items", "$defs"):
            if isinstance(node.get(key), dict):
                subs = node[key].items() if key == "$defs" else [("[]", node[key])]
                for name, sub in subs:
                    yield from _walk(sub, f"{path}.{name}")


def test_every_field_has_a_description():
    for name, text in read_schema_texts().items():
        for path, sub in _walk(json.loads(text)):
            described = "description" in sub or ("$ref" in sub and sub["$ref"].startswith(("defs.schema.json", "#/$defs/")))
            assert described, f"{name}{path} has no description"


def test_schemas_are_valid_draft_2020_12():
    for text in read_schema_texts().values():
        jsonschema.Draft202012Validator.check_schema(json.loads(text))


def test_annotations_find_references_and_prose():
    from kbgen.model import Card
    from kbgen.yamlsafe import load

    located, _ = load("id: f\nstatement: S [@k]\nstudy: s\nthemes: [t]\nevidence_type: data\n"
                      "quotes: [{text: q, locator: {section: A}}]\ncites: [k]\n", "f.yaml")
    found = {(item.path, item.ref_kind, item.is_prose) for item in Schemas().annotated(Card("finding", "f", "f", located))}
    assert (("statement",), None, True) in found
    assert (("study",), "study", False) in found
    assert (("themes", 0), "theme", False) in found
    assert (("cites", 0), "citable", False) in found
