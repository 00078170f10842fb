"""The speed indexes find exactly what the plain scans found (issue 10, "Speed").

Prefilters and indexes may only skip work that cannot find anything: each test compares the
fast path with the slow definition, or pins an exact finding on sentences written here.
"""

from __future__ import annotations

import random
import re

import pytest

from medlint import Linter
from medlint.analysis.evidence import evidence_pattern, find_evidence
from medlint.analysis.matchers import Trigger, _longest_first, pattern_needs, pattern_trigger


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def test_trigger_skips_stop_words_for_a_rarer_token() -> None:
    pattern = [{"LOWER": "no"}, {"LOWER": {"IN": ["prescription", "rx"]}}, {"LOWER": {"IN": ["is", "be"]}}]
    assert pattern_trigger(pattern) == Trigger(words=frozenset({"rx", "prescription"}))


def test_trigger_never_uses_an_optional_or_negated_token() -> None:
    pattern = [{"LOWER": "cheap", "OP": "?"}, {"LOWER": "pills", "OP": "!"}, {"LOWER": "the"}]
    assert pattern_trigger(pattern) == Trigger(words=frozenset({"the"}))


def test_word_shape_regex_is_a_trigger_and_an_entity_comes_after_words() -> None:
    assert pattern_trigger([{"LOWER": {"REGEX": "chemist$"}}]) == Trigger(regex=("LOWER", "chemist$"))
    entity_then_word = [{"ENT_TYPE": "RX_DRUG", "OP": "+"}, {"LOWER": {"IN": ["cures"]}}]
    assert pattern_trigger(entity_then_word) == Trigger(words=frozenset({"cures"}))
    assert pattern_trigger([{"ENT_TYPE": "RX_DRUG"}, {"IS_DIGIT": True}]) == Trigger(entity=True)
    # One stop word among several verbs still filters more than "a drug is named" in a drug guide.
    verbs = {"LOWER": {"IN": ["buy", "order", "purchase", "get"]}}
    assert pattern_trigger([verbs, {"ENT_TYPE": "RX_DRUG"}]) == Trigger(words=frozenset(verbs["LOWER"]["IN"]))
    stop_words = {"LOWER": {"IN": ["get", "take"]}}
    assert pattern_trigger([stop_words, {"ENT_TYPE": "RX_DRUG"}]) == Trigger(entity=True)
    assert pattern_trigger([{"IS_DIGIT": True}]) == Trigger()


def test_needs_hold_every_mandatory_word_list_and_the_best_trigger() -> None:
    instead = {"LOWER": {"IN": ["instead", "rather"]}}
    of = {"LOWER": {"IN": ["of", "than"]}}
    filler = {"LOWER": {"IN": ["your", "the"]}, "OP": "*"}
    treatment = {"LOWER": {"IN": ["chemotherapy", "insulin"]}}
    assert pattern_needs([instead, of, filler, treatment]) == {
        Trigger(words=frozenset({"instead", "rather"})),
        Trigger(words=frozenset({"of", "than"})),
        Trigger(words=frozenset({"chemotherapy", "insulin"})),
    }
    shop = {"LOWER": {"REGEX": "chemist$"}}
    assert pattern_needs([shop]) == {Trigger(regex=("LOWER", "chemist$"))}
    assert pattern_needs([{"LOWER": "buy"}, shop]) == {
        Trigger(words=frozenset({"buy"}))
    }  # a regex only if best
    assert pattern_needs([{"ENT_TYPE": "RX_DRUG"}, {"IS_DIGIT": True}]) == {Trigger(entity=True)}
    assert pattern_needs([{"IS_DIGIT": True}]) == frozenset()


def test_a_pattern_runs_only_on_sentences_holding_all_its_word_lists() -> None:
    """Each list is needed, none is enough: no window where one alone occurs, a match where all do."""
    from medlint.analysis.matchers import Matchers
    from medlint.analysis.pipeline import build_nlp, make_doc
    from medlint.markup import extract

    nlp = build_nlp()
    matchers = Matchers(nlp.vocab)
    pattern = [
        {"LOWER": {"IN": ["instead", "rather"]}},
        {"LOWER": "of"},
        {"LOWER": {"IN": ["insulin", "pills"]}},
    ]
    matchers.add_patterns("rule:test", [pattern])
    calls: list[int] = []
    ((needs, matcher),) = matchers._groups.items()
    matchers._groups[needs] = lambda window: calls.append(len(window)) or matcher(window)
    doc = make_doc(
        nlp,
        extract("Insulin keeps her well. Use it instead of guessing. Take herbs instead of insulin.", "text"),
    )
    assert matchers.run(doc) == {"rule:test": [(63, 81)]}
    assert len(calls) == 1 and calls[0] < len(doc)


def test_regex_triggered_shop_name_still_found(linter: Linter) -> None:
    findings = linter.lint_text("Order it at budgetchemist today.\n", "text")
    assert [(f.rule, f.line, f.column, f.match) for f in findings] == [("MED102", 1, 13, "budgetchemist")]


@pytest.mark.parametrize(
    "text",
    [
        "Polypharmacy is common in older adults.\n",  # another sense of the word shape
        "She trained as a biochemist.\n",  # "-chemist" without a shop word
        "Ask at the pharmacy counter.\n",  # no shop name at all
    ],
)
def test_regex_trigger_no_finding(linter: Linter, text: str) -> None:
    assert [f.rule for f in linter.lint_text(text, "text") if f.rule == "MED102"] == []


def test_regex_trigger_without_a_free_lexeme_flag_finds_the_same() -> None:
    """spaCy has 64 lexeme flags; a pack with more regex triggers falls back to a per-Doc test."""
    import spacy

    from medlint.analysis.matchers import Matchers

    pattern = [{"LOWER": "at"}, {"LOWER": {"REGEX": "chemists?$"}}]  # "at" is a stop word: the regex triggers
    texts = ["Order at budgetchemist today. Or at Chemists.", "Sold at the chemist.", "No match at all."]
    results = []
    for exhaust in (False, True):
        nlp = spacy.blank("en")
        if exhaust:
            while True:
                try:
                    nlp.vocab.add_flag(lambda text: False)
                except ValueError:
                    break
        matchers = Matchers(nlp.vocab)
        matchers.add_patterns("rule:shop", [pattern])
        assert (next(iter(matchers._regex_flags.values())) is None) == exhaust
        results.append([matchers.run(nlp.make_doc(text)) for text in texts])
    assert results[0] == results[1] == [{"rule:shop": [(6, 22), (33, 44)]}, {}, {}]


def test_longest_first_keeps_disjoint_and_drops_overlaps() -> None:
    assert _longest_first([(4, 5), (0, 2), (2, 3), (0, 2)]) == [(0, 2), (2, 3), (4, 5)]
    assert _longest_first([(0, 2), (1, 4), (4, 5), (3, 5)]) == [(1, 4), (4, 5)]


EVIDENCE_WORDS = [
    "pregnancy", "Pregnant", "nonpregnant", "birth-defects", "birth  defect", "c. diff", "4,000 mg",
    "40,000 mg", "don't stop", "wash* hands", "\u212aelvin", "\u017fuicidal", "suicidal", "not",
    "-", "\n", "liver", "Liver-damage", "contraception", "Contracep", "CONTRACEPTED", "contracepting_",
]  # fmt: skip
TERM_SETS = [
    ("pregnan*", "birth defect*", "contracept*"),
    ("c. diff*", "4,000 mg", "suicid*"),
    ("don't stop", "wash* hands", "liver damage", "kelvin"),
]


def test_indexed_evidence_equals_a_plain_scan() -> None:
    """Random texts and ranges: the word index gives exactly ``finditer``'s spans."""
    rng = random.Random(7)
    for _ in range(2000):
        text = " ".join(rng.choice(EVIDENCE_WORDS) for _ in range(rng.randint(0, 30)))
        for terms in TERM_SETS:
            low, high = sorted((rng.randint(0, len(text)), rng.randint(0, len(text))))
            expected = [m.span() for m in evidence_pattern(terms).finditer(text, low, high)]
            assert find_evidence(text, terms, low, high) == expected


def test_evidence_case_folding_beyond_ascii() -> None:
    """The Kelvin sign and long s fold to k and s in a regex: such words are always tried."""
    text = "No \u017fuicidal thoughts; \u212aelvin."
    assert find_evidence(text, ("suicid*", "kelvin")) == [(3, 11), (22, 28)]


def test_section_of_by_bisect(linter: Linter) -> None:
    article = linter._engine.analyse("# A\n\nOne.\n\n## B\n\nTwo.\n\n## C\n\nThree.\n", "markdown")
    for offset in range(-1, len(article.text) + 2):
        linear = next((s for s in article.sections if s[0] <= offset < s[1]), article.sections[-1])
        assert article.section_of(offset) == linear


def test_odd_whitespace_fast_form_finds_the_runs_of_the_plain_definition() -> None:
    import re

    from medlint.markup.prose import _ODD_WHITESPACE

    plain = re.compile(r"\s{2,}|[^\S ]")  # runs of two or more, or one that is not a space
    generator = random.Random(20261204)
    for _ in range(20000):
        text = "".join(generator.choice("a. \n\t\r\xa0\u2028\u3000") for _ in range(generator.randint(0, 12)))
        assert [m.span() for m in _ODD_WHITESPACE.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_ascii_text_skips_the_normaliser_because_it_rewrites_only_non_ascii() -> None:
    from medlint.markup.prose import _INVISIBLE, _LOOKALIKE_CHARS, _SPECIAL

    assert not any(char.isascii() for char in _INVISIBLE + _LOOKALIKE_CHARS)
    assert not any(_SPECIAL.search(chr(code)) for code in range(128))


def test_scheme_prefix_class_finds_what_the_case_insensitive_alternation_finds() -> None:
    import re

    from medlint.markup.bare_urls import _SCHEME

    plain = re.compile(r"https?://|www\.", re.IGNORECASE)
    generator = random.Random(4)
    for _ in range(20000):
        text = "".join(generator.choice("hHtTpPsS:/wW.\u017f x") for _ in range(generator.randint(0, 16)))
        assert [m.span() for m in _SCHEME.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_obfuscation_scanners_find_what_their_plain_definitions_find() -> None:
    import re

    from medlint.checks.obfuscated import _SPACED, _WORDISH, mixed_words, spaced_letters

    trigger = re.compile(r"[a-z][0-9*@$]|[0-9*@$][a-z]", re.IGNORECASE)
    generator = random.Random(7)
    for _ in range(20000):
        text = "".join(generator.choice("aVk\u212a1 .*-_$@(é") for _ in range(generator.randint(0, 18)))
        runs = [m.span() for m in _WORDISH.finditer(text) if trigger.search(m.group())]
        assert [m.span() for m in mixed_words(text)] == runs, text
        assert [m.span() for m in spaced_letters(text)] == [m.span() for m in _SPACED.finditer(text)], text


def test_phrases_tokenized_together_split_exactly_as_each_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import medlint.analysis.matchers as matchers_module

    original = matchers_module._phrase_keywords
    seen: dict[str, object] = {}

    def spy(tokenizer: object, phrases: set[str]) -> dict[str, list[int]]:
        seen.update(tokenizer=tokenizer, phrases=set(phrases))
        return original(tokenizer, phrases)

    monkeypatch.setattr(matchers_module, "_phrase_keywords", spy)
    Linter()
    tokenizer = seen["tokenizer"]
    assert callable(tokenizer)
    awkward = {"", " padded ", "two\nlines", "a  b", "tab\tinside", ":)", "dr. smith", "(bupropion)"}
    phrases = seen["phrases"] | awkward  # type: ignore[operator]
    assert len(phrases) > 2000
    keywords = original(tokenizer, phrases)
    for phrase in phrases:
        assert keywords[phrase] == [token.lower for token in tokenizer(phrase)], phrase


def test_word_index_candidates_equal_a_scan_of_the_word_runs() -> None:
    """Any mix of ASCII, accented, look-alike, combining and surrogate characters."""
    import re

    from medlint.analysis.evidence import KEY_CHARS, WordIndex

    alphabet = [
        "ab",
        "Pre",
        "g",
        "_",
        "7",
        " ",
        "-",
        "é",
        "\u212a",
        "\u017f",
        "\u0130",
        "\u0301",
        "\udc80",
        "🙂",
        "\n",
    ]
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        runs = list(re.finditer(r"\w+", text))
        for terms in (("pre*",), ("ab", "g*"), ("7 mg",), ("preabgpreab*",), (), ("pre*", "pre", "ab")):
            # A prefix longer than the key is looked up by its first KEY_CHARS characters.
            prefixes = [re.match(r"\w*", term).group().lower()[:KEY_CHARS] for term in terms]  # type: ignore[union-attr]
            expected = sorted(
                run.start()
                for run in runs
                if not run.group()[:KEY_CHARS].isascii()
                or any(run.group().lower().startswith(p) for p in prefixes)
            )
            assert WordIndex(text).candidates(terms) == expected, (text, terms)


def _counting_tokenizer() -> tuple[object, list[str]]:
    """A fresh pipeline whose tokenizer records every chunk it splits with its prefix rules.

    spaCy looks a chunk up in its cache before splitting it, so a remembered chunk is never
    passed to ``prefix_search`` again.
    """
    from medlint.analysis.pipeline import build_nlp

    tokenizer = build_nlp().tokenizer
    search = tokenizer.prefix_search  # type: ignore[attr-defined]
    calls: list[str] = []

    def counting(chunk: str) -> object:
        calls.append(chunk)
        return search(chunk)

    tokenizer.prefix_search = counting  # type: ignore[attr-defined]
    return tokenizer, calls


def test_tokenizer_cache_remembers_the_chunks_after_a_special_case() -> None:
    from medlint.analysis.tokenizer_cache import TokenizerCache

    text = "Don't stop isotretinoin, the pharmacist said."
    tokenizer, calls = _counting_tokenizer()
    for _ in range(2):
        calls.clear()
        tokenizer(text)  # type: ignore[operator]
    assert "isotretinoin," in calls  # spaCy alone remembers nothing after "Don't"

    tokenizer, calls = _counting_tokenizer()
    TokenizerCache(tokenizer).fill(text)
    calls.clear()
    doc = tokenizer(text)  # type: ignore[operator]
    assert not {"stop", "isotretinoin,", "pharmacist", "said."} & set(calls)
    expected = ["Do", "n't", "stop", "isotretinoin", ",", "the", "pharmacist", "said", "."]
    assert [t.text for t in doc] == expected


def test_filled_tokenizer_cache_gives_the_same_tokens() -> None:
    """Specials, emoticons, long punctuation, non-ASCII and odd whitespace, in any order."""
    from spacy.attrs import IDX, LOWER, NORM, ORTH, SPACY

    from medlint.analysis.pipeline import build_nlp
    from medlint.analysis.tokenizer_cache import LONGEST_CHUNK, TokenizerCache

    pieces = [
        "don't", "Dr.", "U.S.,", "e.g.", ":)", "(:", "it's", "Pfizer's", "gonna", "a.m.", "isotretinoin",
        "(Accutane)", "mg/day", "birth-defect", "naïve", "\u00a0", "\n\n", "  ", "“quoted”", "—", "?!",
        "(" * (LONGEST_CHUNK + 5), "https://example.test/a?b=c", "ſ", "5mg.", "10%",
    ]  # fmt: skip
    rng = random.Random(3)
    texts = [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(400)]
    plain, filled = build_nlp().tokenizer, build_nlp().tokenizer
    cache = TokenizerCache(filled)
    columns = [ORTH, IDX, NORM, LOWER, SPACY]
    for text in texts:
        cache.fill(text)
        expected = plain(text).to_array(columns).tolist()  # type: ignore[operator]
        assert filled(text).to_array(columns).tolist() == expected, text  # type: ignore[operator]


def test_tokenizer_cache_stops_filling_at_spacys_cache_size() -> None:
    from medlint.analysis.pipeline import build_nlp
    from medlint.analysis.tokenizer_cache import TokenizerCache

    tokenizer = build_nlp().tokenizer
    tokenizer.max_cache_size = 50  # type: ignore[attr-defined]
    cache = TokenizerCache(tokenizer)
    for batch in range(10):
        cache.fill(" ".join(f"word{batch}x{i}" for i in range(20)))
    assert cache.remembered == 50  # the third text's first 10, then nothing: the cache is full


def test_literal_start_is_what_every_match_begins_with() -> None:
    from medlint.rulebook.schema import literal_start

    assert literal_start(r"vs\.?") == "vs"
    assert literal_start(r"e\.g\.") == "e.g."
    assert literal_start("respond(?:s|ed|ing)? (?:well )?to") == "respond"
    assert literal_start("bests?") == "best"
    assert literal_start(r"\bor") == "or"
    assert literal_start("Levels+ of") == "levels"
    assert literal_start(r"(?:a|b)c") == literal_start(r"\s+x") == literal_start("x{2}") == ""
    assert literal_start("than|versus") == literal_start("ſuch") == ""  # several; a folded letter
    assert literal_start(r"na[ïi]ve|x\|y") == "" and literal_start(r"a\|b(?:c|d)") == "a|b"


def test_ending_cues_find_what_a_search_from_every_position_finds() -> None:
    """Windows built from the cues' own words, in any case, with look-alike letters mixed in.

    Each cue is read backwards (and the comparator tests its words first); the answer must be
    the plain ``search`` of its pattern, including for a window that ends in a newline.
    """
    from medlint.analysis import discussed
    from medlint.analysis.discussed import Before, EndingCue

    cues = [value for value in vars(discussed).values() if isinstance(value, EndingCue)]
    assert len(cues) >= 7 and all(cue.backwards is not None for cue in cues)
    assert sum(cue.starts is not None for cue in cues) == 1
    words = ["compared", "with", "than", "Versus", "vs.", "such as", "e.g.", "LOW", "levels of", "is", "an",
             "the", "cut", "need for", "similar", "to", "and", ",", "or", "\u212a", "\u017f", "ı", "  ", "-",
             "respond", "ed", "well", "despite", "close", "r", "made", "wean", "ing", "off", "non", "\n",
             "\u00e9", "a"]  # fmt: skip
    rng = random.Random(5)
    for _ in range(20000):
        before = "".join(rng.choice(words) + rng.choice(["", " "]) for _ in range(rng.randint(0, 8)))
        for cue in cues:
            found = cue.pattern.search(before) is not None
            assert cue.ends(Before.of(before)) == found, (before, cue.pattern)


def test_title_names_read_from_the_word_index_equal_a_count_of_every_word() -> None:
    """Title words used always capitalised, against counting every word run after the title."""
    import re
    from collections import Counter

    from medlint.analysis.discussed import _named_in_title

    class Text:
        def __init__(self, text: str) -> None:
            self.text = text

    def counted(text: str, start: int, end: int) -> list[str]:
        words = re.findall(r"\w+", text[end:])
        exact, folded = Counter(words), Counter(word.lower() for word in words)
        title = dict.fromkeys(re.findall(r"\b[A-Z][a-z]{3,}\b", text[start:end]))
        return [word for word in title if exact[word] >= 3 and exact[word] == folded[word.lower()]]

    rng = random.Random(8)
    words = ["Latisse", "Latisse", "latisse", "LATISSE", "Ozempic", "Ozempic", "Oz", "\u212aelvin", "Kelvin",
             "ΟΔΟΣ", "İ", "Latisses", "é", "_"]  # fmt: skip
    named = 0
    for _ in range(3000):
        text = "".join(
            rng.choice(words) + rng.choice([" ", " ", "", "'", "\n"]) for _ in range(rng.randint(0, 16))
        )
        end = rng.randint(0, len(text))
        found = _named_in_title(Text(text), 0, end)  # type: ignore[arg-type]
        assert found == counted(text, 0, end), (text, end)
        named += bool(found)
    assert named >= 10  # the inputs do reach the names, not only the empty answer


def test_investigational_count_stops_early_with_the_answer_of_a_full_count(linter: Linter) -> None:
    """Every subset of an article's sentences, against counting the marked ones in full."""
    from itertools import combinations

    from medlint.analysis.discussed import _investigational

    text = (
        "QRX-2210 is an experimental pill for gout. Doctors prescribe allopurinol for gout. "
        "A novel oral formulation of the drug was tested. Most people take allopurinol daily. "
        "The treatment is not yet approved. It is taken with water. Kidney tests come first."
    )
    article = linter._engine.analyse(text, "text")
    marks = [article.names_investigational(i) for i in range(len(article.sentences))]
    assert marks == [True, False, True, False, True, False, False]
    for size in range(1, len(marks) + 1):
        for chosen in combinations(range(len(marks)), size):
            expected = sum(marks[i] for i in chosen) * 2 >= len(chosen)
            assert _investigational(article, set(chosen)) == expected, chosen


def test_a_guide_stating_every_risk_is_settled_without_measuring_the_discussion(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The discussion measure runs only for a drug with a risk still unstated for its readers."""
    from medlint.checks import required_warning

    measured: list[str] = []
    real = required_warning.discussion

    def counting(article, mentions, threshold):  # type: ignore[no-untyped-def]
        measured.append(mentions[0].drug)
        return real(article, mentions, threshold)

    monkeypatch.setattr(required_warning, "discussion", counting)
    stated = (
        "Warfarin for atrial fibrillation\n\n"
        "Warfarin thins the blood. Warfarin raises the risk of serious bleeding, so report any bleeding "
        "or black stools at once.\n"
    )
    assert [f for f in linter.lint_text(stated, "text") if f.category == "missing-warning"] == []
    assert measured == []
    unstated = "Warfarin for atrial fibrillation\n\nWarfarin thins the blood. Warfarin is taken daily.\n"
    found = [(f.rule, f.line, f.column) for f in linter.lint_text(unstated, "text")]
    assert [f for f in found if f[0].startswith("MED2")] == [("MED204", 1, 1)]
    assert measured == ["warfarin"]


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b(?:compared (?:with|to)|than|vs\.?)(?!\w)[^;:,()]{0,12}$",
        r"(?:,|\bor|\band)\s*$",
        r"\b(?:is|are)\s+(?:an?|the)\s+(?:[\w-]+\s+)?$",
        r"(?<!\w)ab+c?$",
        r"(?<=b)a*$",
        r"(?=a)\w+$",
        r"(?!b)[a-c]{2,3}?$",
        r"x.{1,3}?y$",
        r"[^a-c\d]\B$",
        r"(?:ab|ba)+\W?$",
    ],
)
def test_a_pattern_read_backwards_matches_where_the_search_finds(pattern: str) -> None:
    """``backwards(p).match(text[::-1])`` against ``p.search(text)``, on random short texts."""
    from medlint.rulebook.backwards import backwards

    reversed_pattern = backwards(pattern, re.IGNORECASE)
    assert reversed_pattern is not None
    forwards = re.compile(pattern, re.IGNORECASE)
    words = ["is", "are", "an", "the", "than", "vs.", "compared with", "to", "is an ", "the "]
    pieces = [*"abcxyABI \u0130\u212a1-,(", *words]
    rng = random.Random(pattern)
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        expected = forwards.search(text) is not None
        assert (reversed_pattern.match(text[::-1]) is not None) == expected, text
        found += expected
    assert 0 < found < 3000  # both answers are reached


def test_a_pattern_that_cannot_be_read_backwards_is_left_to_search() -> None:
    from medlint.rulebook.backwards import backwards

    assert backwards(r"ab") is None  # not anchored at the end
    assert backwards(r"a|b\s$") is None  # only one alternative is
    assert backwards(r"(a)\1$") is None  # a backreference
    assert backwards(r"^ab$") is None  # another anchor
    assert backwards(r"(?i:a)b$") is None  # an inline flag group
    assert backwards(r"(?=a+)b$") is None  # the lookahead would be a lookbehind of no fixed width


def test_line_starts_split_in_c_equal_the_line_break_scan() -> None:
    from medlint.markup.positions import line_starts

    rng = random.Random(12)
    for _ in range(3000):
        text = "".join(
            rng.choice(["a", "\n", "\r", "\r\n", "é", "\u2028", "\x0b", " "])
            for _ in range(rng.randint(0, 12))
        )
        assert line_starts(text) == [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)], repr(text)


def test_blocks_ending_in_their_line_break_map_as_the_run_by_run_loop_does() -> None:
    """``ProseBuilder.add``'s shortcut, against the loop over every odd-whitespace run."""
    from medlint.markup.prose import ProseBuilder

    class RunByRun(ProseBuilder):
        def add(self, text: str, source_start: int) -> None:
            self.add_run_by_run(text, source_start)

    pieces = ["ab", " ", "  ", "\n", "\r\n", "\t", "\x1c", "\xa0", "\u200b", "\u0430", "é", ".", "\u3000"]
    rng = random.Random(13)
    for _ in range(4000):
        blocks = [
            "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(rng.randint(1, 4))
        ]
        built = []
        for builder in (ProseBuilder(), RunByRun()):
            offset = 0
            for block in blocks:
                builder.add(block, offset)
                offset += len(block) + 1
            prose = builder.build()
            built.append((prose.text, [prose.source_span(i, i + 1) for i in range(len(prose.text))]))
        assert built[0] == built[1], blocks


def test_mention_indexes_equal_plain_scans(linter: Linter) -> None:
    """``mentions_between`` and ``mentions_by_drug`` give what a scan of every mention gives."""
    text = (
        "# Percocet and ibuprofen\n\nTake ibuprofen with food. Percocet holds oxycodone.\n\n"
        "Oxycodone is an opioid; ibuprofen is not. Accutane, Percocet and ibuprofen again.\n"
    )
    article = linter._engine.analyse(text, "markdown")
    assert len(article.mentions) >= 8
    for low in range(-1, len(article.text) + 2, 3):
        for high in range(low, len(article.text) + 3, 7):
            scanned = [m for m in article.mentions if low <= m.start < high]
            assert article.mentions_between(low, high) == scanned
    drugs = list(dict.fromkeys(m.drug for m in article.mentions))
    assert list(article.mentions_by_drug) == drugs
    for drug in drugs:
        assert article.mentions_by_drug[drug] == [m for m in article.mentions if m.drug == drug]


def test_drug_entities_are_made_where_a_pattern_reads_them(linter: Linter) -> None:
    """Entities only in sentences a purchase word triggers; the patterns match as before."""
    text = (
        "Accutane treats acne. Xanax treats anxiety.\n\n"
        "Readers write that they buy xanax online, then buy accutane online.\n"
    )
    found = [(f.rule, f.line, f.column, f.match) for f in linter.lint_text(text, "markdown")]
    assert [f for f in found if f[0] == "MED101"] == [
        ("MED101", 3, 25, "buy xanax online"),
        ("MED101", 3, 48, "buy accutane online"),
    ]
    article = linter._engine.analyse(text, "markdown")
    assert [e.text for e in article.doc.ents] == ["xanax", "accutane"]


def _outcome(getter, text: str) -> tuple[str, object]:
    try:
        return "value", getter(text)
    except Exception as error:  # spaCy's like_url indexes text[0]: on "" the fast form must raise too
        return "raises", type(error)


def test_fast_lexeme_attributes_equal_spacy_on_every_code_point() -> None:
    """Each fast lexical attribute gives spaCy's value for every single character (and, for a
    sample of them, the character repeated past the shape's run limit of four)."""
    from medlint.analysis.lexeme_attributes import fast_getters

    texts = [chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF]
    texts += [text * 6 for text in [*texts[::61], *" \n\t\r-.xXd9", "\r\n", "ab"]]
    for original, fast in fast_getters().values():
        assert [_outcome(fast, t) for t in texts] == [_outcome(original, t) for t in texts], original


def test_fast_lexeme_attributes_equal_spacy_on_random_words() -> None:
    from medlint.analysis.lexeme_attributes import fast_getters

    pieces = [
        *"aAzZ09.,/-+~±@:_'’", "http://", "https://", "www.", ".com", "İ", "ß", "Σ", "ς", "٣", "²", "Ⅻ",
        "é", "\u0301", "x", "X", "d", "seven", "Third", "1st", "22nd", "3/4", "1,000", "e.g.", " ", "\n",
    ]  # fmt: skip
    rng = random.Random(20261206)
    getters = list(fast_getters().values())
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        if rng.random() < 0.05:
            text = text * rng.randint(3, 8)  # past the 100 characters where the shape is "LONG"
        for original, fast in getters:
            assert _outcome(fast, text) == _outcome(original, text), (original.__name__, text)


def test_pipeline_uses_the_fast_lexeme_attributes(linter: Linter) -> None:
    from spacy.attrs import IS_ASCII, LIKE_NUM, LIKE_URL, SHAPE

    getters = linter._engine.nlp.vocab.lex_attr_getters
    modules = {getters[a].__module__ for a in (SHAPE, LIKE_NUM, LIKE_URL, IS_ASCII)}
    assert modules == {"medlint.analysis.lexeme_attributes"}  # spaCy's own live in spacy.lang.*
    words = linter._engine.nlp.tokenizer("Xanaxxxxxxx 1,000 seven www.example.com café")
    assert [(t.shape_, t.like_num, t.like_url, t.is_ascii) for t in words] == [
        ("Xxxxx", False, False, True),
        ("d,ddd", True, False, True),
        ("xxxx", True, False, True),
        ("xxx.xxxx.xxx", False, True, True),
        ("xxxx", False, False, False),
    ]


def test_drug_label_lookup_equals_the_reading_of_every_name() -> None:
    """The prefix and suffix lookups find the label the loop over every drug name found."""
    from medlint.rulebook.sellers import _LEET, _LETTERS, _drug_in_labels

    def every_name(labels: list[str], names: frozenset[str]) -> str | None:
        for label in labels:
            for reading in {label, label.translate(_LEET)}:
                for run in _LETTERS.findall(reading):
                    for name in names:
                        if len(name) >= 5 and run != name and (run.startswith(name) or run.endswith(name)):
                            return label
                        if run == name and label != name:
                            return label
        return None

    names = frozenset({"viagra", "xenical", "cialis", "rx", "meds"})
    pieces = ["via", "gra", "v1", "xen", "ical", "4", "-", "buy", "rx", "meds", "cial", "is", "0"]
    rng = random.Random(5)
    for _ in range(5000):
        labels = [
            "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(1, 3))
        ]
        assert _drug_in_labels(labels, names) == every_name(labels, names), labels


def test_listing_lookup_names_the_first_listing_as_the_loop_did() -> None:
    from medlint.rulebook.sellers import Listing, SellerBook, assess

    book = SellerBook(
        listed=(
            Listing("First", ("alpha", "beta.example"), "one", 1),
            Listing("Second", ("beta", "alpha"), "two", 2),
            Listing("Third", ("gamma.example",), "three", 3),
        )
    )
    assert (found := assess("https://beta.alpha.shop/x", book).listing) and found.name == "First"
    assert (found := assess("beta.shop", book).listing) and found.name == "Second"
    assert (found := assess("https://www.gamma.example/", book).listing) and found.name == "Third"
    assert (found := assess("https://shop.beta.example/", book).listing) and found.name == "Second"
    assert assess("https://delta.example/", book).listing is None
