"""SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, VS Code's SARIF viewer)."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..finding import Finding
from ..ruleset import Rule

_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render_sarif(findings: list[Finding], rules: list[Rule], files: int, color: bool) -> str:
    """One run, every enabled rule described, columns counted in Unicode code points."""
    index = {rule.code: position for position, rule in enumerate(rules)}
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "medlint",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/medlint/",
                        "rules": [_descriptor(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index) for f in findings],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.name.replace("-", " ")},
        "fullDescription": {"text": rule.description or rule.message},
        "help": {"text": f"{rule.description or rule.message}\nSource: {rule.source}"},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"category": rule.category, "tags": [rule.category, "health-content"]},
    }


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _LEVELS.get(finding.severity, "warning"),
        "message": {"text": f"{finding.message} Fix: {finding.fix}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": finding.path.replace("\\", "/")},
                    "region": {
                        "startLine": finding.line,
                        "startColumn": finding.column,
                        "endLine": finding.end_line,
                        "endColumn": finding.end_column,
                        "snippet": {"text": finding.match},
                    },
                }
            }
        ],
        "partialFingerprints": {"medlint/v1": f"{finding.rule}:{finding.match.lower()}"},
        "properties": {
            "category": finding.category,
            "fix": finding.fix,
            "confidence": round(finding.confidence, 2),
            "evidence": finding.evidence,
        },
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    return result
