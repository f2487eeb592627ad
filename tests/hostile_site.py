"""A knowledge base whose every field carries a script payload, written from the schemas.

Walking the JSON Schemas (rather than listing fields by hand) means a field added later is
attacked too. Ids stay valid slugs where pages hang on them, so every page kind is built and
every field reaches the page; everything else is a payload, rotating through the list below.
Each payload, if it ever ran, would set ``window.__pwned``, open a dialog or request a script.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

from kbgen.model import KINDS
from kbgen.schema import Schemas

FIXTURE = Path(__file__).parent / "fixtures" / "kb"

#: Where a payload that fetches something points: nothing listens there, but a request would be seen.
EVIL = "http://127.0.0.1:9/evil"

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2;alert(2)">',
    "<svg onload=window.__pwned=3>",
    '"><script>window.__pwned=4</script>',
    "'><img src=x onerror=window.__pwned=5>",
    "[click](javascript:window.__pwned=6)",
    '*x*{: onmouseover="window.__pwned=7" autofocus onfocus="window.__pwned=7" tabindex=0 }',
    "\\`<img src=x onerror=window.__pwned=8>`",
    "<mailto:x/onfocus=window.__pwned=9/autofocus/tabindex=0>",
    "[a][<https://x>]\n\n[<https://x>]: javascript:window.__pwned=10",
    "&lt;script&gt;window.__pwned=11&lt;/script&gt;",
    "</title><script>window.__pwned=12</script>",
    f'<script src="{EVIL}.js"></script>',
    f"![x]({EVIL}.png)",
    '<a href="data:text/html,<script>parent.__pwned=13</script>">d</a>',
    "`x` ` <img src=x onerror=window.__pwned=14>",
    '<iframe src="javascript:parent.__pwned=15"></iframe>',
    '=== "t"\n    <script>window.__pwned=16</script>',
    '!!! note "<img src=x onerror=window.__pwned=17>"',
    '<div markdown="1" onclick="window.__pwned=18">x</div>',
    "<details open ontoggle=window.__pwned=19>x</details>",
    "[[x|<img src=x onerror=window.__pwned=20>]]",
    "[@k, p. <img src=x onerror=window.__pwned=21>]",
    "https://x.org/)<svg/onload=window.__pwned=22>",
    f'<style>@import "{EVIL}.css";</style>',
    '<a href="jav&#x09;ascript:window.__pwned=24">t</a>',
    '<object data="javascript:window.__pwned=25"></object>',
    "```\n</code></pre><script>window.__pwned=26</script>\n```",
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=27">',
    "\x02wzxhzdk:0\x03 {#__config} <p id=__config>{}</p>",
    '<a href="#" onclick="window.__pwned=28">x</a>\n{: #__search onclick=window.__pwned=29 }',
    "### <img src=x onerror=window.__pwned=30> &lt;img src=x onerror=window.__pwned=31&gt;",
    "<https://x.org/\"onmouseover=\"window.__pwned=32>",
    "[x](https://x.org \"t\" onclick=\"window.__pwned=33\")",
    '--8<-- "/etc/passwd"',
]

#: Ids that pages hang on, kept as valid slugs: one card of each kind, all linked to each other.
IDS = {"theme": "pwn-theme", "study": "pwn-study", "account": "pwn-account", "finding": "pwn-finding",
       "citation": "pwn-citation", "term": "pwn-term"}


class _Filler:
    """Fills a schema with payloads: text everywhere, the right shape of value where pages need it."""

    def __init__(self, schemas: Schemas):
        self.schemas = schemas
        self.payloads = itertools.cycle(PAYLOADS)

    def value(self, kind: str, path: tuple):
        schema, resolver = self.schemas.subschema(kind, path)
        name = next((p for p in reversed(path) if isinstance(p, str)), kind)
        ref = schema.get("x-kbgen-ref")
        if ref:
            target = IDS.get(ref, IDS["citation"] if ref == "citable" else IDS["theme"])
            return target if name not in ("distinct_from", "possibly_same_as") else next(self.payloads)
        types = schema.get("type")
        types = types if isinstance(types, list) else [types]
        if "object" in types or "properties" in schema or "allOf" in schema:
            keys = self.schemas.properties(schema, resolver)
            return {key: self.value(kind, path + (key,)) for key in keys if key != "$schema"}
        if "array" in types:
            first, second = self.value(kind, path + (0,)), self.value(kind, path + (0,))
            if isinstance(first, str) and schema.get("items", {}).get("x-kbgen-ref"):
                return [first, next(self.payloads)]
            return [first, second]
        if "boolean" in types:
            return True
        return next(self.payloads)


def hostile_cards(schemas: Schemas | None = None) -> dict[str, dict]:
    """``{kind: card data}``: one card of each kind, every field a payload."""
    schemas = schemas or Schemas()
    filler = _Filler(schemas)
    cards = {}
    for kind in KINDS:
        card = filler.value(kind, ())
        card["id"] = IDS[kind]
        cards[kind] = card
    cards["finding"]["study"], cards["account"]["study"] = IDS["study"], IDS["study"]
    cards["finding"]["account"], cards["finding"]["themes"] = IDS["account"], [IDS["theme"], next(filler.payloads)]
    cards["theme"]["featured"] = True
    cards["theme"]["synthesis"] += f"\n\n[[{IDS['finding']}]] [@{IDS['citation']}] [@{IDS['study']}]"
    return cards


def write_hostile_project(target: Path) -> Path:
    """The fixture project plus the hostile cards (JSON is YAML, and keeps every character exact)."""
    shutil.copytree(FIXTURE, target)
    for kind, card in hostile_cards().items():
        (target / "evidence" / kind).mkdir(exist_ok=True)
        (target / "evidence" / kind / f"{card['id']}.yaml").write_text(json.dumps(card, ensure_ascii=False, indent=1),
                                                                        encoding="utf-8")
    return target
