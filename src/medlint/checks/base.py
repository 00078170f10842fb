"""What every rule kind is: parse its YAML fields at load time, find hits at lint time."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from medlint.analysis.article import Article
    from medlint.analysis.matchers import Matchers
    from medlint.config import Config
    from medlint.rulebook.lexicon import Drug
    from medlint.rulebook.ruleset import Rule, RuleBook
    from medlint.rulebook.yamlio import Located


@dataclass(frozen=True)
class Resources:
    """What a check may read when it is built: the whole rule book, the lexicon, the settings."""

    book: RuleBook
    drugs: list[Drug]
    config: Config


@dataclass(frozen=True)
class Hit:
    """A candidate finding in prose coordinates, before the rule's conditions are applied.

    ``source_span`` overrides the position for hits that are not prose (a link target).
    ``values`` fill the message and fix placeholders.
    ``confidence`` (0..1) says how sure the evidence makes the check that this is a real problem,
    and ``evidence`` says why in a few words; findings under the configured
    ``min-confidence`` are not reported by default.
    """

    start: int
    end: int
    sentence: int
    values: Mapping[str, str] = field(default_factory=dict)
    source_span: tuple[int, int] | None = None
    subject: str | None = None
    confidence: float = 0.9
    evidence: str = ""


class Check(ABC):
    """A rule kind. Subclasses declare their YAML ``fields`` and ``placeholders``."""

    kind: ClassVar[str]
    fields: ClassVar[frozenset[str]] = frozenset()
    placeholders: ClassVar[frozenset[str]] = frozenset({"match", "drug"})

    def __init__(self, rule: Rule, resources: Resources) -> None:
        self.rule = rule
        self.resources = resources
        self.key = f"rule:{rule.code}"

    @classmethod
    @abstractmethod
    def parse(cls, spec: Located) -> Any:
        """Validate the kind's own fields (no spaCy here) and return its options."""

    @staticmethod
    def explain(rule: Rule, book: RuleBook) -> list[str]:
        """Extra lines for ``medlint explain`` (the drugs a warning rule covers, say)."""
        return []

    def register(self, matchers: Matchers) -> None:  # noqa: B027 - optional hook
        """Add this rule's phrases or patterns to the shared matchers (once, at start-up)."""

    @abstractmethod
    def hits(self, article: Article) -> Iterator[Hit]:
        """Candidate hits in one article."""


def drug_near(article: Article, sentence: int) -> str:
    """The drug named in or next to ``sentence``, for the {drug} placeholder."""
    by_sentence = article.mentions_by_sentence
    for index in (sentence, sentence - 1, sentence + 1):
        if 0 <= index < len(article.sentences):
            start, end = article.sentences[index]
            for mention in by_sentence.get(index, ()):
                if start <= mention.start < end:
                    return mention.text
    return "this medicine"


def span_hits(article: Article, spans: list[tuple[int, int]]) -> Iterator[Hit]:
    """Hits for matched prose spans, with the standard placeholders filled in."""
    for start, end in spans:
        sentence = article.sentence_index(start)
        values = {"match": article.text[start:end], "drug": drug_near(article, sentence)}
        yield Hit(start, end, sentence, values)
