"""Inline suppression: ``<!-- medlint-disable MED101 -->`` and friends, read from the source.

Directives work in any format (an HTML comment in Markdown or HTML, a plain line in text):
``medlint-disable [SELECTORS]`` … ``medlint-enable [SELECTORS]`` for a range,
``medlint-disable-next-line [SELECTORS]`` and ``medlint-disable-line [SELECTORS]`` for one line.
Without selectors a directive applies to every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .positions import LineIndex
from .ruleset import Rule
from .selection import selector_matches

_DIRECTIVE = re.compile(r"medlint-(disable-next-line|disable-line|disable|enable)\b([^\r\n]*)")
_END_OF_COMMENT = re.compile(r"-->|\*/")


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

    def __init__(self, text: str, index: LineIndex) -> None:
        self.directives: list[Directive] = []
        if "medlint-" not in text:
            return
        for found in _DIRECTIVE.finditer(text):
            rest = _END_OF_COMMENT.split(found.group(2), maxsplit=1)[0]
            rest = rest.split("--", 1)[0]  # "-- reason" may follow, as in ESLint
            selectors = tuple(s for s in re.split(r"[\s,]+", rest) if s)
            line, _ = index.position(found.start())
            self.directives.append(Directive(found.group(1), line, selectors))

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
