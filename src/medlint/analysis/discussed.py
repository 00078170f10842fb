"""Is a drug a topic of the article, or only named? The measure behind missing-warning.

A pharmacist asks a warning only of an article that is *about* the drug. So each mention of a
drug gets a role, and only a ``topic`` mention counts:

* ``list``: an item of a list or an example ("such as X", "X, Y and Z");
* ``comparator``: what the article's treatment is compared with or measured against ("better
  than the commonly prescribed X", "compared to 40 percent of those on X", "despite X");
* ``replaced``: what the article's treatment would replace ("cut the need for X", "non-X",
  "X-free", "stop taking X");
* ``other sense``: the word names something else here: a lab value ("testosterone levels", "low
  testosterone") or the poison rather than the medicine ("botulinum toxin" in a botulism story);
* ``category``: a class named as what another substance is ("kratom is an opioid");
* ``animal``: given to animals in a laboratory study, not to readers.

Then the article's discussion of the drug is measured from its topic mentions, in this order:

============================  ===========================================  ==========
how                           when                                         confidence
============================  ===========================================  ==========
title mention                 a topic mention in the title or first heading  0.9
main topic                    topic mentions in 5+ sentences, or in          0.85
                              ``discussed-mentions`` sentences that are a
                              quarter of the article (a short piece)
several sentences             3–4 sentences (``discussed-mentions`` + 1)     0.7
secondary                     the title names another treatment, and the     0.4
                              drug has topic mentions in fewer than 5
few sentences                 ``discussed-mentions`` sentences (default 2)   0.45
investigational               half the topic sentences name a development    0.4
                              code or call the product experimental: it has
                              no label to hold it to
dose advice                   one sentence giving the reader a dose or a     0.7
                              usage instruction ("take 20 mg a day")
dose or usage                 a dose or usage reported (a trial's dose)      0.4
============================  ===========================================  ==========

Findings below the default ``min-confidence`` (0.5) are hidden unless an editor asks for them,
so an article that only names a drug stays quiet by default. Passing mentions outnumbering
topic ones take another 0.1 off.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple
from weakref import WeakKeyDictionary

from medlint.analysis.address import address
from medlint.analysis.evidence import word_index
from medlint.rulebook.backwards import backwards
from medlint.rulebook.schema import literal_start

if TYPE_CHECKING:
    from medlint.analysis.article import Article, Mention

#: Term sets this measure reads (rules/vocabulary.yaml and rules/terms.yaml).
TERM_SETS: tuple[str, ...] = ("animal-study", "poison-sense", "usage", "remedy", "therapy", "device")

_DOSE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|g|ml|iu|units?)\b", re.IGNORECASE)


class Before(NamedTuple):
    """The text before a mention on its line, as the cues read it."""

    text: str
    #: ``text.lower()`` if the text is ASCII, else None (see ``EndingCue``).
    lowered: str | None
    #: ``text[::-1]``, for the cues' backwards patterns.
    reversed: str

    @classmethod
    def of(cls, text: str) -> Before:
        """The three forms of ``text``, made once per mention for all the cues."""
        return cls(text, text.lower() if text.isascii() else None, text[::-1])


class EndingCue:
    r"""Cue words that must end the text before a mention ("compared with", "such as").

    ``lead + (?:alternative|…) + tail``, case-insensitive, must reach the end of the text before
    a mention, and a drug guide has dozens of mentions. ``re.search`` would try the pattern
    from every position of that text; the pattern written backwards (:mod:`backwards`) is tried
    once, at the start of the reversed text.

    ``rare_words``: the cue's match may start far back (the comparator reads up to 60 characters
    after its words), so even the backwards try scans. Its words are seldom there at all, which
    ``in`` tells in C: each alternative's literal start ("respond" of ``respond(?:s|ed)? to``)
    is tested first, in the lowercased text. That test is exact for ASCII text (IGNORECASE then
    means lowercase); any other text goes straight to the pattern, which knows equivalences
    ``lower`` does not.
    """

    def __init__(
        self, alternatives: tuple[str, ...], tail: str, lead: str = r"\b", rare_words: bool = False
    ) -> None:
        self.pattern = re.compile(f"{lead}(?:{'|'.join(alternatives)}){tail}$", re.IGNORECASE)
        self.backwards = backwards(self.pattern.pattern, re.IGNORECASE)
        #: The literal starts to test first; None when the words are not tested first.
        self.starts: tuple[str, ...] | None = None
        if rare_words:
            starts = tuple(literal_start(alternative) for alternative in alternatives)
            if "" not in starts:  # an alternative without a literal start could match anywhere
                self.starts = starts

    def ends(self, before: Before) -> bool:
        """True when the cue ends the text before a mention."""
        lowered = before.lowered
        if lowered is not None and self.starts is not None and not any(s in lowered for s in self.starts):
            return False
        if self.backwards is None or before.text.endswith("\n"):  # "$" also matches before a final newline
            return self.pattern.search(before.text) is not None
        return self.backwards.match(before.reversed) is not None


_LIST_BEFORE = EndingCue((",", r"\bor", r"\band"), r"\s*", lead="")
_EXAMPLE_BEFORE = EndingCue(("such as", "including", "like", r"e\.g\."), r"\s*")
_LIST_END = re.compile(r"^\s*[.;)]")
_LIST_AFTER = re.compile(r"^\s*(?:,|or\b|and\b|/)", re.IGNORECASE)
#: A comparison word, then up to a few words of the same phrase (no comma or clause break):
#: "than the commonly prescribed medication X", "compared to just 40 percent of those on X".
_COMPARATOR = EndingCue(
    (
        "compared (?:with|to)", "comparison with", "than", "versus", r"vs\.?", "instead of", "rather than",
        "alternatives? to", "despite", "relief from", "respond(?:s|ed|ing)? (?:well )?to", "fare well with",
        "in addition to", "on top of", "added to", "switch(?:ed|ing)? (?:from|to)", "outperform(?:s|ed)?",
        "bests?", "beat", "beats",
        *(rf"{word}(?:\s+\w+)?\s+to" for word in ("similar", "akin", "closer?", "related", "equivalent")),
        r"identical(?:\s+\w+)?\s+to",
    ),
    r"(?!\w)[^;:,()\"“”]{0,60}",
    rare_words=True,
)  # fmt: skip
#: What a new treatment would spare the reader: "cut the need for X", "reduce X", "wean off X".
_REPLACED_BEFORE = EndingCue(
    (
        "need for", "reliance on", "dependence on", "reduce", "reducing", "cut", "cutting", "avoid",
        "avoiding", "without", "stop taking", "stopped taking", "come off", "get off",
        "wean(?:ed|ing)? (?:off|from)", "fewer", "less",
    ),
    r"\s+(?:the |their |of )?(?:[\w-]+ ){0,1}",
)  # fmt: skip
_NON_BEFORE = EndingCue(("non",), "-?")
_FREE_AFTER = re.compile(r"^-(?:free|sparing|naive|naïve)\b", re.IGNORECASE)
#: A hormone or substance named as something measured in the body, not taken.
_LAB_AFTER = re.compile(r"^\s*(?:levels?|concentrations?|deficiency|production|receptors?)\b", re.IGNORECASE)
_LAB_BEFORE = EndingCue(
    (
        "low", "high", "higher", "lower", "normal", "blood", "serum", "levels? of", "amounts? of",
        "production of", "produces?", "producing", "made", "boost", "boosts", "boosting", "raise", "raises",
        "raising", "increase", "increases", "increasing", "lowering", "decline in", "drop in", "natural",
    ),
    r"\s+",
)  # fmt: skip
#: A class named as what another substance is ("kratom … should be considered an opioid").
_CATEGORY_BEFORE = EndingCue(
    ("is", "are", "be", "as", "or", "considered", "called", "classified as", "classed as"),
    r"\s+(?:an?|the)\s+(?:[\w-]+\s+)?",
)

#: Confidence per way of being discussed; see the table in the module docstring.
CONFIDENCE: dict[str, float] = {
    "title mention": 0.9,
    "main topic": 0.85,
    "several sentences": 0.7,
    "few sentences": 0.45,
    "secondary": 0.4,
    "investigational": 0.4,
    "dose advice": 0.7,
    "dose or usage": 0.4,
}
#: Topic sentences that make a drug the main topic even when the title names another treatment.
MAIN_TOPIC_SENTENCES = 5
#: The share of an article's sentences that makes a drug its main topic in a short piece.
MAIN_TOPIC_SHARE = 0.25


@dataclass(frozen=True)
class Discussion:
    """How an article discusses one drug, with the mentions that made it a topic."""

    how: str
    topic_mentions: tuple[Mention, ...]
    sentences: int
    passing: int
    confidence: float
    secondary_to: str = ""

    @property
    def evidence(self) -> str:
        """The measure in words, for the finding's evidence."""
        parts = [self.how, f"{self.sentences} topic sentences"]
        if self.passing:
            parts.append(f"{self.passing} passing mentions")
        if self.secondary_to:
            parts.append(f"the title is about {self.secondary_to}")
        return "; ".join(parts)


def mention_role(article: Article, mention: Mention) -> str:
    """``topic``, or why the mention does not make the drug a topic (see the module docstring)."""
    text = article.text
    window = max(mention.start - 80, 0)
    newline = text.rfind("\n", window, mention.start)  # the 80 characters before, on this line only
    before = text[newline + 1 if newline != -1 else window : mention.start]
    after = text[mention.end : mention.end + 30]
    cued = Before.of(before)
    if _NON_BEFORE.ends(cued) or _FREE_AFTER.match(after) or _REPLACED_BEFORE.ends(cued):
        return "replaced"
    if _COMPARATOR.ends(cued):
        return "comparator"
    if _CATEGORY_BEFORE.ends(cued):
        return "category"  # only a class is named this way: "is an opioid", "considered a stimulant"
    if _LAB_AFTER.match(after) or _LAB_BEFORE.ends(cued):
        return "other sense"
    sentence = article.sentence_index(mention.start)
    if sentence in article.term_hits_by_sentence("poison-sense"):
        return "other sense"  # the poison, not the medicine: "botulinum toxin" in a botulism story
    if sentence in article.term_hits_by_sentence("animal-study"):
        return "animal"
    if _EXAMPLE_BEFORE.ends(cued):
        return "list"
    # "X, Y and Z": a separator on both sides, or a separator before and the sentence ends.
    # One separator alone is no list ("In 2019, Accutane …", "isotretinoin and pregnancy").
    if _LIST_BEFORE.ends(cued) and (_LIST_AFTER.match(after) or _LIST_END.match(after)):
        return "list"
    return "topic"


#: A title that announces a new treatment ("Experimental Psoriasis Drug Bests Older Treatment"):
#: the drugs it is tested against are not the article's topic.
_NEW_TREATMENT = re.compile(
    r"\b(?:new|newer|better|experimental|investigational|novel)\b(?:\s+[\w'’-]+){0,2}?\s+"
    r"(?:drugs?|pills?|treatments?|therapy|therapies|medications?|medicines?|shots?|injections?)\b",
    re.IGNORECASE,
)


_TITLE_WORD = re.compile(r"\b[A-Z][a-z]{3,}\b")


def _named_in_title(article: Article, start: int, end: int) -> list[str]:
    """Names in the title the body keeps using, always capitalised: "Latisse, Not Just for Eyelashes".

    A product (or the company or person the story is about) the lexicon does not know; a Title
    Case headline capitalises ordinary words too, but the body writes those in lower case.
    """
    return [
        word
        for word in dict.fromkeys(_TITLE_WORD.findall(article.text, start, end))
        if _always_capitalised(article.text, word, end)
    ]


def _always_capitalised(text: str, word: str, start: int) -> bool:
    r"""``word`` is used at least ``_NAMED_USES`` times from ``start`` on, and never otherwise cased.

    Reads the word runs from ``start`` on (as ``\w+`` finds them from there) that lowercase to
    ``word`` lowercased; only those the article's word index says may begin with it are
    looked at: the index the evidence terms use, so the body is not scanned again.
    """
    folded = word.lower()
    exact = matching = 0
    for run in _runs_from(text, folded, start):
        if run.lower() == folded:
            matching += 1
            exact += run == word
    return exact >= _NAMED_USES and exact == matching


def _runs_from(text: str, prefix: str, start: int) -> Iterator[str]:
    r"""The ``\w+`` runs from ``start`` on that may lowercase to a word beginning with ``prefix``."""
    if start > 0 and _TWO_WORD_CHARACTERS.fullmatch(text, start - 1, start + 1):
        yield _WORDS.match(text, start).group()  # type: ignore[union-attr]  # ``start`` cuts a run
    candidates = word_index(text).candidates((prefix,))
    if candidates is None:  # a prefix the index cannot look up: every run
        yield from _WORDS.findall(text, start)
        return
    for begin in candidates[bisect_left(candidates, start) :]:
        run = _WORDS.match(text, begin)
        if run is not None:
            yield run.group()


_TWO_WORD_CHARACTERS = re.compile(r"\w\w")
_WORDS = re.compile(r"\w+")
#: Uses in the body that make a capitalised title word the article's named subject.
_NAMED_USES = 3
#: The title's treatments, worked out once per article: (lexicon id or "", the words used).
_TITLE_TOPICS: WeakKeyDictionary[Article, list[tuple[str, str]]] = WeakKeyDictionary()


def _title_topics(article: Article) -> list[tuple[str, str]]:
    if article in _TITLE_TOPICS:
        return _TITLE_TOPICS[article]
    topics: list[tuple[str, str]] = []
    headings = article.prose.headings
    if headings:
        start, end = headings[0]
        topics += [(m.drug, m.text) for m in article.mentions_between(start, end)]
        announced = _NEW_TREATMENT.search(article.text, start, end)
        if announced:
            topics.append(("", announced.group()))
        topics += [("", word) for word in _named_in_title(article, start, end)]
        for term_set in ("remedy", "therapy", "device"):
            topics += [("", article.text[s:e]) for s, e in article.term_hits(term_set) if start <= s < end]
    _TITLE_TOPICS[article] = topics
    return topics


def title_treatments(article: Article, drug: str) -> list[str]:
    """Treatments other than ``drug`` named in the title: the article's own topic."""
    return [text for owner, text in _title_topics(article) if owner != drug]


def discussion(article: Article, mentions: list[Mention], threshold: int) -> Discussion | None:
    """How the article discusses the drug of ``mentions`` (all one drug), or None if it only names it."""
    roles = [mention_role(article, m) for m in mentions]
    topic = [m for m, role in zip(mentions, roles, strict=True) if role == "topic"]
    if not topic or roles.count("other sense") > len(topic):
        return None  # the word mostly names something else here: a hormone level, the poison
    passing = len(mentions) - len(topic)
    sentences = {article.sentence_index(m.start) for m in topic}
    headings = article.prose.headings
    in_title = bool(headings) and any(headings[0][0] <= m.start < headings[0][1] for m in topic)
    others = [] if in_title else title_treatments(article, topic[0].drug)
    if _investigational(article, sentences):
        how = "investigational"
    elif in_title:
        how = "title mention"
    elif others and len(sentences) < MAIN_TOPIC_SENTENCES:
        how = "secondary"
    elif len(sentences) >= MAIN_TOPIC_SENTENCES or (
        len(sentences) >= threshold and len(sentences) >= MAIN_TOPIC_SHARE * len(article.sentences)
    ):
        how = "main topic"
    elif len(sentences) > threshold:
        how = "several sentences"
    elif len(sentences) == threshold:
        how = "few sentences"
    else:
        dosed = _dose_or_usage(article, sentences)
        if dosed is None:
            return None
        how = "dose advice" if _advises(article, dosed) else "dose or usage"
    confidence = CONFIDENCE[how] - (0.1 if passing > len(topic) else 0.0)
    secondary = others[0] if how == "secondary" else ""
    return Discussion(how, tuple(topic), len(sentences), passing, round(confidence, 2), secondary)


def _investigational(article: Article, sentences: set[int]) -> bool:
    """At least half the topic sentences name a development code or an experimental product.

    Counting stops as soon as the answer is known: most drugs have no such sentence at all.
    """
    needed = (len(sentences) + 1) // 2
    spare = len(sentences) - needed  # sentences that may be unmarked with the answer still yes
    marked = unmarked = 0
    for index in sentences:
        if marked >= needed:
            return True
        if article.names_investigational(index):
            marked += 1
        else:
            unmarked += 1
            if unmarked > spare:
                return False
    return marked >= needed


#: Genres whose general statements report rather than instruct.
_REPORTING_GENRES = frozenset({"news-report", "press-release", "research-summary"})


def _advises(article: Article, sentence: int) -> bool:
    """The dose is given to the reader: an order or "you", or a plain statement in a guide."""
    said = address(article.sentence_text(sentence))
    if not said.advice:
        return False
    return said.confidence >= 0.85 or not (article.genres & _REPORTING_GENRES)


def _dose_or_usage(article: Article, sentences: set[int]) -> int | None:
    """The first sentence naming the drug with a dose or a usage word, if any."""
    usage = article.term_hits_by_sentence("usage")
    return next((i for i in sorted(sentences) if i in usage or _DOSE.search(article.sentence_text(i))), None)
