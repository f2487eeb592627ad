"""Checking a built site: every internal link and anchor resolves, and nothing loads from other hosts."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

#: Tags whose URL the browser fetches by itself (a link the reader clicks is not one of them).
_LOADS = {("script", "src"), ("img", "src"), ("link", "href"), ("iframe", "src"), ("source", "src"),
          ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            elif name in ("href", "src", "data") and value:
                self.urls.append((tag, name, value))


@dataclass
class LinkReport:
    """What a site check found."""

    pages: int = 0
    internal: int = 0
    external: int = 0
    broken: list[str] = field(default_factory=list)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def check_site(site: Path) -> LinkReport:
    """Check every HTML page under ``site``."""
    report = LinkReport()
    parsed: dict[Path, _Page] = {}
    for html in sorted(site.rglob("*.html")):
        if html.name == "404.html":
            continue  # MkDocs writes it with root-relative links, for any depth
        report.pages += 1
        page = parsed.setdefault(html, _parse(html))
        for tag, attr, value in page.urls:
            problem = _check_url(site, html, tag, attr, value, parsed, report)
            if problem:
                report.broken.append(f"{html.relative_to(site)}: {problem}")
    return report


def _check_url(site, html, tag, attr, value, parsed, report) -> str | None:
    url = urlparse(value)
    if url.scheme in ("http", "https", "mailto") or url.netloc:
        report.external += 1
        return f"<{tag} {attr}> loads {value} from another host" if (tag, attr) in _LOADS else None
    if url.scheme:
        return f"unexpected link {value}"
    report.internal += 1
    target = (html.parent / unquote(url.path)).resolve() if url.path else html.resolve()
    if target.is_dir():
        target = target / "index.html"
    if not target.exists() or site.resolve() not in target.parents:
        return f"links to missing {value}"
    if url.fragment and target.suffix == ".html":
        ids = parsed.setdefault(target, _parse(target)).ids
        if unquote(url.fragment) not in ids:
            return f"links to missing anchor {value}"
    return None
