"""Rendering: cards to Markdown pages. Knows nothing of MkDocs; the plugin and ``kbgen render`` share it."""

from .site import render_site

__all__ = ["render_site"]
