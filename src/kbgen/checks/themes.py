"""Theme cards: their summaries and syntheses rest on the findings their own pages list."""

from __future__ import annotations

from ..errors import Diagnostic, warning
from ..model import KnowledgeBase
from ..prose import ProseEngine
from .refs import prose_pos


def check_themes(kb: KnowledgeBase, prose: ProseEngine | None = None) -> list[Diagnostic]:
    """Warn when a theme's prose links a finding that is not tagged with the theme.

    The theme page lists the findings tagged with it; a claim resting on a finding that is
    not in that list sends readers to evidence the page does not show.
    """
    prose = prose or ProseEngine()
    problems = []
    for theme in kb.of_kind("theme"):
        for field in ("summary", "synthesis"):
            text = theme.text(field)
            if not text:
                continue
            for offset, kind, target in prose.references(text):
                finding = kb.get(target)
                if kind != "card" or finding is None or finding.kind != "finding":
                    continue
                if theme.id not in finding.texts("themes"):
                    pos = prose_pos(theme, (field,), text, offset)
                    problems.append(warning(theme.path, pos, "theme.untagged-finding",
                                            f"{field} links finding '{target}', which is not tagged '{theme.id}'",
                                            f"add '{theme.id}' to the finding's themes if it speaks to them, "
                                            "or link a finding that does"))
    return problems
