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
from .draft import ERRORS_PAGE, Draft, banner, draft_check
from .errors import KbgenError
from .render import render_site
from .render.errors import errors_page
from .render.site import check_introductions
from .rendered import read_extra_pages
from .schema import schema_base
from .sources import folders_option

log = get_plugin_logger(__name__)


class KbgenConfig(base.Config):
    """Options of the ``kbgen`` plugin in ``mkdocs.yml``."""

    evidence_dir = c.Type(str, default="evidence")
    """Folder holding the cards, relative to ``mkdocs.yml``."""

    sources_dir = c.Optional(c.Type((str, list)))
    """Folder (or list of folders, searched in order) with the studies' full texts, relative to ``mkdocs.yml``;
    the build verifies every quote against them, and ``kbgen check`` reads the same option.
    ``!ENV [KBGEN_SOURCES, texts]`` lets CI point elsewhere."""

    require_sources = c.Optional(c.Type(bool))
    """Fail when any study's quotes cannot be verified because its full text is not at hand."""

    title = c.Optional(c.Type(str))
    """Heading of the generated home page (default: ``site_name``)."""

    intro = c.Type(str, default="")
    """Markdown paragraph under the home page's heading."""

    introductions = c.DictOfItems(c.Type(str), default={})
    """Markdown paragraphs under the headings of generated index pages, by page (``accounts``)."""

    draft = c.Type(bool, default=False)
    """Build even when cards have errors: a preview with every error on a banner and an errors page
    (``kbgen build --draft``; also set by the ``KBGEN_DRAFT=1`` environment variable). Never publish it."""

    extra_pages = c.Type(dict, default={})
    """Files outside ``docs/`` to publish as pages, ``{site path: file relative to mkdocs.yml}``
    (``{contributing.md: CONTRIBUTING.md}`` publishes the contributor guide without a copy)."""


class KbgenPlugin(BasePlugin[KbgenConfig]):
    """Validate the evidence cards and generate their pages."""

    def __init__(self) -> None:
        self.result: CheckResult | None = None
        self.draft: Draft | None = None

    def _path(self, config, value: str) -> Path:
        base_dir = os.path.dirname(config.config_file_path or "") or "."
        return Path(base_dir, value)

    def on_pre_build(self, config) -> None:
        """Check every card; any error aborts the build before the site folder is cleaned."""
        try:
            check_introductions(self.config.introductions)
            sources = folders_option(self.config.sources_dir, self._path(config, ".")) or None
            evidence = self._path(config, self.config.evidence_dir)
            if self.config.draft or os.environ.get("KBGEN_DRAFT") == "1":
                self.draft = draft_check(evidence, sources)
            result = self.draft.result if self.draft else check(evidence, sources, bool(self.config.require_sources))
        except KbgenError as exc:
            raise PluginError(f"kbgen: {exc}") from None
        if self.draft:
            log.warning(f"draft preview: {len(self.draft.errors)} error(s); "
                        f"{len(self.draft.left_out)} file(s) left out")
        # Through MkDocs' logger, so `--strict` counts the warnings; notices (unverified quotes) are information.
        say = {"error": log.error, "warning": log.warning, "notice": log.info}
        for d in result.diagnostics:
            where = f"{d.path}:{d.line}:{d.col}"
            say[d.severity.value](f"{where}: {d.message}" + (f" ({d.hint})" if d.hint else ""))
        if result.errors and not self.draft:
            raise PluginError(f"kbgen: {len(result.errors)} error(s) in the evidence cards; "
                              "the site was not rebuilt. Run `kbgen check` for details.")
        self.result = result

    def on_files(self, files: Files, config) -> Files:
        """Add the generated pages, refusing to shadow a hand-written page."""
        assert self.result is not None  # on_pre_build ran or raised
        extra = read_extra_pages(self.config.extra_pages, self._path(config, "."))
        generated = render_site(self.result, self.config.title or config.site_name, self.config.intro, extra,
                                self.config.introductions, schema_base(config.site_url))
        if self.draft:
            generated[ERRORS_PAGE] = errors_page(self.draft)
        for path, content in generated.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"kbgen: docs/{path} clashes with a page kbgen generates; rename or remove it")
            # Card pages stay out of the nav (it would grow with every card) without MkDocs listing them.
            inclusion = InclusionLevel.UNDEFINED if path.endswith("index.md") else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        """In a draft preview, open every page with the banner that says so and links to the errors."""
        return banner(page.file.src_uri, self.draft) + markdown if self.draft else markdown

    def on_serve(self, server, config, builder):
        """Rebuild when a card changes."""
        server.watch(str(self._path(config, self.config.evidence_dir)))
        return server
