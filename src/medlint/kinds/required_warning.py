"""``kind: required-warning``: a drug that is discussed must have its must-mention risks stated.

"Discussed" is deliberately stricter than "mentioned". A mention *counts* unless it is
passing: an item of a list ("X, Y and Z", "such as X or Y"), a comparator ("compared with X",
"than X", "versus X"), or a lab value ("testosterone levels"). The drug is discussed when a
counting mention is in the title or first heading, or counting mentions fall in at least
``discussed-mentions`` sentences (config, default 2; 3 when the article has more than 40
sentences), or a counting mention is named with a dose or a usage instruction.

Each hit carries ``confidence``: 0.9 for a title mention, 0.8 for several sentences, 0.6 for a
single dose/usage sentence; minus 0.2 when some mentions were passing ones. ``evidence`` says
why, e.g. "title mention; 5 sentences; no statement of birth defects".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import schema
from ..evidence import find_evidence, reassurance_over
from .base import Check, Hit

if TYPE_CHECKING:
    from ..article import Article, Mention
    from ..lexicon import Drug, Risk
    from ..ruleset import Rule, RuleBook
    from ..yamlio import Located

_DOSE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|g|ml|iu|units?)\b", re.IGNORECASE)
_LIST_BEFORE = re.compile(r"(?:,|\bor|\band)\s*$", re.IGNORECASE)
_EXAMPLE_BEFORE = re.compile(r"\b(?:such as|including|like|e\.g\.)\s*$", re.IGNORECASE)
_LIST_END = re.compile(r"^\s*[.;)]")
_LIST_AFTER = re.compile(r"^\s*(?:,|or\b|and\b|/)", re.IGNORECASE)
_COMPARATOR = re.compile(
    r"(?:compared (?:with|to)|than|versus|vs\.?|instead of|rather than)\s*$", re.IGNORECASE
)
_LAB_VALUE = re.compile(r"^\s*(?:levels?|concentrations?|deficiency)\b", re.IGNORECASE)
_SAFETY_HEADING = re.compile(r"side[\s-]effect|safety|risk|warning|precaution|caution|adverse", re.IGNORECASE)


@dataclass(frozen=True)
class DrugsOptions:
    """The lexicon entries (by id) a rule covers, and when the rule does not apply at all.

    ``skip_if``: the article holds at least ``skip_distinct`` different terms of the term sets
    ``skip_terms`` (e.g. a research summary: "randomised", "placebo", "we searched").
    """

    drugs: tuple[str, ...]
    skip_terms: tuple[str, ...] = ()
    skip_distinct: int = 0

    @property
    def term_sets(self) -> tuple[str, ...]:
        """Term sets the loader must find defined."""
        return self.skip_terms


def parse_drugs(spec: Located) -> DrugsOptions:
    """Read ``drugs`` (ids from drugs.yaml; checked against the lexicon after loading) and ``skip_if``."""
    drugs = tuple(schema.strings(spec, "drugs"))
    if "skip_if" not in spec:
        return DrugsOptions(drugs)
    skip = schema.mapping(spec["skip_if"], spec, "skip_if")
    schema.only_keys(skip, {"terms", "distinct"}, "'skip_if'")
    return DrugsOptions(
        drugs, tuple(schema.strings(skip, "terms")), schema.integer(skip, "distinct", 1, minimum=1)
    )


def skipped(article: Article, options: DrugsOptions) -> bool:
    """True when the article is of a kind the rule does not apply to (see ``skip_if``)."""
    if not options.skip_terms:
        return False
    found = {article.text[s:e].lower() for name in options.skip_terms for s, e in article.term_hits(name)}
    return len(found) >= options.skip_distinct


def explain_drugs(rule: Rule, book: RuleBook) -> list[str]:
    """The drugs a rule covers, every name it knows them by, and each risk with its source."""
    lines = []
    if rule.options.skip_terms:
        lines += [
            f"Not applied to articles with {rule.options.skip_distinct}+ different terms from: "
            f"{', '.join(rule.options.skip_terms)} (see rules/terms.yaml)",
            "",
        ]
    lines.append("Drugs covered:")
    for drug in book.drugs:
        if drug.id not in rule.options.drugs:
            continue
        lines.append(f"  {drug.generic} ({drug.drug_class or drug.id})")
        lines.append(f"    names: {', '.join(drug.all_names)}")
        for risk in drug.risks:
            lines.append(f"    risk [{risk.severity}]: {risk.topic}")
            lines.append(f"      evidence: {', '.join(risk.evidence)}")
            if risk.applies_when:
                lines.append(f"      required when the article mentions: {', '.join(risk.applies_when)}")
            lines.append(f"      source: {risk.source} (verified {risk.last_verified})")
            lines.append(f"      warning: {risk.warning}")
    return lines


class RequiredWarningCheck(Check):
    """One finding per discussed drug and unstated risk, at the drug's first mention."""

    kind = "required-warning"
    fields = frozenset({"drugs", "skip_if"})
    placeholders = frozenset({"match", "name", "drug", "risk", "warning", "placement"})
    parse = staticmethod(parse_drugs)
    explain = staticmethod(explain_drugs)

    def hits(self, article: Article) -> Iterator[Hit]:
        """Check every covered drug the article discusses."""
        config = self.resources.config
        if skipped(article, self.rule.options):
            return
        covered = {d.id: d for d in self.resources.drugs if d.id in self.rule.options.drugs and d.risks}
        by_drug: dict[str, list[Mention]] = {}
        for mention in article.mentions:
            if mention.drug in covered:
                by_drug.setdefault(mention.drug, []).append(mention)
        for drug_id, all_mentions in by_drug.items():
            mentions = [m for m in all_mentions if not is_passing(article, m)]
            if not mentions:
                continue
            how = discussed_how(article, mentions, config.discussed_mentions)
            if how is None:
                continue
            drug = covered[drug_id]
            for risk in drug.risks:
                if risk.applies_when and not _population_near(article, risk, mentions):
                    continue  # a population-specific warning, and the article is not about that population
                if risk_is_stated(article, risk, mentions, config.warning_scope):
                    continue
                confidence = {"title mention": 0.9, "sentences": 0.8}.get(how.split(";")[0], 0.6)
                if len(mentions) < len(all_mentions):
                    confidence -= 0.2
                sentences = len({article.sentence_index(m.start) for m in mentions})
                evidence = f"{how}; {sentences} sentences; no statement of {risk.topic}"
                yield self._hit(article, drug, risk, mentions, round(confidence, 2), evidence)

    def _hit(
        self,
        article: Article,
        drug: Drug,
        risk: Risk,
        mentions: list[Mention],
        confidence: float,
        evidence: str,
    ) -> Hit:
        first = mentions[0]
        sentence = article.sentence_index(first.start)
        name = first.text if first.text.lower() == drug.generic.lower() else f"{first.text} ({drug.generic})"
        values = {
            "match": first.text,
            "name": name,
            "drug": drug.generic,
            "risk": risk.topic,
            "warning": risk.warning,
            "placement": placement(article, mentions),
            "severity": risk.severity,
        }
        return Hit(
            first.start,
            first.end,
            sentence,
            values,
            subject=drug.generic,
            confidence=confidence,
            evidence=evidence,
        )


def _population_near(article: Article, risk: Risk, mentions: list[Mention]) -> bool:
    """The risk's population is named with the drug, in a sentence that names it.

    "Children" somewhere in an article on aspirin for adults' hearts does not make Reye's
    syndrome relevant; "aspirin for children with fever" does.
    """
    for index in sorted({article.sentence_index(m.start) for m in mentions}):
        start, end = article.sentences[index]
        if find_evidence(article.text, risk.applies_when, start, end):
            return True
    return False


def is_passing(article: Article, mention: Mention) -> bool:
    """A list item, a comparator or a lab value: a mention that does not make the drug a topic."""
    line_start = article.text.rfind("\n", 0, mention.start) + 1
    before = article.text[max(line_start, mention.start - 40) : mention.start]
    after = article.text[mention.end : mention.end + 30]
    if _COMPARATOR.search(before) or _LAB_VALUE.match(after) or _EXAMPLE_BEFORE.search(before):
        return True
    # "X, Y and Z": a separator on both sides, or a separator before and the sentence ends.
    # One separator alone is no list ("In 2019, Accutane …", "isotretinoin and pregnancy").
    return bool(_LIST_BEFORE.search(before) and (_LIST_AFTER.match(after) or _LIST_END.match(after)))


def discussed_how(article: Article, mentions: list[Mention], threshold: int) -> str | None:
    """Why the drug is discussed ("title mention", "sentences", "dose or usage"), or None."""
    headings = article.prose.headings
    if headings:
        start, end = headings[0]
        if any(start <= m.start < end for m in mentions):
            return "title mention"
    sentences = {article.sentence_index(m.start) for m in mentions}
    needed = threshold + 1 if article.text.count(". ") > 40 else threshold
    if len(sentences) >= needed:
        return "sentences"
    usage = article.term_hits_by_sentence("usage")
    if any(i in usage or _DOSE.search(article.sentence_text(i)) for i in sentences):
        return "dose or usage"
    return None


def is_discussed(article: Article, mentions: list[Mention], threshold: int) -> bool:
    """True when :func:`discussed_how` finds a reason."""
    return discussed_how(article, mentions, threshold) is not None


def risk_is_stated(article: Article, risk: Risk, mentions: list[Mention], scope: str) -> bool:
    """True when an evidence term states the risk (not reassured away) in scope."""
    if scope == "section":
        ranges = sorted({article.section_of(m.start)[:2] for m in mentions})
    else:
        ranges = [(0, len(article.text))]
    for start, end in ranges:
        for ev_start, _ in find_evidence(article.text, risk.evidence, start, end):
            sentence = article.certainty(article.sentence_index(ev_start))
            if reassurance_over(sentence, ev_start) is None:
                return True
    return False


def placement(article: Article, mentions: list[Mention]) -> str:
    """Where the warning should go: the safety section, or after the first paragraph naming the drug.

    A mention in a heading is not a paragraph, so a title mention is skipped when there is another.
    """
    for start, _, heading in article.sections:
        if heading and _SAFETY_HEADING.search(heading):
            return f'in the "{heading.rstrip(":").strip()}" section (line {article.line_of(start)})'
    headings = article.prose.headings
    in_text = [m for m in mentions if not any(s <= m.start < e for s, e in headings)]
    first = (in_text or mentions)[0]
    return f"after the paragraph that first mentions {first.text} (line {article.line_of(first.start)})"
