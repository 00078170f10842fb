"""Human output: ``path:line:col: CODE [severity] message`` with the fix indented below."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import click

from medlint.finding import Finding
from medlint.report.visible import visible
from medlint.rulebook.ruleset import Rule

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}

#: path → line number → text of that line, for ``--show-source``.
SourceLines = Mapping[str, Mapping[int, str]]


def render_text(
    findings: list[Finding],
    rules: list[Rule],
    files: int,
    color: bool,
    unreadable: int = 0,
    *,
    source: SourceLines | None = None,
    statistics: bool = False,
) -> str:
    """Editor-clickable locations first, then the fix, then a one-line summary.

    ``source`` (``--show-source``) adds the flagged line with a caret under the match, so a
    reviewer sees the words without opening the file; ``statistics`` adds a count per rule.
    """
    lines = []
    for finding in findings:
        where = f"{visible(finding.path)}:{finding.line}:{finding.column}:"
        severity = f"[{finding.severity}]"
        if color:
            where = click.style(where, bold=True)
            severity = click.style(severity, fg=_COLOURS.get(finding.severity, "white"))
            code = click.style(finding.rule, fg="cyan", bold=True)
        else:
            code = finding.rule
        lines.append(f"{where} {code} {severity} {visible(finding.message)}")
        lines.append(f"    fix: {visible(finding.fix)}")
        if finding.suppressed is not None:  # --show-suppressed
            lines.append(f"    suppressed: {visible(finding.suppressed or '(no reason given)')}")
        if finding.evidence:
            lines.append(f"    evidence ({finding.confidence:.2f}): {visible(finding.evidence)}")
        if source is not None:
            lines += source_excerpt(finding, source.get(finding.path, {}))
    if statistics:
        lines += statistics_lines(findings)
    lines.append(summary(findings, files, unreadable))
    return "\n".join(lines) + "\n"


def source_excerpt(finding: Finding, text: Mapping[int, str]) -> list[str]:
    """The finding's first line, numbered, and a caret line under the match (to its line's end).

    Tabs are shown as one space each, and control characters as one visible character each,
    so the carets, counted in code points, stay aligned.
    """
    line = text.get(finding.line)
    if line is None:
        return []
    shown = visible(line.replace("\t", " "))
    start = finding.column - 1
    end = finding.end_column - 1 if finding.end_line == finding.line else len(shown)
    width = len(str(finding.line))
    return [
        f"    {finding.line} | {shown}",
        f"    {' ' * width} | {' ' * start}{'^' * max(1, end - start)}",
    ]


def statistics_lines(findings: list[Finding]) -> list[str]:
    """``--statistics``: one ``count  CODE name`` line per rule, most frequent first, then code."""
    counts = Counter((f.rule, f.name) for f in findings)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    width = len(str(max(counts.values(), default=0)))
    return [f"{count:>{width}}  {code} {name}" for (code, name), count in ordered]


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
