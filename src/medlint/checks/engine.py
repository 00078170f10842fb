"""Analyse and check: text → prose → Doc → Article → hits → findings. Built once per process."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from medlint.analysis.article import Article
from medlint.analysis.matchers import Matchers
from medlint.analysis.pipeline import build_nlp, make_doc
from medlint.analysis.sentence_certainty import CUE_SETS
from medlint.analysis.tokenizer_cache import TokenizerCache
from medlint.checks import KINDS, Check, Hit
from medlint.checks.base import Resources
from medlint.config import Config
from medlint.errors import RuleFileError
from medlint.markup import extract
from medlint.markup.markdown import References
from medlint.rulebook.lexicon import Drug
from medlint.rulebook.ruleset import Rule, RuleBook


@dataclass(frozen=True)
class RawFinding:
    """A hit that passed its rule's conditions, still in prose/source offsets."""

    rule: Rule
    hit: Hit
    source_start: int
    source_end: int


class Engine:
    """The expensive part of a Linter: the spaCy pipeline, the matchers and the compiled checks."""

    def __init__(self, book: RuleBook, rules: list[Rule], config: Config) -> None:
        missing = [name for name in CUE_SETS if name not in book.cues]
        if missing:
            raise RuleFileError(
                "rules/", None, f"cue set(s) {', '.join(missing)} are not defined in any 'cues:' section"
            )
        self.book = book
        self.drugs: list[Drug] = book.drugs
        self.nlp = build_nlp()
        self.matchers = Matchers(self.nlp.vocab)
        self.matchers.set_tokenizer(self.nlp.tokenizer)
        self.tokenizer_cache = TokenizerCache(self.nlp.tokenizer)
        for name, terms in book.terms.items():
            self.matchers.add_phrases(f"term:{name}", terms)
        for name, cues in book.cues.items():
            self.matchers.add_phrases(f"cue:{name}", cues)
        for drug in self.drugs:
            self.matchers.add_phrases(f"drug:{drug.id}", list(drug.all_names))
        self.prescription_ids = frozenset(drug.id for drug in self.drugs if drug.prescription)
        self.matchers.prescription_ids = self.prescription_ids
        resources = Resources(book, self.drugs, config)
        self.checks: list[Check] = []
        for rule in rules:
            check = KINDS[rule.kind](rule, resources)
            check.register(self.matchers)
            self.checks.append(check)
        self.matchers.compile_phrases()

    def analyse(self, text: str, fmt: str, references: References | None = None) -> Article:
        """Parse markup and build the one Doc this text gets (``references``: see ``extract``)."""
        prose = extract(text, fmt, references)
        self.tokenizer_cache.fill(prose.text)
        doc = make_doc(self.nlp, prose)
        return Article(text, prose, doc, self.matchers.run(doc), self.prescription_ids)

    def check(self, article: Article) -> list[RawFinding]:
        """Run every check; keep the hits their rule's conditions allow and no finding supersedes.

        ``superseded_by`` lets a specific rule win over a general one in the same sentence:
        "Botox has been shown to clear acne" is an unestablished claim, not also an
        unsupported-proof overclaim. One problem, one finding.
        """
        found = list(self._check_all(article))
        sentences_by_rule: dict[str, set[int]] = {}
        for item in found:
            sentences_by_rule.setdefault(item.rule.code, set()).add(item.hit.sentence)
        return [
            item
            for item in found
            if not any(
                item.hit.sentence in sentences_by_rule.get(code, ()) for code in item.rule.superseded_by
            )
        ]

    def _check_all(self, article: Article) -> Iterator[RawFinding]:
        for check in self.checks:
            conditions = check.rule.conditions
            allowed = [
                hit
                for hit in check.hits(article)
                if conditions.allow(article, hit.sentence, hit.start, hit.end)
            ]
            if not allowed:
                continue  # most rules find nothing in most articles
            cap = check.rule.confidence_cap(article.genres) if check.rule.genre_confidence else 1.0
            for hit in merge_lists(article.text, allowed):
                if hit.confidence > cap:
                    hit = replace(hit, confidence=cap, evidence=_joined(hit.evidence, article.genre_evidence))
                start, end = hit.source_span or article.prose.source_span(hit.start, hit.end)
                yield RawFinding(check.rule, hit, start, end)


def _joined(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


_LIST_GAP = re.compile(r"(?:[\s,;/&|•·+]|\band\b|\bor\b)*", re.IGNORECASE)


def merge_lists(text: str, hits: list[Hit]) -> list[Hit]:
    """Hits of one rule that form a list ("Visa, MasterCard, PayPal") become one finding.

    One problem, one finding: a reader fixes the list, not each item of it.
    """
    merged: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, h.end)):
        last = merged[-1] if merged else None
        if (
            last is not None
            and hit.source_span is None
            and last.source_span is None
            and last.sentence == hit.sentence
            and hit.start >= last.end
            and _LIST_GAP.fullmatch(text, last.end, hit.start)
        ):
            values = {**last.values, "match": text[last.start : hit.end]}
            merged[-1] = replace(last, end=hit.end, values=values)
        else:
            merged.append(hit)
    return merged
