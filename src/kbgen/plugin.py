"""The ``kbgen`` MkDocs plugin: a thin shell over the core.

It checks the cards in ``on_pre_build``, before MkDocs cleans the site folder (so a failed
check, or a warning under ``strict``, leaves the previous site intact), adds every generated
page in memory with ``File.generated``, and passes the HTML of each generated page through the
allowlist sanitiser before MkDocs writes it. Whatever goes wrong becomes a ``PluginError``:
MkDocs prints it as one line and exits 1, never with a traceback. After the build, it indexes
the site with Pagefind, whose search box it puts in material's header.

Under ``serve`` the plugin lives for the whole session (it has ``on_startup``) and hands its
events to :class:`kbgen.serving.Serving`, which keeps what a rebuild can reuse; a card error then
does not stop the server: the pages show the errors until the card is fixed.
"""

from __future__ import annotations

import functools
import logging
import os
from importlib import resources
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import collector, heldhtml, pagecache, serving
from .checker import CheckResult, check
from .draft import ERRORS_PAGE, Draft, banner, draft_check
from .errors import KbgenError
from .export import read_extra_pages
from .project import extensions_message, markdown_setup, missing_extensions
from .render import render_site
from .render.errors import errors_page
from .render.site import ASSETS, check_introductions
from .report import markdown_page
from .sanitise import page_sanitiser, text_only
from .schema import schema_base
from .search import index_site
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

    search = c.Type(bool, default=True)
    """Index the built site with Pagefind and put its search in material's header (replacing material's
    own search plugin, which is then best removed from ``plugins``)."""

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
        #: Raw HTML blocks held out of a page's conversion, by page (see :mod:`kbgen.heldhtml`).
        self.held: dict[str, list[str]] = {}
        self.sanitiser = page_sanitiser()
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

    @_plugin_errors
    def on_config(self, config):
        """Refuse a configuration without the Markdown extensions the generated pages need; ship kbgen's
        stylesheet and script, and the search box (material only)."""
        missing = missing_extensions(markdown_setup(config))
        if missing:
            raise PluginError("kbgen: " + extensions_message(missing, os.path.basename(config.config_file_path or
                                                                                       "mkdocs.yml")))
        if config.theme.name != "material":
            return config
        # Theme folders after the project's own overrides, before material: their files are copied into the site.
        at = 1 if config.theme.custom_dir else 0
        for folder in ("theme", "searchbox") if self.config.search else ("theme",):
            path = str(resources.files("kbgen") / folder)
            if path not in config.theme.dirs:
                config.theme.dirs.insert(at, path)
        # Contrast, focus, print and wide pages (WCAG 2.1 AA), and small enhancements every page works without.
        config.extra_css.append(ASSETS["css"])
        config.extra_javascript.append(ASSETS["js"])
        if self.config.search:
            config.extra_css.append("assets/kbgen/search.css")
            if "material/search" in config.plugins:
                log.info("kbgen's Pagefind search replaces material's: remove `search` from `plugins` "
                         "to stop building its unused index")
        return config

    @_plugin_errors
    def on_pre_build(self, config) -> None:
        """Check every card; any error (any warning, under strict) aborts before the site folder is cleaned.

        Under ``serve`` an error does not abort (the server would wait, stuck, for a build that
        succeeds): the site is replaced by a page listing the errors, and the next save rebuilds it.
        """
        self.result = self.broken = None
        if self.serving is not None:
            self.serving.before_build(config)
        check_introductions(self.config.introductions)
        sources = folders_option(self.config.sources_dir, self._path(config, ".")) or None
        evidence = self._path(config, self.config.evidence_dir)
        setup = markdown_setup(config)
        self.draft = None
        session = self.serving.session if self.serving is not None else None
        with collector.checking():
            if self.config.draft or os.environ.get("KBGEN_DRAFT") == "1":
                self.draft = draft_check(evidence, sources, setup)
                log.warning(f"draft preview: {len(self.draft.errors)} error(s); "
                            f"{len(self.draft.left_out)} file(s) left out")
            result = self.draft.result if self.draft else check(
                evidence, sources, bool(self.config.require_sources), markdown=setup, session=session)
        # Through MkDocs' logger, so `--strict` counts the warnings; notices (unverified quotes) are information.
        say = {"error": log.error, "warning": log.warning, "notice": log.info}
        for d in result.diagnostics:
            where = f"{d.path}:{d.line}:{d.col}"
            hint = f" ({d.hint.splitlines()[0]})" if d.hint else ""
            say[d.severity.value](f"{where}: {d.message}{hint}")
        if result.errors and self.serving is not None and not self.draft:
            log.error(f"{len(result.errors)} error(s) in the evidence cards; the site shows them until they are fixed")
            self.broken = result
            self.serving.empty(config)  # every address then finds the errors (see on_post_build)
            # The site is the errors page alone until they are fixed: MkDocs' warnings that the pages the nav
            # and about.md name are missing would only bury the card errors above them.
            config.validation.nav.not_found = config.validation.links.not_found = logging.DEBUG
            return
        if result.errors and not self.draft:
            raise PluginError(f"kbgen: {len(result.errors)} error(s) in the evidence cards; "
                              "the site was not rebuilt. Run `kbgen check` for details.")
        if config.strict and result.warnings:
            raise PluginError(f"kbgen: {len(result.warnings)} warning(s) in the evidence cards in strict mode; "
                              "the site was not rebuilt. Run `kbgen check --strict` for details.")
        self.result = result
        self.extra = read_extra_pages(self.config.extra_pages, self._path(config, "."))  # before site/ is cleaned
        if self.serving is None:
            collector.settle()  # the checked cards live to the build's end (a serve session settles when idle)

    @_plugin_errors
    def on_files(self, files: Files, config) -> Files:
        """Add the generated pages, refusing to shadow a hand-written page."""
        if self.broken is not None:
            files.append(File.generated(config, pagecache.ERRORS_PAGE, content=markdown_page(self.broken),
                                        inclusion=InclusionLevel.NOT_IN_NAV))
            return files
        assert self.result is not None  # on_pre_build ran or raised
        renders = self.serving.renders if self.serving is not None else None
        generated = render_site(self.result, self.config.title or config.site_name, self.config.intro, self.extra,
                                self.config.introductions, schema_base(config.site_url),
                                config.use_directory_urls, renders)
        if self.draft:
            generated[ERRORS_PAGE] = errors_page(self.draft)
        self.generated, self.held = set(), {}
        for path, content in generated.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"kbgen: docs/{path} clashes with a page kbgen generates; rename or remove it")
            # Card pages stay out of the nav (it would grow with every card) without MkDocs listing them.
            inclusion = InclusionLevel.UNDEFINED if path.endswith("index.md") else InclusionLevel.NOT_IN_NAV
            files.append(self.serving.file(config, path, content, inclusion) if self.serving is not None
                         else File.generated(config, path, content=content, inclusion=inclusion))
            self.generated.add(path)
        if self.serving is not None:
            self.serving.after_files()
        else:  # every page is written: the cards are not needed while MkDocs renders them (a third of the peak)
            self.result = None
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
        """A draft preview opens every page with the banner that says so; under ``serve``, reuse the page's
        HTML when its inputs have not changed."""
        if self.draft:
            markdown = banner(page.file.src_uri, self.draft) + markdown
        if self.serving is not None:
            self.serving.page_markdown(markdown, page)
        if page.file.src_uri in self.generated:
            markdown, blocks = heldhtml.hold(markdown)  # large raw HTML waits outside the conversion
            if blocks:
                self.held[page.file.src_uri] = blocks
            # MkDocs keeps every page's Markdown until the build ends, and the File kept its own copy (the
            # text before its front matter was cut): let the File hold the page's, so each text is held once.
            page.file.content_string = markdown
        return markdown

    @_plugin_errors
    def on_page_content(self, html: str, page, config, files) -> str:
        """A generated page's HTML through the allowlist sanitiser (and its table of contents as text)."""
        if page.file.src_uri not in self.generated:
            return html
        html = heldhtml.restore(html, self.held.pop(page.file.src_uri, []))
        cleaned, removed = self.sanitiser.clean_and_report(html)
        for removal in removed:
            log.warning(f"{page.file.src_uri}: the sanitiser removed {removal.describe()} "
                        "(unsafe markup from a card; run `kbgen check`)")
        for item in _toc_items(page.toc):
            item.title = text_only(item.title)
        return cleaned

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
        self._build_ended()
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

    def on_build_error(self, *, error) -> None:
        """A failed build has ended too."""
        self._build_ended()

    def _build_ended(self) -> None:
        """Give the cards back to the collector; under ``serve``, collect once the session is idle."""
        if self.serving is not None:
            self.serving.after_build()
        else:
            collector.release()

    def on_serve(self, server, config, builder):
        """Rebuild when a card changes."""
        server.watch(str(self._path(config, self.config.evidence_dir)))
        return server


def _toc_items(items):
    for item in items:
        yield item
        yield from _toc_items(item.children)
