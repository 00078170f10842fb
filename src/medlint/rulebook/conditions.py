"""The ``context`` and ``unless`` clauses every rule kind shares.

``context`` says what must surround a match for it to matter (a medicine within two sentences
of a price); ``unless`` lists what makes it harmless (negated, quoted to warn readers, a link to a
verified pharmacy). Keeping them out of the kinds means every kind gets precision aids for free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from medlint.errors import RuleFileError
from medlint.rulebook import schema
from medlint.rulebook.yamlio import Located, LocatedList

if TYPE_CHECKING:
    from medlint.analysis.article import Article

#: Flags that come from the sentence-certainty analysis (see sentence_certainty.py).
FLAGS: tuple[str, ...] = (
    "negated", "warned", "quoted", "hedged", "attributed", "question", "conditional", "approximate",
    "narrative",
)  # fmt: skip
DOCUMENT = -1


@dataclass(frozen=True)
class Near:
    """A term from one of ``sets`` within ``within`` sentences (DOCUMENT: anywhere)."""

    sets: tuple[str, ...]
    within: int
    line: int

    def holds(self, article: Article, sentence: int, start: int, end: int) -> bool:
        """True when any of the term sets has a hit in range (the match itself excluded)."""
        for name in self.sets:
            by_sentence = article.term_hits_by_sentence(name)
            indices = (
                by_sentence
                if self.within == DOCUMENT
                else range(sentence - self.within, sentence + self.within + 1)
            )
            for index in indices:
                # A match is not its own context.
                if any(not (s >= start and e <= end) for s, e in by_sentence.get(index, ())):
                    return True
        return False


@dataclass(frozen=True)
class LinksTo:
    """A link in the same sentence whose target matches one of ``patterns``."""

    patterns: tuple[re.Pattern[str], ...]

    def holds(self, article: Article, sentence: int, start: int, end: int) -> bool:
        """True when the sentence carries a matching link."""
        return any(
            pattern.search(link.target.lower())
            for link in article.links_in_sentence(sentence)
            for pattern in self.patterns
        )


@dataclass(frozen=True)
class Flag:
    """A certainty flag of the sentence (or of the match, for ``negated`` and ``quoted``)."""

    name: str

    def holds(self, article: Article, sentence: int, start: int, end: int) -> bool:
        """Ask the article's certainty analysis."""
        return article.flag(self.name, sentence, start, end)


Condition = Near | LinksTo | Flag


@dataclass(frozen=True)
class Conditions:
    """All ``context`` clauses must hold and no ``unless`` clause may."""

    context: tuple[Condition, ...] = ()
    unless: tuple[Condition, ...] = ()

    def allow(self, article: Article, sentence: int, start: int, end: int) -> bool:
        """Decide whether a match at prose ``start``..``end`` in ``sentence`` is reported."""
        if not all(c.holds(article, sentence, start, end) for c in self.context):
            return False
        return not any(c.holds(article, sentence, start, end) for c in self.unless)

    def term_sets(self) -> list[tuple[str, int]]:
        """Every term-set name used, with its line, so the loader can check they exist."""
        return [
            (name, c.line) for c in (*self.context, *self.unless) if isinstance(c, Near) for name in c.sets
        ]


def parse_conditions(rule: Located) -> Conditions:
    """Read ``context`` and ``unless`` of a rule mapping."""
    return Conditions(
        context=tuple(_parse_clause(item, rule, "context") for item in _as_list(rule, "context")),
        unless=tuple(_parse_clause(item, rule, "unless") for item in _as_list(rule, "unless")),
    )


def _as_list(rule: Located, key: str) -> list[Any]:
    value = rule.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _parse_clause(item: Any, rule: Located, key: str) -> Condition:
    if isinstance(item, str):
        if item not in FLAGS:
            raise schema.fail(rule, key, f"unknown {key} flag {item!r}; expected one of: {', '.join(FLAGS)}")
        return Flag(item)
    if not isinstance(item, Located):
        raise schema.fail(rule, key, f"each '{key}' item must be a flag name or a mapping")
    if "near" in item:
        schema.only_keys(item, {"near", "within"}, f"a '{key}: near' clause")
        within = DOCUMENT if item.get("within") == "document" else schema.integer(item, "within", 0)
        return Near(tuple(schema.strings(item, "near")), within, item.line_of("near"))
    if "links_to" in item:
        schema.only_keys(item, {"links_to"}, f"a '{key}: links_to' clause")
        return LinksTo(tuple(compile_regex(item, "links_to", p) for p in schema.strings(item, "links_to")))
    raise schema.fail(item, None, f"a '{key}' mapping needs 'near' or 'links_to'")


def compile_regex(spec: Located, key: str, pattern: str) -> re.Pattern[str]:
    """Compile a rule's regular expression, reporting a bad one at its line."""
    try:
        schema.check_regex(pattern, re.IGNORECASE)  # no pattern may hang a run (issue 10)
        return re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        line = spec.line_of(key)
        value = spec.get(key)
        if isinstance(value, LocatedList) and pattern in value:
            line = value.item_lines[value.index(pattern)]
        raise RuleFileError(spec.path, line, f"bad regular expression {pattern!r}: {err}") from None
