"""Rebuilds in seconds under ``kbgen serve``: each page's finished HTML, reused while its inputs are unchanged.

Part of the MkDocs shell (the core knows nothing of it). MkDocs 1.6 rebuilds every page on every
change and offers no way to skip one, so the plugin keeps, per page, the HTML it wrote last time and
a key: the page's Markdown and metadata, its address, the navigation and the configuration. When a
rebuild finds the same key, the plugin stands in for the page's Markdown conversion (restoring the
table of contents and anchors other pages check links against) and has the page rendered through a
one-line template that prints the kept HTML. The file is written again as usual, so the site is
complete after every rebuild; only the work is saved.

Generated pages change whenever something they show changes (their Markdown is regenerated on every
rebuild), so the key follows them exactly. A hand-written page's Markdown does not change when a
page it links to appears or disappears, so its key also covers the set of all pages.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass

#: The template a page whose HTML is reused is rendered through.
TEMPLATE = "kbgen/cached-page.html"
TEMPLATE_SOURCE = "{{ page.content }}"
#: Under ``serve``, the page that lists card errors (and stands in for every missing page).
ERRORS_PAGE = "kbgen-errors.md"


@dataclass
class Entry:
    """One page as last built (its HTML compressed: a serve session may keep 10,000 pages)."""

    key: str
    packed: bytes
    toc: object
    anchors: set[str] | None
    title_from_render: str | None

    @classmethod
    def of(cls, key: str, html: str, page) -> Entry:
        """The entry for a MkDocs page just built into ``html``."""
        return cls(key, zlib.compress(html.encode("utf-8", "surrogatepass"), 1), page.toc,
                   page.present_anchor_ids, getattr(page, "_title_from_render", None))

    def html(self) -> str:
        """The page's HTML."""
        return zlib.decompress(self.packed).decode("utf-8", "surrogatepass")


class PageCache:
    """Finished pages of a serve session, by source path."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}
        self._context = ""
        self._pages = ""
        self.reused = 0
        self.built = 0

    def begin(self, context: str, page_paths: list[str]) -> None:
        """Start a build: ``context`` fingerprints the configuration and navigation; ``page_paths`` are all pages."""
        self._context = context
        self._pages = hashlib.sha256("\n".join(sorted(page_paths)).encode()).hexdigest()
        self.reused = self.built = 0

    def key(self, src_uri: str, url: str, markdown: str, meta: dict, generated: bool) -> str:
        """The key of a page's inputs."""
        digest = hashlib.sha256()
        for part in (self._context, src_uri, url, json.dumps(meta, sort_keys=True, default=str),
                     "" if generated else self._pages, markdown):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.hexdigest()

    def get(self, src_uri: str, key: str) -> Entry | None:
        """The page as last built, if it was built from the same inputs."""
        entry = self._entries.get(src_uri)
        if entry is not None and entry.key == key:
            self.reused += 1
            return entry
        return None

    def put(self, src_uri: str, entry: Entry) -> None:
        """Keep a page just built."""
        self._entries[src_uri] = entry
        self.built += 1

    def forget_except(self, src_uris: set[str]) -> None:
        """Drop pages that no longer exist."""
        for gone in set(self._entries) - src_uris:
            del self._entries[gone]


def fingerprint(*parts: object) -> str:
    """A short hash of configuration and navigation values."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=repr).encode()).hexdigest()
