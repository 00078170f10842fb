"""reviewdog's rdjsonl: one ``Diagnostic`` (reviewdog/proto/rdf) per line.

reviewdog reads ``message``, ``location.path``, ``location.range.start``/``end`` (1-based line
and column), ``severity`` (ERROR, WARNING, INFO), ``source.name`` and
``code.value``/``code.url`` (the rule's page, for built-in rules).
``suggestions`` are left out: a medlint fix is advice to a writer, not replacement text.
Columns are UTF-8 byte counts, as reviewdog's ``Position`` defines them ("a𐐀b": b is column 6),
not the code points of the other formats; they agree on ASCII lines.
"""

from __future__ import annotations

import json
from typing import Any

from medlint.docs import has_page, rule_doc_uri
from medlint.finding import Finding
from medlint.rulebook.ruleset import Rule

_SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def render_rdjsonl(
    findings: list[Finding], rules: list[Rule], files: int, color: bool, unreadable: int = 0
) -> str:
    """One compact JSON object per finding; nothing for a clean run."""
    documented = {rule.code for rule in rules if has_page(rule)}
    return "".join(json.dumps(_diagnostic(f, documented), ensure_ascii=False) + "\n" for f in findings)


def _diagnostic(finding: Finding, documented: set[str]) -> dict[str, Any]:
    code: dict[str, str] = {"value": finding.rule}
    if finding.rule in documented:
        code["url"] = rule_doc_uri(finding.rule)
    start = {"line": finding.line, "column": _bytes(finding.byte_column, finding.column)}
    end = {"line": finding.end_line, "column": _bytes(finding.end_byte_column, finding.end_column)}
    return {
        "message": f"{finding.message} Fix: {finding.fix}",
        "location": {"path": finding.path, "range": {"start": start, "end": end}},
        "severity": _SEVERITY.get(finding.severity, "WARNING"),
        "source": {"name": "medlint"},
        "code": code,
    }


def _bytes(utf8: int | None, column: int) -> int:
    """The UTF-8 column; a finding built without its text (a library user's) has only code points."""
    return column if utf8 is None else utf8
