"""The check's fast paths give the same answers as the plain ones they replace.

* the compiled validator (jsonschema-rs, ``$ref``s resolved once) accepts exactly the cards
  Python's jsonschema accepts, on the real cards and on generated ones;
* the schema walk, compiled once per kind, finds what a walk of the raw schema finds;
* the table-driven normaliser keeps every offset a character-by-character one gives;
* the number reader, one pattern with the number words as a prefix tree, reads what a reader going
  word by word reads;
* a plain sentence (citations included), known without running the Markdown engine, is what the engine
  makes of it.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.loader import load_evidence
from kbgen.model import KINDS, Card
from kbgen.prose import MarkdownSetup, ProseEngine
from kbgen.schema import Schemas
from kbgen.textmatch import normalise
from kbgen.yamlsafe import Located

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = Schemas()
PYTHON = {kind: jsonschema.Draft202012Validator(SCHEMAS.documents[f"{kind}.schema.json"], registry=SCHEMAS.registry)
          for kind in KINDS}
CARDS = load_evidence(REPO / "evidence")[0].cards


def _agree(kind: str, data: object) -> None:
    fast = SCHEMAS._compiled[kind].is_valid(data)
    assert fast == PYTHON[kind].is_valid(data), (kind, data)


def test_compiled_validators_agree_on_every_real_card():
    for card in CARDS:
        _agree(card.kind, card.data)


def _mutations(data: dict):
    """Each card with one field dropped, emptied, or given a value of the wrong type."""
    for key in list(data):
        yield {k: v for k, v in data.items() if k != key}
        for wrong in ("", 7, [], {}, None, ["x"], {"x": 1}):
            yield {**data, key: wrong}
    yield {**data, "unknown_field": "x"}


def test_compiled_validators_agree_on_broken_cards():
    for card in CARDS[::7]:
        for data in _mutations(card.data):
            _agree(card.kind, data)


values = st.recursive(st.none() | st.booleans() | st.integers(-10, 10**6) | st.text(max_size=12),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                   max_size=3),
                      max_leaves=10)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CARDS), st.data())
def test_compiled_validators_agree_on_generated_values(card, data):
    path = data.draw(st.sampled_from(sorted(card.data)))
    _agree(card.kind, {**card.data, path: data.draw(values)})


def _raw_walk(schemas: Schemas, schema, resolver, value, path):
    """The schema walk as it was: resolving ``$ref`` at every value."""
    schema, resolver = schemas.resolve(schema, resolver)
    for part in schema.get("allOf", []):
        yield from _raw_walk(schemas, part, resolver, value, path)
    ref_kind = schema.get("x-kbgen-ref")
    is_prose = schema.get("contentMediaType") == "text/markdown"
    if (ref_kind or is_prose) and isinstance(value, str):
        yield path, value, ref_kind, is_prose
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                yield from _raw_walk(schemas, props[key], resolver, item, path + (key,))
    elif isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            yield from _raw_walk(schemas, schema["items"], resolver, item, path + (i,))


def test_compiled_walk_finds_what_the_raw_walk_finds():
    for card in CARDS:
        raw = list(_raw_walk(SCHEMAS, *SCHEMAS.root(card.kind), card.data, ()))
        compiled = [(a.path, a.value, a.ref_kind, a.is_prose) for a in SCHEMAS.annotated(card)]
        assert compiled == raw, card.path


def test_each_card_is_walked_once():
    card = CARDS[0]
    assert SCHEMAS.annotated(card) is SCHEMAS.annotated(card)
    twin = Card(card.kind, card.id, card.path, Located(card.data))
    assert SCHEMAS.annotated(twin) is not SCHEMAS.annotated(card)  # another card object, another walk


_DROP = {"*", "_", "\\"}
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u201c": '"',
           "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"'}
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad"


def _reference_normalise(text: str) -> tuple[str, list[int]]:
    """The normaliser's specification, one character at a time."""
    import re

    skip = set()
    for match in re.finditer(r"(?<=[a-z])-[ \t]*\r?\n\s*(?=[a-z])", text):
        skip.update(range(match.start(), match.end()))
    out: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text):
        if i in skip:
            continue
        if char in _DROP:
            mapped = ""
        elif char in _QUOTES:
            mapped = _QUOTES[char]
        elif char in _DASHES:
            mapped = "-" if char != "\u00ad" else ""
        elif char.isspace():
            mapped = " "
        else:
            mapped = unicodedata.normalize("NFKC", char)
        for piece in mapped:
            if piece == " " and (not out or out[-1] == " "):
                continue
            out.append(piece)
            offsets.append(i)
    return "".join(out), offsets


_ALPHABET = "ab Z-\n\t\r*_\\`\"'\u2019\u201c\u2014\u00ad\ufb01\u2026\u00a0\u00a8\u00e9\u2002\u00bd"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_normalise_matches_its_specification(text):
    assert normalise(text) == _reference_normalise(text)


def test_normalise_matches_its_specification_on_the_real_sources():
    seeds = REPO.parent / "shared" / "seeds"
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in sorted(seeds.glob("*.txt"))]
    assert texts, f"expected the seeds at {seeds}"
    for text in texts:
        assert normalise(text) == _reference_normalise(text)


def test_a_sessions_kept_card_results_give_what_a_fresh_check_gives(tmp_path: Path):
    import shutil

    from kbgen.checker import CheckSession, check

    evidence = tmp_path / "evidence"
    shutil.copytree(REPO / "evidence", evidence)
    session = CheckSession()
    check(evidence, session=session)
    finding = evidence / "finding" / "lock11-trust-takes-time-and-prior-acquaintance-helps.yaml"
    text = finding.read_text(encoding="utf-8")
    # A number no quote gives, a hedge dropped, and an undefined acronym: each card-by-card check must see it.
    finding.write_text(text.replace("statement: ", "statement: All 17 QZX heads agreed. ", 1), encoding="utf-8")
    study = evidence / "study" / "lock-2011.yaml"
    study.write_text(study.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the study read afresh too
    kept, fresh = check(evidence, session=session), check(evidence)
    on_finding = {d.code for d in fresh.diagnostics if d.path.endswith(finding.name)}
    assert {"number.not-in-quotes", "glossary.undefined"} <= on_finding
    assert kept.diagnostics == fresh.diagnostics


def test_a_session_reads_again_a_card_changed_behind_the_same_size_and_time(tmp_path: Path, monkeypatch):
    """A session keeps a settled file's text by its inode, size and times; rewriting it with the same
    size and its old modification time still changes its status-change time, so it is read again."""
    import os
    import shutil
    import time

    from kbgen import loader
    from kbgen.loader import LoadCache, load_evidence

    monkeypatch.setattr(loader, "_SETTLED_NS", 0)  # the copies count as settled at once (no waiting here)

    evidence = tmp_path / "evidence"
    shutil.copytree(REPO / "tests/fixtures/kb/evidence", evidence)
    card = evidence / "theme" / "trust.yaml"
    old = card.stat()
    past = time.time_ns() - 60_000_000_000
    for path in evidence.rglob("*.yaml"):
        os.utime(path, ns=(past, past))
    cache = LoadCache()
    first = load_evidence(evidence, cache)[0].get("trust")
    assert load_evidence(evidence, cache)[0].get("trust") is first  # untouched: the same card, not read again
    text = card.read_text(encoding="utf-8")
    changed = text.replace("name: Trust", "name: Tryst")
    assert changed != text and len(changed) == len(text) and old.st_size == len(text.encode())
    time.sleep(0.01)  # past the clock tick of the first read, however coarse the file system's times
    card.write_text(changed, encoding="utf-8")
    os.utime(card, ns=(past, past))
    assert load_evidence(evidence, cache)[0].get("trust").get("name") == "Tryst"


def _reference_numbers(text: str) -> list[tuple]:
    """The number reader's specification: every word and number in turn, looked up in the word tables."""
    import re
    from decimal import Decimal

    from kbgen.checks import numbers

    short_years = {m.start(2): m.group(1)[:2] + m.group(2) for m in numbers._SHORT_YEAR.finditer(text)}
    tokens = list(re.finditer(r"\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?|[A-Za-z]+", text))
    found: list[tuple] = []
    for i, token in enumerate(tokens):
        word, end = token.group(0), token.end()
        if found and token.start() < found[-1][3]:
            continue
        unit = tokens[i + 1] if i + 1 < len(tokens) else None
        if word[0].isdigit():
            value = numbers._decimal(short_years.get(token.start(), word.replace(",", "")))
        elif (word.lower() in numbers._TENS and unit is not None and unit.group(0).lower() in numbers._SMALL
              and text[end:unit.start()] in ("-", " ")):
            value, end = Decimal(numbers._TENS[word.lower()] + numbers._SMALL[unit.group(0).lower()]), unit.end()
        elif word.lower() in numbers.WORD_VALUES:
            value = Decimal(numbers.WORD_VALUES[word.lower()])
        else:
            continue
        percent = numbers._PERCENT.match(text, end)
        stop = percent.end() if percent else end
        found.append((value, bool(percent), token.start(), stop, text[token.start():stop].strip()))
    return found


_NUMBER_WORDS = ["two", "Twenty", "THIRTY", "forty", "one", "nine", "second", "twelfth", "ninety", "fifty",
                 "plenty", "often", "seventy", "tens", "1,200", "5,00", "2014", "15", "3.5", "\u0663", "K", "\u212a",
                 "x1", "per cent", "percent", "%", "-", " ", ", ", "/", "\u2013", "."]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_NUMBER_WORDS), max_size=12))
def test_the_number_reader_matches_its_specification(pieces):
    from kbgen.checks.numbers import numbers_in

    text = "".join(pieces)
    assert [tuple(n) for n in numbers_in(text)] == _reference_numbers(text)


def test_the_number_reader_matches_its_specification_on_the_real_cards():
    from kbgen.checks.numbers import numbers_in

    texts = [q["text"] for card in CARDS for q in card.mappings("quotes") if isinstance(q.get("text"), str)]
    texts += [card.text("statement") or "" for card in CARDS]
    assert len(texts) > 1000
    for text in texts:
        assert [tuple(n) for n in numbers_in(text)] == _reference_numbers(text)


def _engine_agrees_on_plain(engine, text: str) -> bool:
    """Whether ``text`` took the plain shortcut; if it did, the engine itself must read it the same."""
    from kbgen.prose_parse import _plain_sentence

    if not (engine.reader._plain_safe and _plain_sentence(text)):
        return False
    quick, read = engine.parse(text), engine.reader.read(text)
    assert (quick.cleaned, quick.found, quick.nodes) == (read.cleaned, read.found, read.nodes), text
    return True


def test_plain_sentences_are_what_the_engine_makes_of_them_on_the_real_cards():
    from kbgen.project import read_markdown_setup

    engine = ProseEngine(read_markdown_setup(REPO / "mkdocs.yml"))
    texts = {str(item.value) for card in CARDS for item in SCHEMAS.annotated(card) if item.is_prose}
    taken = sum(_engine_agrees_on_plain(engine, text) for text in sorted(texts))
    assert len(texts) > taken > len(texts) * 0.8  # most real prose is plain sentences, citations included


_PLAIN_ENGINE = ProseEngine()
#: Plain characters and words (often drawn), the line starts that make blocks, and what starts markup.
_PLAIN_PIECES = ["Trust", "grew", "1", "é", " ", "  ", ".", ",", ";", ":", "'", '"', "(", ")", "%", "?", "/", "!",
                 "+", "=", "’", "“", "–", "-", "1.", "2)", "!!!", "???", "===", "---", "- ", "+ ", "    ", "[@k]",
                 " [@k-2, p. 3]", "[-@k]", "[@a; @b, pp. 3–4]", "[@K]", "[@k,p.3]", "(x)", "[@k](x)", "[@k][@j]"]
_PROSE_PIECES = _PLAIN_PIECES * 6 + ["*", "_", "`", "[", "]", "<", ">", "&", "\\", "#", "|", "{", "}", "~", "@",
                                     "^", "\t", "\n", "\u00a0", "> "]


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(["Trust", "1", "12", "(", '"', "“", "'", "", " ", "[@k] "]),
       st.lists(st.sampled_from(_PROSE_PIECES), max_size=10))
def test_plain_sentences_are_what_the_engine_makes_of_them(start, pieces):
    _engine_agrees_on_plain(_PLAIN_ENGINE, start + "".join(pieces))
    # Each value is read fresh: the cache must not hide a disagreement.
    _PLAIN_ENGINE.reader._cache.clear()


def test_no_plain_shortcut_under_an_extension_that_changes_plain_words():
    assert _PLAIN_ENGINE.reader._plain_safe
    smart = ProseEngine(MarkdownSetup(extensions=("tables", "smarty")))
    assert not smart.reader._plain_safe
    assert smart.parse("It's \"done\" -- so it seems").cleaned == "<p>It’s “done” – so it seems</p>"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(whitelist_categories=("L", "N", "Zs", "Pd", "Po", "Ps", "Pe", "Pi", "Pf",
                                                           "Sc")), min_size=1, max_size=16))
def test_plain_sentences_in_any_script_are_what_the_engine_makes_of_them(text):
    _engine_agrees_on_plain(_PLAIN_ENGINE, text)
    _PLAIN_ENGINE.reader._cache.clear()
