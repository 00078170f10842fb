"""GitLab Code Quality: a JSON array of issues, shown in merge requests and the pipeline's tab.

The fields GitLab reads are ``description``, ``check_name``, ``fingerprint``, ``severity`` (one
of info, minor, major, critical, blocker) and ``location.path`` with ``location.lines.begin``.
GitLab matches issues between the base and the head pipeline by ``fingerprint``, so it must be
stable when a finding moves and unique within the report: it is built from the finding's own
fingerprint (rule, match, message; no line) plus its path and, for identical findings in one
file, their rank.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from medlint.finding import Finding
from medlint.rulebook.ruleset import Rule

#: The mapping eslint-formatter-gitlab uses: errors block as "major", warnings are "minor".
_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render_gitlab(
    findings: list[Finding], rules: list[Rule], files: int, color: bool, unreadable: int = 0
) -> str:
    """The Code Quality report, one issue per finding, in the order findings are sorted."""
    seen: Counter[tuple[str, str]] = Counter()
    issues = []
    for finding in findings:
        key = (finding.path, finding.fingerprint())
        rank = seen[key]
        seen[key] += 1
        issues.append(_issue(finding, rank))
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def fingerprint(finding: Finding, rank: int = 0) -> str:
    """Unique in a report, stable across edits elsewhere in the file."""
    key = "\x1f".join((finding.path, finding.fingerprint(), str(rank)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _issue(finding: Finding, rank: int) -> dict[str, Any]:
    return {
        "description": f"{finding.rule} {finding.message}",
        "check_name": f"{finding.rule} {finding.name}",
        "fingerprint": fingerprint(finding, rank),
        "severity": _SEVERITY.get(finding.severity, "minor"),
        "location": {"path": finding.path, "lines": {"begin": finding.line, "end": finding.end_line}},
        "categories": ["Style"],
        "content": {"body": f"Fix: {finding.fix}"},
    }
