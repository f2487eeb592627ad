"""``kbgen ci``: the one set of checks every gate of a knowledge base runs.

CI's workflows, the pre-commit hook and a maintainer's last look before merging all run the same steps, in
order: check every card strictly (each quote against the full texts ``mkdocs.yml`` names), build the site
strictly, and check every link in it. Defined here once, so the gates cannot drift apart.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from pathlib import Path

from .project import kbgen_options, read_config


def gate_steps(config_file: Path, fmt: str, require_sources: bool) -> list[list[str]]:
    """The ``kbgen`` commands of the gate, as argument lists, with paths from ``config_file``."""
    config = read_config(config_file) if config_file.is_file() else {}
    base = config_file.parent
    evidence = base / str(kbgen_options(config).get("evidence_dir", "evidence"))
    site = base / str(config.get("site_dir", "site"))
    check = ["check", "--evidence", str(evidence), "--config-file", str(config_file), "--strict", "--format", fmt]
    if require_sources:
        check.append("--require-sources")
    return [check, ["build", "--strict", "--config-file", str(config_file)], ["linkcheck", str(site)]]


def output_format(fmt: str) -> str:
    """``auto`` means GitHub annotations inside a GitHub Actions job, plain text elsewhere."""
    if fmt != "auto":
        return fmt
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def run_gate(steps: list[list[str]], run: Callable[[list[str]], int], echo: Callable[[str], None]) -> int:
    """Run each step until one fails; the exit status is the failing step's (0 when all pass)."""
    for args in steps:
        echo(f"+ kbgen {shlex.join(args)}")
        status = run(args)
        if status:
            echo(f"kbgen ci: `kbgen {args[0]}` failed (exit {status}); the later steps were not run.")
            return status
    return 0
