"""The README's generated sections (card and command references) match the schemas and the CLI."""

from pathlib import Path

from kbgen.docgen import update_readme

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_references_are_in_sync():
    text = README.read_text(encoding="utf-8")
    assert update_readme(text) == text, "run: python -m kbgen.docgen README.md"


def test_readme_documents_every_card_field():
    text = README.read_text(encoding="utf-8")
    for field in ("`quotes.locator.section`", "`reference.doi`", "`printed.text`", "`context.schools.count`"):
        assert field in text
