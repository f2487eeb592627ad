"""Whatever a card holds, ``kbgen check`` reports problems; it never crashes (property-based)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.checker import check
from kbgen.model import KINDS
from kbgen.schema import Schemas

FIXTURE = Path(__file__).parent / "fixtures" / "kb"
_SCHEMAS = Schemas()
FIELDS = {kind: sorted(_SCHEMAS.properties(*_SCHEMAS.root(kind))) for kind in KINDS}
FIELDS["citation"] += ["journal", "author", "pages", "doi"]

values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 3000) | st.text(max_size=30)
    | st.sampled_from(["trust", "sample-2020", "coleman-2012-significance", "[@x]", "[[trust]]", "<b>", "2019-01-01"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["text", "locator", "section", "n",
                                                                                 "what", "study", "note"]), inner,
                                                                max_size=3),
    max_leaves=8,
)


@st.composite
def cards(draw):
    kind = draw(st.sampled_from(KINDS))
    names = draw(st.lists(st.sampled_from(FIELDS[kind]), max_size=8, unique=True))
    data = {name: draw(values) for name in names}
    data["id"] = draw(st.sampled_from(["fuzz-card", "trust", "Bad Id", 7, None]))
    return kind, data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cards(), min_size=1, max_size=3))
def test_check_never_crashes(generated):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kb"
        shutil.copytree(FIXTURE, root)
        for i, (kind, data) in enumerate(generated):
            (root / "evidence" / kind).mkdir(exist_ok=True)
            (root / "evidence" / kind / f"fuzz-{i}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
        result = check(root / "evidence", root / "sources")
        json.dumps([d.message for d in result.diagnostics])  # every message is plain text
