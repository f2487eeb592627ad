"""``kbgen render``: the site's pages as plain files, for engines that run no MkDocs plugins (Zensical)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml

from .checker import CheckResult
from .errors import KbgenError
from .render import render_site
from .render.searchdata import MARKDOWN_EXTENSIONS
from .render.site import DEFAULT_TITLE


def plugin_options(project_config: dict) -> dict:
    """The ``kbgen`` plugin's options in a loaded ``mkdocs.yml`` (empty when absent)."""
    for plugin in project_config.get("plugins") or []:
        if isinstance(plugin, dict) and "kbgen" in plugin:
            return plugin["kbgen"] or {}
    return {}


def read_project_config(config_file: Path) -> dict:
    """``mkdocs.yml`` as data (safe loading: a config with Python tags cannot be rewritten)."""
    try:
        return yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KbgenError(f"cannot read {config_file}: {exc}") from None


def read_extra_pages(pages: dict, base: Path) -> dict[str, str]:
    """The ``extra_pages`` option's files, read: ``{site path: Markdown}``."""
    extra = {}
    for site_path, source in (pages or {}).items():
        path = base / str(source)
        try:
            extra[str(site_path)] = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise KbgenError(f"extra page {site_path}: cannot read {path}: {exc.strerror}") from None
    return extra


def write_rendered(result: CheckResult, project_config: dict, docs_dir: Path, out: Path, base: Path) -> int:
    """Write ``out/docs`` (hand-written docs plus every generated page) and ``out/mkdocs.yml``.

    Everything is written to a temporary folder first and moved into place at the end.
    Returns the number of generated files.
    """
    options = plugin_options(project_config)
    extra = read_extra_pages(options.get("extra_pages", {}), base)
    files = render_site(result, options.get("title", DEFAULT_TITLE), options.get("intro", ""), extra)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kbgen-render-", dir=out.parent))
    try:
        pages = staging / "docs"
        if docs_dir.is_dir():
            shutil.copytree(docs_dir, pages)
        for path, content in files.items():
            target = pages / path
            if target.exists():
                raise KbgenError(f"{docs_dir / path} clashes with a page kbgen generates; rename or remove it")
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        (staging / "mkdocs.yml").write_text(_standalone_config(project_config), encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out.exists():
        shutil.rmtree(out)
    staging.rename(out)
    return len(files)


def _standalone_config(project_config: dict) -> str:
    """The project's config without the kbgen plugin, pointing at the rendered pages."""
    config = dict(project_config)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["plugins"] = [p for p in config.get("plugins") or []
                         if not (p == "kbgen" or (isinstance(p, dict) and "kbgen" in p))]
    extensions = list(config.get("markdown_extensions") or [])
    names = {(next(iter(e)) if isinstance(e, dict) else str(e)).rsplit(".", 1)[-1] for e in extensions}
    config["markdown_extensions"] = extensions + [e for e in MARKDOWN_EXTENSIONS if e not in names]
    header = "# Written by `kbgen render`: the pages are already generated, so no kbgen plugin is needed.\n"
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
