"""Plain text: every character is prose; line breaks decide where blocks end."""

from __future__ import annotations

import re

from .prose import Prose, ProseBuilder

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_BULLET = re.compile(r"\s*(?:[-*•·▪‣◦]|\d{1,3}[.)])\s")
_WRAP_WIDTH = 60


def extract_plain(text: str) -> Prose:
    """Plain text goes to spaCy verbatim; only the block structure is inferred.

    A line break ends a block when the line is short, ends in sentence punctuation or a
    colon, or the next line is blank or a bullet: that is how web pages pasted into text
    files look (headings, "Price: …" lines, bullet lists). Long lines that stop mid-sentence
    are hard-wrapped paragraphs and stay joined.
    """
    builder = ProseBuilder()
    offset = 0
    previous: str | None = None
    for match in _LINE.finditer(text):
        line = match.group()
        if not line:
            break
        body = line.rstrip("\r\n")
        if previous is not None and body.strip() and _ends_block(previous, body):
            builder.mark_block_start()
        builder.add(line, offset)
        offset += len(line)
        previous = body
    return builder.build()


def _ends_block(previous: str, line: str) -> bool:
    stripped = previous.strip()
    if not stripped or not line.strip():
        return True
    if stripped[-1] in ".!?:;…" or len(stripped) < _WRAP_WIDTH:
        return True
    return bool(_BULLET.match(line))
