"""``kind: phrase``: a list of words or phrases, matched case-insensitively on whole tokens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import schema
from .base import Check, Hit, span_hits

if TYPE_CHECKING:
    from ..article import Article
    from ..matchers import Matchers
    from ..yamlio import Located


@dataclass(frozen=True)
class PhraseOptions:
    """The phrases to find."""

    phrases: tuple[str, ...]


class PhraseCheck(Check):
    """Find any of ``phrases``; token-based, so "pill" never fires inside "spill"."""

    kind = "phrase"
    fields = frozenset({"phrases"})

    @classmethod
    def parse(cls, spec: Located) -> PhraseOptions:
        """Read ``phrases``."""
        return PhraseOptions(tuple(schema.strings(spec, "phrases")))

    def register(self, matchers: Matchers) -> None:
        """All phrases go into the shared PhraseMatcher."""
        matchers.add_phrases(self.key, list(self.rule.options.phrases))

    def hits(self, article: Article) -> Iterator[Hit]:
        """Every phrase occurrence."""
        return span_hits(article, article.matches.get(self.key, []))
