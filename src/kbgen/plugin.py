"""The ``kbgen`` MkDocs plugin: a thin shell over the core.

It checks the cards before MkDocs touches the site folder (so a failed build leaves the
previous site intact), then adds every generated page in memory with ``File.generated``.

Under ``serve`` the plugin lives for the whole session (it has ``on_startup``) and hands its
events to :class:`kbgen.serving.Serving`, which keeps what a rebuild can reuse; a card error then
does not stop the server: the pages show the errors until the card is fixed.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import pagecache, serving
from .checker import CheckResult, check
from .errors import KbgenError
from .render import render_site
from .render.searchdata import MARKDOWN_EXTENSIONS
from .render.site import DEFAULT_TITLE
from .rendered import read_extra_pages
from .report import markdown_page
from .search import index_site

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

    search = c.Type(bool, default=True)
    """Index the built site with Pagefind and put its search in material's header (replacing material's
    own search plugin, which is then best removed from ``plugins``)."""

    extra_pages = c.Type(dict, default={})
    """Files outside ``docs/`` to publish as pages, ``{site path: file relative to mkdocs.yml}``
    (``{contributing.md: CONTRIBUTING.md}`` publishes the contributor guide without a copy)."""


class KbgenPlugin(BasePlugin[KbgenConfig]):
    """Validate the evidence cards and generate their pages."""

    def __init__(self) -> None:
        self.result: CheckResult | None = None
        #: Under ``serve``: the check that failed, shown in the browser instead of the site.
        self.broken: CheckResult | None = None
        #: Under ``serve``: what rebuilds reuse.
        self.serving: serving.Serving | None = None

    def on_startup(self, *, command, dirty) -> None:
        """Under ``serve``, keep what rebuilds can reuse (MkDocs keeps this plugin for the session)."""
        self.serving = serving.Serving(dirty) if command == "serve" else None

    def on_shutdown(self) -> None:
        """Stop a search index being written."""
        if self.serving is not None:
            self.serving.shutdown()

    def _path(self, config, value: str) -> Path:
        base_dir = os.path.dirname(config.config_file_path or "") or "."
        return Path(base_dir, value)

    def on_config(self, config):
        """Enable the Markdown extensions generated pages use; ship the search box (material only)."""
        names = [str(ext).rsplit(".", 1)[-1] for ext in config.markdown_extensions]
        config.markdown_extensions.extend(ext for ext in MARKDOWN_EXTENSIONS if ext not in names)
        if self.config.search and config.theme.name == "material":
            theme_dir = str(resources.files("kbgen") / "theme")
            if theme_dir not in config.theme.dirs:  # after the project's own overrides, before material
                config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
            config.extra_css.append("assets/kbgen/search.css")
            if "material/search" in config.plugins:
                log.info("kbgen's Pagefind search replaces material's: remove `search` from `plugins` "
                         "to stop building its unused index")
        return config

    def on_pre_build(self, config) -> None:
        """Check every card; any error aborts the build before the site folder is cleaned.

        Under ``serve`` an error does not abort (the server would wait, stuck, for a build that
        succeeds): the site is replaced by a page listing the errors, and the next save rebuilds it.
        """
        self.result = self.broken = None
        if self.serving is not None:
            self.serving.before_build(config)
        sources = self._path(config, self.config.sources_dir) if self.config.sources_dir else None
        try:
            result = check(self._path(config, self.config.evidence_dir), sources,
                           self.serving.session if self.serving is not None else None)
        except KbgenError as exc:
            raise PluginError(f"kbgen: {exc}") from None
        for d in result.diagnostics:  # through MkDocs' logger, so `--strict` counts the warnings
            where = f"{d.path}:{d.line}:{d.col}"
            (log.error if d.is_error else log.warning)(f"{where}: {d.message}" + (f" ({d.hint})" if d.hint else ""))
        if result.errors and self.serving is not None:
            log.error(f"{len(result.errors)} error(s) in the evidence cards; the site shows them until they are fixed")
            self.broken = result
            self.serving.empty(config)  # every address then finds the errors (see on_post_build)
            return
        if result.errors:
            raise PluginError(f"kbgen: {len(result.errors)} error(s) in the evidence cards; "
                              "the site was not rebuilt. Run `kbgen check` for details.")
        self.result = result

    def on_files(self, files: Files, config) -> Files:
        """Add the generated pages, refusing to shadow a hand-written page."""
        if self.broken is not None:
            files.append(File.generated(config, pagecache.ERRORS_PAGE, content=markdown_page(self.broken),
                                        inclusion=InclusionLevel.NOT_IN_NAV))
            return files
        assert self.result is not None  # on_pre_build ran or raised
        extra = read_extra_pages(self.config.extra_pages, self._path(config, "."))
        renders = self.serving.renders if self.serving is not None else None
        generated = render_site(self.result, self.config.title, self.config.intro, extra, renders)
        for path, content in generated.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"kbgen: docs/{path} clashes with a page kbgen generates; rename or remove it")
            # Card pages stay out of the nav (it would grow with every card) without MkDocs listing them.
            inclusion = InclusionLevel.UNDEFINED if path.endswith("index.md") else InclusionLevel.NOT_IN_NAV
            files.append(self.serving.file(config, path, content, inclusion) if self.serving is not None
                         else File.generated(config, path, content=content, inclusion=inclusion))
        if self.serving is not None:
            self.serving.after_files()
        return files

    def on_nav(self, nav, config, files):
        """Under ``serve``: note what every page's HTML depends on besides its own Markdown."""
        if self.serving is not None:
            self.serving.begin_pages(config, nav, files)
        return nav

    def on_env(self, env, config, files):
        """Under ``serve``: the template that prints a page's kept HTML."""
        return self.serving.environment(env) if self.serving is not None else env

    @event_priority(-100)  # last: the key covers what every other plugin did to the Markdown
    def on_page_markdown(self, markdown, page, config, files):
        """Under ``serve``: reuse the page's HTML when its inputs have not changed."""
        if self.serving is not None:
            self.serving.page_markdown(markdown, page)
        return markdown

    @event_priority(-100)  # last: after every hook that changes page content
    def on_page_context(self, context, page, config, nav):
        """Under ``serve``: a reused page's template prints its kept HTML."""
        if self.serving is not None:
            self.serving.page_context(page)
        return context

    @event_priority(-100)  # last: keep the page as it is written
    def on_post_page(self, output, page, config):
        """Under ``serve``: keep the page just built for the next rebuild."""
        if self.serving is not None:
            self.serving.post_page(output, page)
        return output

    def on_post_build(self, config) -> None:
        """Index the built site for search; under ``serve`` with card errors, make every address show them."""
        if self.broken is not None:
            serving.show_errors_everywhere(config)
            return
        if self.serving is not None:
            self.serving.report()
        if not self.config.search:
            return
        if self.serving is not None:
            self.serving.index(config)
            return
        try:
            stats = index_site(Path(config.site_dir))
        except KbgenError as exc:
            raise PluginError(f"kbgen: {exc}") from None
        log.info(f"Search index: {stats.pages} pages in {stats.seconds:.1f} s")

    def on_serve(self, server, config, builder):
        """Rebuild when a card changes."""
        server.watch(str(self._path(config, self.config.evidence_dir)))
        return server
