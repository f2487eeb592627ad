"""The engine-independent path: ``kbgen render`` pages build with Zensical, which runs no MkDocs plugins."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main

ZENSICAL = Path(sys.executable).parent / "zensical"


def test_zensical_builds_the_rendered_folder(kb_dir: Path, monkeypatch):
    assert ZENSICAL.exists(), "install the test extras: pip install -e '.[test]' (they include zensical)"
    monkeypatch.chdir(kb_dir)
    assert CliRunner().invoke(main, ["render", "--out", "rendered"], catch_exceptions=False).exit_code == 0
    run = subprocess.run([str(ZENSICAL), "build", "--strict"], cwd=kb_dir / "rendered", capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    site = kb_dir / "rendered/site"
    theme = (site / "themes/trust/index.html").read_text(encoding="utf-8")
    assert "we could admit what wasn" in theme and "../../studies/sample-2020/" in theme
    assert (site / "findings/sample-cover-is-the-killer/index.html").is_file()
    assert "cover is the killer" in (site / "search.json").read_text(encoding="utf-8")
