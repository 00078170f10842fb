"""spaCy's slowest lexical attributes in faster forms that give exactly spaCy's answers.

spaCy computes some twenty-five attributes, each a Python call, the first time it meets a
word: about 7 µs of the 18 µs a new word costs the tokenizer (on news, where every article
brings words the process has not seen, new words are about a tenth of a first pass, and the
rule packs' words are part of every start-up). Four attributes take over half of those 7 µs:
the word shape (a loop over the characters), ``like_num`` and ``like_url`` (several string
passes each) and ``is_ascii`` (a loop). Each form here takes a fast path only where spaCy's
answer is plain, and otherwise calls spaCy's own function:

* the shape of an ASCII word is a translation table and one regex for runs over four;
* a word of letters is like a number only if it is a number or ordinal word ("seven");
* a string without a dot is like a URL only if it starts with ``http://`` or ``https://``;
* ``is_ascii`` is ``str.isascii``.

Attributes belong to the vocabulary, so a rule pack's token patterns (``SHAPE``, ``LIKE_NUM``,
``LIKE_URL``, ``IS_ASCII``) see the same values as with spaCy's functions; a test compares the
two on random strings and on every code point.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any

_SHAPES = str.maketrans(
    {
        **dict.fromkeys(string.ascii_uppercase, "X"),
        **dict.fromkeys(string.ascii_lowercase, "x"),
        **dict.fromkeys(string.digits, "d"),
    }
)
#: A shape character repeated more than four times: spaCy keeps the first four.
_LONG_RUN = re.compile(r"(.)\1{4,}", re.DOTALL)


def fast_getters() -> dict[int, tuple[Callable[[str], Any], Callable[[str], Any]]]:
    """By spaCy attribute id: spaCy's English getter, and the fast form that falls back to it."""
    from spacy.attrs import IS_ASCII, LIKE_NUM, LIKE_URL, SHAPE
    from spacy.lang import lex_attrs
    from spacy.lang.en import lex_attrs as english

    spacy_shape: Callable[[str], str] = lex_attrs.word_shape
    spacy_like_num: Callable[[str], bool] = english.like_num  # untyped in spaCy
    spacy_like_url: Callable[[str], bool] = lex_attrs.like_url
    number_words = frozenset(english._num_words) | frozenset(english._ordinal_words)

    def word_shape(text: str) -> str:
        if len(text) >= 100 or not text.isascii():
            return spacy_shape(text)
        shape = text.translate(_SHAPES)
        return shape if len(shape) < 5 else _LONG_RUN.sub(r"\1\1\1\1", shape)

    def like_num(text: str) -> bool:
        # Letters are never digits, and lowercasing a letter never makes one.
        return text.lower() in number_words if text.isalpha() else spacy_like_num(text)

    def like_url(text: str) -> bool:
        # spaCy's test needs a dot unless the text starts with a scheme.
        if text and "." not in text:
            return text.startswith(("http://", "https://"))
        return spacy_like_url(text)

    def is_ascii(text: str) -> bool:
        return text.isascii()

    return {
        SHAPE: (spacy_shape, word_shape),
        LIKE_NUM: (spacy_like_num, like_num),
        LIKE_URL: (spacy_like_url, like_url),
        IS_ASCII: (lex_attrs.is_ascii, is_ascii),
    }


def install(vocab: Any) -> None:
    """Use the fast forms for the words ``vocab`` creates from now on (their values are the same).

    Only where the vocabulary still has spaCy's own getter: another language, or a getter
    someone set on purpose, is left alone.
    """
    getters = vocab.lex_attr_getters
    for attribute, (original, fast) in fast_getters().items():
        if getters.get(attribute) is original:
            getters[attribute] = fast
