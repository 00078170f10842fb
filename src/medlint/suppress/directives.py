"""Inline suppression: ``<!-- medlint-disable MED101 -->`` and friends, read from the source.

``medlint-disable [SELECTORS]`` … ``medlint-enable [SELECTORS]`` for a range,
``medlint-disable-next-line [SELECTORS]`` and ``medlint-disable-line [SELECTORS]`` for one line;
without selectors a directive applies to every rule, and ``-- reason`` may follow.

Where a directive counts depends on the format, so that text a reader sees never switches a
rule off: in Markdown and HTML a directive is an HTML comment (not one shown inside a code
block, an inline code span, a ``<script>`` or a ``<style>``); in plain text it is a line of its
own. "Buy accutane online. medlint-disable-line" is therefore prose, and is linted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from medlint.finding import Finding
from medlint.markup.positions import LineIndex
from medlint.rulebook.ruleset import Rule
from medlint.rulebook.selection import Named, selector_matches

_ACTIONS = r"disable-next-line|disable-line|disable|enable"
_IN_COMMENT = re.compile(rf"\A\s*medlint-({_ACTIONS})\b([^\r\n]*)")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_OWN_LINE = re.compile(rf"^[ \t]*(?:<!--[ \t]*)?medlint-({_ACTIONS})\b(.*?)(?:-->)?[ \t]*$", re.M)
_BACKTICKS = re.compile(r"`+")
_RAW_HTML = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)


@dataclass(frozen=True)
class Directive:
    """One suppression comment: what it does, where, for which selectors, and why.

    ``reason`` is the text after ``--`` (None when there is none), carried into JSON and SARIF
    so a suppression says why it exists; ``start``/``end`` are source offsets of the directive
    text, so a problem with the directive itself is reported at it.
    """

    action: str
    line: int
    selectors: tuple[str, ...]
    reason: str | None = None
    column: int = 1
    start: int = 0
    end: int = 0
    #: What stood where the selectors end, when the author wrote ``:`` instead of ``--``.
    colon: bool = False

    def names(self, rule: Named) -> bool:
        """True when this directive applies to ``rule``."""
        return not self.selectors or any(selector_matches(s, rule) for s in self.selectors)


class Suppressions:
    """All directives of one file, asked per finding."""

    def __init__(self, text: str, index: LineIndex, format: str = "markdown") -> None:
        self.directives: list[Directive] = []
        if "medlint-" not in text:
            return
        self.used: set[int] = set()
        for offset, action, rest in _candidates(text, format):
            codes, has_reason, reason = rest.partition("--")  # "-- reason" may follow, as in ESLint
            selectors = tuple(s for s in re.split(r"[\s,]+", codes) if s)
            end = offset + len(action) + len(rest.rstrip())
            offset -= len("medlint-")  # reported from the directive's first letter
            line, column = index.position(offset)
            self.directives.append(
                Directive(
                    action,
                    line,
                    selectors,
                    reason.strip() or None if has_reason else None,
                    column,
                    offset,
                    end,
                    colon=":" in codes,
                )
            )

    def suppressed(self, rule: Rule, line: int) -> bool:
        """Whether a finding of ``rule`` on ``line`` is switched off by a directive."""
        return self.suppressing(rule, line) is not None

    def suppressing(self, rule: Named, line: int) -> Directive | None:
        """The directive that switches off a finding of ``rule`` on ``line`` (marked as used)."""
        disabled: int | None = None
        for number, directive in enumerate(self.directives):
            if not directive.names(rule):
                continue
            if (directive.action == "disable-line" and directive.line == line) or (
                directive.action == "disable-next-line" and directive.line + 1 == line
            ):
                self.used.add(number)
                return directive
            if directive.line <= line:
                if directive.action == "disable":
                    disabled = number
                elif directive.action == "enable":
                    disabled = None
        if disabled is None:
            return None
        self.used.add(disabled)
        return self.directives[disabled]

    def unused(self) -> list[Directive]:
        """Disabling directives that switched nothing off (call after every finding was asked)."""
        return [d for n, d in enumerate(self.directives) if d.action != "enable" and n not in self.used]


def _candidates(text: str, format: str) -> Iterator[tuple[int, str, str]]:
    """(offset, action, rest) of each directive that counts in ``format``."""
    if format == "text":
        for found in _OWN_LINE.finditer(text):
            yield found.start(1), found.group(1), found.group(2)
        return
    hidden = _code_ranges(text) if format == "markdown" else _raw_html_ranges(text)
    for comment in _COMMENT.finditer(text):
        if any(start <= comment.start() < end for start, end in hidden):
            continue
        directive = _IN_COMMENT.match(comment.group(1))
        if directive:
            yield comment.start(1) + directive.start(1), directive.group(1), directive.group(2)


def _raw_html_ranges(text: str) -> list[tuple[int, int]]:
    """``<script>`` and ``<style>`` bodies: a ``<!--`` there is program text, not a comment."""
    return [found.span() for found in _RAW_HTML.finditer(text)]


def _code_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of Markdown code blocks and inline code spans, where HTML is shown."""
    from markdown_it import MarkdownIt

    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)] + [len(text)]
    ranges: list[tuple[int, int]] = []
    for token in MarkdownIt("commonmark", {"html": True}).parse(text):
        if token.map is None:
            continue
        first, last = token.map
        span = (line_starts[first], line_starts[min(last, len(line_starts) - 1)])
        if token.type in ("fence", "code_block"):
            ranges.append(span)
        elif token.type == "inline" and any(c.type == "code_inline" for c in token.children or ()):
            ranges.extend(_inline_code_spans(text, *span))
    return ranges


def _inline_code_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Backtick code spans between ``start`` and ``end`` (CommonMark: equal-length runs pair up)."""
    position = start
    while True:
        opening = _BACKTICKS.search(text, position, end)
        if opening is None:
            return
        closing = re.compile(rf"(?<!`){opening.group(0)}(?!`)").search(text, opening.end(), end)
        if closing is None:
            position = opening.end()
            continue
        yield opening.start(), closing.end()
        position = closing.end()


@dataclass(frozen=True)
class DirectiveCheck:
    """A built-in check of the directives themselves (ruff's RUF100 and friends).

    Selected and ignored like any rule (``--ignore MED001``, ``--ignore suppression``), but
    written in code, not YAML: it reads comments, not prose.
    """

    code: str
    name: str
    severity: str
    message: str
    fix: str
    category: str = "suppression"


UNUSED = DirectiveCheck(
    "MED001",
    "unused-suppression",
    "warning",
    "Suppression comment switches nothing off: {what}.",
    "Delete the comment: a stale suppression would hide a problem written there later.",
)
UNKNOWN = DirectiveCheck(
    "MED002",
    "unknown-suppression",
    "warning",
    "Suppression comment names no rule: {what}.",
    "Name a rule code, prefix, category or rule name (`medlint rules`), and put the reason after ' -- '.",
)
NO_REASON = DirectiveCheck(
    "MED003",
    "suppression-without-reason",
    "warning",
    "Suppression comment gives no reason (require-reason is on).",
    "Say why after ' -- ', e.g. <!-- medlint-disable-next-line MED101 -- quoting a spam e-mail -->.",
)
DIRECTIVE_CHECKS: tuple[DirectiveCheck, ...] = (UNUSED, UNKNOWN, NO_REASON)


def directive_findings(
    suppressions: Suppressions,
    path: str,
    text: str,
    known: Sequence[Named],
    ran: Sequence[Named],
    *,
    require_reason: bool = False,
) -> list[Finding]:
    """Findings about the directives of one file; call after every finding was checked.

    A directive is *unused* only when every rule it names ran in this lint (a
    ``--select``-narrowed run must not call a directive for another rule stale), and *unknown*
    when a selector names no rule at all (a typo such as ``MED999``, or ``MED101:`` written with
    a colon instead of ``--``): that directive also switches nothing off.
    """
    ran_codes = {r.code for r in ran}
    index = LineIndex(text)
    found: list[Finding] = []
    unused = {id(d) for d in suppressions.unused()}
    for directive in suppressions.directives:
        unknown = [s for s in directive.selectors if not any(selector_matches(s, r) for r in known)]
        check: DirectiveCheck | None = None
        what = ""
        if unknown:
            check = UNKNOWN
            what = ", ".join(repr(s) for s in unknown)
            if directive.colon:
                what += " (write ' -- reason' after the codes, not ':')"
        elif id(directive) in unused:
            named = [r for r in known if directive.names(r)]
            if named and all(r.code in ran_codes for r in named):
                check = UNUSED
                names = " ".join(directive.selectors) or "rule's"
                where = {"disable-line": "on its line", "disable-next-line": "on the next line"}
                what = f"no {names} finding {where.get(directive.action, 'after it')}"
        if check is None and require_reason and directive.action != "enable" and not directive.reason:
            check = NO_REASON
        if check is not None:
            found.append(_directive_finding(check, directive, path, text, index, what))
    return found


def _directive_finding(
    check: DirectiveCheck, directive: Directive, path: str, text: str, index: LineIndex, what: str
) -> Finding:
    end_line, end_column = index.position(directive.end)
    return Finding(
        path=path,
        line=directive.line,
        column=directive.column,
        end_line=end_line,
        end_column=end_column,
        rule=check.code,
        name=check.name,
        category=check.category,
        severity=check.severity,
        message=check.message.format(what=what),
        fix=check.fix,
        match=text[directive.start : directive.end],
        confidence=1.0,
        byte_column=index.utf8_column(text, directive.start),
        end_byte_column=index.utf8_column(text, directive.end),
    )
