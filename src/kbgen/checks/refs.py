"""References between cards: id fields, ``[@key]`` citations and ``[[id]]`` links in prose."""

from __future__ import annotations

import difflib

from .. import kinds
from ..errors import Diagnostic, error
from ..model import Card, KnowledgeBase, dotted
from ..prose import ProseEngine
from ..schema import Annotated, Schemas


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
    names = {k.name for k in kinds.ref_kinds(kind)}
    return [c.id for c in kb.cards if c.kind in names]


def _check_ref(kb: KnowledgeBase, card: Card, path, target: str, kind: str,
               pos: tuple[int, int] | None) -> list[Diagnostic]:
    found = kb.citable(target) if kind == kinds.REF_CITABLE else kb.get(target)
    if found is not None and (kind in (kinds.REF_CITABLE, kinds.REF_ANY) or found.kind == kind):
        return []
    if found is None and target in kb.unreadable:
        return []  # the card exists but could not be read: its own error says why
    where = pos or card.pos(*path)
    word = kinds.ref_word(kind)
    if found is not None:
        return [error(card.path, where, "ref.wrong-kind", f"'{target}' is a {found.kind}, not a {word}",
                      f"{dotted(path)} must name a {word}")]
    close = difflib.get_close_matches(target, _candidates(kb, kind), n=3, cutoff=0.5)
    hint = f"closest existing: {', '.join(close)}" if close else _create_hint(kind, target)
    code = "ref.unknown-citation" if kind == kinds.REF_CITABLE else "ref.unknown"
    return [error(card.path, where, code, f"unknown {word} '{target}'", hint)]


def _create_hint(kind: str, target: str) -> str:
    """How to make the missing card: in the kind's folder (a new work is a citation card)."""
    if kind == kinds.REF_ANY:
        return f"no card has this id; create it as evidence/<kind>/{target}.yaml or fix the id"
    folder = next((k.name for k in kinds.ref_kinds(kind)), kind)  # a citable work: the kind that is its record
    return f"no {kinds.ref_word(kind)} card has this id; create evidence/{folder}/{target}.yaml or fix the id"


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
        problems.extend(_check_ref(kb, card, item.path, target, kinds.REF_CITABLE if what == "cite" else kinds.REF_ANY, pos))
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
