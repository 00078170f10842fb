"""medlint beside the prose linters it is compared with, on one generated corpus (not a test).

    python bench/peers.py [--count 1000] [--bin DIR ...]

Writes ``--count`` Markdown articles with ``bench/generate.py`` (fixed seed), then times each tool
that is installed over all of them as one whole process: medlint (``--jobs 1``, one core),
write-good and alex (npm: ``npm install write-good alex`` puts them in ``node_modules/.bin``) and
proselint (PyPI). ``--bin`` adds folders to look for the peers in. Prints wall and CPU time
(user + system of the child), MB/s over the corpus, files/s and peak memory. Tools that are not
found are listed as such, never guessed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from child import run_child  # noqa: E402


def find(name: str, folders: list[Path]) -> str | None:
    """A peer's executable: in one of ``folders`` first, then on PATH."""
    for folder in folders:
        candidate = folder / name
        if candidate.exists():
            return str(candidate)
    return shutil.which(name)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--bin", type=Path, action="append", default=[], help="folder holding peer tools")
    args = parser.parse_args()
    folders = [*args.bin, Path("node_modules/.bin")]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--count", str(args.count), "--out", str(corpus)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        files = sorted(str(p) for p in corpus.glob("*.md"))
        size = sum(Path(f).stat().st_size for f in files) / 1e6
        print(f"corpus: {len(files)} generated Markdown articles, {size:.1f} MB")
        print(f"machine: {os.cpu_count()} cores")
        medlint = find("medlint", [Path(sys.executable).parent])
        tools = {
            "medlint (--jobs 1)": [medlint, "check", "--jobs", "1", str(corpus)] if medlint else None,
            "write-good": [path, *files] if (path := find("write-good", folders)) else None,
            "proselint": [path, "check", *files] if (path := find("proselint", folders)) else None,
            "alex": [path, *files] if (path := find("alex", folders)) else None,
        }
        print(f"{'tool':20} {'wall s':>8} {'CPU s':>8} {'MB/s':>7} {'files/s':>8} {'peak MB':>8}")
        for name, command in tools.items():
            if command is None:
                print(f"{name:20} not installed")
                continue
            run = run_child(command)
            print(
                f"{name:20} {run.wall:8.2f} {run.cpu:8.2f} {size / run.wall:7.2f}"
                f" {len(files) / run.wall:8.1f} {run.peak_mb:8d}"
            )


if __name__ == "__main__":
    main()
