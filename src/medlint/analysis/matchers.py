"""One PhraseMatcher and one token Matcher for every rule, term set and cue: one pass per Doc.

The token Matcher's cost grows with its number of patterns and every term list is cheapest in
the PhraseMatcher (see tech notes); so kinds register here at start-up, and each Doc is matched
exactly once, whatever the number of rules.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from medlint.rulebook.schema import check_regex

if TYPE_CHECKING:
    from collections.abc import Iterator

    from spacy.tokens import Doc
    from spacy.vocab import Vocab

Spans = list[tuple[int, int]]

#: Limits on one token pattern from a rule pack. spaCy's Matcher keeps a partial match for every
#: way the repeat operators can split a sentence: 200 ``OP: "*"`` tokens exhaust memory
#: (``std::bad_alloc``), and even 3 ``*`` over a 200-word run of matching words took 19 s on the
#: shared machine (2 took 0.4 s; 6 ``?`` with 2 ``*`` 0.5 s on 100 words). ``OP: "{n,m}"`` is
#: expanded by spaCy into ``m`` tokens and is counted as such. Our packs use at most 6 tokens,
#: 4 operators and 2 unbounded ones (MED101: ``*`` then ``+``).
MAX_PATTERN_TOKENS = 16
MAX_REPEAT_OPERATORS = 6
MAX_UNBOUNDED_OPERATORS = 2
_RANGE = re.compile(r"^\{\s*(\d*)\s*(,?)\s*(\d*)\s*\}$")


class Matchers:
    """Shared matchers keyed by strings such as ``rule:MED101`` or ``term:medicine``."""

    def __init__(self, vocab: Vocab) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self._vocab = vocab
        self._phrases = PhraseMatcher(vocab, attr="LOWER")
        self._matcher_class = Matcher
        self._has_phrases = False
        self._pending: dict[str, list[str]] = {}  # phrases registered, not yet tokenized
        self._has_tokens = False
        self._tokenizer: Any = None
        self.prescription_ids: frozenset[str] = frozenset()
        # Prefilter for the token patterns: one token Matcher per set of triggers (see
        # ``pattern_needs``), run only on the sentences holding all of them. ``_bits`` gives each
        # trigger a bit of a 63-bit mask, so one vectorised pass marks, for every sentence, the
        # triggers it holds.
        self._groups: dict[frozenset[Trigger], Any] = {}
        self._bits: dict[Trigger, int] = {}
        #: The groups with a pattern that reads ``ENT_TYPE``: only they need the Doc's entities.
        self._reads_entities: set[frozenset[Trigger]] = set()
        #: The groups in order, with the bits (an array) each needs; made on the first Doc.
        self._needs: tuple[list[frozenset[Trigger]], Any] | None = None
        self._lookup: tuple[Any, Any] | None = None  # sorted trigger-word ids, their trigger bits
        # Per regex trigger: the lexeme flag spaCy sets on each word the regex accepts, tested
        # once per distinct word when spaCy first sees it (None when all 64 flags are taken) ...
        self._regex_flags: dict[Trigger, int | None] = {}
        #: The lexeme flags of ``_regex_flags``, sorted: the extra columns each Doc's table reads.
        self._flag_columns: list[int] = []
        # ... and, without a flag, the word ids already tested, those it accepted (as an array).
        self._regex_seen: dict[Trigger, tuple[set[int], set[int]]] = {}
        self._regex_accepted: dict[Trigger, Any] = {}

    def set_tokenizer(self, tokenizer: Any) -> None:
        """Phrases are tokenized with the pipeline's own tokenizer, so they split like the text."""
        self._tokenizer = tokenizer

    def add_phrases(self, key: str, phrases: list[str]) -> None:
        """Register case-insensitive phrases under ``key``; ``compile_phrases`` tokenizes them."""
        self._pending.setdefault(key, []).extend(phrase.lower() for phrase in phrases)

    def has_phrases(self, key: str) -> bool:
        """True when phrases are already registered under ``key`` (shared by several rules)."""
        return key in self._pending or key in self._phrases

    def compile_phrases(self) -> None:
        """Tokenize the phrases registered so far, all in one tokenizer call, and index them.

        A call per phrase made a Doc per phrase: 2,900 of them were a third of the Linter's
        start-up. Joined by line breaks, each phrase splits exactly as it would alone, because
        spaCy tokenizes every whitespace-delimited chunk on its own (a special case spanning a
        break is left as it was, see ``Tokenizer._retokenize_special_spans``); a phrase with
        whitespace at an end or a line break inside is tokenized alone. The PhraseMatcher takes
        each phrase as its sequence of ``LOWER`` ids, the form it stores and unpickles.
        """
        if not self._pending:
            return
        assert self._tokenizer is not None, "set_tokenizer first"
        keywords = _phrase_keywords(self._tokenizer, {p for ps in self._pending.values() for p in ps})
        for key, phrases in self._pending.items():
            # The stub names Docs; id sequences are what ``add`` stores, and what unpickling passes.
            self._phrases.add(key, [keywords[phrase] for phrase in phrases])  # type: ignore[misc]
        self._has_phrases = True
        self._pending = {}

    def add_patterns(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        """Register spaCy token patterns under ``key`` (raises ValueError on a bad pattern)."""
        for pattern in patterns:
            check_pattern_size(pattern)
        for pattern in patterns:
            needs = pattern_needs(pattern)
            if needs not in self._groups:
                self._groups[needs] = self._matcher_class(self._vocab, validate=True)
                self._needs = None
                for trigger in needs:
                    self._add_trigger(trigger)
            self._groups[needs].add(key, [pattern])
            if any("ENT_TYPE" in token for token in pattern):
                self._reads_entities.add(needs)
            self._has_tokens = True

    def _add_trigger(self, trigger: Trigger) -> None:
        """Give ``trigger`` its bit of the sentence masks (and a lexeme flag for a regex)."""
        if trigger in self._bits:
            return
        self._bits[trigger] = 1 << (len(self._bits) % 63)  # a shared bit only widens windows
        self._lookup = None
        if trigger.regex is not None:
            self._regex_flags[trigger] = self._regex_flag(trigger.regex)
            self._flag_columns = sorted({f for f in self._regex_flags.values() if f is not None})

    def _regex_flag(self, regex: tuple[str, str]) -> int | None:
        """A lexeme flag for a trigger regex on ``LOWER`` or ``ORTH``, or None if none is free.

        spaCy computes a flag once per distinct word, as the word enters the vocabulary, and
        a Doc reads it from a token column like any other attribute: the regex is never run
        per Doc.
        """
        attribute, pattern = regex
        compiled = re.compile(pattern)  # spaCy's REGEX predicate is re.search too
        lower = attribute == "LOWER"

        def accepts(text: str) -> bool:
            return compiled.search(text.lower() if lower else text) is not None

        try:
            return int(self._vocab.add_flag(accepts))
        except ValueError:  # every one of spaCy's 64 flag bits is in use
            return None

    def _sentence_masks(self, doc: Doc, entities: list[tuple[int, int]]) -> tuple[Any, Any]:
        """Sentence start tokens, and for each sentence the bits of the triggers it holds."""
        import numpy
        from spacy.attrs import LOWER, ORTH, SENT_START

        flags = self._flag_columns
        table = doc.to_array([LOWER, ORTH, SENT_START, *flags]).astype("int64")
        flag_column = {flag: 3 + index for index, flag in enumerate(flags)}
        columns = {"LOWER": table[:, 0].view("uint64"), "ORTH": table[:, 1].view("uint64")}
        ids, masks = self._word_lookup()
        marks = numpy.zeros(len(doc), dtype="int64")
        if len(ids):
            lowers = columns["LOWER"]
            where = numpy.minimum(numpy.searchsorted(ids, lowers), len(ids) - 1)
            found = ids[where] == lowers
            marks[found] = masks[where[found]]
        for trigger, bit in self._bits.items():
            if trigger.regex is not None:
                flag = self._regex_flags.get(trigger)
                if flag is not None:
                    marks[table[:, flag_column[flag]] == 1] |= bit
                else:
                    marks[self._regex_mask(trigger, columns[trigger.regex[0]])] |= bit
            elif trigger.entity and not trigger.words:
                for start, _ in entities:
                    marks[start] |= bit
        starts = numpy.flatnonzero(table[:, 2] == 1)
        if not len(starts) or starts[0] != 0:
            starts = numpy.concatenate([[0], starts]).astype("int64")
        return starts, numpy.bitwise_or.reduceat(marks, starts)

    def _windows(
        self, sentence_bits: Any, bounds: list[int]
    ) -> dict[frozenset[Trigger], list[tuple[int, int]]]:
        """Each group's token ranges: its sentences (adjacent ones merged); groups with none left out.

        All groups are tested in one array operation, so an article pays per group only for
        those it triggers, not a few array calls for each of them.
        """
        import numpy

        if self._needs is None:
            groups = list(self._groups)
            bits = [0] * len(groups)
            for index, needs in enumerate(groups):
                for trigger in needs:
                    bits[index] |= self._bits[trigger]
            self._needs = (groups, numpy.array(bits, dtype="int64"))
        groups, need = self._needs
        holding = (sentence_bits[:, None] & need) == need  # sentence × group
        group_of, sentence = holding.T.nonzero()  # by group, then sentence
        firsts = numpy.searchsorted(group_of, numpy.arange(len(groups) + 1)).tolist()
        chosen = sentence.tolist()
        return {
            needs: _merged(bounds, chosen[firsts[index] : firsts[index + 1]])
            for index, needs in enumerate(groups)
            if firsts[index] < firsts[index + 1]
        }

    def _word_lookup(self) -> tuple[Any, Any]:
        """Trigger-word ids, sorted, with the OR of the bits of the triggers each word is in."""
        if self._lookup is None:
            import numpy

            bits: dict[int, int] = {}
            for trigger, bit in self._bits.items():
                for word in trigger.words:
                    word_id = self._vocab.strings.add(word)
                    bits[word_id] = bits.get(word_id, 0) | bit
            ids = sorted(bits)
            self._lookup = (
                numpy.array(ids, dtype="uint64"),
                numpy.array([bits[i] for i in ids], dtype="int64"),
            )
        return self._lookup

    def _regex_mask(self, trigger: Trigger, column: Any) -> Any:
        """Tokens whose string the trigger's regex accepts; each distinct string is tested once."""
        import numpy

        assert trigger.regex is not None
        seen, accepted = self._regex_seen.setdefault(trigger, (set(), set()))
        new = set(numpy.unique(column).tolist()) - seen
        if new:
            regex = re.compile(trigger.regex[1])  # spaCy's REGEX predicate is re.search too
            strings = self._vocab.strings
            accepted.update(value for value in new if regex.search(strings[value]) is not None)
            seen.update(new)
            self._regex_accepted[trigger] = numpy.array(sorted(accepted), dtype="uint64")
        return numpy.isin(column, self._regex_accepted.get(trigger, numpy.zeros(0, dtype="uint64")))

    def run(self, doc: Doc) -> dict[str, Spans]:
        """All matches as character spans per key; overlapping matches of one key keep the longest."""
        assert not self._pending, "compile_phrases after the last add_phrases"
        found: dict[str, list[tuple[int, int]]] = defaultdict(list)
        strings = self._vocab.strings
        if self._has_phrases:
            for match_id, start, end in self._phrases(doc):
                found[strings[match_id]].append((start, end))
        if self._has_tokens and len(doc):
            labels = _drug_entities(found, self.prescription_ids)
            starts, sentence_bits = self._sentence_masks(doc, list(labels))
            windows = self._windows(sentence_bits, [*starts.tolist(), len(doc)])
            read = [window for needs in self._reads_entities for window in windows.get(needs, ())]
            if read and labels:
                # "unmodified": the other tokens keep their unset entity state; the per-token pass
                # that marks them "outside" is Python, and ``ENT_TYPE`` is 0 for both states.
                doc.set_ents(_entities_within(doc, labels, read), default="unmodified")
            for needs, ranges in windows.items():
                matcher = self._groups[needs]
                for low, high in ranges:
                    window = doc[low:high] if low or high < len(doc) else doc
                    for match_id, start, end in matcher(window):
                        found[strings[match_id]].append((low + start, low + end))
        if not found:
            return {}
        from spacy.attrs import IDX, LENGTH

        # Character offsets from two token columns: no Token object is made per match.
        table = doc.to_array([IDX, LENGTH]).astype("int64")
        begins, ends = table[:, 0].tolist(), (table[:, 0] + table[:, 1]).tolist()
        return {
            key: [(begins[start], ends[end - 1]) for start, end in _longest_first(spans)]
            for key, spans in found.items()
        }


def _phrase_keywords(tokenizer: Any, phrases: set[str]) -> dict[str, list[int]]:
    """Each phrase as the ``LOWER`` ids of its tokens (see ``Matchers.compile_phrases``)."""
    import numpy
    from spacy.attrs import IDX, LOWER

    alone = sorted(p for p in phrases if p != p.strip() or "\n" in p)
    together = sorted(phrases.difference(alone))
    keywords = {p: [token.lower for token in tokenizer(p)] for p in alone}
    if not together:
        return keywords
    starts = numpy.cumsum([0] + [len(p) + 1 for p in together[:-1]]).astype("int64")
    table = tokenizer("\n".join(together)).to_array([IDX, LOWER]).astype("int64")
    owner = numpy.searchsorted(starts, table[:, 0], side="right") - 1
    lengths = numpy.array([len(p) for p in together], dtype="int64")
    inside = table[:, 0] < starts[owner] + lengths[owner]  # not the line break after a phrase
    for phrase in together:
        keywords[phrase] = []
    for index, lower in zip(owner[inside].tolist(), table[inside, 1].view("uint64").tolist(), strict=True):
        keywords[together[index]].append(lower)
    return keywords


def check_pattern_size(pattern: list[dict[str, Any]]) -> None:
    """Raise ValueError if ``pattern`` is longer, or repeats more, than the limits above.

    A token's ``REGEX`` runs on every word of every sentence the pattern sees, so it must pass
    the same check as any rule regex (``schema.check_regex``): ``{REGEX: "^(.+)+z$"}`` would
    hang on one long word.
    """
    for regex in _token_regexes(pattern):
        try:
            check_regex(regex)
        except re.error as err:
            raise ValueError(f"unsafe REGEX {regex!r}: {err}") from None
    tokens = operators = unbounded = 0
    for token in pattern:
        op = token.get("OP") if isinstance(token, dict) else None
        found = _RANGE.match(op) if isinstance(op, str) else None
        if op in ("*", "+"):
            tokens, operators, unbounded = tokens + 1, operators + 1, unbounded + 1
        elif op == "?":
            tokens, operators = tokens + 1, operators + 1
        elif found is None:  # no OP, "!", or something spaCy itself rejects
            tokens += 1
        else:
            low_text, comma, high_text = found.groups()
            low = int(low_text or 0)
            if comma and not high_text:  # {n,}: n tokens and one "*"
                tokens, operators, unbounded = tokens + low + 1, operators + 1, unbounded + 1
            else:  # {n}, {n,m} or {,m}: m tokens, m - n of them optional
                high = int(high_text) if comma else low
                tokens, operators = tokens + max(low, high), operators + max(high - low, 0)
    for count, limit, what in (
        (tokens, MAX_PATTERN_TOKENS, "tokens (an OP range counts as the tokens spaCy expands it to)"),
        (operators, MAX_REPEAT_OPERATORS, "repeat operators (OP ?, *, + or a range)"),
        (unbounded, MAX_UNBOUNDED_OPERATORS, 'unbounded repeat operators (OP *, + or "{n,}")'),
    ):
        if count > limit:
            raise ValueError(f"a token pattern may have at most {limit} {what}; this one has {count}")


def _token_regexes(value: Any) -> list[str]:
    """Every ``REGEX`` value in a pattern, at any depth (``{LOWER: {REGEX: ...}}``, ``_`` too)."""
    if isinstance(value, list):
        return [regex for item in value for regex in _token_regexes(item)]
    if not isinstance(value, dict):
        return []
    found = [value["REGEX"]] if isinstance(value.get("REGEX"), str) else []
    return found + [regex for key, item in value.items() if key != "REGEX" for regex in _token_regexes(item)]


@dataclass(frozen=True)
class Trigger:
    """What a sentence must hold for one token pattern to match in it.

    ``words``: one of these lowercase words; else ``regex``: a token whose (attribute, regex)
    search succeeds; else ``entity``: a drug mention; and if none is set, every sentence.
    """

    words: frozenset[str] = frozenset()
    regex: tuple[str, str] | None = None
    entity: bool = False


def pattern_needs(pattern: list[dict[str, Any]]) -> frozenset[Trigger]:
    """What a sentence must hold for ``pattern`` to match in it: its best trigger, and word lists.

    Every mandatory token must match, so a sentence must hold each of their word lists: "instead
    of … chemotherapy" is run only where "instead" or "rather" and a treatment word both occur,
    not on every sentence naming a medicine. Empty when the pattern has no trigger at all.
    """
    best = pattern_trigger(pattern)
    if best == Trigger():
        return frozenset()
    return frozenset({best, *(trigger for trigger in _mandatory_triggers(pattern) if trigger.words)})


def pattern_trigger(pattern: list[dict[str, Any]]) -> Trigger:
    """The most selective requirement of one pattern's mandatory tokens.

    Every mandatory token must match, so any one of them is a valid prefilter; the one chosen
    is the word list with the fewest stop words ("no prescription needed" is triggered by
    "prescription", not by "no", which nearly every sentence holds), then the shortest list;
    a word-shape regex comes next, then a list of three or more words with one stop word
    ("buy", "order", "purchase", "get"), then a drug entity, and last a list of stop words. A
    drug article names a drug in most sentences, so the entity filters out little there.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    best: tuple[tuple[int, int], Trigger] | None = None
    for trigger in _mandatory_triggers(pattern):
        if trigger.words:
            common = sum(1 for word in trigger.words if word in STOP_WORDS)
            if not common:
                rank = (0, len(trigger.words))
            elif common == 1 and len(trigger.words) >= 3:
                rank = (2, len(trigger.words))
            else:
                rank = (3 + common, len(trigger.words))
        else:
            rank = (1, 0) if trigger.regex else (3, 0)
        if best is None or rank < best[0]:
            best = (rank, trigger)
    return best[1] if best else Trigger()


def _mandatory_triggers(pattern: list[dict[str, Any]]) -> Iterator[Trigger]:
    """The requirements of the tokens every match holds (an optional or negated one need not be there)."""
    for token in pattern:
        if token.get("OP", "+") in ("+", "1"):
            yield from _token_triggers(token)


def _token_triggers(token: dict[str, Any]) -> list[Trigger]:
    """The requirements one token pattern states on its own (NORM can differ from the word: skipped)."""
    found = []
    for attribute in ("LOWER", "ORTH", "TEXT"):
        value = token.get(attribute)
        if isinstance(value, str):
            found.append(Trigger(words=frozenset({value.lower()})))
        elif isinstance(value, dict):
            if isinstance(value.get("IN"), list) and value["IN"]:
                found.append(Trigger(words=frozenset(str(v).lower() for v in value["IN"])))
            if isinstance(value.get("REGEX"), str) and len(value) == 1:
                found.append(Trigger(regex=("LOWER" if attribute == "LOWER" else "ORTH", value["REGEX"])))
    if "ENT_TYPE" in token:
        found.append(Trigger(entity=True))
    return found


def _merged(bounds: list[int], sentences: list[int]) -> list[tuple[int, int]]:
    """Token ranges of the chosen sentences (indices into ``bounds``), adjacent ones merged."""
    windows: list[tuple[int, int]] = []
    for index in sentences:
        start, end = bounds[index], bounds[index + 1]
        if windows and windows[-1][1] >= start:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _drug_entities(
    found: dict[str, list[tuple[int, int]]], prescription: frozenset[str]
) -> dict[tuple[int, int], str]:
    """Drug mentions as entities, so token patterns can say ``{ENT_TYPE: RX_DRUG}``.

    Token spans in order, each with its label; of overlapping mentions the longest is kept.

    Prescription-only drugs are ``RX_DRUG``, the others ``OTC_DRUG``: "buy ibuprofen at a
    pharmacy" is ordinary advice, "buy isotretinoin online" is not.
    """
    labelled = {
        span: ("RX_DRUG" if key[5:] in prescription else "OTC_DRUG")
        for key, spans in found.items()
        if key.startswith("drug:")
        for span in spans
    }
    return {span: labelled[span] for span in _longest_first(list(labelled))}


def _entities_within(
    doc: Doc, labels: dict[tuple[int, int], str], windows: list[tuple[int, int]]
) -> list[Any]:
    """The drug entities that touch one of ``windows``, as Spans for ``doc.set_ents``.

    A token pattern reads ``ENT_TYPE`` only inside the windows it is run on, so an entity
    elsewhere changes no match; and a Span per drug mention of a drug-dense article cost more
    than the patterns that read them.
    """
    from spacy.tokens import Span

    inside = bytearray(len(doc))
    for low, high in windows:
        inside[low:high] = b"\x01" * (high - low)
    return [
        Span(doc, start, end, label=label)
        for (start, end), label in labels.items()
        if inside.find(1, start, end) != -1
    ]


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop matches that overlap a longer one (greedy, like ``spacy.util.filter_spans``).

    Most keys' matches never overlap (a term set in one article): then all are kept, which one
    pass over neighbours shows without the greedy loop; the matchers give most in text order.
    """
    if len(spans) < 2 or _in_order_and_apart(spans):
        return spans  # what sorting and dropping duplicates would give
    ordered = sorted(set(spans))
    if _in_order_and_apart(ordered):
        return ordered
    kept: list[tuple[int, int]] = []
    taken = bytearray(max(end for _, end in ordered))
    for start, end in sorted(ordered, key=lambda s: (s[0] - s[1], s[0])):
        if not any(taken[start:end]):
            kept.append((start, end))
            taken[start:end] = b"\x01" * (end - start)
    return sorted(kept)


def _in_order_and_apart(spans: list[tuple[int, int]]) -> bool:
    """Each span ends at or before the next one starts (so no two overlap or repeat)."""
    return all(first[1] <= second[0] for first, second in pairwise(spans))
