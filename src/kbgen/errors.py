"""Diagnostics: the one currency every check pays in.

Checks never raise on bad input; they return :class:`Diagnostic` objects, and the
reporters decide how to show them. :class:`KbgenError` is only for problems that stop
kbgen before it can look at the cards at all (a missing evidence folder).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    """How bad a diagnostic is. ``error`` fails a check; ``warning`` fails only with ``--strict``;
    ``notice`` never fails (what was not checked, such as quotes whose full text is not at hand)."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, located in a file.

    ``line`` and ``col`` are 1-based; 0 means "the whole file".
    ``code`` is a stable identifier (``schema.unknown-field``) that tests and users can match on.
    """

    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        """True when this diagnostic fails a check even without ``--strict``."""
        return self.severity is Severity.ERROR


def error(path: str, pos: tuple[int, int], code: str, message: str, hint: str = "") -> Diagnostic:
    """Build an error at ``pos`` (line, col)."""
    return Diagnostic(path, pos[0], pos[1], Severity.ERROR, code, message, hint)


def warning(path: str, pos: tuple[int, int], code: str, message: str, hint: str = "") -> Diagnostic:
    """Build a warning at ``pos`` (line, col)."""
    return Diagnostic(path, pos[0], pos[1], Severity.WARNING, code, message, hint)


def notice(path: str, pos: tuple[int, int], code: str, message: str, hint: str = "") -> Diagnostic:
    """Build a notice at ``pos`` (line, col): reported, but never failing a check."""
    return Diagnostic(path, pos[0], pos[1], Severity.NOTICE, code, message, hint)


class KbgenError(Exception):
    """A problem that stops kbgen before any card can be checked (bad folder, bad option)."""
