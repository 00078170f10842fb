"""``kind: phrase``: a list of words or phrases, matched case-insensitively on whole tokens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from medlint.analysis.offer import offers
from medlint.checks.base import Check, Hit, span_hits
from medlint.rulebook import schema

if TYPE_CHECKING:
    from medlint.analysis.article import Article
    from medlint.analysis.matchers import Matchers
    from medlint.rulebook.yamlio import Located


@dataclass(frozen=True)
class PhraseOptions:
    """The phrases to find."""

    phrases: tuple[str, ...]
    #: ``offers_only``: term sets that mark a sentence as reporting costs (see ``medlint.offer``).
    term_sets: tuple[str, ...] = ()
    offers_only: bool = False


class PhraseCheck(Check):
    """Find any of ``phrases``; token-based, so "pill" never fires inside "spill"."""

    kind = "phrase"
    fields = frozenset({"phrases", "offers_only"})

    @classmethod
    def parse(cls, spec: Located) -> PhraseOptions:
        """Read ``phrases``."""
        report_sets = tuple(schema.strings(spec, "offers_only", required=False))
        return PhraseOptions(tuple(schema.strings(spec, "phrases")), report_sets, "offers_only" in spec)

    def register(self, matchers: Matchers) -> None:
        """All phrases go into the shared PhraseMatcher."""
        matchers.add_phrases(self.key, list(self.rule.options.phrases))

    def hits(self, article: Article) -> Iterator[Hit]:
        """Every phrase occurrence; with ``offers_only``, only those in offers to the reader."""
        found = span_hits(article, article.matches.get(self.key, []))
        options: PhraseOptions = self.rule.options
        return offers(article, found, options.term_sets) if options.offers_only else found
