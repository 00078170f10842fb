#!/usr/bin/env python3
"""One long Markdown file through the CLI: time and peak memory at 1×, 10× and 100× (not a test).

    python bench/big_file.py [--sizes 1,10,100] [--keep DIR]

Each size (in MB) is one file made of generated articles (``bench/generate.py``, fixed seed)
joined end to end, so the text is the same kind at every size and time per MB shows whether
linting is linear. Runs ``medlint check --format json FILE`` once per size and prints CPU
seconds (user + system, of the child), wall seconds, peak resident memory (MB), findings, and
the throughput. A long file is linted in pieces (``markup/pieces.py``), so memory should stay
near the one-piece level however large the file.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from child import run_child  # noqa: E402
from generate import generate  # noqa: E402


def build(path: Path, megabytes: int, articles: Path) -> int:
    """Write ``path`` by repeating the generated articles until it holds ``megabytes`` MB."""
    parts = [p.read_text(encoding="utf-8") for p in sorted(articles.glob("*.md"))]
    target = megabytes * 1_000_000
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            for part in parts:
                out.write(part)
                out.write("\n\n")
                written += len(part.encode()) + 2
                if written >= target:
                    break
    return written


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1,10,100", help="file sizes in MB, comma-separated")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="medlint-big-"))
    folder.mkdir(parents=True, exist_ok=True)
    articles = folder / "articles"
    articles.mkdir(exist_ok=True)
    generate(articles, 1000, 1000, 10)
    medlint = str(Path(sys.executable).parent / "medlint")
    print("size     CPU s   wall s  peak MB  exit  findings  MB/s (CPU)")
    for megabytes in (int(s) for s in args.sizes.split(",")):
        path = folder / f"big-{megabytes}mb.md"
        size = build(path, megabytes, articles)
        report = folder / f"big-{megabytes}mb.json"
        measured = run_child([medlint, "check", "--format", "json", str(path)], report)
        cpu, wall, peak, status = measured.cpu, measured.wall, measured.peak_mb, measured.status
        findings = len(json.loads(report.read_text())["findings"]) if status in (0, 1) else -1
        print(
            f"{size / 1e6:5.0f} MB {cpu:7.1f} {wall:8.1f} {peak:8d} {status:5d} {findings:9d}"
            f"  {size / 1e6 / cpu:.2f}"
        )
        if not args.keep:
            path.unlink()
            report.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
