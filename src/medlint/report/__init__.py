"""Reporters: findings → text, JSON, SARIF or GitHub annotations. Each is one small function."""

from __future__ import annotations

from collections.abc import Callable

from ..finding import Finding
from ..ruleset import Rule
from .github import render_github
from .json import render_json
from .sarif import render_sarif
from .text import render_text

Reporter = Callable[[list[Finding], list[Rule], int, bool], str]

REPORTERS: dict[str, Reporter] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
}

__all__ = ["REPORTERS", "Reporter"]
