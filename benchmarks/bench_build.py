"""Speed goals for kbgen, measured on a synthetic knowledge base of N findings.

    python benchmarks/bench_build.py [N]      (default 2000)

Goals (2-core machine): `kbgen check` under 10 s and a full `mkdocs build` under 120 s for 2000
findings, and build time growing roughly linearly with the number of cards (the navigation lists
sections, not cards, so material does not repeat every card on every page).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from kbgen.checker import check
from kbgen.cli import main

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "kb"
GOALS = {"check": 10.0, "build": 120.0}


def make_kb(target: Path, findings: int) -> None:
    """Copy the fixture and add ``findings`` synthetic findings spread over the two themes."""
    shutil.copytree(FIXTURE, target)
    folder = target / "evidence" / "finding"
    for i in range(findings):
        theme = "trust" if i % 2 else "time"
        (folder / f"bench-{i:05d}.yaml").write_text(
            f"id: bench-{i:05d}\nstatement: Synthetic finding number {i} about {theme}.\nstudy: sample-2020\n"
            f"themes: [{theme}]\nevidence_type: data\nquotes:\n"
            "  - text: \"nobody was judging\"\n    locator: {section: Trust between heads}\n")


def timed(label: str, action) -> float:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    goal = GOALS.get(label)
    verdict = "" if goal is None else ("  (goal < %.0f s: %s)" % (goal, "met" if seconds < goal else "MISSED"))
    print(f"{label:>6}: {seconds:6.2f} s{verdict}")
    return seconds


def main_bench(findings: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kb"
        make_kb(root, findings)
        print(f"{findings} synthetic findings")
        timed("check", lambda: check(root / "evidence", root / "sources"))
        import os

        os.chdir(root)
        timed("build", lambda: CliRunner().invoke(main, ["build"], catch_exceptions=False))


if __name__ == "__main__":
    main_bench(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
