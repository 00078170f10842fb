#!/usr/bin/env python3
"""Speed of medlint, measured (not a test): start-up against bare spaCy, and corpus throughput.

    python bench/speed.py [--runs 5] [--corpus ../shared/corpus/reputable] [--article FILE]

Prints medians; run it before and after a change that could cost time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def wall(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "reputable")
    parser.add_argument("--article", type=Path, default=SHARED / "seeds" / "001_07199b1bc28dce52.txt")
    args = parser.parse_args()
    medlint = str(Path(sys.executable).parent / "medlint")

    baseline = wall([sys.executable, "-c", "import spacy; spacy.blank('en')"], args.runs)
    one = wall([medlint, "check", str(args.article)], args.runs)
    version = wall([medlint, "--version"], args.runs)
    print(f"start-up, median of {args.runs}:")
    print(f"  python -c 'import spacy; spacy.blank(\"en\")'  {baseline:6.2f} s")
    print(f"  medlint check {args.article.name:<28} {one:6.2f} s  ({one / baseline:.2f}× bare spaCy)")
    print(f"  medlint --version                          {version:6.2f} s")

    from medlint import Linter

    start = time.perf_counter()
    linter = Linter()
    built = time.perf_counter() - start
    engine = linter._engine
    print(
        f"Linter() in-process: {built * 1000:.0f} ms "
        f"({len(linter.rules)} rules, {len(engine.drugs)} lexicon entries, "
        f"{sum(len(d.all_names) for d in engine.drugs)} drug names)"
    )

    from spacy.matcher import PhraseMatcher

    names = [(drug.id, list(drug.all_names)) for drug in engine.drugs]
    start = time.perf_counter()
    matcher = PhraseMatcher(engine.nlp.vocab, attr="LOWER")
    for drug_id, drug_names in names:
        matcher.add(drug_id, [engine.nlp.tokenizer(name.lower()) for name in drug_names])
    lexicon_ms = (time.perf_counter() - start) * 1000
    print(f"drug lexicon PhraseMatcher build: {lexicon_ms:.1f} ms ({sum(len(n) for _, n in names)} names)")

    if not args.corpus.is_dir():
        print(f"corpus {args.corpus} not found: throughput skipped")
        return 0
    files = sorted(
        p
        for p in args.corpus.iterdir()
        if p.is_file() and p.name != "expected.yaml" and not p.name.startswith(("README", "."))
    )
    texts = [(p, p.read_text(encoding="utf-8", errors="replace")) for p in files]
    size = sum(len(t.encode("utf-8")) for _, t in texts)
    rates = []
    findings = 0
    for _ in range(max(1, min(args.runs, 3))):
        start = time.perf_counter()
        findings = sum(len(linter.lint_text(text, "text", str(path))) for path, text in texts)
        rates.append(time.perf_counter() - start)
    elapsed = statistics.median(rates)
    print(f"throughput on {args.corpus.name} ({len(files)} files, {size / 1e6:.2f} MB), one core, warm:")
    print(f"  {len(files) / elapsed:7.1f} files/s   {size / 1e6 / elapsed:5.2f} MB/s   ({findings} findings)")
    cli = wall([medlint, "check", "-q", str(args.corpus)], 1)
    print(f"  whole CLI run incl. start-up: {cli:.2f} s = {len(files) / cli:.1f} files/s")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
