"""Bad input gets a clear message and loses nothing."""

from __future__ import annotations

import codecs

import pytest

from medlint.errors import SourceError
from medlint.read.decode import decode


def test_utf8_bom_is_dropped():
    assert decode(codecs.BOM_UTF8 + b"Acne", "a.txt").text == "Acne"


def test_utf16_with_bom_is_decoded():
    assert decode(codecs.BOM_UTF16_LE + "Acne".encode("utf-16-le"), "a.txt").text == "Acne"


def test_invalid_utf8_is_replaced_and_reported_with_byte_offset():
    source = decode(b"Acne \xff care \xfe\xfe end", "a.txt")
    assert source.text == "Acne \ufffd care \ufffd\ufffd end"
    assert source.warnings == (
        "a.txt: invalid UTF-8 at byte 5 and 2 more place(s); decoded with replacement characters (U+FFFD)",
    )


def test_binary_file_is_refused():
    with pytest.raises(SourceError, match="binary file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "picture.txt")


def test_empty_file_is_fine():
    assert decode(b"", "empty.md").text == ""


def test_invalid_utf8_still_finds_problems(linter):
    source = decode("Caf\xe9 tip: buy accutane online.".encode("latin-1"), "a.txt")
    findings = linter.lint_source(source, "a.txt")
    assert [(f.rule, f.line, f.column) for f in findings] == [("MED101", 1, 11)]


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_empty_and_whitespace_texts_give_nothing(linter, fmt):
    assert linter.lint_text("", fmt) == []
    assert linter.lint_text("  \n\n \t\n", fmt) == []
