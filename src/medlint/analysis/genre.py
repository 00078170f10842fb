"""What kind of article this is: news, press release, research summary, guide, sales page, trial report.

A genre is not a verdict; it tells rules how to read a sentence. "Has been shown to" in a
sales page is a promise; in a news report it usually paraphrases the study the story is about.
Rules condition on genres through ``genre_confidence`` (a cap on their findings' confidence).
Signals are term sets in ``rules/vocabulary.yaml`` and ``rules/terms.yaml``, counted per sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from medlint.analysis.article import Article

GENRES: tuple[str, ...] = (
    "news-report", "press-release", "research-summary", "consumer-guide", "sales-page", "trial-report",
)  # fmt: skip

#: "WASHINGTON --", "LONDON (Reuters) -", "March 8, 2010 (Miami Beach, Fla.) --".
_DATELINE = re.compile(r"^[A-Z][\w .,]{2,40}(?:\([^)]{2,40}\))?\s?(?:--|—|–|-)\s", re.MULTILINE)


@dataclass(frozen=True)
class GenreSignals:
    """The counts behind the decision, kept so a finding can say why."""

    reporting_sentences: int
    quote_sentences: int
    dateline: bool
    press_terms: int
    research_terms: int
    reader_sentences: int
    offer_sentences: int
    sentences: int
    #: Terms naming a randomised or phase 3 trial: the article's claims rest on one.
    trial_terms: int = 0

    def genres(self) -> frozenset[str]:
        """Every genre whose signals are strong enough; an article may be several."""
        found = set()
        if self.dateline or self.reporting_sentences >= 3 or self.quote_sentences >= 3:
            found.add("news-report")
        if self.press_terms >= 1:
            found.add("press-release")
        if self.research_terms >= 2:
            found.add("research-summary")
        if self.reader_sentences >= max(3, self.sentences // 5):
            found.add("consumer-guide")
        if self.offer_sentences >= 2:
            found.add("sales-page")
        if self.trial_terms >= 1:
            found.add("trial-report")
        return frozenset(found)

    def describe(self) -> str:
        """A few words for a finding's evidence."""
        genres = sorted(self.genres())
        return f"genre: {', '.join(genres) or 'unknown'}"


_QUOTE_MARK = re.compile(r"[“”\"]")


def genre_signals(article: Article) -> GenreSignals:
    """Count each signal once per sentence."""

    def sentences_with(name: str) -> int:
        return len(article.term_hits_by_sentence(name))

    distinct_research = {article.text[s:e].lower() for s, e in article.term_hits("research-report")}
    # Quote marks are never whitespace, so each lies inside the sentence sentence_index names.
    quotes = len({article.sentence_index(mark.start()) for mark in _QUOTE_MARK.finditer(article.text)})
    return GenreSignals(
        reporting_sentences=sentences_with("frame-reporting"),
        quote_sentences=quotes,
        dateline=bool(_DATELINE.search(article.source[:400])),
        press_terms=len(article.term_hits("genre-press")),
        research_terms=len(distinct_research),
        reader_sentences=sentences_with("genre-reader"),
        offer_sentences=sentences_with("genre-offer"),
        sentences=len(article.sentences),
        trial_terms=len(article.term_hits("genre-trial")),
    )
