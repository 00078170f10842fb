"""Human output: ``path:line:col: CODE [severity] message`` with the fix indented below."""

from __future__ import annotations

from collections import Counter

import click

from ..finding import Finding
from ..ruleset import Rule

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def render_text(
    findings: list[Finding], rules: list[Rule], files: int, color: bool, unreadable: int = 0
) -> str:
    """Editor-clickable locations first, then the fix, then a one-line summary."""
    lines = []
    for finding in findings:
        where = f"{finding.path}:{finding.line}:{finding.column}:"
        severity = f"[{finding.severity}]"
        if color:
            where = click.style(where, bold=True)
            severity = click.style(severity, fg=_COLOURS.get(finding.severity, "white"))
            code = click.style(finding.rule, fg="cyan", bold=True)
        else:
            code = finding.rule
        lines.append(f"{where} {code} {severity} {finding.message}")
        lines.append(f"    fix: {finding.fix}")
        if finding.evidence:
            lines.append(f"    evidence ({finding.confidence:.2f}): {finding.evidence}")
    lines.append(summary(findings, files, unreadable))
    return "\n".join(lines) + "\n"


def summary(findings: list[Finding], files: int, unreadable: int = 0) -> str:
    """One line a reader can act on: "Found 3 problems (2 errors, 1 warning) in 2 of 5 files.".

    Files that could not be read are counted too, so an error never reads as a clean run.
    """
    plural = "" if files == 1 else "s"
    tail = "."
    if unreadable:
        tail = f"; {unreadable} file{'' if unreadable == 1 else 's'} could not be read."
    if not findings:
        return f"No problems found in {files} file{plural}{tail}"
    counts = Counter(f.severity for f in findings)
    parts = [
        f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}" for s in ("error", "warning", "info") if counts[s]
    ]
    with_findings = len({f.path for f in findings})
    noun = "problem" if len(findings) == 1 else "problems"
    return (
        f"Found {len(findings)} {noun} ({', '.join(parts)}) in {with_findings} of {files} file{plural}{tail}"
    )
