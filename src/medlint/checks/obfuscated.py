"""``kind: obfuscated``: drug names spelled to get past filters ("V I A G R A", "v*agra", "C1AL1S").

Nobody who writes about a medicine spells it with digits for letters or a star in the middle;
rogue-pharmacy mail does, so that word filters miss it. The text is read once: each candidate
(a word holding a digit, a star or ``@``/``$`` among letters, or a run of single letters joined
by spaces, dots, stars or hyphens) is normalised (separators dropped, digits-for-letters undone)
and looked up among the drug names of one length, a star standing for any one letter. No
regular expression per drug, and no backtracking: each candidate regex consumes its run once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from medlint.checks.base import Check, Hit
from medlint.rulebook import schema
from medlint.rulebook.sellers import load_sellers

if TYPE_CHECKING:
    from medlint.analysis.article import Article
    from medlint.checks.base import Resources
    from medlint.rulebook.ruleset import Rule
    from medlint.rulebook.yamlio import Located

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
#: Maximal runs of word characters, stars, @ and $; kept when they mix letters with the others
#: ("v1agra", "C*ALIS", "Vi@gra"). Tested in Python, so nothing backtracks.
_WORDISH = re.compile(r"[\w*@$]+")
#: Where a letter meets a digit or symbol; most words have no such place, so most are never looked at.
#: Written to start at the digit or symbol, which the C engine skips to quickly (4× faster than
#: ``[a-z][0-9*@$]|[0-9*@$][a-z]``); the run found around it is the same.
_TRIGGER = re.compile(r"[0-9*@$](?:(?<=[a-z][0-9*@$])|(?=[a-z]))", re.IGNORECASE)
#: Single letters joined by one separator each: "V I A G R A", "V.I.A.G.R.A", "v-i-a-g-r-a".
_SPACED = re.compile(r"(?<![\w])[a-z](?:[ .*_-][a-z]){3,}(?![\w])", re.IGNORECASE)
#: What follows the first letter of every ``_SPACED`` match; it starts at a separator, so the C
#: engine skips the letters of ordinary words instead of trying ``_SPACED`` at each of them.
_SPACED_TAIL = re.compile(r"[ .*_-](?=[a-z][ .*_-][a-z][ .*_-])", re.IGNORECASE)
_SEPARATORS = re.compile(r"[ .*_-]")


@dataclass(frozen=True)
class ObfuscatedOptions:
    """The shortest drug name worth finding (short names collide with abbreviations)."""

    min_length: int


class ObfuscatedCheck(Check):
    """Flag drug names written with digits for letters, stars or spaced-out letters."""

    kind = "obfuscated"
    fields = frozenset({"min_length"})

    def __init__(self, rule: Rule, resources: Resources) -> None:
        super().__init__(rule, resources)
        names = {n.lower() for drug in resources.drugs for n in drug.all_names if n.isalpha()}
        names |= load_sellers(resources.book.sections.get("sellers", [])).vocabulary("drug")
        self.by_length: dict[int, frozenset[str]] = {}
        for name in names:
            if len(name) >= rule.options.min_length:
                self.by_length[len(name)] = self.by_length.get(len(name), frozenset()) | {name}

    @classmethod
    def parse(cls, spec: Located) -> ObfuscatedOptions:
        """Read ``min_length`` (default 5)."""
        return ObfuscatedOptions(schema.integer(spec, "min_length", 5, minimum=3))

    def hits(self, article: Article) -> Iterator[Hit]:
        """One hit per obfuscated drug name."""
        for found, spaced in (
            *((m, False) for m in mixed_words(article.text)),
            *((m, True) for m in spaced_letters(article.text)),
        ):
            word = found.group()
            if not spaced and not word[0].isalpha():
                continue
            letters = _SEPARATORS.sub("", word) if spaced else word
            name = self.lookup(letters.lower().translate(_LEET))
            if name is None:
                continue
            sentence = article.sentence_index(found.start())
            values = {"match": word, "drug": name}
            yield Hit(found.start(), found.end(), sentence, values, evidence=f"reads as {name!r}")

    def lookup(self, normalised: str) -> str | None:
        """The drug name ``normalised`` spells, a ``*`` standing for any one letter."""
        candidates = self.by_length.get(len(normalised), frozenset())
        if "*" not in normalised:
            return normalised if normalised in candidates else None
        for name in candidates:
            if all(c == "*" or c == n for c, n in zip(normalised, name, strict=True)):
                return name
        return None


def mixed_words(text: str) -> Iterator[re.Match[str]]:
    """Maximal runs of word characters, ``*``, ``@`` and ``$`` that mix letters with the others.

    Each trigger (a letter next to a digit or symbol) is widened to its run once; later triggers
    inside that run are skipped, and the leftward scan stops at the previous run's end, so every
    character is read a bounded number of times.
    """
    end = 0
    for trigger in _TRIGGER.finditer(text):
        if trigger.start() < end:
            continue
        start = trigger.start()
        while start > end and _WORDISH.match(text[start - 1]):
            start -= 1
        found = _WORDISH.match(text, start)
        if found is None:  # pragma: no cover - the trigger itself is in the class
            continue
        end = found.end()
        yield found


def spaced_letters(text: str) -> Iterator[re.Match[str]]:
    """``_SPACED.finditer(text)``, trying the pattern only where ``_SPACED_TAIL`` says it may match."""
    end = 0
    for tail in _SPACED_TAIL.finditer(text):
        start = tail.start() - 1
        if start < end:
            continue
        found = _SPACED.match(text, start)  # its look-behind still sees the text before ``start``
        if found is not None:
            end = found.end()
            yield found
