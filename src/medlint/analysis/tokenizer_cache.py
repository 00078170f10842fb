"""Keep spaCy's tokenizer cache filling: without this, most words are split afresh every time.

spaCy remembers how it split each whitespace-delimited chunk, except in a Doc where a special
case (a tokenizer exception: "don't", "e.g.", "U.S.", ":)") has already been used: the flag that
keeps special-case tokens out of the cache is set once per Doc and never cleared, so from the
first "don't" of an article on, none of its new chunks is remembered. Most articles hold one
early, and on news the tokenizer kept re-splitting the same words with its affix regexes.

:class:`TokenizerCache` tokenizes the chunks a text brings that were never seen before, before
the text itself: in one call, chunks that may meet a special case last, so those before them
are remembered. The cache only ever stores the tokens spaCy computed for a chunk, so every Doc
is exactly what it would have been; only the time changes.
"""

from __future__ import annotations

from typing import Any

#: Punctuation that special cases are made of ("don't", "U.S.", ":)"), stripped from chunk ends.
_EDGE = "\"'()*+-./:;<=>@[\\]^_|}‘’“”,!?"
#: Chunks longer than this are not pre-tokenized: rarely seen twice, and a long run of
#: punctuation takes spaCy's quadratic slow path (see ``pipeline.PUNCTUATION_RUN``).
LONGEST_CHUNK = 32


class TokenizerCache:
    """Pre-tokenizes each text's new chunks, as many as spaCy's cache has room for.

    Not thread-safe, like the tokenizer it fills; a Linter serialises its calls.
    """

    def __init__(self, tokenizer: Any) -> None:
        self._tokenizer = tokenizer
        self._specials = frozenset(tokenizer.rules)
        self._seen: set[str] = set()
        self._limit: int = tokenizer.max_cache_size

    @property
    def remembered(self) -> int:
        """Distinct chunks pre-tokenized so far (filling stops at spaCy's cache size)."""
        return len(self._seen)

    def fill(self, text: str) -> None:
        """Tokenize the chunks of ``text`` not seen before, so ``text`` finds them cached."""
        if len(self._seen) >= self._limit:
            return
        new = set(text.split())
        new.difference_update(self._seen)
        if not new:
            return
        # No more than spaCy's cache has room for: a chunk it cannot keep would be split twice.
        chunks = sorted(new)[: self._limit - len(self._seen)]
        self._seen.update(chunks)
        short = [chunk for chunk in chunks if len(chunk) <= LONGEST_CHUNK]
        short.sort(key=self._may_meet_special)  # stable: special-looking chunks last
        self._tokenizer(" ".join(short))

    def _may_meet_special(self, chunk: str) -> bool:
        """True when the chunk, or what spaCy may leave of it after its affixes, is a special case.

        A guess that errs either way costs only time: a chunk that meets a special case stops
        the chunks after it in the same call from being remembered.
        """
        specials = self._specials
        trimmed = chunk.rstrip(_EDGE)
        return (
            chunk in specials
            or chunk.strip(_EDGE) in specials
            or trimmed in specials
            or chunk.lstrip(_EDGE) in specials
            or trimmed + "." in specials
        )
