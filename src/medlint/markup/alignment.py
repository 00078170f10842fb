"""Align decoded Markdown text back to the source characters it was parsed from."""

from __future__ import annotations

import html
import re

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


class BlockCursor:
    """Walks the source of one block at a time, strictly left to right.

    Text that markdown-it hands back verbatim is found with ``str.find``; text whose escapes
    or entities were decoded is aligned character by character. Only markup (punctuation,
    spaces, container prefixes like "> ") may be skipped on the fast path, so a phrase can
    never be pinned to a later copy of itself.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0
        self.end = 0
        self._last_span = (0, 0)

    def enter(self, start: int, end: int) -> None:
        """Move to a new block at source ``start``..``end`` (never backwards: table cells share rows)."""
        self.position = max(self.position, start)
        self.end = max(end, self.position)

    def align(self, content: str) -> list[tuple[int, str]]:
        """Return (source offset, piece) runs covering ``content`` in order."""
        found = self.text.find(content, self.position, self.end)
        if found >= 0 and not any(ch.isalnum() for ch in self.text[self.position : found]):
            self.position = found + len(content)
            self._last_span = (found, self.position)
            return [(found, content)]
        return self._align_slowly(content)

    def _align_slowly(self, content: str) -> list[tuple[int, str]]:
        runs: list[tuple[int, str]] = []
        position = start = self.position
        for char in content:
            place, after = self._find_char(char, position)
            if runs and runs[-1][0] + len(runs[-1][1]) == place and after == place + 1:
                runs[-1] = (runs[-1][0], runs[-1][1] + char)
            else:
                runs.append((place, char))
            position = after
        self.position = position
        self._last_span = (runs[0][0] if runs else start, position)
        return runs

    def _find_char(self, char: str, position: int) -> tuple[int, int]:
        """Where ``char`` stands from ``position`` on: (its offset, offset after it)."""
        text, end = self.text, self.end
        scan = position
        while scan < end:
            current = text[scan]
            if current == "&":
                entity = _ENTITY.match(text, scan)
                if entity and html.unescape(entity.group()) == char:
                    return scan, entity.end()
            if current == char:
                return scan, scan + 1
            if current == "\\" and scan + 1 < end and text[scan + 1] == char:
                return scan + 1, scan + 2
            if current.isalnum():
                break  # never skip words: the character is not here (a rare decoding quirk)
            scan += 1
        return min(position, max(end - 1, 0)), position

    def last_text_span(self) -> tuple[int, int]:
        """Source span of the most recently aligned text (a link's own text, for instance)."""
        return self._last_span

    def skip_past(self, literal: str) -> int | None:
        """Move past the next ``literal``; return where it started, or None if it is not in the block."""
        found = self.text.find(literal, self.position, self.end)
        if found < 0:
            return None
        self.position = found + len(literal)
        return found

    def skip_code_span(self, markup: str) -> None:
        """Move past an inline code span opened by the backtick run ``markup``.

        The span ends at the next backtick run of exactly the same length (CommonMark), which
        may lie on a later line of the block; if there is none, only the opener is skipped.
        """
        opener = self.skip_past(markup)
        if opener is None:
            return
        text, scan = self.text, self.position
        while True:
            found = text.find(markup, scan, self.end)
            if found < 0:
                return
            stop = found + len(markup)
            while stop < self.end and text[stop] == "`":
                stop += 1
            if stop - found == len(markup) and (found == 0 or text[found - 1] != "`"):
                self.position = stop
                return
            scan = stop

    def skip_to_newline(self) -> int:
        """Move past the next line break; return the offset of the break."""
        text = self.text
        scan = self.position
        while scan < self.end and text[scan] not in "\r\n":
            scan += 1
        self.position = min(scan + (2 if text.startswith("\r\n", scan) else 1), max(self.end, scan + 1))
        return min(scan, len(text) - 1) if text else 0

    def skip_link_destination(self) -> tuple[int, int] | None:
        """After a link's text: skip ``](dest "title")`` and return the destination's span.

        Reference links (``][ref]``, ``]``) and autolinks (``>``) have no inline destination:
        None, and the caller points at the link text instead.
        """
        text = self.text
        scan = self.position
        while scan < self.end and text[scan] in " \t":
            scan += 1
        if text.startswith(">", scan):
            self.position = scan + 1
            return None
        if text.startswith("][", scan):
            close = text.find("]", scan + 2, self.end)
            self.position = close + 1 if close >= 0 else scan + 2
            return None
        if not text.startswith("](", scan):
            if text.startswith("]", scan):
                self.position = scan + 1
            return None
        start = scan + 2
        while start < self.end and text[start] in " \t\r\n":
            start += 1
        if text.startswith("<", start):
            close = text.find(">", start + 1, self.end)
            stop = close if close >= 0 else start + 1
            span = (start + 1, stop)
        else:
            stop, depth = start, 0
            while stop < self.end and not text[stop].isspace():
                if text[stop] == "(":
                    depth += 1
                elif text[stop] == ")":
                    if depth == 0:
                        break
                    depth -= 1
                stop += 1
            span = (start, stop)
        self.position = self._closing_paren(stop)
        return span

    def _closing_paren(self, scan: int) -> int:
        """Offset after the ``)`` that ends a link or image, skipping a quoted title."""
        text = self.text
        quote = ""
        while scan < self.end:
            char = text[scan]
            if quote:
                if char == quote:
                    quote = ""
            elif char in "\"'":
                quote = char
            elif char == ")":
                return scan + 1
            scan += 1
        return scan

    def skip_image(self) -> None:
        """Skip an image ``![alt](src)`` or ``![alt][ref]`` entirely: neither alt nor src is prose."""
        start = self.text.find("![", self.position, self.end)
        if start < 0:
            return
        close = self.text.find("]", start + 2, self.end)
        if close < 0:
            return
        if self.text.startswith("(", close + 1):
            self.position = self._closing_paren(close + 2)
        elif self.text.startswith("[", close + 1):
            end = self.text.find("]", close + 2, self.end)
            self.position = end + 1 if end >= 0 else close + 1
        else:
            self.position = close + 1
