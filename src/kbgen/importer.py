"""``kbgen import``: BibTeX, biblatex, RIS and Web of Science exports to citation cards.

Every entry ends in exactly one outcome, and the run ends with a table of them:

* **written** — a new card, valid, or marked ``incomplete:`` with what the export lacks;
* **updated** — with ``--update``, a more complete record replaced an existing card's reference;
* **merged** — a second record of the same work in the file, folded into the more complete one;
* **duplicate** — the knowledge base already has the work (the shared rule in :mod:`kbgen.works`);
* **skipped** — not a work (a biblatex ``@set``), or a record no card can hold, with the reason.

A work whose key is taken by a different work gets a new unique id; nothing is overwritten
without ``--update``, and no field is left out without saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import kinds
from .citations import record
from .errors import KbgenError
from .import_bibtex import read_bibtex
from .import_fields import Record, suggest_key
from .import_ris import read_ris, read_wos
from .model import Card, KnowledgeBase, slug
from .scaffold import schema_address
from .schema import Schemas
from .works import WorkIndex

#: The kind of card an import writes: a new work is a card of the kind that is its own record.
_KIND = kinds.NEW_WORK.name
#: Card fields kept when ``--update`` replaces a card's reference: what people added, not the export.
_CARD_OWN = ("printed", "provenance", "inconsistencies", "distinct_from", "possibly_same_as")
_FIRST = ("id", "type", "author", "editor", "title", "year", "month")
_LAST = ("incomplete", "original_type", "possibly_same_as", "printed", "provenance", "inconsistencies",
         "distinct_from")


@dataclass
class Outcome:
    """What became of one entry of the file."""

    source: str
    result: str
    card: str = ""
    why: str = ""
    mapped: list[str] = field(default_factory=list)
    dropped: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did, entry by entry."""

    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    def count(self, result: str) -> int:
        """How many entries ended with ``result``."""
        return sum(1 for o in self.outcomes if o.result == result)

    def table(self) -> str:
        """The outcomes as a Markdown table (readable in a terminal, pasteable into a pull request)."""
        rows = ["| Entry | Result | Card | Why | Mapped | Dropped (why) | Notes |", "|---|---|---|---|---|---|---|"]
        for o in self.outcomes:
            dropped = "; ".join(f"{k}: {v}" for k, v in o.dropped.items())
            cells = [o.source, o.result, o.card, o.why, "; ".join(o.mapped), dropped, "; ".join(o.notes)]
            rows.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
        return "\n".join(rows)

    def summary(self) -> str:
        """One line: how many entries ended each way, and how many fields were left out."""
        dropped = sum(len(o.dropped) for o in self.outcomes if o.result in ("written", "updated"))
        parts = [f"{self.count(r)} {r}" for r in ("written", "updated", "merged", "duplicate", "skipped")]
        return f"{len(self.outcomes)} entries: " + ", ".join(parts) + f"; {dropped} field(s) left out of written cards"


def read_records(path: Path) -> tuple[list[Record], list[str]]:
    """The records of a BibTeX/biblatex, RIS or Web of Science file, told apart by their content."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KbgenError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                         "export it again as UTF-8") from None
    except OSError as exc:
        raise KbgenError(f"{path}: cannot read the file: {exc.strerror}") from None
    head = text.lstrip()[:4000]
    if re.search(r"^TY  -", text, re.MULTILINE):
        return read_ris(text)
    if head.startswith("FN ") or re.search(r"^PT [A-Z]\s*$", head, re.MULTILINE):
        return read_wos(text)
    if re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", text, re.MULTILINE):
        return read_bibtex(text)
    raise KbgenError(f"{path}: not a BibTeX, RIS or Web of Science file (kbgen found no entry in it)")


def import_file(path: Path, evidence: Path, kb: KnowledgeBase, dry_run: bool = False, update: bool = False,
                site_url: str | None = None) -> ImportReport:
    """Write a citation card for each new work in ``path`` (see the module for what else can happen)."""
    records, notes = read_records(path)
    run = _Run(evidence, kb, dry_run, update, site_url, path.name)
    report = ImportReport(notes=[f"{path}: {n}" for n in notes])
    for rec, merged_into in _merge_within_file(records):
        if merged_into is not None and merged_into is not rec:
            extra = sorted(set(rec.fields) - set(merged_into.fields))
            report.outcomes.append(_outcome(rec, "merged", "", f"the same work as {merged_into.source}, the more "
                                            "complete record, which was kept" + (
                                                f"; only this record has {', '.join(extra)}: add by hand if they "
                                                "describe the same version" if extra else "")))
        else:
            report.outcomes.append(run.settle(rec))
    report.written = run.written
    return report


def completeness(fields: dict) -> int:
    """How many bibliographic fields a record fills (the more complete record wins a duplicate)."""
    return sum(1 for k, v in fields.items() if v not in (None, "", []) and k not in ("id", "incomplete") + _CARD_OWN)


def _merge_within_file(records: list[Record]) -> list[tuple[Record, Record | None]]:
    """Records in file order, each with the record it was merged into (None for the records kept)."""
    index, kept, merged = WorkIndex(), {}, {}
    for number, rec in enumerate(records):
        if rec.not_a_work:
            continue
        match = next((k for k, verdict in index.matches(rec.fields) if verdict == "same"), None)
        if match is None:
            kept[str(number)] = rec
            index.add(str(number), rec.fields)
            continue
        winner, loser = kept[match], rec
        if completeness(rec.fields) > completeness(winner.fields):
            winner, loser = rec, winner
            kept[match] = rec
            index.add(match, rec.fields)
        merged[id(loser)] = winner
    def kept_record(rec: Record) -> Record:  # a record merged into one later merged itself ends at the last
        while id(rec) in merged:
            rec = merged[id(rec)]
        return rec

    return [(rec, kept_record(rec) if id(rec) in merged else None) for rec in records]


def _outcome(rec: Record, result: str, card: str = "", why: str = "") -> Outcome:
    return Outcome(rec.source, result, card, why or (rec.not_a_work or ""), rec.mapped, rec.dropped, rec.notes)


class _Run:
    """One import: the knowledge base's works and ids, growing as cards are written."""

    def __init__(self, evidence: Path, kb: KnowledgeBase, dry_run: bool, update: bool, site_url: str | None,
                 file_name: str) -> None:
        self.evidence, self.kb, self.dry_run, self.update = evidence, kb, dry_run, update
        self.site_url, self.file_name = site_url, file_name
        self.schemas = Schemas()
        self.validator = self.schemas.validators[_KIND]
        self.allowed = set(self.schemas.properties(*self.schemas.root(_KIND)))
        self.order = list(self.schemas.documents["defs.schema.json"]["$defs"]["reference"]["properties"])
        self.works = WorkIndex()
        self.cards: dict[str, Card] = {}
        for card in kb.cards:
            if card.kind in kinds.CITABLE_NAMES and record(card):
                self.works.add(card.id, record(card))
                self.cards[card.id] = card
        folder = evidence / _KIND
        self.taken = {c.id for c in kb.cards} | set(kb.unreadable) | (
            {p.stem for p in folder.iterdir()} if folder.is_dir() else set())
        self.written: list[Path] = []

    def settle(self, rec: Record) -> Outcome:
        """Decide what becomes of one record, and write its card if it gets one."""
        if rec.not_a_work:
            return _outcome(rec, "skipped")
        for name in [n for n in rec.fields if n not in self.allowed]:
            rec.drop(name, "kbgen's citation card has no field for it")
            del rec.fields[name]
        matches = self.works.matches(rec.fields)
        same = next((key for key, verdict in matches if verdict == "same"), None)
        if same is not None:
            return self._duplicate(rec, same)
        possible = [key for key, _ in matches if key not in self.cards or self.cards[key].kind == _KIND]
        if possible:
            rec.put("possibly_same_as", possible)
            rec.notes.append(f"may be the same work as {', '.join(possible)} (same authors and year, a title missing):"
                             " marked possibly_same_as for a person to decide")
        key, why = self._new_id(rec)
        card = self._card(rec, key)
        if card is None:
            return _outcome(rec, "skipped", "", "no valid card can hold this record: " + "; ".join(rec.notes[-1:]))
        target = self.evidence / _KIND / f"{key}.yaml"
        self._write(target, card, exclusive=True)
        self.taken.add(key)
        self.works.add(key, card)
        return _outcome(rec, "written", key, why)

    def _new_id(self, rec: Record) -> tuple[str, str]:
        """The record's own key (slugged) or the knowledge base's convention; a taken id gets a number."""
        base = (slug(rec.source) if not rec.source.startswith("record ") else "") or suggest_key(rec.fields)
        base = base[:75].rstrip("-") or "anonymous"
        if base not in self.taken:
            return base, ""
        number = 2
        while f"{base}-{number}" in self.taken:
            number += 1
        return f"{base}-{number}", f"the id '{base}' is taken by another work"

    def _duplicate(self, rec: Record, key: str) -> Outcome:
        theirs, existing = self.works.records[key], self.cards.get(key)
        ours = {k: v for k, v in rec.fields.items() if k not in ("possibly_same_as",)}
        more = completeness(ours) > completeness(theirs)
        described = (f"already in the knowledge base as '{key}'; the card has "
                     f"{', '.join(sorted(k for k in theirs if k != 'id')) or 'nothing'}; this record has "
                     f"{', '.join(sorted(ours))}")
        if existing is None:
            return _outcome(rec, "duplicate", key, described + "; that card was written by this import")
        if not (self.update and more):
            hint = ("; run again with --update to let this more complete record replace it" if more and
                    existing.kind == _KIND else "")
            return _outcome(rec, "duplicate", existing.id, described + hint)
        if existing.kind != _KIND:
            return _outcome(rec, "duplicate", existing.id, described + "; a study's reference is updated by hand")
        kept = {k: v for k, v in existing.data.items() if k in _CARD_OWN}
        card = self._card(rec, existing.id, kept)
        if card is None:
            return _outcome(rec, "duplicate", existing.id, described + "; this record makes no valid card")
        self._write(Path(existing.path), card, exclusive=False)
        return _outcome(rec, "updated", existing.id, described + "; the more complete record replaced the card")

    def _card(self, rec: Record, key: str, kept: dict | None = None) -> dict | None:
        """The card for ``rec``: schema-valid, with ``incomplete:`` naming what the export lacks; None if impossible."""
        card = {"id": key, **rec.fields, **(kept or {})}
        for err in self.validator.iter_errors(card):
            if err.validator == "required":
                name = next(n for n in err.validator_value if n not in err.instance)
                why = err.schema.get("x-kbgen-why", "") if isinstance(err.schema, dict) else ""
                if name == "year":
                    card["year"] = "n.d."
                    rec.missing.append("the export gives no year, so the card says n.d.")
                else:
                    rec.missing.append(f"the export gives no {name}" + (f" ({why})" if why else ""))
        if rec.inferred:
            card["provenance"] = card.get("provenance", []) + [
                {"fields": names, "source": "inferred", "reason": f"Imported from {self.file_name}: {reason}."}
                for names, reason in rec.inferred]
        if rec.missing:
            lacks = f"Imported from {self.file_name}: " + "; ".join(dict.fromkeys(rec.missing)) + "."
            # A reason the export already gives (kbgen's own BibTeX) stays first: it says why, not only what.
            card["incomplete"] = f"{card['incomplete']} {lacks}" if card.get("incomplete") else lacks
        for err in list(self.validator.iter_errors(card)):
            top = err.absolute_path[0] if err.absolute_path else None
            if isinstance(top, str) and top in card and top not in ("id", "type", "year", "incomplete"):
                rec.drop(top, f"'{card.pop(top)}' is not valid here: {err.message}")
        problems = [e.message for e in self.validator.iter_errors(card)]
        if problems:
            rec.notes.append("; ".join(problems))
            return None
        return self._ordered(card)

    def _ordered(self, card: dict) -> dict:
        rank = {name: i for i, name in enumerate(dict.fromkeys(list(_FIRST) + self.order + list(_LAST)))}
        return dict(sorted(card.items(), key=lambda item: rank.get(item[0], len(rank))))

    def _write(self, target: Path, card: dict, exclusive: bool) -> None:
        if self.dry_run:
            self.written.append(target)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        text = card_text(card, schema_address(_KIND, target, self.site_url))
        with open(target, "x" if exclusive else "w", encoding="utf-8") as handle:
            handle.write(text)
        self.written.append(target)


def card_text(card: dict, schema: str) -> str:
    """A citation card as YAML, with the line that points editors at its schema on top."""
    return f"# yaml-language-server: $schema={schema}\n" + yaml.safe_dump(
        card, sort_keys=False, allow_unicode=True, width=100)
