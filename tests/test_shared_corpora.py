"""The project's yardsticks in ../shared (skipped in a user's clone): seeds and reputable text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from medlint.rulebook.ruleset import load_rulebook

CATEGORIES = sorted({rule.category for rule in load_rulebook().rules})


def score(shared: Path, corpus: str, *extra: str) -> subprocess.CompletedProcess[str]:
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    args = [sys.executable, str(shared / "eval" / "score"), str(shared / corpus), *extra]
    for category in CATEGORIES:
        args += ["--category", category]
    return subprocess.run(args, capture_output=True, text=True, env=env)


def test_seeds_are_found_exactly(shared):
    result = score(shared, "seeds", "--min-precision", "1", "--min-recall", "1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_reputable_health_text_stays_quiet(shared):
    result = score(shared, "corpus/reputable", "--max-false-per-10k-words", "1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_seed_positions(linter, shared):
    findings = linter.lint_file(shared / "seeds" / "001_07199b1bc28dce52.txt")
    assert [(f.rule, f.line, f.column) for f in findings if f.category == "pharmacy-promotion"] == [
        ("MED104", 7, 8),
        ("MED107", 8, 18),
        ("MED106", 8, 44),
        ("MED116", 9, 1),
        ("MED102", 9, 30),
    ]
