"""References between cards: id fields, ``[@key]`` citations and ``[[id]]`` links in prose."""

from __future__ import annotations

import difflib

from ..errors import Diagnostic, error
from ..model import Card, KnowledgeBase, dotted
from ..prose import ProseEngine
from ..schema import Annotated, Schemas

_KIND_WORDS = {"citable": "citation or study", "study": "study", "account": "account", "theme": "theme",
               "finding": "finding", "citation": "citation",
               "term": "term"}


def check_references(kb: KnowledgeBase, schemas: Schemas, prose: ProseEngine | None = None) -> list[Diagnostic]:
    """Every id a card names resolves to a card of the right kind; prose is safe and its links resolve."""
    prose = prose or ProseEngine()
    problems: list[Diagnostic] = []
    for card in kb.cards:
        for item in schemas.annotated(card):
            if item.ref_kind and str(item.value) == card.id:
                problems.append(error(card.path, card.pos(*item.path), "ref.self",
                                      f"{dotted(item.path)} names this card itself",
                                      f"remove '{card.id}' from {dotted(item.path[:1])}: a card cannot be "
                                      "related to, distinct from or cite itself"))
            elif item.ref_kind:
                problems.extend(_check_ref(kb, card, item.path, str(item.value), item.ref_kind, None))
            if item.is_prose:
                problems.extend(_check_prose(kb, card, item, prose))
    problems.extend(_check_finding_account(kb))
    return problems


def _candidates(kb: KnowledgeBase, kind: str) -> list[str]:
    kinds = ("citation", "study") if kind == "citable" else (kind,) if kind != "any" else None
    return [c.id for c in kb.cards if kinds is None or c.kind in kinds]


def _check_ref(kb: KnowledgeBase, card: Card, path, target: str, kind: str,
               pos: tuple[int, int] | None) -> list[Diagnostic]:
    found = kb.citable(target) if kind == "citable" else kb.get(target)
    if found is not None and (kind in ("citable", "any") or found.kind == kind):
        return []
    if found is None and target in kb.unreadable:
        return []  # the card exists but could not be read: its own error says why
    where = pos or card.pos(*path)
    word = _KIND_WORDS.get(kind, "card")
    if found is not None:
        return [error(card.path, where, "ref.wrong-kind", f"'{target}' is a {found.kind}, not a {word}",
                      f"{dotted(path)} must name a {word}")]
    close = difflib.get_close_matches(target, _candidates(kb, kind), n=3, cutoff=0.5)
    hint = f"closest existing: {', '.join(close)}" if close else f"no {word} card has this id; create evidence/{_folder(kind)}/{target}.yaml or fix the id"
    code = "ref.unknown-citation" if kind == "citable" else "ref.unknown"
    return [error(card.path, where, code, f"unknown {word} '{target}'", hint)]


def _folder(kind: str) -> str:
    return "citation" if kind == "citable" else kind


def prose_pos(card: Card, path, text: str, offset: int) -> tuple[int, int]:
    """File (line, col) of a character offset inside the prose value at ``path``."""
    return card.located.offset_pos(tuple(path), text, offset)


def _check_prose(kb: KnowledgeBase, card: Card, item: Annotated, prose: ProseEngine) -> list[Diagnostic]:
    text = str(item.value)
    problems = []
    for problem in prose.problems(text):  # the engine reads each prose value once (it caches)
        pos = prose_pos(card, item.path, text, problem.offset)
        problems.append(error(card.path, pos, problem.code, f"{dotted(item.path)}: {problem.message}", problem.hint))
    for offset, what, target in prose.references(text):
        pos = prose_pos(card, item.path, text, offset)
        problems.extend(_check_ref(kb, card, item.path, target, "citable" if what == "cite" else "any", pos))
    return problems


def _check_finding_account(kb: KnowledgeBase) -> list[Diagnostic]:
    """A finding's account must be reported by the finding's own study."""
    problems = []
    for finding in kb.of_kind("finding"):
        account = kb.get(str(finding.get("account", "")))
        if account is None or account.kind != "account":
            continue
        if account.get("study") != finding.get("study"):
            problems.append(error(finding.path, finding.pos("account"), "ref.account-study",
                                  f"account '{account.id}' is reported by study '{account.get('study')}', "
                                  f"not by this finding's study '{finding.get('study')}'",
                                  "link the finding to an account of its own study, or fix `study:`"))
    return problems
