#!/usr/bin/env python3
"""Speed of medlint, measured (not a test): start-up against bare spaCy, throughput, scaling.

    python bench/speed.py [--runs 5] [--corpus DIR ...] [--article FILE] [--generated N] [--startup-only]

Other jobs share this machine, so every figure is CPU time (user + system, of this process or of
the child it ran), not wall time; wall time is printed beside it. ``--generated N`` writes N
articles with ``bench/generate.py`` (fixed seed) and adds them as a corpus and as the scaling
curve (N/100, N/10, N files through the CLI). Prints medians; run it before and after a change.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "bench"))

from child import ChildRun, run_child  # noqa: E402
from generate import generate  # noqa: E402


def startup(bare: list[str], medlint: list[str], runs: int) -> tuple[list[ChildRun], list[ChildRun]]:
    """``runs`` pairs of runs, bare spaCy then medlint, so that drift in the machine's speed
    (it is shared) falls on both sides of each pair rather than on one command's block of runs."""
    pairs = [(run_child(bare), run_child(medlint)) for _ in range(runs)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def corpus_files(folder: Path) -> list[Path]:
    """The articles of a corpus folder (not its README or expected.yaml)."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.name != "expected.yaml" and not p.name.startswith(("README", "."))
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, action="append", default=None)
    parser.add_argument("--article", type=Path, default=SHARED / "seeds" / "001_07199b1bc28dce52.txt")
    parser.add_argument("--generated", type=int, default=1000, help="articles to generate (0: none)")
    parser.add_argument("--startup-only", action="store_true", help="measure the start-up pairs only")
    args = parser.parse_args()
    medlint = str(Path(sys.executable).parent / "medlint")
    corpora: list[Path] = args.corpus or [SHARED / "corpus" / "news"]
    generated: Path | None = None
    if args.generated and not args.startup_only:
        generated = Path(tempfile.mkdtemp(prefix="medlint-speed-"))
        generate(generated, args.generated, 1000, 10)
        corpora.append(generated)

    spacy_start = [sys.executable, "-c", "import spacy; spacy.blank('en')"]
    bare, one = startup(spacy_start, [medlint, "check", str(args.article)], args.runs)
    ratios = [m.cpu / b.cpu for b, m in zip(bare, one, strict=True)]
    print(f"start-up, median of {args.runs} alternating pairs (CPU s / wall s / peak MB):")
    for name, runs in (("bare spacy.blank('en')", bare), (f"medlint check {args.article.name[:16]}", one)):
        cpu, wall = statistics.median(r.cpu for r in runs), statistics.median(r.wall for r in runs)
        print(f"  {name:<32}  {cpu:5.2f} / {wall:5.2f} / {max(r.peak_mb for r in runs)}")
    print(
        f"  medlint / bare spaCy, CPU: median {statistics.median(ratios):.2f}×"
        f" (pairs from {min(ratios):.2f}× to {max(ratios):.2f}×)"
    )
    if args.startup_only:
        return 0

    from medlint import Linter

    start = time.process_time()
    linter = Linter()
    print(
        f"Linter() in-process: {(time.process_time() - start) * 1000:.0f} ms CPU, {len(linter.rules)} rules"
    )

    for folder in corpora:
        files = corpus_files(folder)
        texts = [(p, p.read_text(encoding="utf-8", errors="replace")) for p in files]
        size = sum(len(t.encode("utf-8")) for _, t in texts)
        formats = ["markdown" if p.suffix == ".md" else "text" for p, _ in texts]
        rates = []
        findings = 0
        for _ in range(max(1, min(args.runs, 3))):
            start = time.process_time()
            findings = sum(
                len(linter.lint_text(text, fmt, str(path)))
                for (path, text), fmt in zip(texts, formats, strict=True)
            )
            rates.append(time.process_time() - start)
        elapsed = statistics.median(rates)
        name = "generated" if folder == generated else folder.name
        print(f"throughput on {name} ({len(files)} files, {size / 1e6:.2f} MB), one core, warm, CPU time:")
        print(
            f"  {len(files) / elapsed:7.1f} files/s  {size / 1e6 / elapsed:5.2f} MB/s  ({findings} findings)"
        )
        whole = run_child([medlint, "check", "-q", "--exit-zero", str(folder)])
        print(
            f"  whole CLI run incl. start-up: {whole.cpu:.2f} s CPU ({whole.wall:.2f} s wall),"
            f" {whole.peak_mb} MB peak"
        )

    if generated is not None:
        files = corpus_files(generated)
        print("scaling, whole CLI run on generated articles (files, CPU s, MB/s, peak MB):")
        for count in sorted({max(1, len(files) // 100), max(1, len(files) // 10), len(files)}):
            chosen = files[:count]
            size = sum(p.stat().st_size for p in chosen)
            curve = run_child([medlint, "check", "-q", "--exit-zero", *map(str, chosen)])
            print(f"  {count:5d}  {curve.cpu:6.2f}  {size / 1e6 / curve.cpu:5.2f}  {curve.peak_mb}")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    if generated is not None:
        shutil.rmtree(generated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
