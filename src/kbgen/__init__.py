"""kbgen: compile structured research-evidence cards into a cross-linked, searchable static site.

The public API, for tools that use kbgen from Python rather than from the command line::

    from kbgen import check, render_site

    result = check(Path("evidence"), Path("sources"))      # CheckResult: cards, bibliography, diagnostics
    for problem in result.diagnostics:                      # Diagnostic: path, line, col, severity, message
        print(problem.path, problem.line, problem.message)
    pages = render_site(result)                             # {site path: Markdown or bytes}

Names are imported on first use, so ``import kbgen`` (and ``kbgen --version``) stays quick.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: Each public name and the module that defines it.
_PUBLIC = {
    "check": "kbgen.checker",
    "CheckResult": "kbgen.checker",
    "Diagnostic": "kbgen.errors",
    "Severity": "kbgen.errors",
    "KbgenError": "kbgen.errors",
    "load_evidence": "kbgen.loader",
    "KnowledgeBase": "kbgen.model",
    "Card": "kbgen.model",
    "render_site": "kbgen.render",
    "write_project": "kbgen.starter",
}

__all__ = [*_PUBLIC, "__version__"]


def __getattr__(name: str) -> object:
    """Import a public name from its module when it is first used."""
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'kbgen' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
