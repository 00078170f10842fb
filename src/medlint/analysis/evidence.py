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


#: Leading characters of each word the index keys on: 9 ASCII characters of 7 bits fill a uint64.
KEY_CHARS = 9


class WordIndex:
    r"""Where each word of one text starts, so a term is looked for only where it can begin.

    Every evidence term starts with ``(?<!\w)`` and a literal word, so a match begins at the
    start of a run of word characters whose lowercase begins with the term's leading word
    characters. Runs that are not ASCII are candidates for every term: case-insensitive regex
    matching knows equivalences (Kelvin sign and k, long s and s) that ``str.lower`` does not.

    Each ASCII run is keyed by its first :data:`KEY_CHARS` characters, lowercased and packed
    into one integer, so the runs a prefix begins are one range of the sorted keys. A longer
    prefix is looked up by its first characters: a few more candidates, which the regex then
    rejects. Built from arrays over the code points, in C: no word is ever made a string.
    """

    def __init__(self, text: str) -> None:
        import numpy

        self.text = text
        codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
        edges = numpy.diff(_word_mask(codes).astype(numpy.int8), prepend=0, append=0)
        begins, ends = numpy.flatnonzero(edges == 1), numpy.flatnonzero(edges == -1)
        self._anywhere: list[int] = []
        if not text.isascii():
            outside = numpy.concatenate(([0], numpy.cumsum(codes >= 128)))
            plain = outside[ends] == outside[begins]  # the run is all ASCII
            self._anywhere = begins[~plain].tolist()
            begins, ends = begins[plain], ends[plain]
        keys = numpy.zeros(len(begins), dtype=numpy.uint64)
        if len(begins):
            lower = codes | ((codes >= 65) & (codes <= 90)).astype(numpy.uint32) * 32
            offsets = numpy.arange(KEY_CHARS)
            where = numpy.minimum(begins[:, None] + offsets, len(codes) - 1)
            inside = offsets < (ends - begins)[:, None]
            chars = numpy.where(inside, lower[where], 0).astype(numpy.uint64)
            keys = (chars << _shifts()).sum(axis=1, dtype=numpy.uint64)
        order = numpy.argsort(keys, kind="stable")
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
    low = sum(ord(char) << (7 * (KEY_CHARS - 1 - index)) for index, char in enumerate(prefix))
    return low, low + (1 << (7 * (KEY_CHARS - len(prefix)))) - 1


@lru_cache(maxsize=1)
def _shifts() -> Any:
    """How far each of a key's characters is shifted: the first is the most significant."""
    import numpy

    return numpy.array([7 * (KEY_CHARS - 1 - index) for index in range(KEY_CHARS)], dtype=numpy.uint64)


@lru_cache(maxsize=1)
def _word_table() -> Any:
    r"""A table of the 128 ASCII code points: True for those a ``\w`` matches."""
    import numpy

    return numpy.array([_WORD.match(chr(code)) is not None for code in range(128)], dtype=bool)


def _word_mask(codes: Any) -> Any:
    r"""For each code point, whether ``\w`` matches it; each distinct non-ASCII one is asked once."""
    import numpy

    ascii = codes < 128
    mask = numpy.zeros(len(codes), dtype=bool)
    mask[ascii] = _word_table()[codes[ascii]]
    if not ascii.all():
        others = codes[~ascii]
        distinct = numpy.unique(others)
        accepted = numpy.array([_WORD.match(chr(code)) is not None for code in distinct.tolist()], dtype=bool)
        mask[~ascii] = accepted[numpy.searchsorted(distinct, others)]
    return mask


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
