"""JUnit XML as CI systems read it (GitLab, Jenkins, Azure DevOps, CircleCI test reports).

One ``testsuite`` named medlint; each finding is a ``testcase`` that failed, named by rule and
place, with ``classname`` the file (CI groups cases by it) and a ``failure`` whose ``message``
is the finding's message. A clean run has one passing case, so a report is never empty (some
CI systems reject an empty suite). Files that could not be read make one case in ``error``.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from medlint.finding import Finding
from medlint.report.visible import visible
from medlint.rulebook.ruleset import Rule


def escape(text: str) -> str:
    """XML character data; control characters, which XML 1.0 forbids, are shown as pictures."""
    return _escape(visible(text))


def quoteattr(text: str) -> str:
    """A quoted XML attribute value, control characters shown as pictures."""
    return _quoteattr(visible(text))


def render_junit(
    findings: list[Finding], rules: list[Rule], files: int, color: bool, unreadable: int = 0
) -> str:
    """The report, deterministic (no timestamps or durations) so two runs compare equal."""
    cases = [_case(f) for f in findings]
    if unreadable:
        noun = "file" if unreadable == 1 else "files"
        message = quoteattr(f"{unreadable} {noun} could not be read (see medlint's stderr)")
        cases.append(
            '    <testcase name="unreadable files" classname="medlint" time="0">\n'
            f'      <error message={message} type="unreadable"/>\n'
            "    </testcase>"
        )
    if not cases:
        cases = ['    <testcase name="medlint" classname="medlint" time="0"/>']
    errors = 1 if unreadable else 0
    head = f'tests="{len(cases)}" failures="{len(findings)}" errors="{errors}" time="0"'
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<testsuites name="medlint" {head}>',
            f'  <testsuite name="medlint" {head}>',
            *cases,
            "  </testsuite>",
            "</testsuites>",
            "",
        ]
    )


def _case(f: Finding) -> str:
    name = quoteattr(f"{f.rule} {f.name} at {f.line}:{f.column}")
    where = f"{f.path}:{f.line}:{f.column}"
    body = escape(f"{where}: {f.rule} [{f.severity}] {f.message}\nfix: {f.fix}\nmatch: {f.match}")
    return (
        f"    <testcase name={name} classname={quoteattr(f.path)} file={quoteattr(f.path)}"
        f' line="{f.line}" time="0">\n'
        f"      <failure message={quoteattr(f.message)} type={quoteattr(f.rule)}>{body}</failure>\n"
        "    </testcase>"
    )
