"""What the ``kbgen`` plugin keeps across a ``serve`` session, so that a save rebuilds in seconds.

Part of the MkDocs shell. MkDocs keeps a plugin that has ``on_startup`` for the whole session;
the plugin then hands each build event to a :class:`Serving`, which keeps:

* the parsed cards, compiled schemas and formatted bibliography (:class:`kbgen.checker.CheckSession`);
* each generated page's Markdown with what it read (:class:`kbgen.render.incremental.RenderCache`);
* under a dirty serve (``kbgen serve``), each generated file's content as last written: MkDocs skips
  a file whose content is unchanged (its own mechanism, through ``File.is_modified``). A changed
  configuration or theme empties the site, so everything is rebuilt; a deleted card's page is removed;
* under a plain ``mkdocs serve``, which cannot skip pages, each page's finished HTML
  (:class:`kbgen.pagecache.PageCache`), reused while its inputs are unchanged;
* the Pagefind run indexing the last build in the background (stopped when a rebuild starts);
* the cycle collector's full passes, done while the session is idle (:class:`kbgen.collector.IdleCollector`).

It also empties the site folder by a few renames (MkDocs deletes it file by file before each
build: seconds at 10,000 pages) and, while a card has an error, makes every address show the errors.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import threading
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from . import pagecache
from .checker import CheckSession
from .collector import IdleCollector
from .errors import KbgenError
from .render.incremental import RenderCache
from .search import Indexing

log = get_plugin_logger("kbgen")


class GeneratedFile(File):
    """A generated file that MkDocs skips, in a dirty build, while its content is unchanged."""

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


class Serving:
    """One serve session's state; the plugin calls it from its build events."""

    def __init__(self, dirty: bool) -> None:
        self.dirty = dirty
        self.session = CheckSession()
        self.renders = RenderCache()
        self.pages = None if dirty else pagecache.PageCache()
        self._written: dict[str, tuple[str | bytes, str]] = {}
        self._now: dict[str, tuple[str | bytes, str]] = {}
        self._context = ""
        self._indexing: Indexing | None = None
        self._reporting: threading.Thread | None = None
        self._stopped: list[threading.Thread] = []
        self.collector = IdleCollector()

    # --- the site folder and the search index

    def before_build(self, config) -> None:
        """Stop indexing the last build; empty the site unless a dirty build may keep it."""
        self.collector.build_started()
        self.stop_indexing()
        context = _context(config)
        if not self.dirty or context != self._context:  # a new configuration or theme: every page changes
            self.empty(config)
        self._context = context
        self._now = {}

    def empty(self, config) -> None:
        """Empty the site folder (every page is then written again)."""
        cleaning = _empty_quickly(Path(config.site_dir))
        if cleaning is not None:
            self._stopped.append(cleaning)
        self._written.clear()

    def index(self, config) -> None:
        """Index the site in the background: the browser reloads now, search follows a moment later."""
        try:
            self._indexing = Indexing(Path(config.site_dir))
        except KbgenError as exc:
            log.warning(f"search index not updated: {exc}")
            return
        self._reporting = threading.Thread(target=_report_index, args=(self._indexing,), name="kbgen-pagefind",
                                           daemon=True)
        self._reporting.start()

    def stop_indexing(self) -> None:
        """A rebuild is starting: the index of the last build would be out of date, so stop making it.

        The stopped run tidies up its own temporary files in its thread; the rebuild does not wait.
        """
        if self._indexing is not None:
            self._indexing.stop()
            self._stopped.append(self._reporting)
        self._indexing = self._reporting = None
        self._stopped = [thread for thread in self._stopped if thread.is_alive()]

    def after_build(self) -> None:
        """The build has ended, built or failed: collect garbage once the session is idle."""
        self.collector.build_ended()

    def shutdown(self) -> None:
        """Stop indexing; let stopped runs and emptied folders finish removing their files."""
        self.collector.stop()
        self.stop_indexing()
        for thread in self._stopped:
            thread.join()

    def wait_for_index(self) -> None:
        """Wait until the search index being written in the background is ready."""
        if self._reporting is not None:
            self._reporting.join()
        self._indexing = self._reporting = None

    # --- generated files

    def file(self, config, path: str, content: str | bytes, inclusion) -> File:
        """The MkDocs file for a generated page or download, marked unchanged when it is."""
        file = GeneratedFile.generated(config, path, content=content, inclusion=inclusion)
        if self.dirty:
            before = self._written.get(path, (None, ""))[0]
            # A page the render cache kept is the very same string; otherwise compare the text.
            file.unchanged = before is content or before == content
            self._now[path] = (content, file.abs_dest_path)
        return file

    def after_files(self) -> None:
        """Remove the pages of deleted cards (a dirty build keeps files it did not write)."""
        if not self.dirty:
            return
        for gone in self._written.keys() - self._now.keys():
            dest = self._written[gone][1]
            if os.path.isfile(dest):
                os.remove(dest)
        self._written = self._now

    # --- finished HTML, for a serve that cannot skip pages

    def begin_pages(self, config, nav, files) -> None:
        """Fingerprint what every page's HTML depends on besides its own Markdown."""
        if self.pages is None:
            return
        items = [(str(item.title), getattr(item, "url", None)) for item in _walk_nav(nav.items)]
        self.pages.begin(pagecache.fingerprint(_context(config), items),
                         [f.src_uri for f in files.documentation_pages()])

    def environment(self, env):
        """The template that prints a page's kept HTML."""
        if self.pages is not None:
            env.loader = ChoiceLoader([DictLoader({pagecache.TEMPLATE: pagecache.TEMPLATE_SOURCE}), env.loader])
        return env

    def page_markdown(self, markdown: str, page) -> None:
        """Reuse the page's HTML when its inputs have not changed."""
        if self.pages is None:
            return
        page.kbgen_key = self.pages.key(page.file.src_uri, page.url, markdown, page.meta,
                                        page.file.generated_by is not None)
        entry = self.pages.get(page.file.src_uri, page.kbgen_key)
        if entry is not None:
            page.meta["template"] = pagecache.TEMPLATE
            page.render = functools.partial(_reuse, page, entry)  # in place of the Markdown conversion

    @staticmethod
    def page_context(page) -> None:
        """A reused page's template prints its kept HTML (set after every content hook)."""
        entry = getattr(page, "kbgen_reused", None)
        if entry is not None:
            page.content = entry.html()

    def post_page(self, output: str, page) -> None:
        """Keep the page just built for the next rebuild."""
        if self.pages is not None and getattr(page, "kbgen_reused", None) is None:
            self.pages.put(page.file.src_uri, pagecache.Entry.of(page.kbgen_key, output, page))

    def report(self) -> None:
        """Say how much the rebuild reused."""
        note = f"{self.renders.rendered} pages rendered, {self.renders.reused} unchanged"
        if self.pages is not None:
            note += f" (HTML of {self.pages.reused} pages reused)"
        log.info(note)


def show_errors_everywhere(config) -> None:
    """Make the errors page answer every address (MkDocs serve answers a missing page with 404.html)."""
    shutil.copyfile(Path(config.site_dir, pagecache.ERRORS_PAGE.replace(".md", "/index.html")),
                    Path(config.site_dir, "404.html"))


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
    except (KbgenError, OSError) as exc:  # a stopped run's site may be emptied under it: expected, not reported
        if not indexing.stopped:
            log.warning(f"search index not updated: {exc}")
        return
    if not indexing.stopped:  # a stopped run indexed nothing worth saying
        log.info(f"Search index: {stats.pages} pages in {stats.seconds:.1f} s")


def _empty_quickly(site: Path) -> threading.Thread | None:
    """Empty the serve folder by moving its contents aside (a few renames) and deleting them in the background."""
    if not site.is_dir():
        return None
    entries = list(site.iterdir())
    if not entries:
        return None
    trash = Path(tempfile.mkdtemp(prefix=".kbgen-old-site-", dir=site.parent))
    for entry in entries:
        entry.rename(trash / entry.name)
    cleaning = threading.Thread(target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True},
                                name="kbgen-clean", daemon=True)
    cleaning.start()
    return cleaning


def _walk_nav(items):
    for item in items:
        yield item
        yield from _walk_nav(getattr(item, "children", None) or [])
