"""Stage 6, report: findings → one output format. Each format is one small module with one function.

The registry below is the one list of formats: the CLI's ``--format`` choices come from it.
"""

from __future__ import annotations

from typing import Protocol

from medlint.finding import Finding
from medlint.report.github import render_github
from medlint.report.gitlab import render_gitlab
from medlint.report.json import render_json
from medlint.report.json_lines import render_json_lines
from medlint.report.junit import render_junit
from medlint.report.rdjsonl import render_rdjsonl
from medlint.report.sarif import render_sarif
from medlint.report.text import render_text
from medlint.rulebook.ruleset import Rule


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
