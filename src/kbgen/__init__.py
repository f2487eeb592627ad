"""kbgen: compile structured research-evidence cards into a cross-linked, searchable static site."""

__version__ = "0.1.0"
