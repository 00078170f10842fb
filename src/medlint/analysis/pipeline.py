"""The spaCy pipeline: a blank English tokenizer plus our own sentence boundaries.

Built once per process. No trained model is needed (none may be downloaded here), and the
blank tokenizer is ~60× faster than ``en_core_web_sm`` on this kind of text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from medlint.markup import Prose

# spaCy strips prefix and suffix punctuation one character at a time, copying the rest of the
# whitespace-free chunk each time: a run of n such characters costs O(n²) (16,000 "(" take
# 47 s, with the GIL held). Runs longer than this are tokenized in pieces of this length.
PUNCTUATION_RUN = 32
_LONG_RUN = re.compile(rf"[^\w\s]{{{PUNCTUATION_RUN},}}")

SENTENCE_END = frozenset({".", "!", "?", "…", "...", "?!", "!?", "!!", "??", "!!!", "。"})
_TRAILING = frozenset({'"', "'", "”", "’", ")", "]", "»"})


#: Whitespace-delimited chunks the tokenizer remembers. spaCy's default (10,000) fills within a
#: few hundred news articles, after which every new word is split by its affix regexes again on
#: each appearance: the cold tokenizer took a third of the lint time. An entry costs a few dozen
#: bytes, so this bounds the cache near 10 MB however many files a process lints. (spaCy also
#: stops adding to it within a Doc once a special case is used: see ``tokenizer_cache``.)
TOKENIZER_CACHE = 250_000


def build_nlp() -> Language:
    """A blank English pipeline; its tokenizer and vocabulary are all the rules need."""
    import spacy
    from spacy.tokenizer import Tokenizer

    from medlint.analysis.lexeme_attributes import install

    nlp = spacy.blank("en")
    assert isinstance(nlp.tokenizer, Tokenizer)
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE
    install(nlp.vocab)
    return nlp


def make_doc(nlp: Language, prose: Prose) -> Doc:
    """One Doc for the whole article, however long: pieces at block starts, joined again.

    spaCy refuses texts over ``nlp.max_length``; splitting at block boundaries keeps every
    sentence whole, and ``Doc.from_docs`` gives the rules a single Doc with unchanged offsets.
    """
    from spacy.tokens import Doc

    text = prose.text
    docs = []
    for start, end in _chunks(len(text), prose.block_starts, max(nlp.max_length // 2, 1000)):
        doc = tokenize(nlp, text[start:end])
        mark_sentences(doc, [b - start for b in prose.block_starts if start <= b < end])
        docs.append(doc)
    if not docs:
        return tokenize(nlp, "")
    if len(docs) == 1:
        return docs[0]
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    assert len(joined.text) == len(text), "chunked analysis must not change offsets"
    return joined


def tokenize(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, but linear in any input: long punctuation runs go in pieces.

    Ordinary text takes the plain path. Otherwise the text is cut before, inside and after each
    run of :data:`PUNCTUATION_RUN` or more punctuation characters, each piece is tokenized on its
    own (identical pieces hit the tokenizer's cache), and the tokens are joined into one Doc
    whose text is exactly ``text``, so every offset is unchanged.
    """
    from spacy.tokens import Doc

    if not _LONG_RUN.search(text):
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []
    for piece in _pieces(text):
        for token in nlp.tokenizer(piece):
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    assert doc.text == text, "piecewise tokenizing must not change the text"
    return doc


def _pieces(text: str) -> list[str]:
    """``text`` cut so that no piece holds more than PUNCTUATION_RUN characters of a long run."""
    pieces: list[str] = []
    position = 0
    for run in _LONG_RUN.finditer(text):
        if run.start() > position:
            pieces.append(text[position : run.start()])
        pieces.extend(
            text[i : min(i + PUNCTUATION_RUN, run.end())]
            for i in range(run.start(), run.end(), PUNCTUATION_RUN)
        )
        position = run.end()
    if position < len(text):
        pieces.append(text[position:])
    return pieces


def _chunks(length: int, block_starts: list[int], limit: int) -> list[tuple[int, int]]:
    """Cut [0, length) into pieces no longer than ``limit``, preferably at block starts."""
    pieces: list[tuple[int, int]] = []
    start = 0
    while start < length:
        if length - start <= limit:
            pieces.append((start, length))
            break
        index = bisect_left(block_starts, start + limit) - 1
        cut = block_starts[index] if index >= 0 and block_starts[index] > start else start + limit
        pieces.append((start, cut))
        start = cut
    return pieces


def mark_sentences(doc: Doc, block_starts: list[int]) -> None:
    """Sentence starts: after . ! ? (unless a lowercase word follows), and at every block start.

    Blocks are headings, list items, table cells and paragraphs as the markup parser saw them,
    so "Price: $0.60 per pill" on its own line never runs into the next line's sentence.
    Works on token arrays: Python touches only the few sentence ends, never every token.
    """
    import numpy
    from spacy.attrs import IDX, IS_LOWER, IS_SPACE, ORTH, SENT_START, SPACY

    if not len(doc):
        return
    table = doc.to_array([IDX, ORTH, IS_SPACE, IS_LOWER, SPACY]).astype("int64")
    offsets, orths = table[:, 0], table[:, 1].view("uint64")
    is_space, is_lower, spaced = table[:, 2].astype(bool), table[:, 3].astype(bool), table[:, 4].astype(bool)
    trailing = _is_one_of(orths, _TRAILING)
    flags = numpy.full((len(doc), 1), -1, dtype="int64")  # -1: not a start, 1: a start

    def first_real(index: int) -> int:
        while index < len(doc) and is_space[index]:
            index += 1
        return index

    for start in numpy.searchsorted(offsets, numpy.asarray(sorted(block_starts), dtype="int64")):
        real = first_real(int(start))
        if real < len(doc):
            flags[real, 0] = 1
    ends = _is_one_of(orths, SENTENCE_END)
    for end in numpy.flatnonzero(ends):
        following = int(end) + 1
        # A closing quote or bracket glued to the full stop still belongs to this sentence.
        while following < len(doc) and (
            is_space[following] or (trailing[following] and not spaced[following - 1])
        ):
            following += 1
        if following < len(doc) and not is_lower[following]:
            flags[following, 0] = 1
    flags[0, 0] = 1
    # One bulk write: setting token.is_sent_start one by one re-checks the whole Doc each time.
    doc.from_array([SENT_START], flags.view("uint64"))  # type: ignore[arg-type]


def _is_one_of(orths: Any, words: frozenset[str]) -> Any:
    """For each word id in ``orths``, whether it is one of ``words`` (a sorted lookup, not ``isin``)."""
    import numpy

    ids = _word_ids(words)
    where = numpy.searchsorted(ids, orths)
    where[where == len(ids)] = 0
    return ids[where] == orths


@cache
def _word_ids(words: frozenset[str]) -> Any:
    """The sorted spaCy ids of ``words``; an id is a hash of the string, the same in every vocabulary."""
    import numpy
    from spacy.strings import get_string_id

    return numpy.array(sorted(get_string_id(word) for word in words), dtype="uint64")


def sentence_spans(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences, whitespace trimmed, empty ones dropped.

    ``text`` is the Doc's own text, passed in because ``doc.text`` rebuilds it token by token
    (an eighth of the lint time on news articles).
    """
    import numpy
    from spacy.attrs import IDX, SENT_START

    if not len(doc):
        return []
    table = doc.to_array([IDX, SENT_START]).astype("int64")
    starts = [int(table[i, 0]) for i in numpy.flatnonzero(table[:, 1] == 1)]
    spans = []
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            begin = start + len(chunk) - len(chunk.lstrip())
            spans.append((begin, begin + len(stripped)))
    return spans
