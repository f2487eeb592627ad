"""Typed card views: the values valid cards hold, safe defaults for cards that break the schema, and a
site rendered from cards whose every field has the wrong type (the check bypassed) without a crash."""

from __future__ import annotations

import copy
import json
import shutil
import types
import typing
from pathlib import Path

import pytest
from hostile_site import IDS, hostile_cards

from kbgen import views
from kbgen.checker import check
from kbgen.loader import load_evidence
from kbgen.model import Card
from kbgen.render import render_site
from kbgen.render.context import page_of
from kbgen.yamlsafe import Located

FIXTURE = Path(__file__).parent / "fixtures" / "kb"

#: The view of each kind of card.
CARD_VIEWS = {"finding": views.FindingView, "account": views.AccountView, "study": views.StudyView,
              "citation": views.CitationView, "theme": views.ThemeView, "term": views.TermView}


def _card(kind: str, data: object) -> Card:
    return Card(kind, "x", f"{kind}/x.yaml", Located(data))


def _properties(cls: type) -> dict[str, object]:
    """Each public property of a view class and its declared return type."""
    found = {}
    for klass in reversed(cls.__mro__):
        for name, member in vars(klass).items():
            if isinstance(member, property) and not name.startswith("_"):
                found[name] = typing.get_type_hints(member.fget)["return"]
    return found


def _check_value(value: object, declared: object, where: str) -> int:
    """Assert ``value`` has its declared type, descending into views; returns how many values were read."""
    origin = typing.get_origin(declared)
    if origin in (typing.Union, types.UnionType):
        assert any(_matches(value, option) for option in typing.get_args(declared)), f"{where}: {value!r}"
    elif origin is list:
        (item_type,) = typing.get_args(declared)
        assert isinstance(value, list), f"{where}: {value!r}"
        return 1 + sum(_check_value(item, item_type, f"{where}[{i}]") for i, item in enumerate(value))
    else:
        assert isinstance(value, declared), f"{where}: {value!r}"  # type: ignore[arg-type]
    if isinstance(value, views.Fields):
        return 1 + _read_all(value, where)
    return 1


def _matches(value: object, option: object) -> bool:
    if option is type(None):
        return value is None
    if typing.get_origin(option) is list:
        return isinstance(value, list) and all(isinstance(v, typing.get_args(option)[0]) for v in value)
    return isinstance(value, option)  # type: ignore[arg-type]


def _read_all(view: views.Fields, where: str) -> int:
    """Read every property of ``view`` (and of the views it leads to), checking each one's type."""
    read = 0
    for name, declared in _properties(type(view)).items():
        read += _check_value(getattr(view, name), declared, f"{where}.{name}")
    if isinstance(view, views.CerqualView):
        read += _check_value(view.component("coherence"), views.ComponentView, f"{where}.component")
    if isinstance(view, views.ReferenceView):
        for name in ("title", "author", "year", "volume", "nope"):
            value = view.value(name)
            assert value is None or isinstance(value, str) or all(isinstance(v, str) for v in value), value
    return read


#: Values of every wrong type a YAML card can hold.
WRONG = [None, 7, 2.5, True, "text", ["a", 1, {"b": 2}], {"a": [1]}, []]


@pytest.mark.parametrize("kind", sorted(CARD_VIEWS))
@pytest.mark.parametrize("wrong", WRONG, ids=repr)
def test_every_field_of_the_wrong_type_reads_as_a_safe_default(kind: str, wrong: object) -> None:
    """Every top-level field, and every field of every nested mapping, replaced by one wrong value."""
    good = hostile_cards()[kind]
    for data in (wrong, {name: wrong for name in good}, _replace_leaves(good, wrong)):
        view = CARD_VIEWS[kind](_card(kind, data))
        assert _read_all(view, kind) > 5


def _replace_leaves(value: object, wrong: object) -> object:
    if isinstance(value, dict):
        return {k: _replace_leaves(v, wrong) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_leaves(v, wrong) for v in value]
    return wrong


def test_views_read_the_fixture_cards_as_written() -> None:
    kb, problems = load_evidence(FIXTURE / "evidence")
    assert not problems
    finding = views.FindingView(kb.get("sample-trust-safe-to-admit"))
    data = kb.get("sample-trust-safe-to-admit").data
    assert finding.statement == data["statement"] and finding.study_id == data["study"]
    assert finding.themes == data["themes"] and finding.evidence_type == data["evidence_type"]
    assert [q.text for q in finding.quotes] == [q["text"] for q in data["quotes"]]
    assert [q.locator.section for q in finding.quotes] == [q["locator"].get("section") for q in data["quotes"]]
    study = views.StudyView(kb.get("sample-2020"))
    reference = kb.get("sample-2020").data["reference"]
    assert study.reference.title == reference["title"] and study.reference.author == reference["author"]
    assert study.reference.year == str(reference["year"])
    theme = views.ThemeView(kb.get("trust"))
    assert [kf.id for kf in theme.key_findings] == [kf["id"] for kf in kb.get("trust").data.get("key_findings", [])]


def test_a_number_field_reads_as_text_and_an_empty_one_as_none() -> None:
    locator = views.LocatorView({"section": "Findings", "page": 12})
    assert (locator.section, locator.part, locator.page) == ("Findings", None, "12")
    assert views.LocatorView({"page": ""}).page is None
    assert views.CountView({"n": "6-10", "what": 3}).n == "6-10" and views.CountView({"what": 3}).what is None
    assert views.ReferenceView({"author": ["A, B.", 4], "editor": []}).value("author") == ["A, B."]
    assert views.ReferenceView({"editor": []}).value("editor") is None
    assert views.ThemeView(_card("theme", {"featured": "yes"})).featured is False
    kfs = views.ThemeView(_card("theme", {"key_findings": [{"id": 1}, "x", {"id": "kf"}]})).key_findings
    assert [kf.id for kf in kfs] == ["kf"]


def _mistyped(value: object, depth: int = 0) -> object:
    """Each value turned into another type: text into a list, a list into a mapping, a mapping into text."""
    if isinstance(value, dict):
        return {k: _mistyped(v, depth + 1) for k, v in value.items()} if depth == 0 else "not a mapping"
    if isinstance(value, list):
        return {"not": "a list"}
    if isinstance(value, str):
        return [value, 3]
    return "not a flag"


@pytest.mark.parametrize("variant", ["fields", "items"])
def test_the_site_renders_cards_of_every_wrong_shape_without_a_crash(tmp_path: Path, variant: str) -> None:
    """The check bypassed, as the hostile browser test does: every page still renders."""
    project = tmp_path / "kb"
    shutil.copytree(FIXTURE, project)
    for kind, card in hostile_cards().items():
        data = _mistyped(card) if variant == "fields" else {k: ([copy.deepcopy(v), 9, None] if isinstance(v, list) else
                                                              [v] if isinstance(v, dict) else v)
                                                             for k, v in card.items()}
        data["id"] = card["id"]
        (project / "evidence" / kind).mkdir(exist_ok=True)
        (project / "evidence" / kind / f"{card['id']}.yaml").write_text(json.dumps(data), encoding="utf-8")
    result = check(project / "evidence")
    assert result.diagnostics, "the cards break the schema"
    result.diagnostics = []
    files = render_site(result)
    for kind, card_id in IDS.items():
        card = result.kb.get(card_id)
        assert card is not None and card.kind == kind
        assert page_of(card).partition("#")[0] in files
