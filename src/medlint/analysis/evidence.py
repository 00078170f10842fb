"""Does an article state a risk? Evidence terms found in the prose, and whether they are negated.

Evidence terms are data (``drugs.yaml``): "pregnan*" matches pregnant, pregnancy, pregnancies;
"birth defect*" matches "birth defects" and "birth-defect". A term counts only when it states
the risk: "there is no risk of birth defects" and "it is safe in pregnancy" are reassurances,
which is worse than silence.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from medlint.analysis.sentence_certainty import SentenceCertainty


@dataclass(frozen=True)
class Evidence:
    """One evidence term in the prose, and the reassurance that negates it, if any."""

    start: int
    end: int
    text: str
    reassurance: tuple[int, int] | None


@lru_cache(maxsize=4096)
def evidence_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for a risk's evidence terms; compiled once per process."""
    parts = []
    for term in terms:
        stem = term.rstrip("*")
        words = [re.escape(word) for word in re.split(r"[\s-]+", stem.strip()) if word]
        body = r"[\s-]+".join(words)
        # Terms that end in a digit ("4 g", "men 2") must not run into a longer number.
        tail = r"\w*" if term.endswith("*") else r"(?!\w)"
        parts.append(rf"(?<!\w){body}{tail}")
    return re.compile("|".join(parts), re.IGNORECASE)


def find_evidence(
    text: str, terms: tuple[str, ...], start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Prose spans of evidence terms between ``start`` and ``end``.

    The same spans as ``evidence_pattern(terms).finditer(text, start, end)``, but the regex is
    tried only where one of the terms can begin (see :class:`WordIndex`): one scan of the text
    per article instead of one per drug, risk and section.
    """
    end = len(text) if end is None else end
    pattern = evidence_pattern(terms)
    candidates = word_index(text).candidates(terms)
    if candidates is None:
        return [m.span() for m in pattern.finditer(text, start, end)]
    spans = []
    position = start  # like finditer: the next match starts at or after the previous one's end
    for candidate in candidates[bisect_left(candidates, start) : bisect_left(candidates, end)]:
        if candidate < position:
            continue
        found = pattern.match(text, candidate, end)
        if found is not None:
            spans.append(found.span())
            position = max(found.end(), candidate + 1)
    return spans


_WORD = re.compile(r"\w+")
_LEADING_WORD = re.compile(r"\w*")


#: Leading characters of each word the index keys on: 8 ASCII characters, one byte each, fill a uint64.
KEY_CHARS = 8


class WordIndex:
    r"""Where each word of one text starts, so a term is looked for only where it can begin.

    Every evidence term starts with ``(?<!\w)`` and a literal word, so a match begins at the
    start of a run of word characters whose lowercase begins with the term's leading word
    characters. A run with a character that is not ASCII among its first :data:`KEY_CHARS` is
    a candidate for every term: case-insensitive regex matching knows equivalences (Kelvin
    sign and k, long s and s) that ASCII lowercasing does not.

    Each other run is keyed by the :data:`KEY_CHARS` bytes that start at it in a copy of the
    text lowercased, with every character that is not a word character set to 0. Read
    big-endian, the keys sort as the words do, so the runs a prefix begins are one range of
    the sorted keys; the bytes past a word's end are 0 and then the next word's, which no
    prefix longer than the word can match, since a term's leading word holds no 0. A longer
    prefix is looked up by its first characters: a few more candidates, which the regex then
    rejects. Built from arrays over the code points, in C: no word is ever made a string.
    """

    def __init__(self, text: str) -> None:
        import numpy
        from numpy.lib.stride_tricks import sliding_window_view

        self.text = text
        codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
        lowered = numpy.zeros(len(codes) + KEY_CHARS, dtype=numpy.uint8)  # KEY_CHARS of 0 after the end
        lowered[: len(codes)] = _key_bytes(codes)
        words = lowered != 0
        begins = numpy.flatnonzero(words[1:] > words[:-1]) + 1
        if words[0]:
            begins = numpy.concatenate(([0], begins))
        self._anywhere: list[int] = []
        if not text.isascii():
            outside = numpy.flatnonzero(lowered == _OTHER_WORD)
            runs = numpy.searchsorted(begins, outside, side="right") - 1
            early = numpy.unique(runs[outside - begins[runs] < KEY_CHARS])  # among a run's first characters
            self._anywhere = begins[early].tolist()
            begins = numpy.delete(begins, early)
        windows = numpy.ascontiguousarray(sliding_window_view(lowered, KEY_CHARS)[begins])
        keys = windows.view(">u8").ravel().astype(numpy.uint64)
        order = numpy.argsort(keys)
        self._keys = keys[order]  # sorted: the runs a prefix begins are one slice of them
        self._begins = begins[order]
        self._by_terms: dict[tuple[str, ...], list[int] | None] = {}

    def candidates(self, terms: tuple[str, ...]) -> list[int] | None:
        """Sorted offsets where one of ``terms`` may begin; None when a term can begin anywhere."""
        if terms not in self._by_terms:
            import numpy

            ranges = _key_ranges(terms)
            if ranges is None:
                self._by_terms[terms] = None
                return None
            lows, highs = ranges
            firsts = numpy.searchsorted(self._keys, lows, side="left").tolist()
            stops = numpy.searchsorted(self._keys, highs, side="right").tolist()
            runs = zip(firsts, stops, strict=True)
            found = [self._begins[first:stop] for first, stop in runs if first < stop]
            if self._anywhere:
                found.append(numpy.array(self._anywhere, dtype=numpy.int64))
            self._by_terms[terms] = numpy.unique(numpy.concatenate(found)).tolist() if found else []
        return self._by_terms[terms]


@lru_cache(maxsize=4096)
def _key_ranges(terms: tuple[str, ...]) -> tuple[Any, Any] | None:
    """The lowest and highest keys (two arrays) of the runs each term may begin, worked out once.

    None when a term has no ASCII leading word to look up: it may begin anywhere.
    """
    import numpy

    lows, highs = [], []
    for term in terms:
        first = re.split(r"[\s-]+", term.rstrip("*").strip())[0]
        key = _LEADING_WORD.match(first)
        prefix = key.group().lower() if key else ""
        if not prefix or not prefix.isascii():
            return None
        low, high = _key_range(prefix[:KEY_CHARS])
        lows.append(low)
        highs.append(high)
    return numpy.array(lows, dtype=numpy.uint64), numpy.array(highs, dtype=numpy.uint64)


def _key_range(prefix: str) -> tuple[int, int]:
    """The lowest and highest key of a run whose first characters are ``prefix`` (ASCII)."""
    start = prefix.encode("ascii")
    return (
        int.from_bytes(start.ljust(KEY_CHARS, b"\x00"), "big"),
        int.from_bytes(start.ljust(KEY_CHARS, b"\xff"), "big"),
    )


#: Code points below this have their key byte kept in :func:`_byte_table`.
_TABLE_SIZE = 0x10000
#: The key byte of a word character that is not ASCII, and of a character not yet asked about.
_OTHER_WORD = 128
_UNASKED = 255


def _key_byte(code: int) -> int:
    r"""0 for a character ``\w`` does not match, an ASCII one's lowercase, else :data:`_OTHER_WORD`."""
    if _WORD.match(chr(code)) is None:
        return 0
    return ord(chr(code).lower()) if code < 128 else _OTHER_WORD


@lru_cache(maxsize=1)
def _byte_table() -> Any:
    """The key byte of each code point of the Basic Multilingual Plane, or :data:`_UNASKED`.

    ASCII is filled at once; any other character the first time a text holds it, so a run pays
    for a character once rather than once per article. Threads that fill the same entry write
    the same byte.
    """
    import numpy

    table = numpy.full(_TABLE_SIZE, _UNASKED, dtype=numpy.uint8)
    table[:128] = [_key_byte(code) for code in range(128)]
    return table


def _key_bytes(codes: Any) -> Any:
    """The key byte (see :func:`_key_byte`) of each code point; each distinct character is asked once."""
    import numpy

    if len(codes) and int(codes.max()) >= _TABLE_SIZE:  # beyond the table (emoji): asked here
        distinct, where = numpy.unique(codes, return_inverse=True)
        return numpy.array([_key_byte(code) for code in distinct.tolist()], dtype=numpy.uint8)[where]
    table = _byte_table()
    found = table.take(codes)
    unasked = found == _UNASKED
    if unasked.any():
        new = numpy.unique(codes[unasked])
        table[new] = [_key_byte(code) for code in new.tolist()]
        found = table.take(codes)
    return found


#: Each thread's last index. Per thread, because a Linter shared by a CMS's threads checks
#: several articles at once: one shared slot could be replaced between the test and the read.
_last = threading.local()


def word_index(text: str) -> WordIndex:
    """The index of ``text``, built once: the checks of one article all read the same string."""
    index: WordIndex | None = getattr(_last, "index", None)
    if index is None or index.text is not text:
        index = _last.index = WordIndex(text)
    return index


def reassurance_over(sentence: SentenceCertainty, start: int) -> tuple[int, int] | None:
    """The reassurance cue that negates an evidence term at ``start``, if one does.

    The cue must come before the term in the same clause ("no risk of | birth defects"), and
    must not itself be negated: "not safe for pregnant women" is a warning, not a reassurance.
    """
    breaks = [cue.start for cue in sentence.cues if cue.kind == "clause_break"]
    negations = [cue for cue in sentence.cues if cue.kind == "negation"]
    for cue in sentence.cues:
        if cue.kind != "reassurance" or cue.end > start:
            continue
        if any(cue.end <= b < start for b in breaks):
            continue
        if any(n.end <= cue.start and cue.start - n.end <= 2 for n in negations):
            continue  # "not safe", "isn't harmless"
        return cue.start, cue.end
    return None
