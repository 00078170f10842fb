"""Published front-matter fields: the ``title`` and ``description`` a site shows, with exact offsets.

The Markdown reader skips front matter (most of it is build metadata: dates, slugs, layouts), but
static-site generators publish ``title`` and ``description`` as the page title, the search
snippet and the social card, so "Buy Accutane online" there is as public as in the body. This
module finds those two fields and maps every character of their value back to the source, so a
finding in a title points at the exact column of the YAML line. Values are read for the common
YAML forms (plain, single- and double-quoted, ``|`` and ``>`` blocks); a value whose text cannot
be mapped exactly (a double-quoted string with escapes) is left out rather than misplaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

PUBLISHED: tuple[str, ...] = ("title", "description")
_BLOCK = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*$", re.S | re.M)
_FIELD = re.compile(rf"^({'|'.join(PUBLISHED)})[ \t]*:[ \t]*(.*?)[ \t]*$")
_BLOCK_SCALAR = re.compile(r"^([|>])[-+0-9]*(?:[ \t]+#.*)?$")


@dataclass(frozen=True)
class Field:
    """One published field: its value and, for each character, the offset in the source file."""

    key: str
    value: str
    offsets: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of ``value[start:end]``."""
        return self.offsets[start], self.offsets[max(start, end - 1)] + 1


def published_fields(text: str) -> list[Field]:
    """The ``title`` and ``description`` of a Markdown file's front matter, in source order."""
    block = _BLOCK.match(text)
    if block is None:
        return []
    try:
        parsed = yaml.safe_load(block.group(1))
    except yaml.YAMLError:
        return []
    if not isinstance(parsed, dict):
        return []
    lines = _lines(text, block.start(1), block.end(1))
    fields = []
    for index, (offset, line) in enumerate(lines):
        found = _FIELD.match(line)
        if found is None:
            continue
        start = offset + found.start(2)
        field = _read_value(found.group(1), found.group(2), start, lines[index + 1 :])
        expected = parsed.get(found.group(1))
        if field and isinstance(expected, str) and _same(field.value, expected):
            fields.append(field)
    return fields


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    lines, offset = [], start
    for line in text[start:end].splitlines(keepends=True):
        lines.append((offset, line.rstrip("\r\n")))
        offset += len(line)
    return lines


def _read_value(key: str, rest: str, start: int, following: list[tuple[int, str]]) -> Field | None:
    if rest.startswith('"'):
        closing = rest.find('"', 1)
        if closing < 0 or "\\" in rest[1:closing]:
            return None
        return Field(key, rest[1:closing], tuple(range(start + 1, start + closing)))
    if rest.startswith("'"):
        return _single_quoted(key, rest, start)
    block = _BLOCK_SCALAR.match(rest)
    continuation = _continuation(following)
    if block:
        joiner = "\n" if block.group(1) == "|" else " "
        return _joined(key, continuation, joiner)
    plain = re.sub(r"[ \t]+#.*$", "", rest)
    if not plain:
        return None
    return _joined(key, [(start, plain), *continuation], " ")


def _single_quoted(key: str, rest: str, start: int) -> Field | None:
    chars: list[str] = []
    offsets: list[int] = []
    position = 1
    while position < len(rest):
        if rest[position] == "'":
            if rest[position + 1 : position + 2] != "'":
                return Field(key, "".join(chars), tuple(offsets))
            position += 1  # '' is one quote
        chars.append(rest[position])
        offsets.append(start + position)
        position += 1
    return None  # the value goes on over several lines: not mapped


def _continuation(following: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Indented lines after a key: the rest of a block or multi-line plain value."""
    lines = []
    for offset, line in following:
        if line.strip() and not line[:1].isspace():
            break
        stripped = line.lstrip()
        lines.append((offset + len(line) - len(stripped), stripped.rstrip()))
    while lines and not lines[-1][1]:
        lines.pop()
    return lines


def _joined(key: str, lines: list[tuple[int, str]], joiner: str) -> Field | None:
    chars: list[str] = []
    offsets: list[int] = []
    for offset, line in lines:
        if chars:
            chars.append(joiner if line else "\n")
            offsets.append(offsets[-1] + 1)
        chars.extend(line)
        offsets.extend(range(offset, offset + len(line)))
    return Field(key, "".join(chars), tuple(offsets)) if chars else None


def _same(ours: str, theirs: str) -> bool:
    """Whether our reading agrees with YAML's (up to white space): if not, the field is skipped."""
    return ours.split() == theirs.split()
