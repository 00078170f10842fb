"""``kind: frame``: a claim frame — treatment, claim predicate, condition — said in the article's own voice.

The phrase rules know words; a frame knows who claims what about which treatment. A frame
rule names three groups of term sets (data in ``rules/vocabulary.yaml``):

* ``subject``: what the claim is about (a supplement, a procedure, a drug, "this cream");
* ``predicate``: the claim ("cures", "regrows", "no side effects", "works better than");
* ``object`` (optional): what it is claimed for ("knee arthritis", "chemotherapy").

They must come in that order inside one clause of one sentence, the subject before the
predicate with no clause break between them. Then the sentence's voice decides:

* negated predicates ("does not cure", "no cure … has been found") and questions are silent;
* hedged and conditional sentences ("may help", "if larger studies prove it works") are silent;
* quotations and reported speech ("the company says", "researchers claim") are silent, and so
  are measured results reported from a study ("in the trial, patients … had fewer");
* what is left is the article's own assertion, reported with a confidence and its evidence.

Product phrases ("our herbal blend", "these capsules", "Glowix serum") are subjects too: a
determiner or a capitalised name before a product noun.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from medlint.analysis.sentence_certainty import is_quoted, negation_scopes_over
from medlint.checks.base import Check, Hit
from medlint.rulebook import schema

if TYPE_CHECKING:
    from medlint.analysis.article import Article
    from medlint.analysis.matchers import Matchers
    from medlint.rulebook.yamlio import Located

Span = tuple[int, int]
_APPROVED = "frame:approved-use"

#: A seller's or a reader's product: "the treatment" in a news story is the one being studied.
_PRODUCT_DETERMINERS = frozenset({"this", "our", "these", "my", "your"})
#: Words between a determiner and a product noun ("our herbal blend", "this new cream").
_PRODUCT_GAP = 2
#: Term sets every frame consults for the sentence's voice; defined in rules/vocabulary.yaml.
VOICE_SETS: tuple[str, ...] = (
    "frame-reporting", "frame-study-report", "product-noun", "frame-finding-verb", "frame-named-source",
)  # fmt: skip


@dataclass(frozen=True)
class FrameOptions:
    """The term sets of each slot, and the confidence of a plain own-voice frame."""

    subject: tuple[str, ...]
    predicate: tuple[str, ...]
    object: tuple[str, ...]
    products: bool
    confidence: float
    code_names: bool = False

    @property
    def term_sets(self) -> tuple[str, ...]:
        """Term sets the loader must find defined."""
        return (*self.subject, *self.predicate, *self.object, *VOICE_SETS)


class FrameCheck(Check):
    """One finding per sentence that asserts the frame in the article's own voice."""

    kind = "frame"
    fields = frozenset({"subject", "predicate", "object", "products", "confidence", "code_names"})
    placeholders = frozenset({"match", "treatment", "claim", "condition", "drug"})

    @classmethod
    def parse(cls, spec: Located) -> FrameOptions:
        """Read the slots; ``products: true`` also accepts product phrases as subjects."""
        products = spec.get("products", False)
        code_names = spec.get("code_names", False)
        for key, value in (("products", products), ("code_names", code_names)):
            if not isinstance(value, bool):
                raise schema.fail(spec, key, f"'{key}' must be true or false")
        confidence = spec.get("confidence", 0.85)
        number = isinstance(confidence, (int, float)) and not isinstance(confidence, bool)
        if not number or not 0 < confidence <= 1:
            raise schema.fail(spec, "confidence", "'confidence' must be a number above 0 and at most 1")
        return FrameOptions(
            subject=tuple(schema.strings(spec, "subject", required=not code_names)),
            predicate=tuple(schema.strings(spec, "predicate")),
            object=tuple(schema.strings(spec, "object", required=False)),
            products=products,
            confidence=float(confidence),
            code_names=code_names,
        )

    def register(self, matchers: Matchers) -> None:
        """Approved uses from the status table, so an approved use is never called unproven.

        Each approved use belongs to its treatment: "stroke" is an approved use of semaglutide,
        not of every subject a sentence pairs with "stroke".
        """
        names = {d.id: d.all_names for d in self.resources.drugs}
        self._approved_for: dict[str, set[str]] = {}
        for treatment in self.resources.book.treatments:
            own = treatment.names or names.get(treatment.drug or "", ())
            for use in treatment.approved:
                self._approved_for.setdefault(use.lower(), set()).update(n.lower() for n in own)
        phrases = [p for t in self.resources.book.treatments for p in t.approved]
        if phrases and not matchers.has_phrases(_APPROVED):
            matchers.add_phrases(_APPROVED, phrases)

    def _approved(self, article: Article, subject: Span, target: Span) -> bool:
        """The target is an approved use of the subject's own treatment."""
        treatment = article.text[subject[0] : subject[1]].lower()
        for start, end in article.matches.get(_APPROVED, ()):
            if start <= target[0] < end:
                owners = self._approved_for.get(article.text[start:end].lower(), set())
                if any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", treatment) for name in owners):
                    return True
        return False

    def hits(self, article: Article) -> Iterator[Hit]:
        """Sentences holding a predicate; the frame and voice tests on each."""
        options: FrameOptions = self.rule.options
        predicates = spans_by_sentence(article, options.predicate)
        if not predicates:
            return
        subjects = spans_by_sentence(article, options.subject)
        if options.products:
            for index, spans in product_phrases(article).items():
                subjects.setdefault(index, []).extend(spans)
        if options.code_names:
            for index in predicates:
                subjects.setdefault(index, []).extend(article.code_names(index))
        objects = spans_by_sentence(article, options.object) if options.object else {}
        for index, spans in predicates.items():
            if index not in subjects or (options.object and index not in objects):
                continue
            hit = self._frame(article, index, sorted(subjects[index]), spans, objects.get(index, []))
            if hit is not None:
                yield hit

    def _frame(
        self, article: Article, index: int, subjects: list[Span], predicates: list[Span], objects: list[Span]
    ) -> Hit | None:
        sentence = article.certainty(index)
        if sentence.question or sentence.hedged or sentence.conditional or sentence.attributed:
            return None
        if article.is_reported(index):
            return None  # "the company says", "researchers reported": reported speech
        subjects = [s for s in subjects if not article.is_research_object(s[0])]
        for predicate in sorted(predicates):
            if negation_scopes_over(sentence, predicate[0]):
                continue
            if is_quoted(article.text, sentence.start, predicate[0]):
                continue
            slots = frame_slots(article, index, subjects, predicate, objects)
            if slots is None:
                continue
            subject, target = slots
            if self.rule.options.object and target is None:
                continue
            if target and self._approved(article, subject, target):
                continue  # "stem cells treat blood cancers": an approved use (rules/treatments.yaml)
            end = target[1] if target else predicate[1]
            return self._hit(article, index, subject, predicate, target, end)
        return None

    def _hit(
        self, article: Article, index: int, subject: Span, predicate: Span, target: Span | None, end: int
    ) -> Hit:
        options: FrameOptions = self.rule.options
        text = article.text
        treatment = text[subject[0] : subject[1]]
        condition = text[target[0] : target[1]] if target else ""
        confidence = options.confidence
        claim = text[predicate[0] : predicate[1]]
        evidence = ["own voice", "no hedge", f"treatment: {treatment}", f"claim: {claim}"]
        if condition:
            evidence.append(f"condition: {condition}")
        if article.term_hits_by_sentence("frame-study-report").get(index):
            confidence -= 0.4  # "in the trial, participants …": more likely a result than a promise
            evidence.append("study vocabulary in the sentence")
        if index in article.heading_sentences:
            evidence.append("headline")
        values = {
            "match": text[subject[0] : end],
            "treatment": treatment,
            "claim": text[predicate[0] : predicate[1]],
            "condition": condition or "its use",
            "drug": treatment,
        }
        return Hit(
            subject[0], end, index, values, subject=treatment.lower(), confidence=round(confidence, 2),
            evidence="; ".join(evidence),
        )  # fmt: skip


def spans_by_sentence(article: Article, names: tuple[str, ...]) -> dict[int, list[Span]]:
    grouped: dict[int, list[Span]] = {}
    for name in names:
        for index, spans in article.term_hits_by_sentence(name).items():
            grouped.setdefault(index, []).extend(spans)
    return grouped


def frame_slots(
    article: Article, index: int, subjects: list[Span], predicate: Span, objects: list[Span]
) -> tuple[Span, Span | None] | None:
    """The subject and object of one predicate, or None when the sentence has no subject for it.

    The subject is the nearest one before the predicate in its clause, with no person between
    them ("… the way doctors treat …"); the object is the first one after the predicate.
    """
    sentence = article.certainty(index)
    breaks = [cue.start for cue in sentence.cues if cue.kind == "clause_break"]
    subject = nearest_subject(subjects, predicate, breaks)
    if subject is None or article.another_agent_between(subject[1], predicate[0]):
        return None
    after = [o for o in sorted(objects) if o[0] >= predicate[1] and not _LAB_OBJECT.match(article.text, o[1])]
    target = next(iter(after), None)
    if target is not None and article.another_agent_between(predicate[1], target[0]):
        target = None  # "will help us understand how patients …": the researchers are helped
    return subject, target


#: "prevents cancer cells from …": cells in a dish, not a disease in people.
_LAB_OBJECT = re.compile(r"\s+(?:cells?|cell lines?|tissue samples?)\b", re.IGNORECASE)


def nearest_subject(subjects: list[Span], predicate: Span, breaks: list[int]) -> Span | None:
    """The last subject before the predicate in the same clause."""
    before = [
        s for s in subjects if s[1] <= predicate[0] and not any(s[1] <= b < predicate[0] for b in breaks)
    ]
    if not before:
        return None
    last = max(before, key=lambda s: s[1])
    # "Our herbal blend": a product phrase and the remedy inside it are one subject.
    start = min(s[0] for s in before if s[0] <= last[0] < s[1] or (s[0] <= last[0] and s[1] >= last[1]))
    return start, last[1]


_CAPITALISED = re.compile(r"[A-Z][\w+-]*$")


def product_phrases(article: Article) -> dict[int, list[Span]]:
    """Product phrases by sentence: "our herbal blend", "these capsules", "Glowix serum".

    A product noun (term set ``product-noun``) preceded, within two words, by a determiner, or
    directly by a capitalised name that does not start the sentence.
    """
    found: dict[int, list[Span]] = {}
    text = article.text
    for index, nouns in article.term_hits_by_sentence("product-noun").items():
        sentence_start = article.sentences[index][0]
        title_case = _is_title_case(article.sentence_text(index))
        for start, end in nouns:
            words = list(re.finditer(r"[\w'+-]+", text[sentence_start:start]))
            for back, word in enumerate(reversed(words[-(_PRODUCT_GAP + 1) :])):
                token = word.group()
                absolute = sentence_start + word.start()
                if token.lower() in _PRODUCT_DETERMINERS:
                    found.setdefault(index, []).append((absolute, end))
                    break
                brand = _CAPITALISED.match(token) and word.start() > 0 and token.lower() not in _COMMON
                if back == 0 and brand and not title_case:
                    found.setdefault(index, []).append((absolute, end))
                    break
    return found


def _is_title_case(sentence: str) -> bool:
    """A headline in Title Case capitalises every word, so a capital is no sign of a brand."""
    words = re.findall(r"[A-Za-z][\w'-]*", sentence)
    long_words = [w for w in words if len(w) > 3]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words)


#: Capitalised words that are not product names ("Doctors' cream" is not a brand).
_COMMON = frozenset({"the", "a", "an", "this", "our", "i", "we", "you", "doctors", "some", "most", "many"})
