"""The JSON contract of ../shared/taxonomy.md: ``{"findings": [...]}``, keys never renamed."""

from __future__ import annotations

import json

from ..finding import Finding
from ..ruleset import Rule


def render_json(
    findings: list[Finding], rules: list[Rule], files: int, color: bool, unreadable: int = 0
) -> str:
    """One JSON object on one document; stable key order for diffable CI artefacts."""
    return json.dumps({"findings": [f.to_dict() for f in findings]}, indent=2, ensure_ascii=False) + "\n"
