"""The draft preview's errors page: every error of the check, and the cards left out of the preview."""

from __future__ import annotations

from ..draft import Draft
from ..prose import escape_text
from .context import cell, front_matter


def errors_page(draft: Draft) -> str:
    """Markdown listing every error (file, line, message, how to fix) and each card left out."""
    lines = front_matter("Errors in this draft") + [
        "# Errors in this draft", "",
        (f"`kbgen check` finds {len(draft.errors)} error(s). Until they are fixed the site cannot be published; "
         "this preview leaves out the files below."), "",
        "| Where | Problem | How to fix |", "|---|---|---|"]
    for d in draft.errors:
        where = escape_text(f"{d.path}:{d.line}:{d.col}")  # a file name is card input too
        lines.append(f"| {cell(where)} | {cell(escape_text(d.message))} ({d.code}) | {cell(escape_text(d.hint))} |")
    lines += ["", "## Left out of this preview", ""]
    for path, problems in sorted(draft.left_out.items()):
        first = problems[0].message if problems else ""
        lines.append(f"- {escape_text(path)}: {escape_text(first)}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1
                                                              else ""))
    return "\n".join(lines) + "\n"
