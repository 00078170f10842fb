"""Reporters: findings → one output format. Each format is one small module with one function.

The registry below is the one list of formats: the CLI's ``--format`` choices come from it.
"""

from __future__ import annotations

from typing import Protocol

from ..finding import Finding
from ..ruleset import Rule
from .github import render_github
from .gitlab import render_gitlab
from .json import render_json
from .json_lines import render_json_lines
from .junit import render_junit
from .rdjsonl import render_rdjsonl
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
    "json-lines": render_json_lines,
    "sarif": render_sarif,
    "github": render_github,
    "gitlab": render_gitlab,
    "junit": render_junit,
    "rdjsonl": render_rdjsonl,
}
FORMAT_NAMES: tuple[str, ...] = tuple(REPORTERS)

__all__ = ["FORMAT_NAMES", "REPORTERS", "Reporter"]
