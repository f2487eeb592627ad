"""Synthetic knowledge bases cloned from the real cards, for benchmarks.

    python benchmarks/synthetic.py N TARGET      (writes TARGET/evidence, docs, mkdocs.yml)

The repository's own cards are copied whole, again and again: clone ``c`` of every study, account,
finding and citation gets ids ending ``-c<c>``, and every reference inside a clone (ids, ``[[links]]``,
``[@citations]``) points to the same clone, so each card keeps its real size and shape. The themes are
shared, as a growing knowledge base keeps its themes. The last clone is cut short so that there are
exactly N findings; links to a finding it left out fall back to the original card.

Cloned works must not look like duplicates to the bibliography check: each clone's authors and
DOIs carry the clone's number.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml

from kbgen.project import load_config_text

REPO = Path(__file__).resolve().parents[1]
CLONED = ("study", "account", "finding", "citation")


def _read(kind: str) -> list[tuple[str, dict]]:
    folder = REPO / "evidence" / kind
    return [(p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.yaml"))]


def _remap(value, pattern: re.Pattern | None, mapping: dict[str, str]):
    """``value`` with every cloned id replaced by the clone's id (strings, lists and mappings)."""
    if isinstance(value, str):
        if pattern is None:
            return value
        return pattern.sub(lambda m: mapping[m.group(0)], value)
    if isinstance(value, list):
        return [_remap(v, pattern, mapping) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in ("full_text", "text") else _remap(v, pattern, mapping)) for k, v in value.items()}
    return value


def _mark_authors(record: dict, clone: int) -> None:
    """Make a cloned work distinct: authors (and DOI) carry the clone's number."""
    for role in ("author", "editor"):
        names = record.get(role)
        if isinstance(names, list):
            record[role] = [_mark_name(str(n), clone) for n in names]
    if record.get("doi"):
        record["doi"] = f"{record['doi']}-c{clone}"


def _mark_name(name: str, clone: int) -> str:
    if name.startswith("{") and name.endswith("}"):
        return "{" + f"{clone} " + name[1:]
    family, sep, given = name.partition(",")
    return f"{family}-{clone}{sep}{given}"


def make_kb(target: Path, findings: int) -> dict[str, int]:
    """Write a project of exactly ``findings`` findings under ``target``; returns the card counts."""
    cards = {kind: _read(kind) for kind in (*CLONED, "theme", "term")}
    real = len(cards["finding"])
    clones = -(-findings // real)
    evidence = target / "evidence"
    counts = dict.fromkeys((*CLONED, "theme", "term"), 0)
    for kind in (*CLONED, "theme", "term"):
        (evidence / kind).mkdir(parents=True, exist_ok=True)
    for kind in ("theme", "term"):  # one of each, as in the real knowledge base
        for card_id, data in cards[kind]:
            _write(evidence / kind / f"{card_id}.yaml", data)
            counts[kind] += 1
    for clone in range(clones):
        keep = min(real, findings - clone * real)
        kept = {kind: cards[kind] if kind != "finding" else cards[kind][:keep] for kind in CLONED}
        mapping = {cid: (f"{cid}-c{clone}" if clone else cid) for kind in CLONED for cid, _ in kept[kind]}
        pattern = None
        if clone:
            ids = sorted(mapping, key=len, reverse=True)
            pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
        for kind in CLONED:
            for card_id, data in kept[kind]:
                copy = _remap(data, pattern, mapping)
                copy["id"] = mapping[card_id]
                if clone and kind in ("citation", "study"):
                    _mark_authors(copy if kind == "citation" else copy.setdefault("reference", {}), clone)
                    copy.pop("doubtful", None)  # its printed value is the original's, not the clone's
                _write(evidence / kind / f"{copy['id']}.yaml", copy)
                counts[kind] += 1
    _project(target)
    return counts


def _write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")


def _project(target: Path) -> None:
    """The repository's mkdocs.yml and docs/, without pages that live outside the evidence."""
    config = load_config_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"))  # !ENV resolved
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "kbgen" in plugin:
            for option in ("extra_pages", "sources_dir", "require_sources"):  # no full texts for clones
                (plugin["kbgen"] or {}).pop(option, None)
    config["nav"] = [item for item in config.get("nav", []) if "About" not in item]
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    shutil.copytree(REPO / "docs", target / "docs", dirs_exist_ok=True)


if __name__ == "__main__":
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    print(make_kb(out, n))
