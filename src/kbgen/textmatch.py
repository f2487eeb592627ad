"""Finding a quote in a document's full text, forgiving only what conversion damages.

Both texts are normalised the same way: Unicode compatibility forms (ligatures, the
ellipsis character), curly and straight quotes, every kind of dash, Markdown emphasis
markers, runs of whitespace and line breaks, and words hyphenated across a line break.
Case, spelling and punctuation are kept: a quote must be verbatim, typos included.
``[...]``, ``[…]`` and ``…`` in a quote stand for a gap of any text.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

#: Longest stretch of the source one gap marker may skip (normalised characters).
MAX_GAP = 4000

_QUOTE_CHARS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
}
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad"
_DROP = {"*", "_", "\\"}
_LINE_HYPHEN = re.compile(r"(?<=[a-z])-[ \t]*\r?\n\s*(?=[a-z])")
_GAP = re.compile(r"\s*(?:\[\s*\.\.\.\s*\]|\.\.\.)\s*")
_WORD = re.compile(r"\S+")


def _map_char(char: str) -> str:
    """One character's normal form ('' drops it)."""
    if char in _DROP:
        return ""
    if char in _QUOTE_CHARS:
        return _QUOTE_CHARS[char]
    if char in _DASHES:
        return "-" if char != "\u00ad" else ""
    if char.isspace():
        return " "
    return unicodedata.normalize("NFKC", char)


def normalise(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the offset it came from in ``text``.

    Runs of unchanged characters are copied as slices, so the cost is per changed character
    (line ends, quotes, dashes) rather than per character.
    """
    if _is_normal(text):
        return text, list(range(len(text)))
    mapped, offsets = _map(text)
    out: list[str] = []
    kept: list[int] = []
    pos = 0
    for match in _EXTRA_SPACES.finditer(mapped):
        # A run of spaces keeps its first (none at the very start), as the source had one word break.
        end = match.start() if match.start() == 0 else match.start() + 1
        out.append(mapped[pos:end])
        kept.extend(offsets[pos:end])
        pos = match.end()
    out.append(mapped[pos:])
    kept.extend(offsets[pos:])
    return "".join(out), kept


_EXTRA_SPACES = re.compile(r"^ +| {2,}")


def _is_normal(text: str) -> bool:
    """True when normalising changes nothing: plain printable ASCII, single spaces, none leading."""
    return not _MAYBE_CHANGED.search(text) and "  " not in text and not text.startswith(" ")


#: Characters that may change: everything but printable ASCII, and the Markdown marks and backtick among it.
_MAYBE_CHANGED = re.compile(r"[^\x20-\x29\x2b-\x5b\x5d\x5e\x61-\x7e]")
_SPECIAL = re.compile(f"(?P<hyphen>{_LINE_HYPHEN.pattern})|{_MAYBE_CHANGED.pattern}")


def _map(text: str) -> tuple[str, list[int]]:
    """Each character mapped to its normal form, line-break hyphenation removed; no space collapsing yet."""
    table: dict[str, str] = {}
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for match in _SPECIAL.finditer(text):
        start = match.start()
        out.append(text[pos:start])
        offsets.extend(range(pos, start))
        if match.lastgroup != "hyphen":
            char = match.group(0)
            piece = table.get(char)
            if piece is None:
                piece = table[char] = _map_char(char)
            out.append(piece)
            offsets.extend([start] * len(piece))
        pos = match.end()
    out.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    return "".join(out), offsets


@dataclass
class Found:
    """Where a quote was found: original character offsets and line number."""

    start: int
    end: int
    line: int


@dataclass
class Closest:
    """The passage most like a quote that was not found, and where they part."""

    line: int
    passage: str
    quote_has: str
    source_has: str


@dataclass
class SourceText:
    """A document's full text, normalised once and searched many times."""

    name: str
    original: str
    norm: str = field(init=False)
    offsets: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.norm, self.offsets = normalise(self.original)

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer(r"\n", self.original)]

    def line_of(self, offset: int) -> int:
        """1-based line number of an original offset."""
        return bisect.bisect_right(self._line_starts, offset)

    @cached_property
    def _words(self) -> list[tuple[str, int]]:
        return [(m.group(0), m.start()) for m in _WORD.finditer(self.norm)]

    @cached_property
    def _trigrams(self) -> dict[tuple[str, ...], list[int]]:
        index: dict[tuple[str, ...], list[int]] = defaultdict(list)
        words = [w for w, _ in self._words]
        for i in range(len(words) - 2):
            index[tuple(words[i:i + 3])].append(i)
        return index

    @cached_property
    def headings(self) -> dict[str, list[int]]:
        """Normalised text of every short line -> original offsets where it occurs (candidate headings)."""
        found: dict[str, list[int]] = defaultdict(list)
        for start in self._line_starts:
            end = self.original.find("\n", start)
            line = self.original[start:end if end >= 0 else None]
            key = heading_key(line)
            if key and len(key) <= 200:
                found[key].append(start)
        return found

    def find(self, quote: str) -> Found | None:
        """Locate ``quote`` (gaps allowed), or None."""
        parts = segments(quote)
        if len(parts) == 1 and not _INNER_HYPHEN.search(parts[0]):
            # One stretch of text with no hyphen that may have been lost at a line break:
            # a plain substring search finds what the regex would, without compiling one per quote.
            at = self.norm.find(parts[0])
            span = (at, at + len(parts[0])) if at >= 0 else None
        else:
            match = _pattern(parts).search(self.norm) if parts else None
            span = match.span() if match else None
        if span is None:
            return None
        start, end = self.offsets[span[0]], self.offsets[span[1] - 1] + 1
        return Found(start, end, self.line_of(start))

    def closest(self, quote: str) -> Closest | None:
        """The passage sharing most word trigrams with ``quote``, and the first place they differ."""
        words = _WORD.findall(" ".join(segments(quote)))
        votes: Counter[int] = Counter()
        for i in range(len(words) - 2):
            for j in self._trigrams.get(tuple(words[i:i + 3]), ()):
                votes[j - i] += 1
        if not votes:
            return None
        start = max(0, votes.most_common(1)[0][0])
        span = self._words[start:start + len(words) + 3]
        if not span:
            return None
        source_words = [w for w, _ in span]
        norm_start = span[0][1]
        norm_end = span[-1][1] + len(span[-1][0])
        quote_has, source_has = _first_difference(words, source_words)
        original = self.original[self.offsets[norm_start]:self.offsets[norm_end - 1] + 1]
        return Closest(self.line_of(self.offsets[norm_start]), " ".join(original.split()), quote_has, source_has)


def heading_key(line: str) -> str:
    """A line's comparable form for heading matches: normalised, without Markdown heading marks."""
    norm = line if _is_normal(line) else normalise(line)[0]
    return norm.strip().lstrip("#").strip().rstrip(":").strip()


def segments(quote: str) -> list[str]:
    """The normalised pieces of a quote between its gap markers."""
    norm, _ = normalise(quote)
    return [part.strip() for part in _GAP.split(norm) if part.strip()]


def quote_pattern(quote: str) -> re.Pattern | None:
    """A regex matching the quote in normalised text, gaps bounded by MAX_GAP."""
    parts = segments(quote)
    return _pattern(parts) if parts else None


_INNER_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z])")


def _pattern(parts: list[str]) -> re.Pattern:
    pieces = []
    for part in parts:
        escaped = re.escape(part)
        # A hyphen between letters may have been a line-break hyphen that normalisation removed.
        escaped = re.sub(r"(?<=[A-Za-z])\\-(?=[A-Za-z])", "-?", escaped)
        pieces.append(escaped)
    return re.compile(f".{{0,{MAX_GAP}}}?".join(pieces), re.DOTALL)


def _first_difference(quote_words: list[str], source_words: list[str]) -> tuple[str, str]:
    """The first words where a quote and its closest passage part (a few words of context either side).

    Words are compared without the quotation marks and punctuation at their edges, which a quote
    rightly leaves out when it starts or ends inside the source's own quotation, so the message
    blames the changed word and not the source's opening quotation mark; source words before or
    after the quote's own stretch are not differences.
    """
    for key in (lambda w: w.strip("\"'.,;:!?()[]"), lambda w: w):
        a, b = [key(w) for w in quote_words], [key(w) for w in source_words]
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "insert" and i1 in (0, len(a))):
                continue
            lo = max(0, i1 - 2)
            return " ".join(quote_words[lo:i2 + 1]), " ".join(source_words[max(0, j1 - (i1 - lo)):j2 + 1])
    return "", ""
