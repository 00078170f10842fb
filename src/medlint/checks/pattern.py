"""``kind: pattern``: spaCy token patterns, for phrases with slots ("$<number> per pill")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from medlint.analysis.offer import offers
from medlint.checks.base import Check, Hit, span_hits
from medlint.errors import RuleFileError
from medlint.rulebook import schema
from medlint.rulebook.yamlio import Located, LocatedList

if TYPE_CHECKING:
    from medlint.analysis.article import Article
    from medlint.analysis.matchers import Matchers


@dataclass(frozen=True)
class PatternOptions:
    """Token patterns in spaCy's Matcher format, with the YAML line of each."""

    patterns: tuple[tuple[dict[str, Any], ...], ...]
    lines: tuple[int, ...]
    phrases: tuple[str, ...] = ()
    #: ``offers_only``: term sets that mark a sentence as reporting costs (see ``medlint.offer``).
    term_sets: tuple[str, ...] = ()
    offers_only: bool = False


class PatternCheck(Check):
    """Match spaCy token patterns (plus optional plain ``phrases``).

    Drug names are entities: ``{ENT_TYPE: RX_DRUG}`` (prescription-only) or ``OTC_DRUG``.
    """

    kind = "pattern"
    fields = frozenset({"patterns", "phrases", "offers_only"})

    @classmethod
    def parse(cls, spec: Located) -> PatternOptions:
        """Check the shape: a list of patterns, each a list of token mappings."""
        value = spec.get("patterns")
        if not isinstance(value, LocatedList) or not value:
            raise schema.fail(
                spec, "patterns" if "patterns" in spec else None, "'patterns' must be a non-empty list"
            )
        patterns = []
        for index, pattern in enumerate(value):
            line = value.item_lines[index]
            if (
                not isinstance(pattern, list)
                or not pattern
                or not all(isinstance(t, Located) for t in pattern)
            ):
                raise RuleFileError(
                    spec.path, line, "each pattern must be a non-empty list of token mappings"
                )
            patterns.append(tuple(_plain(token) for token in pattern))
        phrases = tuple(schema.strings(spec, "phrases", required=False))
        report_sets = tuple(schema.strings(spec, "offers_only", required=False))
        return PatternOptions(
            tuple(patterns), tuple(value.item_lines), phrases, report_sets, "offers_only" in spec
        )

    def register(self, matchers: Matchers) -> None:
        """Patterns are validated by spaCy here; a bad one names its YAML line."""
        if self.rule.options.phrases:
            matchers.add_phrases(self.key, list(self.rule.options.phrases))
        for pattern, line in zip(self.rule.options.patterns, self.rule.options.lines, strict=True):
            try:
                matchers.add_patterns(self.key, [list(pattern)])
            except (ValueError, KeyError, TypeError) as err:
                message = str(err).strip().splitlines()
                detail = " ".join(part.strip() for part in message if part.strip())[:300]
                raise RuleFileError(self.rule.path, line, f"invalid token pattern: {detail}") from None

    def hits(self, article: Article) -> Iterator[Hit]:
        """Every pattern match (overlaps resolved to the longest); with ``offers_only``, offers only."""
        found = span_hits(article, article.matches.get(self.key, []))
        options: PatternOptions = self.rule.options
        return offers(article, found, options.term_sets) if options.offers_only else found


def _plain(value: Any) -> Any:
    """Strip the line-tracking types so spaCy gets ordinary dicts and lists."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
