"""One analysed article: prose, its Doc, sentences, matches, links; built once, read by every rule."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from medlint.analysis.address import address
from medlint.analysis.genre import GenreSignals, genre_signals
from medlint.analysis.pipeline import sentence_spans
from medlint.analysis.sentence_certainty import (
    Cue,
    CueReport,
    SentenceCertainty,
    SentenceReport,
    analyse_sentence,
    is_quoted,
    negation_scopes_over,
)
from medlint.markup import Link, Prose
from medlint.markup.bare_urls import find_bare_urls
from medlint.markup.positions import LineIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from medlint.analysis.matchers import Spans


_CITATION = re.compile(
    r"\[\d+(?:\s*[,–-]\s*\d+)*\]"
    r"|\(\s*[A-Z][\w'-]+(?:\s+(?:et al\.?|and|&)\s*[A-Z]?[\w'-]*)?,?\s+(?:19|20)\d\d[a-z]?\s*\)"
    r"|\bet al\b|\bdoi:\s*\S+|\bPMID:?\s*\d+|\bpublished in\b|\bjournal of\b",
    re.IGNORECASE,
)


_RESEARCH_OBJECT = re.compile(
    r"\b(?:trials?|tests?|testing|tested|stud(?:y|ies|ying|ied)|reviews?|investigat\w*|evaluat\w*|"
    r"experiment\w*)\s+(?:of\s+|on\s+|whether\s+)?"
    # "studies show that X works" is a proof claim, not research on X.
    r"(?:(?!(?:show|shows|showed|shown|prove|proves|proved|proven|found|find|finds|that)\b)[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)


#: A development code ("TX004HR", "LY3298176", "ABT-199", "LPCN 1021"): no approved name yet.
#: Three or more digits keep out genes and viruses ("HER2", "COVID-19", "H1N1"); a spaced code
#: needs four and may not be a year ("FDA 510(k)", "WHO 2019").
_CODE_NAME = re.compile(r"\b[A-Z]{2,5}(?:-?\d{3,7}|\s(?!(?:19|20)\d\d\b)\d{4,7})[A-Z]{0,3}\b")
#: "an experimental form of", "a novel oral formulation", "not yet approved".
_INVESTIGATIONAL = re.compile(
    r"\b(?:experimental|investigational|novel)\s+(?:[\w-]+\s+){0,3}?(?:drugs?|formulations?|forms?|versions?|"
    r"compounds?|treatments?|therapy)\b|\bnot yet (?:been )?approved\b|\bin development\b",
    re.IGNORECASE,
)

#: "about 100 percent effective": an approximation is a measured figure, not a promise.
_APPROXIMATE = re.compile(
    r"\b(?:about|nearly|almost|approximately|roughly|close to|around)\s+$", re.IGNORECASE
)
#: A footnote mark after a sentence's last word: "… after one treatment.1"
_FOOTNOTE = re.compile(r"(?<=[a-z%)][.,;])\d{1,2}(?=\s|$)")

#: "a study to test the benefit of using X", "to see whether X": X is what is being tested.
_RESEARCH_AIM = re.compile(
    r"\bto (?:test|see|find out|determine|assess|evaluate|learn|examine)\s+(?:whether\s+|if\s+)?"
    r"(?:the\s+)?(?:(?:benefits?|effects?|safety|efficacy|value|usefulness)\s+of\s+)?"
    r"(?:using\s+|giving\s+|adding\s+|taking\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)

_AGENT = re.compile(
    r"\b(?:doctors|physicians|clinicians|psychiatrists|surgeons|nurses|patients|people|researchers|"
    r"scientists|we|us|they|them|he|she|you|i)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """A drug named in the prose: which lexicon entry, and the words the article used."""

    drug: str
    text: str
    start: int
    end: int


class Article:
    """The analysis of one text that every check reads; computed parts are cached on first use."""

    def __init__(
        self, source: str, prose: Prose, doc: Doc, matches: dict[str, Spans], prescription: frozenset[str]
    ) -> None:
        self.source = source
        self.prose = prose
        self.prescription = prescription
        self.doc = doc
        self.text = prose.text
        self.matches = matches
        spans = sentence_spans(doc, self.text)
        self.sentences: list[tuple[int, int]] = spans or [(0, len(self.text))]
        self._sentence_starts = [s for s, _ in self.sentences]
        self._certainty: dict[int, SentenceCertainty] = {}
        self._term_sentences: dict[str, dict[int, list[tuple[int, int]]]] = {}
        self._match_sentences: dict[str, dict[int, list[tuple[int, int]]]] = {}
        self._named_sets: dict[tuple[str, ...], frozenset[str]] = {}
        self._investigational: dict[int, bool] = {}
        self._headed: dict[re.Pattern[str], tuple[int, int, str] | None] = {}

    @cached_property
    def _line_index(self) -> LineIndex:
        return LineIndex(self.source)

    def position(self, source_offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset."""
        return self._line_index.position(source_offset)

    def line_of(self, offset: int) -> int:
        """Source line (1-based) of prose ``offset``, for messages that point elsewhere."""
        return self._line_index.position(self.prose.source_span(offset, offset + 1)[0])[0]

    @cached_property
    def sections(self) -> list[tuple[int, int, str]]:
        """(start, end, heading text) of each section; text before the first heading has heading ""."""
        starts = [(start, self.text[start:end].strip()) for start, end in self.prose.headings]
        if not starts or starts[0][0] > 0:
            starts.insert(0, (0, ""))
        bounds = [s for s, _ in starts[1:]] + [len(self.text)]
        return [(start, end, heading) for (start, heading), end in zip(starts, bounds, strict=True)]

    def section_of(self, offset: int) -> tuple[int, int, str]:
        """The section containing prose ``offset`` (sections tile the text: a bisect finds it)."""
        starts = self._section_starts
        if starts is None:
            return next((s for s in self.sections if s[0] <= offset < s[1]), self.sections[-1])
        index = bisect_right(starts, offset) - 1
        if index >= 0 and offset < self.sections[index][1]:
            return self.sections[index]
        return self.sections[-1]

    def first_section_headed(self, pattern: re.Pattern[str]) -> tuple[int, int, str] | None:
        """The first section whose heading ``pattern`` finds, if any; each pattern is looked for once."""
        if pattern not in self._headed:
            self._headed[pattern] = next(
                (section for section in self.sections if section[2] and pattern.search(section[2])), None
            )
        return self._headed[pattern]

    @cached_property
    def _section_starts(self) -> list[int] | None:
        """Section starts for the bisect, or None if headings came out of order (then a scan)."""
        starts = [start for start, _, _ in self.sections]
        return starts if starts == sorted(starts) else None

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence containing prose ``offset`` (or the last one before it)."""
        return max(bisect_right(self._sentence_starts, offset) - 1, 0)

    def sentence_text(self, index: int) -> str:
        """The text of one sentence."""
        start, end = self.sentences[index]
        return self.text[start:end]

    def term_hits(self, name: str) -> Spans:
        """Prose spans of a term set (``drug``: every drug mention; ``rx-drug``: prescription-only ones)."""
        if name == "drug":
            return [(m.start, m.end) for m in self.mentions]
        if name == "rx-drug":
            return [(m.start, m.end) for m in self.mentions if m.drug in self.prescription]
        if name == "citation":
            return self.citations
        return self.matches.get(f"term:{name}", [])

    def term_sets_named(self, names: tuple[str, ...]) -> frozenset[str]:
        """Which of the term sets ``names`` the article holds a term of; read once per tuple.

        Every required-warning rule asks it of the population sets: who the article is for.
        """
        named = self._named_sets.get(names)
        if named is None:
            named = self._named_sets[names] = frozenset(name for name in names if self.term_hits(name))
        return named

    def term_hits_by_sentence(self, name: str) -> dict[int, list[tuple[int, int]]]:
        """``term_hits`` grouped by sentence index; computed once per term set and article."""
        cached = self._term_sentences.get(name)
        if cached is None:
            cached = {}
            for span in self.term_hits(name):
                cached.setdefault(self.sentence_index(span[0]), []).append(span)
            self._term_sentences[name] = cached
        return cached

    def matches_in_sentence(self, key: str, index: int) -> Spans:
        """Matches of ``key`` that start in sentence ``index``; the grouping is built once per key."""
        grouped = self._match_sentences.get(key)
        if grouped is None:
            grouped = {}
            for span in self.matches.get(key, []):
                grouped.setdefault(self.sentence_index(span[0]), []).append(span)
            self._match_sentences[key] = grouped
        start, end = self.sentences[index]
        return [span for span in grouped.get(index, []) if start <= span[0] < end]

    @cached_property
    def _genre(self) -> GenreSignals:
        return genre_signals(self)

    @property
    def genres(self) -> frozenset[str]:
        """Article-level genres (news report, press release, …): see ``medlint.genre``."""
        return self._genre.genres()

    @property
    def genre_evidence(self) -> str:
        """The genre as a few words of evidence."""
        return self._genre.describe()

    def is_research_object(self, start: int) -> bool:
        """True when the words before ``start`` make it the object of research, not of a claim.

        "the first trial of stem cell therapy to treat arthritis", "companies are testing
        ketamine to treat depression": the treatment is being studied, nobody says it works.
        """
        window = max(0, start - 60)
        return (
            _RESEARCH_OBJECT.search(self.text, max(0, start - 40), start) is not None
            or _RESEARCH_AIM.search(self.text, window, start) is not None
        )

    def another_agent_between(self, start: int, end: int) -> bool:
        """True when a person is the subject between a treatment and a verb.

        "Ketamine is changing the way some doctors treat depression": the doctors treat, not
        the ketamine, so the sentence does not claim that ketamine treats depression.
        """
        return _AGENT.search(self.text, start, end) is not None

    def code_names(self, index: int) -> list[tuple[int, int]]:
        """Development codes in sentence ``index``: investigational products."""
        start, end = self.sentences[index]
        return [m.span() for m in _CODE_NAME.finditer(self.text, start, end)]

    def names_investigational(self, index: int) -> bool:
        """Sentence ``index`` names a development code or calls a product experimental or unapproved.

        Such a product has no label to hold an article to. Cached: several drugs share sentences.
        """
        known = self._investigational.get(index)
        if known is None:
            start, end = self.sentences[index]
            coded = _CODE_NAME.search(self.text, start, end)
            known = bool(coded or _INVESTIGATIONAL.search(self.text[start:end]))
            self._investigational[index] = known
        return known

    def is_reported(self, sentence: int) -> bool:
        """Reported speech or reported research.

        A reporting verb ("said", "according to"), or a finding verb with a named source ("a
        study in The Lancet shows that …"); "studies show that …" without a source is not
        reported, it is the article's own proof claim.
        """
        if self.term_hits_by_sentence("frame-reporting").get(sentence):
            return True
        return bool(
            self.term_hits_by_sentence("frame-finding-verb").get(sentence)
            and self.term_hits_by_sentence("frame-named-source").get(sentence)
        )

    @cached_property
    def heading_sentences(self) -> frozenset[int]:
        """Sentences that are headings (a headline is a claim like any sentence, but is reported as one)."""
        return frozenset(self.sentence_index(start) for start, _ in self.prose.headings)

    @cached_property
    def citations(self) -> list[tuple[int, int]]:
        """References a claim can rest on: [1]-style marks, (Author 2020), et al., DOIs, and links."""
        spans = [m.span() for m in _CITATION.finditer(self.text)]
        spans += [m.span() for m in _FOOTNOTE.finditer(self.text)]
        spans += [(link.anchor, link.anchor + 1) for link in self.links]
        return sorted(spans)

    @cached_property
    def mentions(self) -> list[Mention]:
        """Every drug mention, in order."""
        found = [
            Mention(key[5:], self.text[start:end], start, end)
            for key, spans in self.matches.items()
            if key.startswith("drug:")
            for start, end in spans
        ]
        return sorted(found, key=lambda m: m.start)

    @cached_property
    def _mention_starts(self) -> list[int]:
        return [m.start for m in self.mentions]

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """The drug mentions that start in prose ``start``..``end``, in order (a bisect, not a scan)."""
        starts = self._mention_starts
        return self.mentions[bisect_left(starts, start) : bisect_left(starts, end)]

    @cached_property
    def mentions_by_drug(self) -> dict[str, list[Mention]]:
        """Drug mentions grouped by lexicon id, in order, drugs in order of first mention.

        Built once: the required-warning rules each ask for their own drugs, and a pass over
        every mention per rule cost more than the rest of their work on a drug-dense article.
        """
        grouped: dict[str, list[Mention]] = {}
        for mention in self.mentions:
            grouped.setdefault(mention.drug, []).append(mention)
        return grouped

    @cached_property
    def mentions_by_sentence(self) -> dict[int, list[Mention]]:
        """Drug mentions grouped by the sentence they start in, in order (built once)."""
        grouped: dict[int, list[Mention]] = {}
        for mention in self.mentions:
            grouped.setdefault(self.sentence_index(mention.start), []).append(mention)
        return grouped

    @cached_property
    def links(self) -> list[Link]:
        """Markup link targets plus bare URLs and domain names written in the prose."""
        links = list(self.prose.links)
        seen = {link.start for link in links}
        for found_start, found_end in find_bare_urls(self.text):  # linear time: see bare_urls.py
            start, end = self.prose.source_span(found_start, found_end)
            if start not in seen:
                links.append(Link(self.text[found_start:found_end], start, end, found_start))
                seen.add(start)
        return sorted(links, key=lambda link: link.start)

    def links_in_sentence(self, index: int) -> list[Link]:
        """Links whose text sits in sentence ``index``."""
        return self._links_by_sentence.get(index, [])

    @cached_property
    def _links_by_sentence(self) -> dict[int, list[Link]]:
        """Links grouped by sentence once: a rule asks per finding, and a page may hold thousands."""
        grouped: dict[int, list[Link]] = {}
        for link in self.links:
            grouped.setdefault(self.sentence_index(link.anchor), []).append(link)
        return grouped

    def cue_sentences(self, kind: str) -> list[int]:
        """Indices of the sentences holding a cue of ``kind``, in order."""
        return sorted(i for i, cues in self._cues_by_sentence.items() if any(c.kind == kind for c in cues))

    @cached_property
    def _cues_by_sentence(self) -> dict[int, list[Cue]]:
        masks = self.matches.get("cue:not_hedge", [])
        grouped: dict[int, list[Cue]] = {}
        for key, spans in self.matches.items():
            if not key.startswith("cue:") or key == "cue:not_hedge":
                continue
            for start, end in spans:
                if key == "cue:hedge" and any(s <= start and end <= e for s, e in masks):
                    continue  # "could not be detected" reports a result
                cue = Cue(key[4:], self.text[start:end].lower(), start, end)
                grouped.setdefault(self.sentence_index(start), []).append(cue)
        return grouped

    def certainty(self, index: int) -> SentenceCertainty:
        """Certainty of sentence ``index`` (cached)."""
        if index not in self._certainty:
            start, end = self.sentences[index]
            cues = self._cues_by_sentence.get(index, [])
            self._certainty[index] = analyse_sentence(start, end, self.text[start:end], cues)
        return self._certainty[index]

    def sentence_reports(self) -> list[SentenceReport]:
        """Every sentence's certainty, positioned in the source (the public ``certainty`` API)."""

        def where(start: int, end: int) -> tuple[int, int, int, int]:
            source_start, source_end = self.prose.source_span(start, end)
            return (*self._line_index.position(source_start), *self._line_index.position(source_end))

        reports = []
        for index in range(len(self.sentences)):
            sentence = self.certainty(index)
            line, column, end_line, end_column = where(sentence.start, sentence.end)
            cues = tuple(
                CueReport(cue.kind, cue.text, *where(cue.start, cue.end)[:2])
                for cue in sentence.cues
                if cue.kind != "clause_break"
            )
            reports.append(
                SentenceReport(
                    text=sentence.text,
                    line=line,
                    column=column,
                    end_line=end_line,
                    end_column=end_column,
                    hedged=sentence.hedged,
                    negated=sentence.negated,
                    attributed=sentence.attributed,
                    question=sentence.question,
                    conditional=sentence.conditional,
                    asserted=sentence.asserted,
                    cues=cues,
                )
            )
        return reports

    def flag(self, name: str, sentence: int, start: int, end: int) -> bool:
        """Evaluate one certainty flag for a match at ``start``..``end``."""
        certainty = self.certainty(sentence)
        if name == "negated":
            return negation_scopes_over(certainty, start)
        if name == "quoted":
            return is_quoted(self.text, certainty.start, start)
        if name == "warned":
            return certainty.warned or (sentence > 0 and self.certainty(sentence - 1).warned)
        if name == "narrative":
            return not address(self.sentence_text(sentence)).advice  # a case report, not advice
        if name == "approximate":
            return _APPROXIMATE.search(self.text, max(certainty.start, start - 20), start) is not None
        return bool(getattr(certainty, name))
