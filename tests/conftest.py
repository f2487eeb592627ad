"""Shared fixtures: a small, valid knowledge base on real files, copied fresh for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "kb"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture project (evidence/, sources/, docs/, mkdocs.yml)."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE, target)
    return target
