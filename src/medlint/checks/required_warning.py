"""``kind: required-warning``: a drug that is discussed must have its must-mention risks stated.

"Discussed" is deliberately stricter than "mentioned": :mod:`medlint.discussed` gives each
mention a role (topic, list item, comparator, replaced, other sense, animal study) and measures
how the article discusses the drug from its topic mentions, with a confidence (title 0.9, main
topic 0.85, several sentences 0.7; a secondary drug, a few sentences or one dose sentence fall
below the default threshold).

A risk is *relevant* when its population is the article's: ``applies_when`` (the population is
named with the drug: Reye's syndrome with "aspirin for children") and ``concerns`` (population
term sets: required when the article names that population, or names no population at all, so
"harm to an unborn baby" is not asked of a piece written for older men).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from medlint.analysis.discussed import TERM_SETS as DISCUSSION_TERM_SETS
from medlint.analysis.discussed import discussion
from medlint.analysis.evidence import find_evidence, reassurance_over
from medlint.checks.base import Check, Hit
from medlint.rulebook import schema
from medlint.rulebook.lexicon import POPULATIONS

if TYPE_CHECKING:
    from medlint.analysis.article import Article, Mention
    from medlint.rulebook.lexicon import Drug, Risk
    from medlint.rulebook.ruleset import Rule, RuleBook
    from medlint.rulebook.yamlio import Located

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
        return (*self.skip_terms, *DISCUSSION_TERM_SETS, *POPULATION_SETS)


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
    placeholders = frozenset({"match", "name", "drug", "risk", "warning", "placement", "scope"})
    parse = staticmethod(parse_drugs)
    explain = staticmethod(explain_drugs)

    @cached_property
    def members(self) -> dict[str, tuple[str, ...]]:
        """Combination products and their ingredients, by id."""
        return {d.id: d.members for d in self.resources.drugs if d.members}

    @cached_property
    def covered(self) -> dict[str, Drug]:
        """The rule's drugs that carry risks, by id: worked out once, not once per article."""
        return {d.id: d for d in self.resources.drugs if d.id in self.rule.options.drugs and d.risks}

    def hits(self, article: Article) -> Iterator[Hit]:
        """Check every covered drug the article discusses."""
        config = self.resources.config
        if skipped(article, self.rule.options):
            return
        covered = self.covered
        by_drug: dict[str, list[Mention]] = {}
        for mentioned, mentions in article.mentions_by_drug.items():
            # A combination product is a mention of each of its members ("Percocet": an opioid
            # and paracetamol); a class entry never lends its risks to another class.
            for drug_id in (mentioned, *self.members.get(mentioned, ())):
                if drug_id not in covered:
                    continue
                if drug_id in by_drug:  # reached through the drug and a combination: text order
                    by_drug[drug_id] = sorted([*by_drug[drug_id], *mentions], key=lambda m: m.start)
                else:
                    by_drug[drug_id] = list(mentions)
        if not by_drug:
            return
        per_section = config.warning_scope == "section"
        readers = named_populations(article)
        for drug_id, mentions in by_drug.items():
            drug = covered[drug_id]
            risks = _open_risks(article, drug, readers, per_section)
            if not risks:
                continue  # settled without measuring how the drug is discussed, which costs more
            discussed = discussion(article, mentions, config.discussed_mentions)
            if discussed is None:
                continue
            topic = list(discussed.topic_mentions)
            for risk in risks:
                if risk.applies_when and not _population_near(article, risk, topic):
                    continue  # a population-specific warning, and the article is not about that population
                evidence = f"{discussed.evidence}; no statement of {risk.topic}"
                if per_section:
                    # Each section that discusses the drug must state the risk itself.
                    for mentions_here in unstated_sections(article, risk, topic):
                        yield self._hit(
                            article, drug, risk, mentions_here, discussed.confidence, evidence, "this section"
                        )
                else:
                    yield self._hit(article, drug, risk, topic, discussed.confidence, evidence)

    def _hit(
        self,
        article: Article,
        drug: Drug,
        risk: Risk,
        mentions: list[Mention],
        confidence: float,
        evidence: str,
        scope: str = "the article",
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
            "placement": placement(article, mentions, in_section=scope == "this section"),
            "severity": risk.severity,
            "scope": scope,
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


def _open_risks(article: Article, drug: Drug, readers: frozenset[str], per_section: bool) -> list[Risk]:
    """The drug's risks the article may still owe its readers, whoever the drug's topic mentions are.

    A risk for another population than the article's readers is not owed; nor, with the
    article-wide scope, one the article states. A drug guide states most of its drug's risks, so
    this often leaves nothing to check.
    """
    return [
        risk
        for risk in drug.risks
        if (not risk.concerns or readers_include(readers, risk.concerns))
        and (per_section or not risk_is_stated(article, risk))
    ]


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


#: Population term sets (rules/vocabulary.yaml) an article's readers are read from.
POPULATION_SETS: tuple[str, ...] = tuple(sorted(POPULATIONS))


def named_populations(article: Article) -> frozenset[str]:
    """The population term sets the article names: who its readers are, read once per article."""
    return article.term_sets_named(POPULATION_SETS)


def readers_include(readers: frozenset[str], concerns: tuple[str, ...]) -> bool:
    """True when ``readers`` (an article's named populations) hold one of the risk's, or are none."""
    return not readers or not readers.isdisjoint(concerns)


def risk_is_stated(article: Article, risk: Risk) -> bool:
    """True when an evidence term states the risk (not reassured away) anywhere in the article."""
    return _stated_in(article, risk, 0, len(article.text))


def unstated_sections(article: Article, risk: Risk, mentions: list[Mention]) -> list[list[Mention]]:
    """The mentions of each section that discusses the drug and does not state the risk itself."""
    by_section: dict[tuple[int, int], list[Mention]] = {}
    for mention in mentions:
        by_section.setdefault(article.section_of(mention.start)[:2], []).append(mention)
    return [
        found
        for (start, end), found in sorted(by_section.items())
        if not _stated_in(article, risk, start, end)
    ]


def _stated_in(article: Article, risk: Risk, start: int, end: int) -> bool:
    for ev_start, _ in find_evidence(article.text, risk.evidence, start, end):
        sentence = article.certainty(article.sentence_index(ev_start))
        if reassurance_over(sentence, ev_start) is None:
            return True
    return False


def placement(article: Article, mentions: list[Mention], in_section: bool = False) -> str:
    """Where the warning should go: the safety section, or after the first paragraph naming the drug.

    A mention in a heading is not a paragraph, so a title mention is skipped when there is another.
    With ``in_section`` the warning belongs in the mentions' own section, whatever others say.
    """
    safety = None if in_section else article.first_section_headed(_SAFETY_HEADING)
    if safety is not None:
        start, _, heading = safety
        return f'in the "{heading.rstrip(":").strip()}" section (line {article.line_of(start)})'
    headings = article.prose.headings
    in_text = [m for m in mentions if not any(s <= m.start < e for s, e in headings)]
    first = (in_text or mentions)[0]
    where = "in this section, " if in_section else ""
    line = article.line_of(first.start)
    return f"{where}after the paragraph that first mentions {first.text} (line {line})"
