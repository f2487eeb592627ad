"""The ``kbgen`` MkDocs plugin: a thin shell over the core.

It checks the cards in ``on_pre_build``, before MkDocs cleans the site folder (so a failed
check, or a warning under ``strict``, leaves the previous site intact), adds every generated
page in memory with ``File.generated``, and passes the HTML of each generated page through the
allowlist sanitiser before MkDocs writes it. Whatever goes wrong becomes a ``PluginError``:
MkDocs prints it as one line and exits 1, never with a traceback.
"""

from __future__ import annotations

import functools
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
from .project import extensions_message, markdown_setup, missing_extensions
from .render import render_site
from .render.errors import errors_page
from .render.site import check_introductions
from .rendered import read_extra_pages
from .sanitise import page_sanitiser, text_only
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

    extra_pages = c.DictOfItems(c.Type(str), default={})
    """Files in the project to publish as pages, ``{site path: file relative to mkdocs.yml}``
    (``{contributing.md: CONTRIBUTING.md}`` publishes the contributor guide without a copy)."""


def _plugin_errors(hook):
    """Anything unexpected in a hook becomes a one-line PluginError (MkDocs then exits 1, no traceback)."""
    @functools.wraps(hook)
    def guarded(self, *args, **kwargs):
        try:
            return hook(self, *args, **kwargs)
        except (PluginError, KeyboardInterrupt):
            raise
        except KbgenError as exc:
            raise PluginError(f"kbgen: {exc}") from None
        except Exception as exc:
            raise PluginError(f"kbgen: unexpected error in {hook.__name__} ({type(exc).__name__}: {exc}); "
                              "this is a bug in kbgen, please report it with this message") from None
    return guarded


class KbgenPlugin(BasePlugin[KbgenConfig]):
    """Validate the evidence cards and generate their pages."""

    def __init__(self) -> None:
        self.result: CheckResult | None = None
        self.draft: Draft | None = None
        self.extra: dict[str, str] = {}
        self.generated: set[str] = set()
        self.sanitiser = page_sanitiser()

    def _path(self, config, value: str) -> Path:
        base_dir = os.path.dirname(config.config_file_path or "") or "."
        return Path(base_dir, value)

    @_plugin_errors
    def on_config(self, config):
        """Refuse a configuration without the Markdown extensions the generated pages need."""
        missing = missing_extensions(markdown_setup(config))
        if missing:
            raise PluginError("kbgen: " + extensions_message(missing, os.path.basename(config.config_file_path or
                                                                                       "mkdocs.yml")))
        return config

    @_plugin_errors
    def on_pre_build(self, config) -> None:
        """Check every card; any error (any warning, under strict) aborts before the site folder is cleaned."""
        check_introductions(self.config.introductions)
        sources = folders_option(self.config.sources_dir, self._path(config, ".")) or None
        evidence = self._path(config, self.config.evidence_dir)
        setup = markdown_setup(config)
        self.draft = None
        if self.config.draft or os.environ.get("KBGEN_DRAFT") == "1":
            self.draft = draft_check(evidence, sources, setup)
            log.warning(f"draft preview: {len(self.draft.errors)} error(s); "
                        f"{len(self.draft.left_out)} file(s) left out")
        result = self.draft.result if self.draft else check(evidence, sources, bool(self.config.require_sources),
                                                             markdown=setup)
        # Through MkDocs' logger, so `--strict` counts the warnings; notices (unverified quotes) are information.
        say = {"error": log.error, "warning": log.warning, "notice": log.info}
        for d in result.diagnostics:
            where = f"{d.path}:{d.line}:{d.col}"
            hint = f" ({d.hint.splitlines()[0]})" if d.hint else ""
            say[d.severity.value](f"{where}: {d.message}{hint}")
        if result.errors and not self.draft:
            raise PluginError(f"kbgen: {len(result.errors)} error(s) in the evidence cards; "
                              "the site was not rebuilt. Run `kbgen check` for details.")
        if config.strict and result.warnings:
            raise PluginError(f"kbgen: {len(result.warnings)} warning(s) in the evidence cards in strict mode; "
                              "the site was not rebuilt. Run `kbgen check --strict` for details.")
        self.result = result
        self.extra = read_extra_pages(self.config.extra_pages, self._path(config, "."))  # before site/ is cleaned

    @_plugin_errors
    def on_files(self, files: Files, config) -> Files:
        """Add the generated pages, refusing to shadow a hand-written page."""
        assert self.result is not None  # on_pre_build ran or raised
        generated = render_site(self.result, self.config.title or config.site_name, self.config.intro, self.extra,
                                self.config.introductions, schema_base(config.site_url),
                                config.use_directory_urls)
        if self.draft:
            generated[ERRORS_PAGE] = errors_page(self.draft)
        self.generated = set()
        for path, content in generated.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"kbgen: docs/{path} clashes with a page kbgen generates; rename or remove it")
            # Card pages stay out of the nav (it would grow with every card) without MkDocs listing them.
            inclusion = InclusionLevel.UNDEFINED if path.endswith("index.md") else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
            self.generated.add(path)
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        """In a draft preview, open every page with the banner that says so and links to the errors."""
        return banner(page.file.src_uri, self.draft) + markdown if self.draft else markdown

    @_plugin_errors
    def on_page_content(self, html: str, page, config, files) -> str:
        """A generated page's HTML through the allowlist sanitiser (and its table of contents as text)."""
        if page.file.src_uri not in self.generated:
            return html
        cleaned, removed = self.sanitiser.clean_and_report(html)
        for removal in removed:
            log.warning(f"{page.file.src_uri}: the sanitiser removed {removal.describe()} "
                        "(unsafe markup from a card; run `kbgen check`)")
        for item in _toc_items(page.toc):
            item.title = text_only(item.title)
        return cleaned

    def on_serve(self, server, config, builder):
        """Rebuild when a card changes."""
        server.watch(str(self._path(config, self.config.evidence_dir)))
        return server


def _toc_items(items):
    for item in items:
        yield item
        yield from _toc_items(item.children)
