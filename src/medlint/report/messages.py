"""What medlint says on standard error, and the exit statuses it ends with.

The CLI, the parallel runner and the Dask audit all report files they could not lint and
warnings about the ones they could; one module keeps those lines worded alike, and every line
passes through :func:`~medlint.report.visible.visible`, since a file name or a decoding error
can carry terminal escape sequences from the article.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from medlint.report.visible import visible

#: 0: nothing blocking; 1: findings at or above ``min-severity``; 2: something could not be linted.
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def error_line(text: str) -> str:
    """``medlint: error: …``, safe for a terminal."""
    return visible(f"medlint: error: {text}")


def warning_line(text: str) -> str:
    """``medlint: warning: …``, safe for a terminal."""
    return visible(f"medlint: warning: {text}")


def warn(text: str) -> None:
    """Write one warning to standard error."""
    click.echo(warning_line(text), err=True)


def fail(message: str) -> NoReturn:
    """Write each line of ``message`` as an error (a rule pack may have several) and exit 2."""
    for line in message.splitlines() or [""]:
        click.echo(error_line(line), err=True)
    sys.exit(EXIT_ERROR)
