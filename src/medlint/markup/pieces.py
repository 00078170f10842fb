"""Cut a long source into pieces at block boundaries, so one huge file is linted in bounded memory.

A 100 MB export analysed as one spaCy Doc needs about ten times its size in memory; linted as
pieces of :data:`PIECE_CHARS` characters, the analysis holds one piece at a time and the
findings keep exact positions, because each piece is a slice of the source at a known offset.

A piece ends where a new block begins and nothing open would be cut in two: at a blank line
for plain text and Markdown (never inside a fenced code block or a raw HTML block such as
``<pre>`` or ``<script>``), and before a block-level tag for HTML (never inside ``<script>``,
``<style>``, ``<pre>``, ``<textarea>``, ``<svg>``, ``<code>`` or a comment). A stretch with no
such place (one endless line) is cut at the last whitespace, or hard at the limit. The cost
is one pass over the text with one regular expression per format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

#: Longest piece analysed at once. Texts up to this length (every ordinary article) are one piece.
PIECE_CHARS = 500_000

# Markdown and plain text: a blank line, then the next line's start; and the lines that open or
# close a stretch where a blank line is not a block boundary.
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n(?=[^\r\n])")
_MARKDOWN_STATE = re.compile(
    r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})"
    r"|^[ ]{0,3}<(?P<raw>pre|script|style|textarea)(?=[\s>]|$)"
    r"|(?P<raw_end></(?:pre|script|style|textarea)\s*>)",
    re.IGNORECASE | re.MULTILINE,
)
# HTML: a block-level opening tag, and the elements whose content must not be cut.
_HTML_BLOCK = re.compile(
    r"<(?:p|h[1-6]|div|li|ul|ol|section|article|table|tr|blockquote|header|footer|main|aside|br|hr)(?=[\s/>])",
    re.IGNORECASE,
)
_HTML_STATE = re.compile(
    r"<(?P<close>/?)(?P<raw>script|style|pre|textarea|svg|code)(?=[\s/>])|(?P<comment><!--)|(?P<comment_end>-->)",
    re.IGNORECASE,
)
_WHITESPACE_BEFORE = re.compile(r"\s(?=\S)")


def pieces(text: str, fmt: str, limit: int = PIECE_CHARS) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive slices covering ``text``, each at most ``limit`` characters.

    A text no longer than ``limit`` is one piece, ``(0, len(text))``.
    """
    if len(text) <= limit:
        yield 0, len(text)
        return
    cuts = _html_cuts(text) if fmt == "html" else _markdown_cuts(text, markdown=fmt == "markdown")
    start = 0
    best = None  # the furthest safe cut found so far inside the current piece
    for cut in chain(cuts, [len(text)]):  # the text's end closes the last piece
        while cut - start > limit:
            end = best if best is not None and best > start else _fallback_cut(text, start, limit)
            yield start, end
            start, best = end, None
        best = cut
    yield start, len(text)


def _fallback_cut(text: str, start: int, limit: int) -> int:
    """Where to cut a stretch with no block boundary: before the last word that fits, else hard."""
    end = start + limit
    last = None
    # Look back a little only: a bounded window keeps the pass linear.
    for found in _WHITESPACE_BEFORE.finditer(text, max(start + 1, end - 4096), end):
        last = found.end()
    return last if last is not None else end


def _markdown_cuts(text: str, *, markdown: bool) -> Iterator[int]:
    """Offsets just after a blank line, where the next block starts, outside fences and raw HTML."""
    states = iter(_MARKDOWN_STATE.finditer(text)) if markdown else iter(())
    state = next(states, None)
    fence: str | None = None  # the opening fence's run of backticks or tildes
    raw = False
    for blank in _BLANK_LINE.finditer(text):
        while state is not None and state.start() < blank.start():
            if state.group("fence"):
                run = state.group("fence")
                if fence is None and not raw:
                    fence = run
                elif fence is not None and run[0] == fence[0] and len(run) >= len(fence):
                    fence = None
            elif state.group("raw") and fence is None:
                raw = True
            elif state.group("raw_end") and fence is None:
                raw = False
            state = next(states, None)
        # A piece starting with "---" would be read as front matter and its prose skipped.
        if fence is None and not raw and not text.startswith("---", blank.end()):
            yield blank.end()


def _html_cuts(text: str) -> Iterator[int]:
    """Offsets of block-level opening tags outside raw-text elements and comments."""
    states = iter(_HTML_STATE.finditer(text))
    state = next(states, None)
    depth = 0  # open raw-text elements
    comment = False
    for block in _HTML_BLOCK.finditer(text):
        while state is not None and state.start() < block.start():
            if state.group("comment"):
                comment = True
            elif state.group("comment_end"):
                comment = False
            elif not comment and state.group("raw"):
                depth = max(depth - 1, 0) if state.group("close") else depth + 1
            state = next(states, None)
        if depth == 0 and not comment:
            yield block.start()
