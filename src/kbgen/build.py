"""``kbgen build``: MkDocs' own build sequence, into a staging folder swapped in only on success.

It does what ``mkdocs build`` does (MkDocs' loader, ``strict`` from the file unless the command
line says otherwise, ``on_startup``, the build, ``on_shutdown``), so the two agree on every
outcome and exit code. The difference is where the site is written: into ``.kbgen-site-*``
next to ``site_dir``, renamed into place at the end. If the build fails, or is interrupted,
the previous site stays as it was and the staging folder is removed (``finally``).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .errors import KbgenError
from .project import enabled_options, load_site_config
from .safefiles import swap_in

#: Prefix of the staging folders (listed in .gitignore); anything with it next to the site is kbgen's.
STAGING_PREFIX = ".kbgen-site-"


def build_site(config_file: Path, strict: bool | None, draft: bool = False) -> Path:
    """Build into a temporary folder, then swap it in for ``site_dir``. Returns the site folder.

    ``strict`` None keeps the configuration's own ``strict``. ``draft`` builds the preview that shows card
    errors instead of failing on them, into ``site-draft/`` beside ``site_dir``, so it can never be mistaken
    for (or published as) the site. Raises KbgenError on failure; the previous site is then untouched.
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    config = load_site_config(config_file, strict=strict)
    if enabled_options(config) is None:
        raise KbgenError(f"{config_file} does not enable the kbgen plugin, so no card would be published; "
                         "add `- kbgen` under `plugins:`")
    if draft:
        config.plugins["kbgen"].config["draft"] = True
        config.strict = False  # a draft shows its problems instead of failing on them
        config.site_dir = str(Path(config.site_dir).parent / "site-draft")
    target = Path(config.site_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    config.plugins.on_startup(command="build", dirty=False)
    staging: Path | None = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))
        config.site_dir = str(staging)
        try:
            build(config)
        except MkDocsException as exc:
            raise KbgenError(str(exc) or "the build failed; see the messages above") from None
        except SystemExit as exc:  # a plugin that exits
            raise KbgenError(f"the build stopped (exit status {exc.code}); see the messages above") from None
        except Exception as exc:
            raise KbgenError(f"the build failed: {type(exc).__name__}: {exc}") from None
        _swap(staging, target)
        staging = None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        config.plugins.on_shutdown()
    return target


def _swap(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with two renames, so readers never see a partial site."""
    if target.exists() and not target.is_dir():
        raise KbgenError(f"site_dir {target} is a file; remove it or choose another site_dir")
    swap_in(staging, target, STAGING_PREFIX + "old-")
