"""Reporters: the same diagnostics as text, JSON, or GitHub workflow annotations."""

from __future__ import annotations

import json

from .checker import CheckResult
from .errors import Diagnostic


def _summary(result: CheckResult) -> str:
    cards = ", ".join(f"{n} {kind}" for kind, n in result.counts.items())
    return (f"{len(result.errors)} error(s), {len(result.warnings)} warning(s) in "
            f"{sum(result.counts.values())} cards ({cards}); {_quotes_summary(result)}")


def _quotes_summary(result: CheckResult) -> str:
    """How many quotes were verified, and exactly which studies' quotes were not."""
    stats = result.quotes
    studies = ", ".join(f"{u.study} ({u.quotes})" for u in result.unverified)
    if not result.sources_checked:
        listed = f"; studies: {studies}" if studies else ""
        return (f"quotes not verified ({stats.unchecked}): no folder of full texts was given; "
                f"pass --sources DIR or set sources_dir in mkdocs.yml{listed}")
    quotes = f"{stats.checked} quotes verified against the sources"
    if stats.unchecked:
        quotes += f"; {stats.unchecked} NOT verified" + (f", of studies: {studies}" if studies else "")
    return quotes


def text(result: CheckResult) -> str:
    """``path:line:col: error: message`` lines with indented hints, then a summary."""
    lines = []
    for d in result.diagnostics:
        lines.append(f"{d.path}:{d.line}:{d.col}: {d.severity.value}: {d.message} [{d.code}]")
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    lines.append(_summary(result))
    return "\n".join(lines)


def as_json(result: CheckResult) -> str:
    """A JSON document with every diagnostic and the run's summary."""
    payload = {
        "ok": not result.errors,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "notices": len(result.notices),
        "cards": result.counts,
        "quotes": {"checked": result.quotes.checked, "unchecked": result.quotes.unchecked,
                   "sources_given": result.sources_checked,
                   "unverified": [{"study": u.study, "quotes": u.quotes, "reason": u.reason}
                                  for u in result.unverified]},
        "diagnostics": [
            {"path": d.path, "line": d.line, "column": d.col, "severity": d.severity.value,
             "code": d.code, "message": d.message, "hint": d.hint}
            for d in result.diagnostics
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    """One GitHub workflow command (``::error file=…,line=…::message``)."""
    props = [f"file={_escape_property(d.path)}"]
    if d.line:
        props += [f"line={d.line}", f"col={d.col}"]
    props.append(f"title={_escape_property('kbgen ' + d.code)}")
    message = d.message + (f"\n{d.hint}" if d.hint else "")
    return f"::{d.severity.value} {','.join(props)}::{_escape_data(message)}"


def github(result: CheckResult) -> str:
    """Workflow annotation lines, then the summary as a plain line."""
    return "\n".join([annotation(d) for d in result.diagnostics] + [_summary(result)])


_ICONS = {"error": "❌", "warning": "⚠️", "notice": "ℹ️"}


def markdown_summary(result: CheckResult) -> str:
    """A Markdown table of every problem, for ``$GITHUB_STEP_SUMMARY`` (annotations show only a few),
    then the studies whose quotes were not verified."""
    cell = lambda s: s.replace("|", "\\|").replace("\n", " ")  # noqa: E731 - table cell escaping
    lines = ["## kbgen check", "", _summary(result), ""]
    problems = [d for d in result.diagnostics if d.code != "quote.unverified" or d.is_error]
    if problems:
        lines += ["| | Location | Problem | How to fix |", "|---|---|---|---|"]
        for d in problems:
            lines.append(f"| {_ICONS[d.severity.value]} | `{d.path}:{d.line}` | {cell(d.message)} | {cell(d.hint)} |")
        lines.append("")
    if result.unverified:
        lines += ["### Quotes NOT verified", "",
                  "These studies' full texts were not at hand, so their quotes were not checked against them.", "",
                  "| Study | Quotes | Why | What to do |", "|---|---|---|---|"]
        lines += [f"| `{u.study}` | {u.quotes} | {cell(u.reason)} | {cell(u.hint)} |" for u in result.unverified]
        lines.append("")
    return "\n".join(lines)


def markdown_page(result: CheckResult) -> str:
    """A page listing every problem, for ``kbgen serve`` to show while a card is broken (text escaped)."""
    from .prose import escape_text

    lines = ["---", 'title: "The evidence cards have errors"', "---", "", "# The evidence cards have errors", "",
             "The site is not rebuilt until these are fixed; it rebuilds as soon as you save the fix.", "",
             escape_text(_summary(result)), ""]
    for d in result.diagnostics:
        where = escape_text(f"{d.path}:{d.line}:{d.col}")
        lines.append(f"- **{d.severity.value}** {where}: {escape_text(d.message)} ({escape_text(d.code)})")
        if d.hint:
            lines.append(f"    *{escape_text(d.hint)}*")
    return "\n".join(lines) + "\n"


FORMATS = {"text": text, "json": as_json, "github": github}
