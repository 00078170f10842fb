"""Inline ``medlint-disable`` comments switch rules off where the writer means it."""

from __future__ import annotations

LINE = "Buy accutane online now."


def lines(linter, text, fmt="markdown"):
    return [(f.rule, f.line) for f in linter.lint_text(text, fmt) if f.category == "pharmacy-promotion"]


def test_disable_next_line(linter):
    text = f"<!-- medlint-disable-next-line MED101 -- quoting a spam mail -->\n{LINE}\n\n{LINE}\n"
    assert lines(linter, text) == [("MED101", 4)]


def test_disable_next_line_in_plain_text(linter):
    # In plain text a directive is a line of its own; trailing prose words are not directives.
    text = f"medlint-disable-next-line\n{LINE}\n{LINE}\n"
    assert lines(linter, text, "text") == [("MED101", 3)]


def test_disable_enable_range_by_category(linter):
    text = (
        f"{LINE}\n\n<!-- medlint-disable pharmacy-promotion -->\n\n{LINE}\n\n"
        f"<!-- medlint-enable -->\n\n{LINE}\n"
    )
    assert lines(linter, text) == [("MED101", 1), ("MED101", 9)]


def test_disable_other_rule_does_not_hide(linter):
    assert lines(linter, f"<!-- medlint-disable MED104 -->\n{LINE}\n") == [("MED101", 2)]


def test_html_comment_in_html(linter):
    text = f"<!-- medlint-disable -->\n<p>{LINE}</p>\n"
    assert lines(linter, text, "html") == []
