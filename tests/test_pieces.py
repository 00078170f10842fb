"""Long texts are linted in pieces cut at block boundaries, with exact positions (issue 10).

A 100 MB file must lint in bounded memory, so ``Linter.lint_text`` analyses a text longer than
``piece_chars`` one piece at a time. These tests use a small ``piece_chars`` so that short texts
written here are cut, and check that the cuts are safe and the findings unchanged.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from medlint.linter import Linter
from medlint.markup.pieces import pieces

FILLER = "Walking after dinner is a habit many readers enjoy in the long evenings of summer.\n\n"
PITCH = "Buy accutane online now.\n\n"


def covering(text: str, fmt: str, limit: int) -> list[tuple[int, int]]:
    found = list(pieces(text, fmt, limit))
    assert found[0][0] == 0 and found[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(found))  # contiguous, in order
    assert all(0 < end - start <= limit for start, end in found)
    return found


def test_a_text_within_the_limit_is_one_piece() -> None:
    assert list(pieces("Short text.\n\nTwo blocks.", "markdown", 1000)) == [(0, 24)]
    assert list(pieces("", "text", 1000)) == [(0, 0)]


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_markdown_and_text_are_cut_where_a_block_starts(fmt: str) -> None:
    text = FILLER * 40
    for start, _ in covering(text, fmt, 500)[1:]:
        assert text[start - 2 : start] == "\n\n" and text[start] != "\n"


def test_no_cut_inside_a_fenced_code_block_or_raw_html() -> None:
    fence = "```\n" + "code line\n\n" * 30 + "```\n\n"
    pre = "<pre>\n" + "kept as written\n\n" * 30 + "</pre>\n\n"
    text = FILLER * 5 + fence + FILLER * 5 + pre + FILLER * 5
    fence_span = (text.index("```"), text.index("```", text.index("```") + 3))
    pre_span = (text.index("<pre>"), text.index("</pre>"))
    for start, _ in covering(text, "markdown", 700)[1:]:
        assert not fence_span[0] < start <= fence_span[1]
        assert not pre_span[0] < start <= pre_span[1]


def test_no_piece_starts_with_a_thematic_break_read_as_front_matter() -> None:
    text = (FILLER * 3 + "---\n\n") * 10
    for start, _ in covering(text, "markdown", 400)[1:]:
        assert not text.startswith("---", start)


def test_html_is_cut_before_a_block_tag_outside_script_and_comments() -> None:
    paragraph = "<p>Walking after dinner is a habit many readers enjoy in summer.</p>\n"
    script = "<script>\n" + "<p>not prose</p>\n" * 20 + "</script>\n"
    comment = "<!--\n" + "<p>hidden</p>\n" * 20 + "-->\n"
    text = paragraph * 8 + script + paragraph * 8 + comment + paragraph * 8
    script_span = (text.index("<script>"), text.index("</script>"))
    comment_span = (text.index("<!--"), text.index("-->"))
    cuts = covering(text, "html", 600)[1:]
    assert cuts
    for start, _ in cuts:
        assert text.startswith("<p>", start)
        assert not script_span[0] < start < script_span[1]
        assert not comment_span[0] < start < comment_span[1]


def test_one_endless_line_is_cut_at_whitespace() -> None:
    text = "word " * 1000
    for start, _ in covering(text, "text", 333)[1:]:
        assert text[start - 1] == " " and text[start] == "w"
    unbroken = "x" * 1000
    assert covering(unbroken, "text", 300) == [(0, 300), (300, 600), (600, 900), (900, 1000)]


@pytest.fixture(scope="module")
def small_pieces() -> Linter:
    linter = Linter()
    linter.piece_chars = 600
    return linter


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_findings_keep_exact_positions_across_pieces(small_pieces: Linter, linter: Linter, fmt: str) -> None:
    text = (FILLER * 4 + PITCH) * 6
    whole = [(f.rule, f.line, f.column, f.match) for f in linter.lint_text(text, fmt) if f.rule == "MED101"]
    cut = [
        (f.rule, f.line, f.column, f.match) for f in small_pieces.lint_text(text, fmt) if f.rule == "MED101"
    ]
    assert len(list(pieces(text, fmt, 600))) > 3
    assert cut == whole == [("MED101", 9 + 10 * i, 1, "Buy accutane online") for i in range(6)]


def test_a_whole_article_rule_judges_each_piece(small_pieces: Linter, linter: Linter) -> None:
    """The missing-warning rules ask each piece, as if each were an article of an archive."""
    text = (FILLER * 4 + PITCH) * 6
    expected = set()
    for start, end in pieces(text, "markdown", 600):
        first_line = text.count("\n", 0, start)  # every piece here starts a line
        for f in linter.lint_text(text[start:end], "markdown"):
            expected.add((f.rule, f.line + first_line, f.column, f.message))
    cut = {(f.rule, f.line, f.column, f.message) for f in small_pieces.lint_text(text, "markdown")}
    whole = {(f.rule, f.line) for f in linter.lint_text(text, "markdown") if f.rule == "MED201"}
    assert cut == expected
    assert whole == {("MED201", 9)}
    assert {(rule, line) for rule, line, _, _ in cut if rule == "MED201"} == {("MED201", 19), ("MED201", 49)}


def test_code_stays_code_when_the_text_is_cut(small_pieces: Linter) -> None:
    fence = "```\n" + ("sample output\n\n" * 20) + "Buy accutane online now.\n\n" * 3 + "```\n\n"
    text = FILLER * 6 + fence + FILLER * 6 + PITCH
    found = [(f.rule, f.match) for f in small_pieces.lint_text(text, "markdown")]
    assert found == [("MED101", "Buy accutane online")]


SHOP = "https://cheap-meds-online.example/buy-accutane-no-prescription"


@pytest.mark.parametrize(
    "definitions",
    [
        [f"[1]: {SHOP}"],  # defined pieces after the link that uses it
        [f"[1]: {SHOP}", "[1]: https://www.nhs.uk/medicines/isotretinoin/"],  # the first one wins
        ["[1]: https://www.nhs.uk/medicines/isotretinoin/", f"[1]: {SHOP}"],
    ],
)
def test_a_reference_link_finds_its_definition_in_another_piece(
    small_pieces: Linter, linter: Linter, definitions: list[str]
) -> None:
    text = (
        FILLER * 6 + "Read more [here][1].\n\n" + "".join(FILLER * 6 + line + "\n\n" for line in definitions)
    )
    cuts = list(pieces(text, "markdown", 600))

    def piece_of(offset: int) -> int:
        return next(index for index, (start, end) in enumerate(cuts) if start <= offset < end)

    used = piece_of(text.index("[here]"))
    assert all(piece_of(text.index(line)) > used for line in definitions)  # defined in later pieces
    whole = [(f.rule, f.line, f.column, f.match) for f in linter.lint_text(text, "markdown")]
    cut = [(f.rule, f.line, f.column, f.match) for f in small_pieces.lint_text(text, "markdown")]
    assert cut == whole
    assert whole == ([("MED117", 13, 12, "here")] if definitions[0].endswith(SHOP) else [])


def test_the_pieces_share_one_mapping_of_definitions_that_parsing_leaves_unchanged() -> None:
    from copy import deepcopy

    from medlint.markup.markdown import extract_markdown, reference_definitions

    text = (
        f"See [the shop][Shop] and [care][2].\n\n[shop]: {SHOP}\n[2]: https://www.nhs.uk/\n[SHOP]: /other\n"
    )
    references = reference_definitions(text)
    hrefs = {label: found["href"] for label, found in references.items()}
    assert hrefs == {"SHOP": SHOP, "2": "https://www.nhs.uk/"}  # labels fold case; the first wins
    before = deepcopy(references)
    prose = extract_markdown(text, references)
    assert references == before
    assert [link.target for link in prose.links] == [SHOP, "https://www.nhs.uk/"]
