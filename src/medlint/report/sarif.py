"""SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, VS Code's SARIF viewer).

Locations follow the spec's advice for portable logs: each artifact URI is a percent-encoded
relative reference (no leading slash, no ``..``) against the ``SRCROOT`` base, whose absolute
``file:`` URI (ending in "/") is given once in ``originalUriBaseIds``. A file outside the current
folder gets an absolute ``file:`` URI and no base; standard input without a name has no URI, only
a description. Rule descriptions are filled from their templates so no ``{match}`` is shown.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from medlint import __version__
from medlint.docs import has_page, rule_doc_uri
from medlint.finding import Finding
from medlint.rulebook.ruleset import Rule

_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BASE_ID = "SRCROOT"
FINGERPRINT = "medlint/v2"  # v2: a content hash with the message; v1 merged two risks at one place

#: What a template placeholder stands for when a rule is described without a finding.
_GENERIC = {
    "match": "the flagged text",
    "drug": "the drug",
    "name": "the drug",
    "risk": "its must-mention risk",
    "warning": "the label's warning",
    "placement": "where the article first discusses the drug",
    "treatment": "the treatment",
    "indication": "the condition",
    "condition": "the condition",
    "claim": "the claim",
    "status": "its evidence status",
    "wording": "wording that matches the evidence",
    "substance": "the substance",
    "daily": "the daily dose",
    "maximum": "the labelled maximum",
    "advice": "the label's advice",
    "host": "the site",
}
_QUOTED = re.compile(r"[\"“']\{(\w+)\}[\"”']")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def render_sarif(
    findings: list[Finding], rules: list[Rule], files: int, color: bool, unreadable: int = 0
) -> str:
    """One run, every enabled rule described, columns counted in Unicode code points."""
    index = {rule.code: position for position, rule in enumerate(rules)}
    root = Path(os.path.abspath(os.getcwd()))
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "medlint",
                        "version": __version__,
                        "rules": [_descriptor(rule) for rule in rules],
                    }
                },
                "originalUriBaseIds": {BASE_ID: {"uri": root.as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index, root) for f in findings],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def artifact_location(path: str, root: Path) -> dict[str, Any]:
    """The SARIF ``artifactLocation`` of a finding's display path, relative to ``root`` if inside."""
    if path == "-":
        return {"description": {"text": "standard input"}}
    absolute = Path(os.path.abspath(root / path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": BASE_ID}


def generic(template: str) -> str:
    """A message or fix template with each placeholder replaced by what it stands for."""
    filled = _QUOTED.sub(lambda m: _GENERIC.get(m.group(1), m.group(1)), template)
    return _PLACEHOLDER.sub(lambda m: _GENERIC.get(m.group(1), m.group(1)), filled)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    found = re.match(r"(.+?[.!?])(?:\s|$)", text)
    return found.group(1) if found else text


def _descriptor(rule: Rule) -> dict[str, Any]:
    full = " ".join(generic(rule.description or rule.message).split())
    short = _first_sentence(full)
    if short.lower().rstrip(".") == rule.name.replace("-", " "):
        short = f"{rule.category.replace('-', ' ').capitalize()}: {short}"
    fix = " ".join(generic(rule.fix).split())
    flagged = [f"- `{ex.match}` in “{ex.text}”" for ex in rule.bad[:3] if ex.match]
    markdown = "\n\n".join(
        [
            f"**{rule.code} {rule.name}** ({rule.category}, {rule.severity})",
            full,
            f"**Fix:** {fix}",
            f"**Source:** {rule.source}",
            "**Flagged, for example:**\n" + "\n".join(flagged) if flagged else "",
        ]
    ).strip()
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": f"{full}\nFix: {fix}\nSource: {rule.source}", "markdown": markdown},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"category": rule.category, "tags": [rule.category, "health-content"]},
    }
    if has_page(rule):  # built-in rules have a generated page (docs/rules/); a user's pack has none
        descriptor["helpUri"] = rule_doc_uri(rule.code)
    return descriptor


def _result(finding: Finding, index: dict[str, int], root: Path) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _LEVELS.get(finding.severity, "warning"),
        "message": {"text": f"{finding.message} Fix: {finding.fix}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(finding.path, root),
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
        "partialFingerprints": {FINGERPRINT: finding.fingerprint()},
        "properties": {
            "category": finding.category,
            "fix": finding.fix,
            "confidence": round(finding.confidence, 2),
            "evidence": finding.evidence,
        },
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if finding.suppressed is not None:  # --show-suppressed: SARIF 2.1.0 result.suppressions
        suppression: dict[str, str] = {"kind": "inSource"}
        if finding.suppressed:
            suppression["justification"] = finding.suppressed
        result["suppressions"] = [suppression]
    return result
