"""kbgen validates with exactly the schemas it publishes: a standard validator, given only the published
files, passes every real card and agrees with ``kbgen check`` on every test card."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from kbgen.checker import check
from kbgen.cli import main
from kbgen.model import KINDS
from kbgen.schema import SCHEMA_BASE, schema_registry
from kbgen.yamlsafe import load

REPO = Path(__file__).resolve().parents[1]
CASES = Path(__file__).parent / "cards"
#: Diagnostics that say "this file is not a valid card" as a schema validator would: the schema's own,
#: and YAML a validator cannot read as data.
SCHEMA_VERDICT = ("schema.", "yaml.", "load.", "citation.missing-field")


def _check_jsonschema(schemas: Path | str, kind: str, files: list[Path], local: bool = True) -> dict[str, bool]:
    """check-jsonschema's verdict (True: valid) on each file, against ``schemas/<kind>.schema.json``."""
    from check_jsonschema import main as check_jsonschema

    schema = f"{schemas}/{kind}.schema.json"
    args = ["-o", "json", "--no-cache", "--schemafile", schema]
    if local:  # the published $id names the site; offline, the same folder on disk stands in for it
        args += ["--base-uri", Path(schema).resolve().as_uri()]
    # Its own command line, run in this process (a fresh interpreter per call took most of this module's time).
    run = CliRunner().invoke(check_jsonschema, args + [str(f) for f in files])
    assert run.exit_code in (0, 1), run.output
    report = json.loads(run.stdout)
    failed = {e["filename"] for e in report.get("errors", []) + report.get("parse_errors", [])}
    return {str(f): str(f) not in failed for f in files}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The schemas exactly as ``kbgen schema`` publishes them (and nothing from the package)."""
    out = tmp_path_factory.mktemp("published") / "schemas"
    assert CliRunner().invoke(main, ["schema", "--out", str(out), "-f", "missing.yml"]).exit_code == 0
    return out


def test_every_published_schema_has_an_absolute_versioned_id(published: Path):
    for path in published.iterdir():
        assert json.loads(path.read_text())["$id"] == f"{SCHEMA_BASE}{path.name}"
    assert SCHEMA_BASE.startswith("https://") and "/v1/" in SCHEMA_BASE


def test_every_card_of_the_knowledge_base_passes_check_jsonschema(published: Path):
    for kind in KINDS:
        files = sorted((REPO / "evidence" / kind).glob("*.yaml"))
        verdicts = _check_jsonschema(published, kind, files)
        assert files and all(verdicts.values()), [f for f, ok in verdicts.items() if not ok]


def test_jsonschema_with_a_registry_of_only_the_published_files_passes_every_card(published: Path):
    registry = schema_registry({p.name: p.read_text() for p in published.iterdir()})
    for kind in KINDS:
        validator = jsonschema.Draft202012Validator({"$ref": f"{SCHEMA_BASE}{kind}.schema.json"}, registry=registry)
        for path in sorted((REPO / "evidence" / kind).glob("*.yaml")):
            located, problems = load(path.read_text(encoding="utf-8"), str(path))
            assert not problems and validator.is_valid(located.data), path


def _overlaid_cases(root: Path) -> list[Path]:
    """Each test case laid over a copy of the fixture knowledge base, as the data-driven tests do."""
    kbs = []
    for case in sorted(p for kind in ("valid", "invalid") for p in (CASES / kind).iterdir() if p.is_dir()):
        target = root / case.parent.name / case.name
        shutil.copytree(REPO / "tests/fixtures/kb/evidence", target)
        shutil.copytree(case, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
        kbs.append(target)
    return kbs


def test_check_jsonschema_and_kbgen_agree_on_every_test_card(published: Path, tmp_path: Path):
    kbgen: dict[str, bool] = {}
    files: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    for evidence in _overlaid_cases(tmp_path):
        result = check(evidence)
        rejected = {d.path for d in result.errors if d.code.startswith(SCHEMA_VERDICT)}
        for kind in KINDS:
            for path in sorted((evidence / kind).glob("*.yaml")):  # what kbgen loads as a card
                kbgen[str(path)] = not any(Path(p).resolve() == path.resolve() for p in rejected)
                files[kind].append(path)
    standard = {}
    for kind, paths in files.items():
        standard.update(_check_jsonschema(published, kind, paths))
    disagreements = {path: (kbgen[path], ok) for path, ok in standard.items() if kbgen[path] != ok}
    assert not disagreements, "(kbgen, check-jsonschema) verdicts differ: " + repr(disagreements)
    assert list(standard.values()).count(False) >= 8  # the invalid cases really were exercised


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        """Keep the test output clean."""


def test_refs_resolve_at_the_published_address(tmp_path: Path):
    """Served over HTTP at ``<site_url>/schemas/v1/``, the schemas' relative ``$ref``s resolve there."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path)))
    site_url = f"http://127.0.0.1:{server.server_port}/kb/"
    (tmp_path / "mkdocs.yml").write_text(f"site_name: x\nsite_url: {site_url}\n")
    out = tmp_path / "kb/schemas/v1"
    assert CliRunner().invoke(main, ["schema", "--out", str(out), "-f", str(tmp_path / "mkdocs.yml")]).exit_code == 0
    assert json.loads((out / "citation.schema.json").read_text())["$id"] == f"{site_url}schemas/v1/citation.schema.json"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        cards = sorted((REPO / "evidence/citation").glob("*.yaml"))[:20]
        bad = tmp_path / "bad.yaml"
        bad.write_text("id: bad\ntype: article\ntitle: T\nyear: 2001\njournal: J\ndoi: https://doi.org/10.1/x\n")
        verdicts = _check_jsonschema(f"{site_url}schemas/v1", "citation", cards + [bad], local=False)
    finally:
        server.shutdown()
    assert verdicts.pop(str(bad)) is False
    assert all(verdicts.values())
