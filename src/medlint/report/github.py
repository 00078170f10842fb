"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from __future__ import annotations

from medlint.finding import Finding
from medlint.report.visible import visible
from medlint.rulebook.ruleset import Rule

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render_github(
    findings: list[Finding], rules: list[Rule], files: int, color: bool, unreadable: int = 0
) -> str:
    """``::error file=…,line=…,col=…::message`` lines, escaped as the runner requires."""
    lines = []
    for f in findings:
        properties = ",".join(
            [
                f"file={_property(f.path)}",
                f"line={f.line}",
                f"col={f.column}",
                f"endLine={f.end_line}",
                f"endColumn={f.end_column}",
                f"title={_property(f'{f.rule} {f.name}')}",
            ]
        )
        command = _COMMANDS.get(f.severity, "warning")
        lines.append(f"::{command} {properties}::{_data(f.message + chr(10) + 'Fix: ' + f.fix)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _data(text: str) -> str:
    """The runner's escapes, after control characters (ANSI codes in a job log) are made visible."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
