"""Kinds of collaboration: which kind each finding speaks to, for the evidence map and the adequacy facts.

An account card may say what kind of collaboration it is (``collaboration:``). A finding about an
account takes the account's kind. A finding about no single account takes its study's kind when
every account the study reports is of one and the same kind (a study of one cluster speaks of
clusters throughout); otherwise it is counted as not specific to one kind, never guessed.
"""

from __future__ import annotations

from .model import Card, KnowledgeBase

#: The kinds, in the order the evidence map shows them, with the words readers see.
KIND_LABELS = {"cluster": "Cluster", "federation": "Federation", "trust": "Trust",
               "partnership": "Partnership", "system-leadership": "System leadership"}

#: The column for findings that speak to no single kind.
UNSPECIFIED = "unspecified"
UNSPECIFIED_LABEL = "Not specific to one kind"


def account_kind(account: Card | None) -> str | None:
    """The account's kind of collaboration, or None when it does not say (or says something unknown)."""
    if account is None or account.kind != "account":
        return None
    kind = account.text("collaboration")  # a card's value may be anything: a list is no kind, not a crash
    return kind if kind in KIND_LABELS else None


def shared_kind(accounts: list[Card]) -> str | None:
    """The one kind all of a study's accounts share, or None (mixed, unknown or no accounts)."""
    found = {account_kind(a) for a in accounts}
    return found.pop() if len(found) == 1 and None not in found else None


def study_kinds(kb: KnowledgeBase, accounts_by_study: dict[str, list[Card]]) -> dict[str, str]:
    """Study id → the one kind all its accounts share (studies with mixed, unknown or no accounts are left out)."""
    kinds = {}
    for study in kb.of_kind("study"):
        kind = shared_kind(accounts_by_study.get(study.id, []))
        if kind is not None:
            kinds[study.id] = kind
    return kinds


def finding_kind(kb: KnowledgeBase, finding: Card, by_study: dict[str, str]) -> str:
    """The kind of collaboration a finding speaks to, or :data:`UNSPECIFIED`.

    ``by_study`` is :func:`study_kinds` for the knowledge base (computed once per run).
    """
    account_id = finding.text("account")
    if account_id:
        return account_kind(kb.get(account_id)) or UNSPECIFIED
    return by_study.get(str(finding.get("study")), UNSPECIFIED)


def kind_label(kind: str) -> str:
    """The words a reader sees for a kind (or for :data:`UNSPECIFIED`)."""
    return KIND_LABELS.get(kind, UNSPECIFIED_LABEL)
