"""The hostile suite: cards and projects an attacker (or a careless contributor) would send.

Each case in ``tests/hostile/<class>.yaml`` sets up a copy of the fixture project (files, raw
bytes in an encoding, symbolic links, huge files, pipes), runs one ``kbgen`` command, and says
what must come out: the exit status, lines the output must contain (``path:line:col: severity:
message`` starts), files that must be left byte-identical. Every case also asserts that no
traceback is printed. Cases marked ``inert`` then render the cards as the site would, with
the check bypassed, and assert that the Markdown kbgen generates holds nothing executable
even before the sanitiser sees it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml
from click.testing import CliRunner

from kbgen.checker import check
from kbgen.cli import main
from kbgen.render import render_site
from kbgen.render.site import MARKDOWN_EXTENSIONS

HERE = Path(__file__).parent / "hostile"
FIXTURE = Path(__file__).parent / "fixtures" / "kb"
SECRET = "Heads found it hard to release staff for joint work; TOP SECRET"
_KEYS = {"name", "why", "files", "encoded", "links", "big", "fifos", "folders", "remove", "command", "before",
         "exit", "expect", "absent", "exactly", "unchanged", "inert"}


def _cases() -> list:
    cases = []
    for table in sorted(HERE.glob("*.yaml")):
        for case in yaml.safe_load(table.read_text(encoding="utf-8")):
            unknown = set(case) - _KEYS
            assert not unknown, f"{table.name}: {case.get('name')}: unknown keys {unknown}"
            cases.append(pytest.param(case, id=f"{table.stem}:{case['name']}"))
    return cases


CASES = _cases()


def _apply(case: dict, root: Path, outside: Path) -> None:
    def target(rel: str) -> Path:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    for rel in case.get("remove", []):
        path = root / rel
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    for rel in case.get("folders", []):
        target(rel).mkdir()
    for rel, text in (case.get("files") or {}).items():
        target(rel).write_text(text.replace("{outside}", str(outside)), encoding="utf-8")
    for rel, spec in (case.get("encoded") or {}).items():
        target(rel).write_bytes(spec["text"].encode(spec["encoding"]))
    for rel, link in (case.get("links") or {}).items():
        os.symlink(link.format(outside=outside, root=root), target(rel))
    for rel, size in (case.get("big") or {}).items():
        line = "# " + "x" * 98 + "\n"
        target(rel).write_text("id: big\n" + line * (size // len(line)), encoding="utf-8")
    for rel in case.get("fifos", []):
        os.mkfifo(target(rel))


def _digest(path: Path) -> str:
    if path.is_dir():
        return hashlib.sha256("".join(f"{p.relative_to(path)}:{_digest(p)}" for p in sorted(path.rglob("*"))
                                      if p.is_file()).encode()).hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    return root, outside


@pytest.mark.parametrize("case", CASES)
def test_hostile_case(case: dict, project, monkeypatch) -> None:
    root, outside = project
    _apply(case, root, outside)
    monkeypatch.chdir(root)
    for before in case.get("before", []):
        assert CliRunner().invoke(main, before).exit_code == 0, before
    kept = {rel: _digest(root / rel) for rel in case.get("unchanged", [])}
    command = case.get("command", ["check", "--sources", "sources"])
    result = CliRunner().invoke(main, [part.format(outside=outside) for part in command])
    output = result.output
    assert "Traceback" not in output and not isinstance(result.exception, (AssertionError, TypeError)), output
    assert result.exit_code == case.get("exit", 1), output
    lines = output.splitlines()
    missing = [e for e in case.get("expect", []) if not any(line.startswith(e) or e in line for line in lines)]
    assert not missing, f"missing {missing} in:\n{output}"
    for text in case.get("absent", []):
        assert text not in output, output
    if case.get("exactly"):  # true: one diagnostic per expected line; a number: that many diagnostics
        count = len(case["expect"]) if case["exactly"] is True else case["exactly"]
        reported = [line for line in lines if ": error: " in line or ": warning: " in line]
        assert len(reported) == count, f"expected exactly {count}: {case['expect']}, got:\n{output}"
    for rel, digest in kept.items():
        assert _digest(root / rel) == digest, f"{rel} changed"
    if case.get("inert"):
        assert_inert(root)


def assert_inert(root: Path) -> None:
    """The pages kbgen generates from these cards, converted as the site converts them, carry nothing that runs."""
    from kbgen.project import read_markdown_setup

    result = check(root / "evidence", None)
    result.diagnostics = []  # the check is bypassed: rendering alone must keep the page safe
    setup = read_markdown_setup(root / "mkdocs.yml")
    clean_setup, clean_pages = _clean_site()
    same_setup = (setup.extensions, setup.configs) == clean_setup
    md = markdown.Markdown(extensions=list(setup.extensions), extension_configs=dict(setup.configs))
    for path, content in render_site(result).items():
        if not path.endswith(".md") or not isinstance(content, str):
            continue
        if same_setup and clean_pages.get(path) == content:
            continue  # the fixture's own page, unchanged by this case: converts as it did, inert (see _clean_site)
        md.reset()
        found = executable(md.convert(content.split("---\n", 2)[-1]))
        assert not found, f"{path}: {found}"


@functools.cache
def _clean_site() -> tuple[tuple, dict[str, str]]:
    """The fixture's own Markdown setup and pages, found inert once (a case's page the same as one of
    these converts to the same HTML, so it is not converted again)."""
    from kbgen.project import read_markdown_setup

    setup = read_markdown_setup(FIXTURE / "mkdocs.yml")
    md = markdown.Markdown(extensions=list(setup.extensions), extension_configs=dict(setup.configs))
    pages = {path: content for path, content in render_site(check(FIXTURE / "evidence", None)).items()
             if path.endswith(".md") and isinstance(content, str)}
    for path, content in pages.items():
        md.reset()
        assert not executable(md.convert(content.split("---\n", 2)[-1])), path
    return (setup.extensions, setup.configs), pages


_TAB = re.compile(r"__tabbed_\d+(_\d+)?")
_EXECUTABLE = {"script", "iframe", "object", "embed", "img", "svg", "math", "base", "meta", "link", "style", "form",
               "input", "button", "textarea", "select", "video", "audio", "source"}


def executable(html: str) -> list[str]:
    """What in ``html`` could run script or fetch from elsewhere (an HTML parser's view, as a browser's)."""
    from html.parser import HTMLParser

    class Scan(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.found: list[str] = []

        def handle_starttag(self, tag, attrs):
            values = dict(attrs)
            tab = tag == "input" and values.get("type") == "radio" and _TAB.fullmatch(values.get("name") or "")
            if tag in _EXECUTABLE and not tab:
                self.found.append(f"<{tag}>")
            for name, value in attrs:
                url = "".join((value or "").split()).lower()
                if name.startswith("on") or name in ("style", "srcdoc", "formaction") or url.startswith(
                        ("javascript:", "vbscript:", "data:")) or "127.0.0.1:9" in url:
                    self.found.append(f"<{tag} {name}={value!r}>")
                if name in ("id", "name", "for") and (value or "").startswith("__") and not _TAB.fullmatch(value):
                    self.found.append(f"<{tag} {name}={value!r}>")

    scan = Scan()
    scan.feed(html)
    return scan.found


def test_every_class_is_covered_and_the_suite_is_large():
    classes = {case.id.split(":")[0] for case in CASES}
    assert {"prose", "fields", "containment", "encoding", "yaml", "bibtex", "validation", "commands"} <= classes
    assert len(CASES) >= 80


def test_markdown_extensions_the_pages_need_are_in_the_fixture():
    config = yaml.safe_load((FIXTURE / "mkdocs.yml").read_text())
    names = {e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]}
    assert {n for n in MARKDOWN_EXTENSIONS if n not in ("toc", "tables")} <= names
