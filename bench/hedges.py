#!/usr/bin/env python3
"""Sentence-level hedge detection on BioScope (not a test): precision, recall and F1 of `hedged`.

    python bench/hedges.py [--data ../shared/corpus/bioscope-hedges.jsonl] [--errors N]

A BioScope sentence counts as hedged by medlint when any sentence medlint finds in it is hedged.
The CoNLL-2010 shared task's best sentence-level F1 on this kind of text was 0.86 (machine
learning); medlint's rule lexicon (rules/cues.yaml) aims for at least 0.80.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "corpus" / "bioscope-hedges.jsonl"
    )
    parser.add_argument("--errors", type=int, default=0, help="print this many misses and false alarms")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"{args.data} not found")
        return 1
    from medlint import Linter

    linter = Linter()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    tp = fp = fn = tn = 0
    misses: list[str] = []
    alarms: collections.Counter[str] = collections.Counter()
    examples: list[str] = []
    start = time.perf_counter()
    for row in rows:
        sentences = linter.certainty(row["text"], "text")
        predicted = any(s.hedged for s in sentences)
        if predicted and row["hedged"]:
            tp += 1
        elif predicted:
            fp += 1
            for s in sentences:
                alarms.update(c.text for c in s.cues if c.kind == "hedge")
            examples.append(row["text"])
        elif row["hedged"]:
            fn += 1
            misses.append(", ".join(c[2] for c in row["cues"]))
        else:
            tn += 1
    elapsed = time.perf_counter() - start
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"BioScope sentences: {len(rows)} ({tp + fn} hedged), {elapsed:.1f} s")
    print(
        f"hedged: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}  "
        f"(tp {tp}, fp {fp}, fn {fn}, tn {tn})"
    )
    if args.errors:
        print("cues of false alarms:", alarms.most_common(args.errors))
        print("missed cues:", collections.Counter(misses).most_common(args.errors))
        for text in examples[: args.errors]:
            print("  FALSE:", text[:160])
    return 0


if __name__ == "__main__":
    sys.exit(main())
