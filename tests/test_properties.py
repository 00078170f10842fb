"""Properties over arbitrary Unicode, Markdown-like and HTML-like text (medlint issue 10).

Whatever the input: linting never raises, every finding's span lies in the file and is exactly
its ``match``, every prose character maps into the file, and two runs give the same result.
Budgets are small so the suite stays fast; ``bench/fuzz.py`` runs the same strategies longer.
"""

from __future__ import annotations

import warnings
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medlint import Linter
from medlint.markup import extract
from medlint.markup.pieces import pieces
from medlint.markup.positions import LineIndex
from medlint.read.limits import replace_surrogates

# Pieces that exercise the parsers' and the normaliser's corners, mixed with phrases the
# rules know, so that findings (and their positions) actually occur.
WORDS = [
    "Buy", "buy", "accutane", "isotretinoin", "online", "now", "no prescription", "cheap", "order",
    "viagra", "cures", "acne", "Never", "may", "doctor", "here", ".", ",", "!", "?", " ", "  ",
    "\t", "\n", "\n\n", "\r\n", "\r", "\u00a0", "\u200b", "\u00ad", "\ufeff", "а", "ο", "ａ", "😀",
    "\ufffd", "\x00", "\udc80",
]  # fmt: skip
MARKDOWN = [
    "1. ", "12) ", "- ", "* ", "> ", ">>>>> ", "# ", "## ", "`", "``", "```\n", "~~~\n", "    ",
    "[", "]", "(", ")", "[x][1]", "[order here][2]", "<https://rx-pills-online.example/buy>",
    "[a](https://example.org/b \"t\")", "![img](x.png)", "\n[1]: https://example.org/\n",
    "\n[2]: https://rx-pills-online.example/\n", "&nbsp;", "&amp;", "&#8203;", "&shy;", "*", "_",
    "**", "|", " | ", "\n|---|---|\n", "---\n", "<!--", "-->", "<p>", "</p>", "<br>", "\\", "\\*",
    "&", "&#", ";",
]  # fmt: skip
HTML = [
    "<p>", "</p>", "<div>", "</div>", "<html>", "<head>", "</head>", "<body>", "<title>", "</title>",
    "<code>", "</code>", "<pre>", "</pre>", "<svg>", "</svg>", "<math>", "<script>", "</script>",
    "<style>", "</style>", "<br>", "<br/>", "<a href='https://rx-pills-online.example/'>", "</a>",
    "<a href=https://example.org/x>", "<li>", "<h1>", "</h1>", "<!--", "-->", "<!DOCTYPE html>",
    "&nbsp;", "&amp;", "&#8203;", "&shy;", "&#x41;", "&bogus;", "&", "<", ">", "<p class=\"a\">",
    "<![CDATA[", "]]>", "<meta charset=utf-8>",
]  # fmt: skip

unicode_text = st.text(st.characters(exclude_categories=()), max_size=300)
markdown_like = st.lists(st.sampled_from(WORDS + MARKDOWN), max_size=80).map("".join)
html_like = st.lists(st.sampled_from(WORDS + HTML), max_size=80).map("".join)
texts = st.one_of(unicode_text, markdown_like, html_like)
formats = st.sampled_from(["markdown", "html", "text"])

BUDGET = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def lint_quietly(linter, text, fmt):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return linter.lint_text(text, fmt)


def check_findings(text, findings):
    """Each finding's span lies in ``text`` and equals its ``match`` (surrogates read as U+FFFD)."""
    cleaned = replace_surrogates(text)[0]
    index = LineIndex(cleaned)
    for finding in findings:
        start = index.offset(finding.line, finding.column)
        end = index.offset(finding.end_line, finding.end_column)
        assert 0 <= start < end <= len(cleaned), finding
        assert cleaned[start:end] == finding.match, finding
        assert index.position(start) == (finding.line, finding.column)


@BUDGET
@given(text=texts, fmt=formats)
def test_linting_never_raises_and_spans_are_exact(linter, text, fmt):
    check_findings(text, lint_quietly(linter, text, fmt))


@BUDGET
@given(text=texts, fmt=formats)
def test_linting_is_deterministic(linter, text, fmt):
    assert lint_quietly(linter, text, fmt) == lint_quietly(linter, text, fmt)


@BUDGET
@given(text=texts, fmt=formats)
def test_every_prose_character_maps_into_the_source(text, fmt):
    cleaned = replace_surrogates(text)[0]
    prose = extract(cleaned, fmt)
    assert len(prose.offsets) == len(prose.text)
    assert all(0 <= offset < max(len(cleaned), 1) for offset in prose.offsets)
    for link in prose.links:
        assert 0 <= link.start <= link.end <= len(cleaned)
        assert 0 <= link.anchor <= len(prose.text)


@BUDGET
@given(words=st.lists(st.sampled_from(["Buy", "accutane", "online", "now", "acne"]), min_size=1, max_size=12))
def test_invisible_characters_never_change_what_is_found(linter, words):
    clean = " ".join(words) + ".\n"
    disguised = "\u200b".join(clean[:-2]) + ".\n"  # a zero-width space between every letter
    found = [(f.rule, f.line) for f in lint_quietly(linter, clean, "text")]
    assert [(f.rule, f.line) for f in lint_quietly(linter, disguised, "text")] == found


@BUDGET
@given(text=texts, fmt=formats, limit=st.integers(min_value=1, max_value=120))
def test_pieces_cover_the_text_in_order_within_the_limit(text, fmt, limit):
    found = list(pieces(text, fmt, limit))
    assert found[0][0] == 0 and found[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(found))
    assert all(end - start <= limit for start, end in found)
    assert all(end > start for start, end in found) or found == [(0, 0)]


@pytest.fixture(scope="module")
def small_pieces():
    """A Linter that cuts every text longer than 60 characters, so hostile text meets the cuts."""
    linter = Linter()
    linter.piece_chars = 60
    return linter


@BUDGET
@given(text=texts, fmt=formats)
def test_linting_in_pieces_never_raises_and_spans_are_exact(small_pieces, text, fmt):
    check_findings(text, lint_quietly(small_pieces, text, fmt))
