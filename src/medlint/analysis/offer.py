"""Offer or report: whether a price, a discount or a call to buy is directed at the reader.

"Price: $0.60 per pill", "Get 90% off Cialis", "you pay only $1 a pill" sell to the reader;
"the wholesale cost of Avodart is $3.23 per pill, according to GlaxoSmithKline", "in India it's
2 cents a pill, says Jordan" and "the manufacturer boosted the price from $20 per dose" report
what things cost. The order of the tests is the argument: quoted or reported speech is never an
offer; an imperative ("Order now", "Get …") is one; then reporting vocabulary (term sets named
by the rule: costs, list prices, insurers, price changes) marks news about costs, even with a
generic "you"; the second person is an offer; third-person narrative and trial reports are not;
and a bare storefront line ("Accutane 20mg Price: $0.60 Per Pill") with none of these is an offer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from medlint.analysis.address import address

if TYPE_CHECKING:
    from medlint.analysis.article import Article
    from medlint.checks.base import Hit

_REPORTS = frozenset({"reported speech", "third-person narrative", "trial report", "defers to a doctor"})


def is_offer(article: Article, sentence: int, start: int, report_sets: tuple[str, ...]) -> bool:
    """True when the sentence holding prose ``start`` sells to the reader (see the module docstring)."""
    if article.is_reported(sentence) or article.flag("quoted", sentence, start, start + 1):
        return False
    voice = address(article.sentence_text(sentence))
    if voice.advice and voice.evidence == "imperative":
        return True
    if any(article.term_hits_by_sentence(name).get(sentence) for name in report_sets):
        return False
    if voice.evidence == "second person":
        return True
    return voice.evidence not in _REPORTS


def offers(article: Article, hits: Iterator[Hit], report_sets: tuple[str, ...]) -> Iterator[Hit]:
    """Only the hits in sentences that sell to the reader."""
    return (hit for hit in hits if is_offer(article, hit.sentence, hit.start, report_sets))
