"""The JSON contract of ../shared/taxonomy.md: ``{"findings": [...]}``, keys never renamed.

``summary`` was added after ``findings`` (keys may be added, never removed or renamed): the
medlint version, files linted, files that could not be read (``errors``) and the finding count,
so a CI step can tell a clean run from one that read nothing.
"""

from __future__ import annotations

import json

from medlint import __version__
from medlint.finding import Finding
from medlint.rulebook.ruleset import Rule


def render_json(
    findings: list[Finding], rules: list[Rule], files: int, color: bool, unreadable: int = 0
) -> str:
    """One JSON object on one document; stable key order for diffable CI artefacts."""
    document = {
        "findings": [f.to_dict() for f in findings],
        "summary": {"version": __version__, "files": files, "errors": unreadable, "findings": len(findings)},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
