"""The ``kbgen`` MkDocs plugin: a thin shell over the core.

It checks the cards before MkDocs touches the site folder (so a failed build leaves the
previous site intact), then adds every generated page in memory with ``File.generated``.

Under ``serve`` the plugin lives for the whole session (it has ``on_startup``): it keeps each
page's finished HTML between rebuilds (:mod:`kbgen.pagecache`), and a card error does not stop
the server: the pages show the errors until the card is fixed.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import threading
from importlib import resources
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .checker import CheckResult, CheckSession, check
from . import pagecache
from .errors import KbgenError
from .render import render_site
from .render.incremental import RenderCache
from .render.searchdata import MARKDOWN_EXTENSIONS
from .render.site import DEFAULT_TITLE
from .rendered import read_extra_pages
from .report import markdown_page
from .search import Indexing, index_site

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
        #: Under ``serve``: what rebuilds reuse (the plugin then lives for the whole session).
        self.pages: pagecache.PageCache | None = None
        self.session: CheckSession | None = None
        self.renders: RenderCache | None = None
        self.dirty = False
        #: Under ``serve --dirty``: each generated file's content last written, and where.
        self.written: dict[str, tuple[str | bytes, str]] = {}
        self.context = ""
        self._indexing: Indexing | None = None
        self._reporting: threading.Thread | None = None

    def on_startup(self, *, command, dirty) -> None:
        """Under ``serve``, keep parsed cards and finished pages between rebuilds."""
        serving = command == "serve"
        self.dirty = serving and dirty
        # A dirty serve skips unchanged pages (MkDocs' own mechanism); otherwise their HTML is kept.
        self.pages = pagecache.PageCache() if serving and not dirty else None
        self.session = CheckSession() if serving else None
        self.renders = RenderCache() if serving else None

    def on_shutdown(self) -> None:
        """Stop a search index being written."""
        self._stop_indexing()

    def _stop_indexing(self) -> None:
        """A rebuild is starting: the index of the last build would be out of date, so stop making it."""
        if self._indexing is not None:
            self._indexing.stop()
        self.wait_for_index()

    def wait_for_index(self) -> None:
        """Wait until the search index being written in the background is ready."""
        if self._reporting is not None:
            self._reporting.join()
        self._indexing = self._reporting = None

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
        if self.session is not None:
            self._stop_indexing()
            context = _context(config)
            if not self.dirty or context != self.context:  # a new configuration or theme: every page changes
                _empty_quickly(Path(config.site_dir))
                self.written.clear()
            self.context = context
        sources = self._path(config, self.config.sources_dir) if self.config.sources_dir else None
        try:
            result = check(self._path(config, self.config.evidence_dir), sources, self.session)
        except KbgenError as exc:
            raise PluginError(f"kbgen: {exc}") from None
        for d in result.diagnostics:  # through MkDocs' logger, so `--strict` counts the warnings
            where = f"{d.path}:{d.line}:{d.col}"
            (log.error if d.is_error else log.warning)(f"{where}: {d.message}" + (f" ({d.hint})" if d.hint else ""))
        if result.errors and self.session is not None:
            log.error(f"kbgen: {len(result.errors)} error(s) in the evidence cards; the site shows them "
                      "until they are fixed")
            self.broken = result
            _empty_quickly(Path(config.site_dir))  # every page address now finds the errors (see on_post_build)
            self.written.clear()
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
        generated = render_site(self.result, self.config.title, self.config.intro, extra, self.renders)
        written = {}
        for path, content in generated.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"kbgen: docs/{path} clashes with a page kbgen generates; rename or remove it")
            # Card pages stay out of the nav (it would grow with every card) without MkDocs listing them.
            inclusion = InclusionLevel.UNDEFINED if path.endswith("index.md") else InclusionLevel.NOT_IN_NAV
            file = _GeneratedFile.generated(config, path, content=content, inclusion=inclusion)
            if self.dirty:
                before = self.written.get(path, (None, ""))[0]
                # A page the render cache kept is the very same string; otherwise compare the text.
                file.unchanged = before is content or before == content
                written[path] = (content, file.abs_dest_path)
            files.append(file)
        if self.dirty:
            for gone in self.written.keys() - written.keys():
                dest = self.written[gone][1]
                if os.path.isfile(dest):
                    os.remove(dest)  # a page whose card was deleted (a dirty build keeps old files)
            self.written = written
        return files

    def on_nav(self, nav, config, files):
        """Under ``serve``: fingerprint what every page's HTML depends on besides its own Markdown."""
        if self.pages is not None:
            with open(config.config_file_path, "rb") as handle:
                settings = handle.read().decode("utf-8", "replace")
            items = [(str(item.title), getattr(item, "url", None)) for item in _walk_nav(nav.items)]
            theme = [(d, os.path.getmtime(d)) for d in config.theme.dirs if os.path.isdir(d)]
            self.pages.begin(pagecache.fingerprint(settings, items, theme),
                             [f.src_uri for f in files.documentation_pages()])
        return nav

    def on_env(self, env, config, files):
        """Under ``serve``: the template that prints a page's kept HTML."""
        if self.pages is not None:
            env.loader = ChoiceLoader([DictLoader({pagecache.TEMPLATE: pagecache.TEMPLATE_SOURCE}), env.loader])
        return env

    @event_priority(-100)  # last: the key covers what every other plugin did to the Markdown
    def on_page_markdown(self, markdown, page, config, files):
        """Under ``serve``: reuse the page's HTML when its inputs have not changed."""
        if self.pages is None:
            return markdown
        page.kbgen_key = self.pages.key(page.file.src_uri, page.url, markdown, page.meta,
                                        page.file.generated_by is not None)
        entry = self.pages.get(page.file.src_uri, page.kbgen_key)
        if entry is not None:
            page.meta["template"] = pagecache.TEMPLATE
            page.render = functools.partial(_reuse, page, entry)  # in place of the Markdown conversion
        return markdown

    @event_priority(-100)
    def on_page_context(self, context, page, config, nav):
        """A reused page's template prints its kept HTML (set here, after every content hook)."""
        entry = getattr(page, "kbgen_reused", None)
        if entry is not None:
            page.content = entry.html()
        return context

    @event_priority(-100)  # last: keep the page as it is written
    def on_post_page(self, output, page, config):
        """Under ``serve``: keep the page just built for the next rebuild."""
        if self.pages is not None and getattr(page, "kbgen_reused", None) is None:
            self.pages.put(page.file.src_uri, pagecache.Entry.of(page.kbgen_key, output, page))
        return output

    def on_post_build(self, config) -> None:
        """Index the built site for search; under ``serve`` with card errors, make every missing page show them."""
        if self.broken is not None:
            shutil.copyfile(Path(config.site_dir, pagecache.ERRORS_PAGE.replace(".md", "/index.html")),
                            Path(config.site_dir, "404.html"))
            return
        if self.renders is not None:
            note = f"{self.renders.rendered} pages rendered, {self.renders.reused} unchanged"
            if self.pages is not None:
                note += f" (HTML of {self.pages.reused} pages reused)"
            log.info(note)
        if not self.config.search:
            return
        if self.session is not None:  # serving: the browser reloads now, search follows a moment later
            try:
                self._indexing = Indexing(Path(config.site_dir))
            except KbgenError as exc:
                log.warning(f"search index not updated: {exc}")
                return
            self._reporting = threading.Thread(target=_report_index, args=(self._indexing,), name="kbgen-pagefind",
                                               daemon=True)
            self._reporting.start()
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


class _GeneratedFile(File):
    """A generated page that, under ``serve --dirty``, MkDocs skips while its content is unchanged."""

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


def _context(config) -> str:
    """Fingerprint of what every page's HTML depends on besides its own content: configuration and theme."""
    with open(config.config_file_path, "rb") as handle:
        settings = handle.read()
    theme = [(d, os.path.getmtime(d)) for d in config.theme.dirs if os.path.isdir(d)]
    return pagecache.fingerprint(settings.hex(), theme)


def _reuse(page, entry: pagecache.Entry, config, files) -> None:
    """Stand-in for ``Page.render`` of a page whose HTML is kept: what rendering would have set."""
    page.content = ""
    page.toc = entry.toc
    page.present_anchor_ids = entry.anchors
    page.links_to_anchors = {}
    page._title_from_render = entry.title_from_render
    page.kbgen_reused = entry


def _report_index(indexing: Indexing) -> None:
    """Say when the background index is ready (or that it failed; a stopped run says nothing)."""
    try:
        stats = indexing.wait()
    except KbgenError as exc:
        if not indexing.stopped:
            log.warning(f"search index not updated: {exc}")
        return
    log.info(f"Search index: {stats.pages} pages in {stats.seconds:.1f} s")


def _empty_quickly(site: Path) -> None:
    """Empty the serve folder by moving its contents aside (a few renames) and deleting them in the background.

    MkDocs empties it before every rebuild, one file and folder at a time: seconds at 10,000 pages.
    """
    if not site.is_dir():
        return
    entries = list(site.iterdir())
    if not entries:
        return
    trash = Path(tempfile.mkdtemp(prefix=".kbgen-old-site-", dir=site.parent))
    for entry in entries:
        entry.rename(trash / entry.name)
    threading.Thread(target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True},
                     name="kbgen-clean", daemon=True).start()


def _walk_nav(items):
    for item in items:
        yield item
        yield from _walk_nav(getattr(item, "children", None) or [])
