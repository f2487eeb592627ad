"""``kbgen init``: a new knowledge base, written from the project template kbgen ships.

The template (``templates/project/``) is a working project: ``mkdocs.yml`` with the recommended settings,
one example card of each kind with a small example full text, a hand-written page, the contributor guide,
issue form, pull-request template, workflows and pre-commit configuration. Placeholders such as
``__KBGEN_TITLE__`` are filled from the options; nothing else is changed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from . import __version__
from .errors import KbgenError

DEFAULT_TITLE = "Evidence knowledge base"
DEFAULT_INTRO = ("What the research says, in plain language. Each finding links to the words of the source "
                 "it comes from.")


def _template() -> Traversable:
    return resources.files("kbgen") / "templates" / "project"


def placeholders(title: str, intro: str) -> dict[str, str]:
    """Each placeholder and its value; the ``_YAML`` forms are quoted YAML scalars."""
    return {
        "__KBGEN_TITLE_YAML__": json.dumps(title, ensure_ascii=False),
        "__KBGEN_INTRO_YAML__": json.dumps(intro, ensure_ascii=False),
        "__KBGEN_TITLE__": title,
        "__KBGEN_INTRO__": intro,
        "__KBGEN_VERSION__": __version__,
    }


def _files(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    """Every template file as (relative path, resource), caches left out."""
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        path = f"{prefix}{entry.name}"
        out += _files(entry, path + "/") if entry.is_dir() else [(path, entry)]
    return out


def write_project(target: Path, title: str = DEFAULT_TITLE, intro: str = DEFAULT_INTRO) -> list[str]:
    """Write a new knowledge base into ``target`` (absent or empty) and return the files written.

    Raises KbgenError, writing nothing, when ``target`` holds anything or a value cannot be used.
    Everything is written to a temporary folder beside ``target`` first, then moved into place.
    """
    for name, value in (("title", title), ("intro", intro)):
        if not value.strip() or "\n" in value or "\r" in value:
            raise KbgenError(f"the {name} must be one line of text")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise KbgenError(f"{target} is not empty: kbgen init writes only into a new or empty folder "
                         "(nothing was written)")
    values = placeholders(title.strip(), intro.strip())
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kbgen-init-", dir=target.parent))
    try:
        written = []
        for path, resource in _files(_template()):
            text = resource.read_text(encoding="utf-8")
            for placeholder, value in values.items():
                text = text.replace(placeholder, value)
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / path).write_text(text, encoding="utf-8")
            written.append(path)
        if target.exists():
            target.rmdir()  # empty, checked above
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written
