"""``kind: claim``: a treatment presented as working for a use it is not established for.

A claim is a treatment, then an efficacy predicate, then one of the treatment's unproven
indications, in one sentence ("Botox can be particularly helpful for … acne"); or the passive
("acne can be treated with Botox"). The indication may also come from a "Label:" before the
sentence, or from the section heading when the sentence names no use at all. The sentence must
be asserted: hedged, negated, attributed, conditional sentences and questions are fine.
Approved uses are never flagged, and an unproven term inside an approved phrase does not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from medlint.analysis.sentence_certainty import is_quoted, negation_scopes_over
from medlint.checks.base import Check, Hit

if TYPE_CHECKING:
    from medlint.analysis.article import Article
    from medlint.analysis.matchers import Matchers
    from medlint.rulebook.ruleset import Rule, RuleBook
    from medlint.rulebook.treatments import Indication, Treatment
    from medlint.rulebook.yamlio import Located

Span = tuple[int, int]


class ClaimCheck(Check):
    """One finding per asserted claim sentence."""

    kind = "claim"
    placeholders = frozenset({"match", "treatment", "indication", "status", "wording"})

    @classmethod
    def parse(cls, spec: Located) -> Any:
        """No fields of its own: the table is ``treatments:`` and the predicates are term sets."""
        return None

    @staticmethod
    def explain(rule: Rule, book: RuleBook) -> list[str]:
        """The whole status table."""
        lines = ["Treatments and the uses they are not established for:"]
        for treatment in book.treatments:
            lines.append(
                f"  {treatment.id}: approved for {', '.join(treatment.approved) or 'nothing listed'}"
            )
            for use in treatment.unproven:
                lines.append(f"    {use.name} [{use.status}]: {use.source} (verified {use.last_verified})")
        return lines

    def register(self, matchers: Matchers) -> None:
        """Treatment names, unproven synonyms and approved uses go into the shared PhraseMatcher."""
        for treatment in self.resources.book.treatments:
            if treatment.names:
                matchers.add_phrases(f"treatment:{treatment.id}", list(treatment.names))
            if treatment.approved:
                matchers.add_phrases(f"approved:{treatment.id}", list(treatment.approved))
            for index, use in enumerate(treatment.unproven):
                matchers.add_phrases(f"unproven:{treatment.id}:{index}", list(use.synonyms))

    def hits(self, article: Article) -> Iterator[Hit]:
        """Sentences holding a treatment, then the claim test on each."""
        if not article.term_hits("efficacy") and not article.term_hits("efficacy-passive"):
            return
        for treatment in self.resources.book.treatments:
            for index, mentions in _by_sentence(article, _treatment_spans(article, treatment)).items():
                hit = self._claim(article, treatment, index, mentions)
                if hit is not None:
                    yield hit

    def _claim(
        self,
        article: Article,
        treatment: Treatment,
        index: int,
        mentions: list[Span],
    ) -> Hit | None:
        start = article.sentences[index][0]
        sentence = article.certainty(index)
        if sentence.hedged or sentence.attributed or sentence.question or sentence.conditional:
            return None
        if article.is_reported(index):
            return None  # "Grob says work by his group has shown …": reported speech
        mentions = [
            m
            for m in mentions
            if not article.is_research_object(m[0]) and not is_quoted(article.text, start, m[0])
        ]
        if not mentions:
            return None
        # Matches grouped by sentence once per article: no scan of the whole article per sentence.
        inside = [
            p
            for p in article.matches_in_sentence("term:efficacy", index)
            if not negation_scopes_over(sentence, p[0])
        ]
        passive = [
            p
            for p in article.matches_in_sentence("term:efficacy-passive", index)
            if not negation_scopes_over(sentence, p[0])
        ]
        approved = article.matches_in_sentence(f"approved:{treatment.id}", index)
        named_any = bool(approved)
        for number, use in enumerate(treatment.unproven):
            uses = [
                s
                for s in article.matches_in_sentence(f"unproven:{treatment.id}:{number}", index)
                if not any(a[0] <= s[0] and s[1] <= a[1] for a in approved)
            ]
            named_any = named_any or bool(uses)
            for mention in mentions:
                agentless = [p for p in inside if not article.another_agent_between(mention[1], p[0])]
                span = _active(mention, agentless, uses) or _passive(mention, passive, uses)
                span = span or _labelled(article.text, mention, inside, uses)
                if span:
                    return self._hit(article, index, span, treatment, use)
        if named_any:
            return None
        heading = article.section_of(start)[2].lower()
        for use in treatment.unproven:
            if heading and any(_contains_phrase(heading, s) for s in use.synonyms):
                for mention in mentions:
                    after = [p for p in inside if p[0] >= mention[1]]
                    if after:
                        return self._hit(article, index, (mention[0], after[0][1]), treatment, use)
        return None

    def _hit(self, article: Article, index: int, span: Span, treatment: Treatment, use: Indication) -> Hit:
        values = {
            "match": article.text[span[0] : span[1]],
            "treatment": _name(article, treatment, span),
            "indication": use.name,
            "status": use.status,
            "wording": use.wording,
        }
        return Hit(span[0], span[1], index, values, subject=treatment.id)


def _treatment_spans(article: Article, treatment: Treatment) -> list[Span]:
    spans = list(article.matches.get(f"treatment:{treatment.id}", []))
    if treatment.drug:
        spans += [(m.start, m.end) for m in article.mentions_by_drug.get(treatment.drug, ())]
    return sorted(set(spans))


def _by_sentence(article: Article, spans: list[Span]) -> dict[int, list[Span]]:
    grouped: dict[int, list[Span]] = {}
    for span in spans:
        grouped.setdefault(article.sentence_index(span[0]), []).append(span)
    return grouped


def _active(mention: Span, predicates: list[Span], uses: list[Span]) -> Span | None:
    """Treatment … predicate … indication."""
    for predicate in predicates:
        if predicate[0] >= mention[1]:
            for use in uses:
                if use[0] >= predicate[1]:
                    return mention[0], use[1]
    return None


def _passive(mention: Span, passives: list[Span], uses: list[Span]) -> Span | None:
    """Indication … "treated with" … treatment."""
    for predicate in passives:
        if predicate[1] <= mention[0]:
            for use in uses:
                if use[1] <= predicate[0]:
                    return use[0], mention[1]
    return None


def _labelled(text: str, mention: Span, predicates: list[Span], uses: list[Span]) -> Span | None:
    """A use in a label before a colon, then treatment … predicate: "Acne: Botox clears it up"."""
    for use in uses:
        colon = text.find(":", use[1], mention[0])
        if use[1] <= mention[0] and colon >= 0 and any(p[0] >= mention[1] for p in predicates):
            return use[0], max(p[1] for p in predicates if p[0] >= mention[1])
    return None


def _contains_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)", text) is not None


def _name(article: Article, treatment: Treatment, span: Span) -> str:
    for start, end in _treatment_spans(article, treatment):
        if span[0] <= start < span[1]:
            return article.text[start:end]
    return treatment.id.replace("-", " ")
