"""The prose of an article and the character-exact map back to where each character came from."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat

BLOCK_SEPARATOR = "\n\n"
# Invisible characters that split a word for spaCy but not for a reader: zero-width space,
# non-joiner, joiner, word joiner, BOM/zero-width no-break space, soft hyphen, Mongolian
# vowel separator. Dropped from the prose; the characters around them keep their offsets.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
# Letters that look like Latin ones (Unicode UTS #39 confusables, https://www.unicode.org/reports/tr39/):
# Cyrillic and Greek homoglyphs used to write "аccutane" past a phrase list. Applied only to a
# word that also holds Latin letters, so Russian or Greek text stays as written.
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁһԛԝ" "АВЕКМНОРСТХІЈЅ" "αοντικρ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdhqw" "ABEKMHOPCTXIJS" "aovtikp" "ABEZHIKMNOPTYX",
)  # fmt: skip
_LOOKALIKE_CHARS = "".join(chr(code) for code in _LOOKALIKES)
_SPECIAL = re.compile(f"[{_INVISIBLE}{_LOOKALIKE_CHARS}\uff01-\uff5e]")
_MIXED_WORD = re.compile(f"[^\\s{_INVISIBLE}]*[A-Za-z\uff21-\uff3a\uff41-\uff5a][^\\s{_INVISIBLE}]*")
# Any whitespace but a lone space: spaCy would make it a token of its own and split phrases.
# A whole run either way; written ``\s{2,}|[^\S ]`` it is the same set of runs, found 40 % slower.
_ODD_WHITESPACE = re.compile(r"[^\S ]\s*| \s+")
#: The ASCII characters of the runs: two spaces, or one other whitespace character.
_ODD_ASCII = ("  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")


def _has_odd_whitespace(text: str) -> bool:
    """``_ODD_WHITESPACE.search(text)``, told by substring tests in C when the text is ASCII."""
    if text.isascii():
        return any(odd in text for odd in _ODD_ASCII)
    return _ODD_WHITESPACE.search(text) is not None


@dataclass(frozen=True)
class Link:
    """A link target found in markup or bare in the text.

    ``start``/``end`` are offsets in the *source* (where to point a finding); ``anchor`` is the
    prose offset of the link's text, so rules can ask which sentence a link belongs to.
    """

    target: str
    start: int
    end: int
    anchor: int


class SourceMap:
    """Where each prose character stands in the source, stored as runs rather than per character.

    Prose is mostly source text copied verbatim, so the map is a few runs per block: a run
    starting at prose offset ``p`` and source offset ``s`` maps ``p + k`` to ``s + k`` (a copied
    run) or to ``s`` (characters from one source place, such as a decoded entity or a block
    separator). One 8-byte integer per character made the map the largest object in memory for
    a long file; runs cost 17 bytes each and a lookup is one bisection.
    """

    __slots__ = ("_length", "_prose", "_source", "_step")

    def __init__(self) -> None:
        self._prose: array[int] = array("q")
        self._source: array[int] = array("q")
        self._step = bytearray()  # 1: a copied run, 0: every character from one place
        self._length = 0

    def extend_copied(self, source_start: int, length: int) -> None:
        """Append ``length`` characters copied from ``source_start`` onwards."""
        if length <= 0:
            return
        if self._step and self._step[-1] == 1:
            last = len(self._step) - 1
            if self._source[last] + (self._length - self._prose[last]) == source_start:
                self._length += length  # the previous run goes on
                return
        self._push(source_start, 1)
        self._length += length

    def extend_constant(self, source_offset: int, length: int) -> None:
        """Append ``length`` characters that all come from ``source_offset``."""
        if length <= 0:
            return
        if not (self._step and self._step[-1] == 0 and self._source[-1] == source_offset):
            self._push(source_offset, 0)
        self._length += length

    def _push(self, source: int, step: int) -> None:
        self._prose.append(self._length)
        self._source.append(source)
        self._step.append(step)

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> int:
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("prose offset out of range")
        run = bisect_right(self._prose, index) - 1
        return self._source[run] + (index - self._prose[run]) * self._step[run]

    def __iter__(self) -> Iterator[int]:
        if not self._prose:
            return
        bounds = [*self._prose[1:], self._length]
        for start, end, source, step in zip(self._prose, bounds, self._source, self._step, strict=True):
            if step:
                yield from range(source, source + end - start)
            else:
                yield from repeat(source, end - start)


@dataclass
class Prose:
    """Prose text plus, for every character, its offset in the original source.

    Separators inserted between blocks map to the last real character before them, so no
    finding can ever point outside the file.
    """

    text: str
    offsets: SourceMap
    block_starts: list[int]
    links: list[Link] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets covering prose characters ``start``..``end`` (end exclusive)."""
        if not self.text:
            return 0, 0
        start = min(max(start, 0), len(self.text) - 1)
        end = min(max(end, start + 1), len(self.text))
        return self.offsets[start], self.offsets[end - 1] + 1


class ProseBuilder:
    """Accumulates prose pieces in source order; extractors only say what came from where."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._offsets = SourceMap()  # its length is the prose length so far
        self._block_starts: list[int] = [0]
        self._links: list[Link] = []
        self._headings: list[tuple[int, int]] = []
        self._heading_start: int | None = None
        self._last_source = 0

    @property
    def _length(self) -> int:
        return len(self._offsets)

    @property
    def at_block_start(self) -> bool:
        """True when nothing has been added since the last block break."""
        return self._block_starts[-1] == self._length

    @property
    def position(self) -> int:
        """Prose offset where the next character will go."""
        return self._length

    def add(self, text: str, source_start: int) -> None:
        """Append ``text`` that stands verbatim in the source at ``source_start``.

        Runs of whitespace (line breaks inside a paragraph, indentation, double spaces) become
        one space mapped to the run's first character: "buy" + newline + "accutane" must match like
        "buy accutane", and block boundaries are recorded separately anyway.
        """
        if not text:
            return
        # Most blocks end in their line break and hold no other odd whitespace: that run is the
        # whitespace the text ends with, told apart from the rest in C.
        body = text.rstrip()
        if not _has_odd_whitespace(body):
            self._append(body, source_start)
            tail = text[len(body) :]
            if tail == " ":
                self._append(tail, source_start + len(body))
            elif tail and self._parts and not self._parts[-1].endswith((" ", "\n")):
                self.add_mapped(" ", source_start + len(body))
            return
        self.add_run_by_run(text, source_start)

    def add_run_by_run(self, text: str, source_start: int) -> None:
        """``add`` without its shortcut: every odd-whitespace run found by the regex."""
        position = 0
        for run in _ODD_WHITESPACE.finditer(text):
            self._append(text[position : run.start()], source_start + position)
            if self._parts and not self._parts[-1].endswith((" ", "\n")):
                self.add_mapped(" ", source_start + run.start())
            position = run.end()
        self._append(text[position:], source_start + position)

    def _append(self, text: str, source_start: int) -> None:
        if not text:
            return
        if not text.isascii() and _SPECIAL.search(text):  # every special character is non-ASCII
            self._append_normalised(text, source_start)
            return
        self._parts.append(text)
        self._offsets.extend_copied(source_start, len(text))
        self._last_source = source_start + len(text) - 1

    def _append_normalised(self, text: str, source_start: int) -> None:
        """Append ``text`` as phrase rules should read it: invisibles dropped, look-alikes Latin.

        Fullwidth ASCII becomes ASCII (NFKC would too); each kept character keeps its own
        source offset, so a finding's span still covers exactly what the file says.
        """
        chars = list(text)
        for word in _MIXED_WORD.finditer(text):
            for index in range(word.start(), word.end()):
                chars[index] = chars[index].translate(_LOOKALIKES)
        kept: list[str] = []
        offsets: list[int] = []
        for index, char in enumerate(chars):
            if char in _INVISIBLE:
                continue
            if "\uff01" <= char <= "\uff5e":
                char = chr(ord(char) - 0xFEE0)
            kept.append(char)
            offsets.append(source_start + index)
        if not kept:
            return
        self._parts.append("".join(kept))
        for offset in offsets:  # consecutive offsets join one run; a dropped character starts another
            self._offsets.extend_copied(offset, 1)
        self._last_source = offsets[-1]

    def add_mapped(self, text: str, source_offset: int) -> None:
        """Append characters that all come from one source place (a decoded entity, say).

        A decoded ``&nbsp;`` is a plain space (none if one is already there) and a decoded
        ``&shy;`` or ``&#8203;`` nothing, so entities cannot split a phrase either.
        """
        text = "".join(char for char in text if char not in _INVISIBLE)
        if not text:
            return
        if text.isspace() and text not in (" ", BLOCK_SEPARATOR):
            if self._parts and self._parts[-1].endswith((" ", "\n")):
                return
            text = " "
        self._parts.append(text)
        self._offsets.extend_constant(source_offset, len(text))
        self._last_source = source_offset

    def break_block(self) -> None:
        """End the current block: sentences never run across it."""
        if self._length == 0 or self._block_starts[-1] == self._length:
            return
        self.add_mapped(BLOCK_SEPARATOR, self._last_source)
        self._block_starts.append(self._length)

    def mark_block_start(self) -> None:
        """Start a new block here without inserting characters (plain text line breaks)."""
        if self._block_starts[-1] != self._length:
            self._block_starts.append(self._length)

    def start_heading(self) -> None:
        """The prose that follows, up to ``end_heading``, is a heading (or the page title)."""
        self._heading_start = self._length

    def end_heading(self) -> None:
        """Close the heading opened by ``start_heading``; empty headings are dropped."""
        if self._heading_start is not None and self._length > self._heading_start:
            self._headings.append((self._heading_start, self._length))
        self._heading_start = None

    def link(self, target: str, source_start: int, source_end: int, anchor: int | None = None) -> None:
        """Record a link target at a source span, attached to the prose at ``anchor``."""
        if target.strip():
            position = self._length if anchor is None else anchor
            self._links.append(Link(target.strip(), source_start, source_end, position))

    def build(self) -> Prose:
        """Finish: the prose, its map and its links in source order."""
        starts = [s for s in self._block_starts if s < self._length] or [0]
        links = sorted(self._links, key=lambda link: (link.start, link.end))
        return Prose("".join(self._parts), self._offsets, starts, links, self._headings)
