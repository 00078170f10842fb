"""Reporters: findings → text, JSON, SARIF or GitHub annotations. Each is one small function."""

from __future__ import annotations

from typing import Protocol

from ..finding import Finding
from ..ruleset import Rule
from .github import render_github
from .json import render_json
from .sarif import render_sarif
from .text import render_text


class Reporter(Protocol):
    """findings, enabled rules, files linted, colour, files that could not be read → output."""

    def __call__(
        self, findings: list[Finding], rules: list[Rule], files: int, color: bool, unreadable: int = 0
    ) -> str: ...


REPORTERS: dict[str, Reporter] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
}

__all__ = ["REPORTERS", "Reporter"]
