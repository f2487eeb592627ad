"""Building the site with MkDocs without ever leaving a half-written site behind."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from .errors import KbgenError


def build_site(config_file: Path, strict: bool) -> Path:
    """Build into a temporary folder, then swap it in for ``site_dir``. Returns the site folder.

    Raises KbgenError on failure; the previous site is then untouched.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

    if not config_file.is_file():
        raise KbgenError(f"{config_file} not found (run kbgen from the project root or pass --config-file)")
    try:
        config = load_config(str(config_file), strict=strict)
    except (ConfigurationError, Abort) as exc:
        raise KbgenError(f"{config_file}: {exc}") from None
    target = Path(config.site_dir)
    staging = Path(tempfile.mkdtemp(prefix=".kbgen-site-", dir=target.parent))
    config.site_dir = str(staging)
    show_mkdocs_messages()
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does: plugins start afresh
    try:
        build(config)
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise KbgenError(str(exc) or "the build failed; see the messages above") from None
    finally:
        config.plugins.on_shutdown()
    _swap(staging, target)
    return target


def _swap(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with two renames, so readers never see a partial site."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def show_mkdocs_messages() -> None:
    """Show MkDocs' warnings and errors, and its build summary, like ``mkdocs build`` does."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
