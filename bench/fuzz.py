"""Longer fuzz run of the property tests, plus a timing sweep over pathological inputs.

    python bench/fuzz.py [--examples 2000] [--size 50000] [--seed 0] [--piece-chars N]

Part 1 runs the strategies of tests/test_properties.py with many more examples and checks the
same properties (never raises, exact spans, deterministic). Part 2 lints long runs of every
character class that used to trigger spaCy's quadratic prefix/suffix search, in every format,
and reports microseconds per input character; a time that grows with size means a regression.
``--piece-chars`` makes the Linter cut texts into pieces that small (``markup/pieces.py``), so the
fuzzed text meets the cuts too.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from medlint import Linter
from test_properties import check_findings, formats, texts

PATHOLOGICAL = [
    "(",
    "[",
    "$",
    "'",
    '"',
    ",",
    ":)",
    "😀",
    "&amp;",
    "&#8203;",
    "<",
    "*",
    "`",
    "> ",
    "- ",
    "[a]",
]


def fuzz(linter: Linter, examples: int, fuzz_seed: int) -> tuple[int, int]:
    """Run the properties ``examples`` times; return (texts linted, findings seen)."""
    counts = [0, 0]

    @seed(fuzz_seed)
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(text=texts, fmt=formats)
    def run(text: str, fmt: str) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            first = linter.lint_text(text, fmt)
            second = linter.lint_text(text, fmt)
        assert first == second, "not deterministic"
        check_findings(text, first)
        counts[0] += 1
        counts[1] += len(first)

    run()
    return counts[0], counts[1]


def sweep(linter: Linter, size: int) -> float:
    """Lint every pathological run at ``size`` and ``size // 4`` characters; return the worst µs/char."""
    worst = 0.0
    for piece in PATHOLOGICAL:
        for fmt in ("markdown", "html", "text"):
            rates = []
            for length in (size // 4, size):
                text = piece * max(length // len(piece), 1)
                started = time.perf_counter()
                linter.lint_text(text, fmt)
                rates.append((time.perf_counter() - started) / len(text) * 1e6)
            worst = max(worst, *rates)
            print(f"  {piece!r:>10} {fmt:<8} {rates[0]:7.2f} → {rates[1]:7.2f} µs/char")
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--piece-chars", type=int, default=Linter.piece_chars)
    args = parser.parse_args()
    linter = Linter()
    linter.time_limit = None
    linter.piece_chars = args.piece_chars
    started = time.perf_counter()
    linted, found = fuzz(linter, args.examples, args.seed)
    print(f"properties: {linted} texts, {found} findings, no failure, {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    worst = sweep(linter, args.size)
    print(f"sweep: worst {worst:.2f} µs/char, {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
