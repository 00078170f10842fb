"""``kind: false-reassurance``: "there is no risk of birth defects" said of a drug that causes them.

Uses the same lexicon evidence as ``required-warning``, read the other way round: an evidence
term under a reassurance cue ("no risk of", "safe in", "does not cause") near a drug whose label
carries that very risk.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from medlint.analysis.evidence import find_evidence, reassurance_over
from medlint.checks.base import Check, Hit
from medlint.checks.required_warning import explain_drugs, parse_drugs

if TYPE_CHECKING:
    from medlint.analysis.article import Article
    from medlint.rulebook.lexicon import Drug

_LOOKBACK = 2  # sentences: "Isotretinoin is popular. It is safe in pregnancy." still refers to it


class FalseReassuranceCheck(Check):
    """One finding per reassuring clause that contradicts a covered drug's risk."""

    kind = "false-reassurance"
    fields = frozenset({"drugs"})
    placeholders = frozenset({"match", "name", "drug", "risk", "warning"})
    parse = staticmethod(parse_drugs)
    explain = staticmethod(explain_drugs)

    @cached_property
    def covered(self) -> dict[str, Drug]:
        """The rule's drugs that carry risks, by id: worked out once, not once per article."""
        return {d.id: d for d in self.resources.drugs if d.id in self.rule.options.drugs and d.risks}

    def hits(self, article: Article) -> Iterator[Hit]:
        """Look only at sentences with a reassurance cue: usually none."""
        covered = self.covered
        if not covered:
            return
        for index in article.cue_sentences("reassurance"):
            sentence = article.certainty(index)
            low = article.sentences[max(index - _LOOKBACK, 0)][0]
            nearby = [m for m in article.mentions_between(low, sentence.end) if m.drug in covered]
            seen: set[tuple[int, str]] = set()
            for mention in reversed(nearby):  # the closest mention is the one meant
                drug = covered[mention.drug]
                for risk in drug.risks:
                    for start, end in find_evidence(
                        article.text, risk.evidence, sentence.start, sentence.end
                    ):
                        cue = reassurance_over(sentence, start)
                        if cue is None or (cue[0], drug.id) in seen:
                            continue  # one finding per reassurance and drug, however many risks it names
                        seen.add((cue[0], drug.id))
                        values = {
                            "match": article.text[cue[0] : end],
                            "name": mention.text,
                            "drug": drug.generic,
                            "risk": risk.topic,
                            "warning": risk.warning,
                        }
                        confidence, evidence = _voice(article, index)
                        yield Hit(
                            cue[0], end, index, values, subject=drug.generic, confidence=confidence,
                            evidence=evidence,
                        )  # fmt: skip


def _voice(article: Article, index: int) -> tuple[float, str]:
    """A reassurance in the article's voice is a claim; a trial's result reported is a finding.

    "With no evidence of dependence in studies comparing it to a placebo" reports what trials
    measured; it is shown only when an editor asks for low-confidence findings.
    """
    if article.is_reported(index) or article.term_hits_by_sentence("frame-study-report").get(index):
        return 0.4, "reported study result"
    return 0.9, "own voice"
