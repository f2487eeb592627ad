"""The registry of card kinds: every entry has its schema, its folder and, if it has pages, a renderer."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest

from kbgen import kinds, model
from kbgen.checker import check
from kbgen.loader import load_evidence
from kbgen.render import render_site
from kbgen.render.context import page_of
from kbgen.render.site import _CARD_PAGES
from kbgen.schema import SCHEMA_FILES, Schemas

FIXTURE = Path(__file__).parent / "fixtures" / "kb"

TERM = "id: sip\nterm: SIP\nexpansion: school improvement partner\n"


@pytest.mark.parametrize("kind", kinds.ALL, ids=kinds.NAMES)
def test_every_kind_ships_its_schema(kind: kinds.Kind) -> None:
    shipped = resources.files("kbgen") / "schemas" / kind.schema_file
    assert shipped.is_file(), kind.schema_file
    assert SCHEMA_FILES[kind.name] == kind.schema_file
    assert json.loads(shipped.read_text(encoding="utf-8"))["$id"].endswith("/" + kind.schema_file)
    assert kind.name in Schemas().validators


def test_every_kind_is_read_from_its_folder_and_no_other(tmp_path: Path) -> None:
    for kind in kinds.ALL:
        (tmp_path / kind.name).mkdir()
        (tmp_path / kind.name / f"a-{kind.name}.yaml").write_text(f"id: a-{kind.name}\n", encoding="utf-8")
    (tmp_path / "findings").mkdir()  # a near miss is reported, not read
    kb, problems = load_evidence(tmp_path)
    assert {card.id: card.kind for card in kb.cards} == {f"a-{k.name}": k.name for k in kinds.ALL}
    assert [(p.code, p.hint) for p in problems] == [("load.unknown-folder", "did you mean 'finding/'?")]


def test_every_kind_with_pages_has_a_renderer_and_every_page_is_rendered(tmp_path: Path) -> None:
    assert set(_CARD_PAGES) == {k.name for k in kinds.ALL if k.page_folder is not None}
    project = tmp_path / "kb"
    shutil.copytree(FIXTURE, project)
    (project / "evidence" / "term").mkdir(exist_ok=True)
    (project / "evidence" / "term" / "sip.yaml").write_text(TERM, encoding="utf-8")
    result = check(project / "evidence")
    assert {card.kind for card in result.kb.cards} == set(kinds.NAMES), "the fixture has a card of every kind"
    files = render_site(result)
    for kind in kinds.ALL:
        assert kind.index_page in files, kind.name
    for card in result.kb.cards:
        page, _, anchor = page_of(card).partition("#")
        assert page in files, card.id
        if kinds.kind(card.kind).page_folder is None:  # an entry on its kind's index page
            assert page == kinds.kind(card.kind).index_page and f"{{#{anchor}}}" in files[page]


def test_model_and_schema_read_the_registry() -> None:
    assert model.KINDS == kinds.NAMES
    assert {k.name for k in kinds.CITABLE} == {"citation", "study"}
    assert kinds.NEW_WORK is kinds.CITATION  # a new work becomes a citation card
    kb = model.KnowledgeBase()
    for name in kinds.NAMES:
        kb.add(model.Card(name, f"x-{name}", f"{name}/x-{name}.yaml", None))  # type: ignore[arg-type]
    assert {name for name in kinds.NAMES if kb.citable(f"x-{name}")} == kinds.CITABLE_NAMES


def test_every_schema_reference_names_a_kind() -> None:
    refs: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "x-kbgen-ref" in node:
                refs.add(node["x-kbgen-ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for document in Schemas().documents.values():
        walk(document)
    assert refs and all(kinds.ref_kinds(ref) for ref in refs), refs
    assert kinds.ref_word(kinds.REF_CITABLE) == "citation or study"
    assert kinds.ref_word(kinds.REF_ANY) == "card"


def test_pages_follow_the_registry() -> None:
    assert kinds.FINDING.page("f1") == "findings/f1.md"
    assert kinds.CITATION.page("k") == "bibliography/k.md"
    assert kinds.TERM.page("sip") == "glossary/index.md#sip"
    with pytest.raises(KeyError):
        kinds.kind("findings")
