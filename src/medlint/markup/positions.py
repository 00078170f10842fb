"""Offsets to 1-based line and column, for every line-ending convention a CMS can produce."""

from __future__ import annotations

import re
from bisect import bisect_right

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts (CRLF, CR and LF each end a line)."""
    if "\r" in text:
        return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    # The common case: ``find`` runs in C, and no copy of the text is made (a split would hold
    # every line of a 100 MB file at once).
    starts = [0]
    find = text.find
    position = find("\n")
    while position != -1:
        starts.append(position + 1)
        position = find("\n", position + 1)
    return starts


class LineIndex:
    """Maps a character offset of the original text to (line, column), both 1-based.

    CRLF counts as one break and a lone CR as a break too (old Mac exports), so a finding's
    line number is the one an editor shows, whatever the file's line endings.
    """

    def __init__(self, text: str) -> None:
        self._starts = line_starts(text)

    def position(self, offset: int) -> tuple[int, int]:
        """Return (line, column) of ``offset``; the column counts code points from 1."""
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def utf8_column(self, text: str, offset: int) -> int:
        """The 1-based column of ``offset`` counted in UTF-8 bytes, as reviewdog counts them.

        Equal to the code-point column on an ASCII line; "é" before the offset adds one.
        """
        _line, column = self.position(offset)
        before = text[offset - column + 1 : offset]
        return (len(before) if before.isascii() else len(before.encode("utf-8", "surrogatepass"))) + 1

    def offset(self, line: int, column: int) -> int:
        """The inverse of :meth:`position`: the character offset of 1-based (line, column)."""
        return self._starts[line - 1] + column - 1
