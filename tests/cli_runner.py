"""Run the command line in a folder, as a user would from there: one helper for every CLI test."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner, Result

from medlint.cli import main


def run_cli(args: list[str], cwd: Path | str) -> Result:
    """``medlint ARGS`` with ``cwd`` as the current folder, restored afterwards."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args)
    finally:
        os.chdir(old)
