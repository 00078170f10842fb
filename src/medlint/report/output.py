"""Where a report goes and what is added to it: ``--output-file``, ``--statistics``, ``--show-source``.

Kept apart from the renderers so each format stays a pure function of the findings. Additions
that only make sense to a person (statistics, source lines) go into the text format; for a
machine-readable format the statistics go to stderr, so the report stays valid.
"""

from __future__ import annotations

from pathlib import Path

import click

from medlint.finding import Finding
from medlint.report import reporter
from medlint.report.text import SourceLines, render_text, statistics_lines
from medlint.rulebook.ruleset import Rule


def render(
    chosen: str,
    findings: list[Finding],
    rules: list[Rule],
    files: int,
    color: bool,
    unreadable: int,
    *,
    statistics: bool = False,
    source: SourceLines | None = None,
) -> str:
    """The report in format ``chosen``; text may carry statistics and source lines."""
    if chosen == "text":
        return render_text(findings, rules, files, color, unreadable, source=source, statistics=statistics)
    if statistics:
        for line in statistics_lines(findings):
            click.echo(line, err=True)
    return reporter(chosen)(findings, rules, files, color, unreadable)


def emit(output: str, output_file: str | None, color: bool) -> None:
    """Print the report, or write it (UTF-8, no colour) to ``output_file``, creating its folder."""
    if output_file is None:
        click.echo(output, nl=False, color=color)
        return
    target = Path(output_file)
    if target.parent != Path():
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(click.unstyle(output), encoding="utf-8", newline="")
