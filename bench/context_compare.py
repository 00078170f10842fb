#!/usr/bin/env python3
"""medspaCy's ConText against medlint's own cue logic (issue 7; a benchmark, not a test).

    python bench/context_compare.py [--bioscope PATH] [--dev DIR ...] [--sentences N] [--disagreements N]

ConText (Chapman et al. 2011; medspaCy's ``medspacy_context`` component) marks *target* spans as
negated, uncertain or hypothetical when a modifier's scope covers them. medlint asks a sentence
question, so the comparison gives ConText targets as follows:

* BioScope (sentence level): every word token is a one-token target, and a sentence counts as
  hedged when ConText marks any of them ``is_uncertain`` or ``is_hypothetical``. One span over
  the whole sentence would not work: ConText never lets a modifier modify a target it overlaps.
* Dev sets (claim level): the targets are the claim words (cure, effective, safe, proven …) of
  sentences medlint finds; this is the way ConText is meant to be used, a concept and its context.

Rows: (a) medlint's current logic (the figure ``bench/hedges.py`` prints), (b) ConText with
medspaCy's default English rules, (c) those rules plus medlint's cue terms from rules/cues.yaml;
(b)' and (c)' count only ``is_uncertain``, since BioScope does not mark conditionals ("if") as
speculation and (a) does not count them either. Times are CPU time (the machine is shared).

medspaCy 1.3.1 requires spaCy < 3.8 on Python < 3.12 (and then numpy < 2), which would downgrade
the project's spaCy 3.8, so it is not a project dependency; run this in a separate environment::

    python -m venv /tmp/ctxvenv && /tmp/ctxvenv/bin/pip install medspacy && \
        /tmp/ctxvenv/bin/pip install -e .
    /tmp/ctxvenv/bin/python bench/context_compare.py

Without medspaCy the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from medlint.analysis.sentence_certainty import SentenceCertainty

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
GROUP = "medlint_targets"
#: Claim words whose context decides whether a health claim is asserted (dev-set targets).
CLAIM_WORD = re.compile(
    r"\b(cures?|cured|curing|effective(?:ness)?|efficacy|safe|safer|safely|safety|proven|proves?|"
    r"works?|treats?|prevents?|reduces?|heals?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Scores:
    """A confusion table for one system on BioScope, with its run time."""

    tp: int
    fp: int
    fn: int
    tn: int
    seconds: float

    @property
    def precision(self) -> float:
        """Share of predicted-hedged sentences that the annotators marked hedged."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of annotated-hedged sentences the system found."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Verdict:
    """What ConText says about the targets of one sentence."""

    uncertain: bool
    hypothetical: bool
    negated: bool
    modifiers: tuple[str, ...]

    @property
    def hedged(self) -> bool:
        """Uncertain or hypothetical: what medlint calls hedged (plus conditional on dev sets)."""
        return self.uncertain or self.hypothetical


class ConTextRunner:
    """A blank English pipeline with medlint's sentence splitter and a ConText component."""

    def __init__(self, with_medlint_cues: bool) -> None:
        import spacy
        from medspacy.context import ConText  # type: ignore[import-not-found, unused-ignore]

        self.nlp: Language = spacy.blank("en")
        self.context = ConText(self.nlp, rules="default", input_span_type="group", span_group_name=GROUP)
        if with_medlint_cues:
            self.context.add(medlint_rules())

    def run(self, text: str, targets: Callable[[Doc], list[tuple[int, int]]]) -> Verdict:
        """ConText's verdict on the target token ranges ``targets(doc)`` picks in ``text``."""
        from medlint.analysis.pipeline import mark_sentences

        doc = self.nlp.make_doc(text)
        mark_sentences(doc, [0])
        doc.spans[GROUP] = [doc[start:end] for start, end in targets(doc)]
        self.context(doc)
        spans = list(doc.spans[GROUP])
        return Verdict(
            uncertain=any(span._.is_uncertain for span in spans),
            hypothetical=any(span._.is_hypothetical for span in spans),
            negated=any(span._.is_negated for span in spans),
            modifiers=tuple(
                sorted({f"{m.category}:{doc[m.modifier_span[0] : m.modifier_span[1]].text}"
                        for span in spans for m in span._.modifiers})
            ),
        )  # fmt: skip


def medlint_rules() -> list[Any]:
    """medlint's cue terms as ConText rules, with the scope medlint gives each lexicon.

    Hedges qualify the whole sentence (bidirectional); negations reach forward to a clause
    break (``sentence_certainty.negation_scopes_over``), so clause breaks terminate scopes;
    ``not_hedge`` phrases ("membrane potential") become pseudo-modifiers, which outrank the
    shorter hedge they contain ("could not" becomes a negation instead). Mid-sentence "when"
    is not hypothetical in medlint, so it is left out.
    """
    import yaml
    from medspacy.context import ConTextRule  # type: ignore[import-not-found, unused-ignore]

    cues = yaml.safe_load((ROOT / "rules" / "cues.yaml").read_text(encoding="utf-8"))["cues"]
    plan = (
        ("hedge", "POSSIBLE_EXISTENCE", "BIDIRECTIONAL"),
        ("not_hedge", "POSSIBLE_EXISTENCE", "PSEUDO"),
        ("negation", "NEGATED_EXISTENCE", "FORWARD"),
        ("conditional", "HYPOTHETICAL", "FORWARD"),
        ("clause_break", "CLAUSE_BREAK", "TERMINATE"),
    )
    negations = set(cues["negation"])
    rules = []
    for lexicon, category, direction in plan:
        for term in dict.fromkeys(cues[lexicon]):
            if lexicon == "conditional" and term == "when":
                continue
            if lexicon == "not_hedge" and any(
                word in negations or any(word.endswith(n) for n in negations if len(n) > 2)
                for word in term.lower().split()
            ):
                # "could not" is still a negation for medlint; as a pseudo-modifier it would
                # swallow the "not" (ConText keeps only the longest overlapping match).
                rules.append(ConTextRule(term, "NEGATED_EXISTENCE", direction="FORWARD"))
                continue
            rules.append(ConTextRule(term, category, direction=direction))
    return rules


def word_targets(doc: Doc) -> list[tuple[int, int]]:
    """Every word token as a one-token target (sentence-level question)."""
    return [(t.i, t.i + 1) for t in doc if not (t.is_punct or t.is_space)]


def claim_targets(doc: Doc) -> list[tuple[int, int]]:
    """The claim-word tokens (claim-level question)."""
    return [(t.i, t.i + 1) for t in doc if CLAIM_WORD.fullmatch(t.text)]


def score(rows: list[dict[str, Any]], predict: Callable[[str], bool]) -> Scores:
    """Confusion table of ``predict`` against BioScope's sentence labels."""
    tp = fp = fn = tn = 0
    start = time.process_time()
    for row in rows:
        predicted, gold = predict(row["text"]), bool(row["hedged"])
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
        tn += not (predicted or gold)
    return Scores(tp, fp, fn, tn, time.process_time() - start)


def sentence_hedged(runner: ConTextRunner, uncertain_only: bool) -> Callable[[str], bool]:
    """A BioScope predictor: ConText marks some word of the sentence uncertain (or hypothetical)."""

    def predict(text: str) -> bool:
        verdict = runner.run(text, word_targets)
        return verdict.uncertain if uncertain_only else verdict.hedged

    return predict


def bioscope_table(path: Path, runners: dict[str, ConTextRunner]) -> None:
    """Print precision, recall, F1 and time per 1,000 sentences for every system."""
    from medlint import Linter

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    linter = Linter()
    systems: dict[str, Callable[[str], bool]] = {
        "(a) medlint cues.yaml": lambda text: any(s.hedged for s in linter.certainty(text, "text")),
    }
    for name, runner in runners.items():
        systems[name] = sentence_hedged(runner, uncertain_only=False)
    for name, runner in runners.items():
        # BioScope does not mark conditionals as speculation, and (a) leaves them out too.
        systems[f"{name[:3]}' is_uncertain only"] = sentence_hedged(runner, uncertain_only=True)
    print(f"BioScope: {len(rows)} sentences, {sum(r['hedged'] for r in rows)} hedged ({path})")
    print(f"{'system':34} {'P':>6} {'R':>6} {'F1':>6} {'CPU ms/1k':>11}   tp/fp/fn/tn")
    for name, predict in systems.items():
        s = score(rows, predict)
        per_k = 1000 * s.seconds / len(rows) * 1000
        print(
            f"{name:34} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {per_k:11.0f}   "
            f"{s.tp}/{s.fp}/{s.fn}/{s.tn}"
        )


@dataclass(frozen=True)
class Pair:
    """One claim sentence with both decisions."""

    corpus: str
    text: str
    medlint_hedged: bool
    medlint_negated: bool
    medlint_negation_reaches_claim: bool
    medlint_cues: tuple[str, ...]
    context: Verdict


def claim_sentences(directory: Path, limit: int, rng: random.Random) -> Iterable[SentenceCertainty]:
    """Up to ``limit`` medlint sentences with a claim word, from files taken in random order.

    The sentences come from medlint's own analysis (``Engine.analyse``), not the public report,
    because the report leaves out the clause-break cues that bound a negation's scope.
    """
    from medlint import Linter

    engine = Linter()._engine
    files = sorted(directory.glob("*.txt"))
    rng.shuffle(files)
    found = 0
    for file in files:
        article = engine.analyse(file.read_text(encoding="utf-8"), "text")
        for index in range(len(article.sentences)):
            sentence = article.certainty(index)
            if CLAIM_WORD.search(sentence.text) and len(sentence.text) < 400:
                yield sentence
                found += 1
                if found >= limit:
                    return


def negation_reaches_claim(sentence: SentenceCertainty) -> bool:
    """medlint's scoped negation: a negation cue before a claim word, no clause break between.

    This is what the claim rules use (``negation_scopes_over``), rather than the sentence's
    ``negated`` flag, which any "not" anywhere in the sentence sets.
    """
    from medlint.analysis.sentence_certainty import negation_scopes_over

    return any(
        negation_scopes_over(sentence, sentence.start + claim.start())
        for claim in CLAIM_WORD.finditer(sentence.text)
    )


def dev_comparison(directories: list[Path], runners: dict[str, ConTextRunner], limit: int, show: int) -> None:
    """Agreement of medlint's sentence flags with each ConText's verdict on the claim words."""
    rng = random.Random(7)
    sentences = [(d.name, s) for d in directories for s in claim_sentences(d, limit, rng)]
    print()
    print("Dev sets: claim sentences; medlint's sentence flags vs ConText's verdict on the claim words")
    print(
        f"{'ConText rules':28} {'corpus':14} {'flag':9} {'n':>4} {'agree':>6} {'kappa':>6} "
        f"{'both':>5} {'ml only':>8} {'ctx only':>9}"
    )
    samples: dict[str, list[Pair]] = {}
    for label, runner in runners.items():
        pairs = [
            Pair(
                corpus=corpus,
                text=s.text,
                medlint_hedged=s.hedged or s.conditional,
                medlint_negated=s.negated,
                medlint_negation_reaches_claim=negation_reaches_claim(s),
                medlint_cues=tuple(f"{c.kind}:{c.text}" for c in s.cues if c.kind != "clause_break"),
                context=runner.run(s.text, claim_targets),
            )
            for corpus, s in sentences
        ]
        for corpus in [d.name for d in directories]:
            subset = [p for p in pairs if p.corpus == corpus]
            for flag, a, b in (
                ("hedge", [p.medlint_hedged for p in subset], [p.context.hedged for p in subset]),
                ("negation", [p.medlint_negated for p in subset], [p.context.negated for p in subset]),
                (
                    "neg-scope",
                    [p.medlint_negation_reaches_claim for p in subset],
                    [p.context.negated for p in subset],
                ),
            ):
                both = sum(x and y for x, y in zip(a, b, strict=True))
                only_a = sum(x and not y for x, y in zip(a, b, strict=True))
                only_b = sum(y and not x for x, y in zip(a, b, strict=True))
                agree = sum(x == y for x, y in zip(a, b, strict=True)) / len(subset) if subset else 1.0
                print(
                    f"{label[4:]:28} {corpus:14} {flag:9} {len(subset):4} {agree:6.3f} "
                    f"{kappa(a, b):6.3f} {both:5} {only_a:8} {only_b:9}"
                )
        disagreements = [
            p
            for p in pairs
            if p.medlint_hedged != p.context.hedged or p.medlint_negation_reaches_claim != p.context.negated
        ]
        rng.shuffle(disagreements)
        samples[label] = disagreements[:show]
    for label, chosen in samples.items():
        if not chosen:
            continue
        print(f"\nDisagreements with {label}:")
        for p in chosen:
            print(f"\n[{p.corpus}] {p.text}")
            print(
                f"  medlint: hedged={p.medlint_hedged} "
                f"negation reaches claim={p.medlint_negation_reaches_claim} cues={p.medlint_cues}"
            )
            print(
                f"  ConText: hedged={p.context.hedged} negated={p.context.negated} "
                f"modifiers={list(p.context.modifiers)}"
            )


def kappa(a: list[bool], b: list[bool]) -> float:
    """Cohen's kappa: agreement beyond what the two systems' base rates give by chance."""
    n = len(a)
    if not n:
        return 1.0
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bioscope", type=Path, default=CORPUS / "bioscope-hedges.jsonl")
    parser.add_argument("--dev", type=Path, nargs="*", default=[CORPUS / "realworld-dev", CORPUS / "news"])
    parser.add_argument("--sentences", type=int, default=400, help="claim sentences per dev set")
    parser.add_argument("--disagreements", type=int, default=15, help="print this many disagreements")
    parser.add_argument("--skip-bioscope", action="store_true")
    args = parser.parse_args()
    try:
        import medspacy  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        print("medspaCy is not installed; nothing to compare (see this script's docstring to set it up).")
        return 0
    print(f"medspaCy {medspacy.__version__}")
    runners = {
        "(b) ConText default rules": ConTextRunner(with_medlint_cues=False),
        "(c) ConText + medlint cues": ConTextRunner(with_medlint_cues=True),
    }
    if not args.skip_bioscope:
        if not args.bioscope.is_file():
            print(f"{args.bioscope} not found")
            return 1
        bioscope_table(args.bioscope, runners)
    dev = [d for d in args.dev if d.is_dir()]
    if dev:
        dev_comparison(dev, runners, args.sentences, args.disagreements)
    return 0


if __name__ == "__main__":
    sys.exit(main())
