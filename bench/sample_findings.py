#!/usr/bin/env python3
"""Draw findings at random (fixed seed) from `medlint check --format json` output, for an editor to judge.

    medlint check --format json ../shared/corpus/news > /tmp/news.json
    python bench/sample_findings.py /tmp/news.json --corpus ../shared/corpus/news \
        --categories overclaim,unestablished-claim,dosing,care-avoidance -n 50

Prints the rate per 10,000 words per category (words counted in the files the findings come
from and every other file under --corpus), then each sampled finding with its source line, so
the sample can be judged TRUE or FALSE by the rules in ../shared/corpus/realworld-dev/README.md.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("findings", type=Path, help="JSON written by medlint check --format json")
    parser.add_argument("--categories", default="", help="comma-separated categories (default: all)")
    parser.add_argument("-n", type=int, default=50, help="sample size (all findings when fewer)")
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--corpus", type=Path, help="folder whose words the rates are counted over")
    args = parser.parse_args()

    findings = json.loads(args.findings.read_text(encoding="utf-8"))["findings"]
    wanted = {c for c in args.categories.split(",") if c}
    chosen = [f for f in findings if not wanted or f["category"] in wanted]
    if args.corpus:
        words = sum(
            len(p.read_text(encoding="utf-8", errors="replace").split()) for p in args.corpus.glob("*.*")
        )
        counts = Counter(f["category"] for f in findings)
        for category, count in sorted(counts.items()):
            print(f"{category:<20} {count:>4} findings  {count / words * 10_000:.2f} per 10k words")
        rate = len(findings) / words * 10_000
        print(f"{'all':<20} {len(findings):>4} findings  {rate:.2f} per 10k words ({words} words)")
    sample = random.Random(args.seed).sample(chosen, min(args.n, len(chosen)))
    sample.sort(key=lambda f: (f["path"], f["line"], f["column"]))
    print(f"\n{len(sample)} of {len(chosen)} findings (seed {args.seed}):")
    for number, finding in enumerate(sample, 1):
        lines = Path(finding["path"]).read_text(encoding="utf-8", errors="replace").split("\n")
        line = lines[finding["line"] - 1] if finding["line"] <= len(lines) else ""
        column = finding["column"] - 1
        context = line[max(0, column - 200) : column + 200]
        print(
            f"\n[{number}] {finding['path']}:{finding['line']}:{finding['column']} {finding['rule']} "
            f"{finding['category']} conf={finding.get('confidence')}"
        )
        print(f"    {finding['message']}")
        print(f"    …{context}…")


if __name__ == "__main__":
    main()
