"""Shared fixtures: one Linter for the whole session (building it is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from medlint import Linter

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The project's shared folder (seeds, corpus, schemas); absent in a user's clone."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not present (it is only beside the project's own checkout)")
    return SHARED


def codes(findings) -> list[str]:
    return [f.rule for f in findings]


def where(findings) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in findings]
