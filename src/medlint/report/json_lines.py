"""JSON lines: one finding per line, with exactly the keys of the JSON output's findings.

Meant for streaming tools (``jq -c``, log shippers); there is no summary line, so every line
has one shape. A clean run prints nothing.
"""

from __future__ import annotations

import json

from medlint.finding import Finding
from medlint.rulebook.ruleset import Rule


def render_json_lines(
    findings: list[Finding], rules: list[Rule], files: int, color: bool, unreadable: int = 0
) -> str:
    """``Finding.to_dict()`` per line, compact, in sorted order."""
    return "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in findings)
