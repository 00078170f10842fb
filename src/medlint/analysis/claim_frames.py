"""Claim frames as public data: for each sentence, the claims it makes and how it makes them.

A claim is a treatment, a claim predicate (efficacy, safety, proof, comparison) and, where the
sentence names one, a condition, with how it is said: polarity (negated or not), modality
(hedged or asserted), voice (the article's own, a quotation, or reported speech, with the
speaker where the sentence names one), and whether it is a measured study result, a
conditional, a question or a headline. The frame rules (``kind: frame``) report the subset
that is asserted in the article's own voice; ``medlint claims FILE`` prints them all.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from medlint.analysis.sentence_certainty import is_quoted, negation_scopes_over
from medlint.checks.frame import frame_slots, product_phrases, spans_by_sentence

if TYPE_CHECKING:
    from medlint.analysis.article import Article

#: Predicate term sets (rules/vocabulary.yaml) and the claim type each one makes.
CLAIM_TYPES: tuple[tuple[str, str], ...] = (
    ("claim-cure", "efficacy"),
    ("claim-effect", "efficacy"),
    ("claim-established", "efficacy"),
    ("claim-safe", "safety"),
    ("claim-better", "comparison"),
    ("claim-proof", "proof"),
)
SUBJECT_SETS: tuple[str, ...] = ("remedy", "therapy", "device", "drug")
OBJECT_SETS: tuple[str, ...] = ("condition", "standard-care")
#: The words before a reporting verb ("The company says"), or after "according to".
_SPEAKER = re.compile(
    r"according to\s+((?:[\w.'-]+\s*){1,4})|((?:[\w.'-]+\s+){1,3})"
    r"(?:said|says|say|told|claims?|claimed|reported|wrote|explained|added|noted)\b"
)


@dataclass(frozen=True)
class Claim:
    """One claim in one sentence, positioned in the source (1-based lines and columns)."""

    sentence: str
    line: int
    column: int
    end_line: int
    end_column: int
    type: str
    predicate: str
    treatment: str
    condition: str | None
    polarity: str
    modality: str
    voice: str
    speaker: str | None
    measured: bool
    conditional: bool
    question: bool
    headline: bool

    def to_dict(self) -> dict[str, object]:
        """The shape printed by ``medlint claims``."""
        return asdict(self)


def article_claims(article: Article) -> list[Claim]:
    """Every claim frame of the article, in text order."""
    subjects = spans_by_sentence(article, SUBJECT_SETS)
    for index, spans in product_phrases(article).items():
        subjects.setdefault(index, []).extend(spans)
    objects = spans_by_sentence(article, OBJECT_SETS)
    claims: list[Claim] = []
    for name, claim_type in CLAIM_TYPES:
        for index, predicates in article.term_hits_by_sentence(name).items():
            candidates = subjects.get(index, []) + article.code_names(index)
            for predicate in predicates:
                found = objects.get(index, [])
                claim = _claim(article, index, sorted(candidates), predicate, found, claim_type)
                if claim is not None:
                    claims.append(claim)
    unique = {(c.line, c.column, c.predicate): c for c in claims}  # one predicate, one claim
    return sorted(unique.values(), key=lambda c: (c.line, c.column, c.type))


def _claim(
    article: Article, index: int, subjects: list[tuple[int, int]], predicate: tuple[int, int],
    objects: list[tuple[int, int]], claim_type: str,
) -> Claim | None:  # fmt: skip
    slots = frame_slots(article, index, subjects, predicate, objects)
    if slots is None:
        return None
    subject, target = slots
    sentence = article.certainty(index)
    text = article.text
    quoted = is_quoted(text, sentence.start, predicate[0])
    reported = article.is_reported(index) or sentence.attributed
    speaker_match = _SPEAKER.search(sentence.text) if reported else None
    speaker = None
    if speaker_match:
        speaker = (speaker_match.group(1) or speaker_match.group(2) or "").strip() or None
    end = target[1] if target else predicate[1]
    source_start, source_end = article.prose.source_span(subject[0], end)
    line, column = article.position(source_start)
    end_line, end_column = article.position(source_end)
    return Claim(
        sentence=sentence.text.strip(),
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        type=claim_type,
        predicate=text[predicate[0] : predicate[1]],
        treatment=text[subject[0] : subject[1]],
        condition=text[target[0] : target[1]] if target else None,
        polarity="negated" if negation_scopes_over(sentence, predicate[0]) else "affirmed",
        modality="hedged" if sentence.hedged else "asserted",
        voice="quoted" if quoted else "reported" if reported else "own",
        speaker=speaker,
        measured=bool(article.term_hits_by_sentence("frame-study-report").get(index)),
        conditional=sentence.conditional,
        question=sentence.question,
        headline=index in article.heading_sentences,
    )
