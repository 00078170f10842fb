"""Plain text: every character is prose; line breaks decide where blocks end."""

from __future__ import annotations

import re

from medlint.markup.prose import Prose, ProseBuilder

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_BULLET = re.compile(r"\s*(?:[-*•·▪‣◦]|\d{1,3}[.)])\s")
_WRAP_WIDTH = 60
_HEADING_WIDTH = 80


def extract_plain(text: str) -> Prose:
    """Plain text goes to spaCy verbatim; only the block structure is inferred.

    A line break ends a block when the line is short, ends in sentence punctuation or a
    colon, or the next line is blank or a bullet: that is how web pages pasted into text
    files look (headings, "Price: …" lines, bullet lists). Long lines that stop mid-sentence
    are hard-wrapped paragraphs and stay joined. A block of one short line without a full
    stop ("Understanding Side Effects:") is taken as a heading.
    """
    builder = ProseBuilder()
    offset = 0
    lines: list[tuple[int, str]] = []
    for match in _LINE.finditer(text):
        line = match.group()
        if not line:
            break
        lines.append((offset, line))
        offset += len(line)
    blocks: list[list[tuple[int, str]]] = []
    previous: str | None = None
    for start, line in lines:
        body = line.rstrip("\r\n")
        if not blocks or (previous is not None and body.strip() and _ends_block(previous, body)):
            blocks.append([])
        blocks[-1].append((start, line))
        previous = body
    for number, block in enumerate(blocks):
        builder.mark_block_start()
        heading = _is_heading(block) or (number == 0 and _is_title(block))
        if heading:
            builder.start_heading()
        # A block's lines are contiguous in the source: one call maps them all (line breaks
        # inside it become spaces exactly as they would line by line).
        first, (last, last_line) = block[0][0], block[-1]
        builder.add(text[first : last + len(last_line)], first)
        if heading:
            builder.end_heading()
    return builder.build()


def _ends_block(previous: str, line: str) -> bool:
    stripped = previous.strip()
    if not stripped or not line.strip():
        return True
    if stripped[-1] in ".!?:;…" or len(stripped) < _WRAP_WIDTH:
        return True
    return bool(_BULLET.match(line))


#: A first line this short, standing alone, is the title even when it asks a question or is long
#: ("Should you be taking daily low-dose aspirin for heart health?"): news files start that way.
_TITLE_WIDTH = 160


def _is_title(block: list[tuple[int, str]]) -> bool:
    content = [line.strip() for _, line in block if line.strip()]
    if len(content) != 1 or len(block) < 2 or block[-1][1].strip():
        return False  # the title is one line followed by a blank line
    line = content[0]
    return len(line) <= _TITLE_WIDTH and line[-1] not in ".,;" and not _BULLET.match(line)


def _is_heading(block: list[tuple[int, str]]) -> bool:
    content = [line.strip() for _, line in block if line.strip()]
    if len(content) != 1:
        return False
    line = content[0]
    return len(line) <= _HEADING_WIDTH and line[-1] not in ".!?,;" and not _BULLET.match(line)
