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
from collections.abc import Iterator
from dataclasses import dataclass

from .positions import LineIndex
from .ruleset import Rule
from .selection import selector_matches

_ACTIONS = r"disable-next-line|disable-line|disable|enable"
_IN_COMMENT = re.compile(rf"\A\s*medlint-({_ACTIONS})\b([^\r\n]*)")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_OWN_LINE = re.compile(rf"^[ \t]*(?:<!--[ \t]*)?medlint-({_ACTIONS})\b(.*?)(?:-->)?[ \t]*$", re.M)
_BACKTICKS = re.compile(r"`+")
_RAW_HTML = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)


@dataclass(frozen=True)
class Directive:
    """One suppression comment: what it does, on which line, for which selectors."""

    action: str
    line: int
    selectors: tuple[str, ...]

    def names(self, rule: Rule) -> bool:
        """True when this directive applies to ``rule``."""
        return not self.selectors or any(selector_matches(s, rule) for s in self.selectors)


class Suppressions:
    """All directives of one file, asked per finding."""

    def __init__(self, text: str, index: LineIndex, format: str = "markdown") -> None:
        self.directives: list[Directive] = []
        if "medlint-" not in text:
            return
        for offset, action, rest in _candidates(text, format):
            rest = rest.split("--", 1)[0]  # "-- reason" may follow, as in ESLint
            selectors = tuple(s for s in re.split(r"[\s,]+", rest) if s)
            line, _ = index.position(offset)
            self.directives.append(Directive(action, line, selectors))

    def suppressed(self, rule: Rule, line: int) -> bool:
        """Whether a finding of ``rule`` on ``line`` is switched off by a directive."""
        disabled = False
        for directive in self.directives:
            if not directive.names(rule):
                continue
            if directive.action == "disable-line" and directive.line == line:
                return True
            if directive.action == "disable-next-line" and directive.line + 1 == line:
                return True
            if directive.line <= line:
                if directive.action == "disable":
                    disabled = True
                elif directive.action == "enable":
                    disabled = False
        return disabled


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
