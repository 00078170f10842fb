"""One PhraseMatcher and one token Matcher for every rule, term set and cue: one pass per Doc.

The token Matcher's cost grows with its number of patterns and every term list is cheapest in
the PhraseMatcher (see tech notes); so kinds register here at start-up, and each Doc is matched
exactly once, whatever the number of rules.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

Spans = list[tuple[int, int]]


class Matchers:
    """Shared matchers keyed by strings such as ``rule:MED101`` or ``term:medicine``."""

    def __init__(self, vocab: Vocab) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self._vocab = vocab
        self._phrases = PhraseMatcher(vocab, attr="LOWER")
        self._tokens = Matcher(vocab, validate=True)
        self._has_phrases = False
        self._has_tokens = False
        self._tokenizer: Any = None
        self.prescription_ids: frozenset[str] = frozenset()
        # Prefilter for the token Matcher: it only runs on sentences holding a trigger word.
        self._trigger_words: set[str] = set()
        self._entity_triggered = False
        self._always = False

    def set_tokenizer(self, tokenizer: Any) -> None:
        """Phrases are tokenized with the pipeline's own tokenizer, so they split like the text."""
        self._tokenizer = tokenizer

    def add_phrases(self, key: str, phrases: list[str]) -> None:
        """Register case-insensitive phrases under ``key``."""
        assert self._tokenizer is not None, "set_tokenizer first"
        docs = [self._tokenizer(phrase.lower()) for phrase in phrases]
        self._phrases.add(key, docs)
        self._has_phrases = True

    def has_phrases(self, key: str) -> bool:
        """True when phrases are already registered under ``key`` (shared by several rules)."""
        return key in self._phrases

    def add_patterns(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        """Register spaCy token patterns under ``key`` (raises ValueError on a bad pattern)."""
        self._tokens.add(key, patterns)
        self._has_tokens = True
        for pattern in patterns:
            words, needs_entity = pattern_trigger(pattern)
            if words:
                self._trigger_words.update(words)
            elif needs_entity:
                self._entity_triggered = True
            else:
                self._always = True

    def _windows(self, doc: Doc, entities: list[tuple[int, int]]) -> list[Any]:
        """The sentences the token Matcher must see, merged when adjacent."""
        if self._always:
            return [doc[:]]
        import numpy
        from spacy.attrs import LOWER, SENT_START

        table = doc.to_array([LOWER, SENT_START]).astype("int64")
        triggers = numpy.array([self._vocab.strings.add(w) for w in self._trigger_words], dtype="uint64")
        hits = set(numpy.flatnonzero(numpy.isin(table[:, 0].view("uint64"), triggers)).tolist())
        if self._entity_triggered:
            hits.update(start for start, _ in entities)
        if not hits:
            return []
        starts = numpy.flatnonzero(table[:, 1] == 1).tolist() or [0]
        bounds = list(zip(starts, [*starts[1:], len(doc)], strict=True))
        chosen: list[tuple[int, int]] = []
        for position in sorted(hits):
            index = int(numpy.searchsorted(starts, position, side="right")) - 1
            start, end = bounds[max(index, 0)]
            if chosen and chosen[-1][1] >= start:
                chosen[-1] = (chosen[-1][0], max(end, chosen[-1][1]))
            else:
                chosen.append((start, end))
        return [doc[start:end] for start, end in chosen]

    def run(self, doc: Doc) -> dict[str, Spans]:
        """All matches as character spans per key; overlapping matches of one key keep the longest."""
        found: dict[str, list[tuple[int, int]]] = defaultdict(list)
        strings = self._vocab.strings
        if self._has_phrases:
            for match_id, start, end in self._phrases(doc):
                found[strings[match_id]].append((start, end))
        if self._has_tokens:
            entities = _set_drug_entities(doc, found, self.prescription_ids)
            for window in self._windows(doc, entities):
                for match_id, start, end in self._tokens(window):
                    found[strings[match_id]].append((window.start + start, window.start + end))
        return {key: _char_spans(doc, _longest_first(spans)) for key, spans in found.items()}


def pattern_trigger(pattern: list[dict[str, Any]]) -> tuple[set[str], bool]:
    """Words one of which must occur for ``pattern`` to match, or (empty, needs a drug entity).

    The first mandatory token with a literal word list decides; a pattern with none can
    only be prefiltered if it needs a drug entity, else it must see every sentence.
    """
    needs_entity = False
    for token in pattern:
        if token.get("OP") in ("?", "*", "!"):
            continue
        for attribute in ("LOWER", "ORTH", "TEXT", "NORM"):
            value = token.get(attribute)
            if isinstance(value, str):
                return {value.lower()}, False
            if isinstance(value, dict) and isinstance(value.get("IN"), list):
                return {str(v).lower() for v in value["IN"]}, False
        if "ENT_TYPE" in token:
            needs_entity = True
    return set(), needs_entity


def _set_drug_entities(
    doc: Doc, found: dict[str, list[tuple[int, int]]], prescription: frozenset[str]
) -> list[tuple[int, int]]:
    """Drug mentions become entities, so token patterns can say ``{ENT_TYPE: RX_DRUG}``.

    Prescription-only drugs are ``RX_DRUG``, the others ``OTC_DRUG``: "buy ibuprofen at a
    pharmacy" is ordinary advice, "buy isotretinoin online" is not.
    """
    from spacy.tokens import Span

    labelled = {
        span: ("RX_DRUG" if key[5:] in prescription else "OTC_DRUG")
        for key, spans in found.items()
        if key.startswith("drug:")
        for span in spans
    }
    kept = _longest_first(list(labelled))
    doc.ents = [Span(doc, start, end, label=labelled[(start, end)]) for start, end in kept]
    return kept


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop matches that overlap a longer one (greedy, like ``spacy.util.filter_spans``)."""
    kept: list[tuple[int, int]] = []
    taken: set[int] = set()
    for start, end in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        if not any(i in taken for i in range(start, end)):
            kept.append((start, end))
            taken.update(range(start, end))
    return sorted(kept)


def _char_spans(doc: Doc, spans: list[tuple[int, int]]) -> Spans:
    return [(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)) for start, end in spans]
