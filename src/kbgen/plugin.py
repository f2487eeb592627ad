"""The ``kbgen`` MkDocs plugin: a thin shell over the core.

It checks the cards before MkDocs touches the site folder (so a failed build leaves the
previous site intact), then adds every generated page in memory with ``File.generated``.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .checker import CheckResult, check
from .errors import KbgenError
from .render import render_site
from .render.site import DEFAULT_TITLE
from .rendered import read_extra_pages

log = get_plugin_logger(__name__)


class KbgenConfig(base.Config):
    """Options of the ``kbgen`` plugin in ``mkdocs.yml``."""

    evidence_dir = c.Type(str, default="evidence")
    """Folder holding the cards, relative to ``mkdocs.yml``."""

    sources_dir = c.Optional(c.Type(str))
    """Folder with the studies' full texts; when set, the build also verifies every quote."""

    title = c.Type(str, default=DEFAULT_TITLE)
    """Heading of the generated home page."""

    intro = c.Type(str, default="")
    """Markdown paragraph under the home page's heading."""

    extra_pages = c.Type(dict, default={})
    """Files outside ``docs/`` to publish as pages, ``{site path: file relative to mkdocs.yml}``
    (``{contributing.md: CONTRIBUTING.md}`` publishes the contributor guide without a copy)."""


class KbgenPlugin(BasePlugin[KbgenConfig]):
    """Validate the evidence cards and generate their pages."""

    def __init__(self) -> None:
        self.result: CheckResult | None = None

    def _path(self, config, value: str) -> Path:
        base_dir = os.path.dirname(config.config_file_path or "") or "."
        return Path(base_dir, value)

    def on_pre_build(self, config) -> None:
        """Check every card; any error aborts the build before the site folder is cleaned."""
        sources = self._path(config, self.config.sources_dir) if self.config.sources_dir else None
        try:
            result = check(self._path(config, self.config.evidence_dir), sources)
        except KbgenError as exc:
            raise PluginError(f"kbgen: {exc}") from None
        for d in result.diagnostics:  # through MkDocs' logger, so `--strict` counts the warnings
            where = f"{d.path}:{d.line}:{d.col}"
            (log.error if d.is_error else log.warning)(f"{where}: {d.message}" + (f" ({d.hint})" if d.hint else ""))
        if result.errors:
            raise PluginError(f"kbgen: {len(result.errors)} error(s) in the evidence cards; "
                              "the site was not rebuilt. Run `kbgen check` for details.")
        self.result = result

    def on_files(self, files: Files, config) -> Files:
        """Add the generated pages, refusing to shadow a hand-written page."""
        assert self.result is not None  # on_pre_build ran or raised
        extra = read_extra_pages(self.config.extra_pages, self._path(config, "."))
        generated = render_site(self.result, self.config.title, self.config.intro, extra, config.use_directory_urls)
        for path, content in generated.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"kbgen: docs/{path} clashes with a page kbgen generates; rename or remove it")
            # Card pages stay out of the nav (it would grow with every card) without MkDocs listing them.
            inclusion = InclusionLevel.UNDEFINED if path.endswith("index.md") else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        return files

    def on_serve(self, server, config, builder):
        """Rebuild when a card changes."""
        server.watch(str(self._path(config, self.config.evidence_dir)))
        return server
