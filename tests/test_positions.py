"""Every finding points at the exact line and column of the original file, whatever the markup."""

from __future__ import annotations

import pytest

from medlint.markup import extract
from medlint.markup.positions import LineIndex


def located(linter, text, fmt, code=None):
    """Pharmacy findings (or one rule's): these texts are about positions, not drug warnings."""
    findings = linter.lint_text(text, fmt)
    wanted = (
        [f for f in findings if f.rule == code]
        if code
        else [f for f in findings if f.rule.startswith("MED1")]
    )
    return [(f.rule, f.line, f.column, f.match) for f in wanted]


def assert_prose_maps_to_source(text, fmt):
    """Every prose letter must come from the same letter in the source."""
    prose = extract(text, fmt)
    for index, char in enumerate(prose.text):
        if char.isalnum():
            assert text[prose.offsets[index]] == char, (index, char, text[prose.offsets[index]])


def test_plain_text_line_and_column(linter):
    text = "Acne is common.\nSome pages end with a pitch.\nThen: buy accutane online at pillshop.\n"
    assert located(linter, text, "text", "MED101") == [("MED101", 3, 7, "buy accutane online")]


def test_crlf_and_cr_line_endings(linter):
    for newline in ("\r\n", "\r"):
        text = newline.join(["# Guide", "", "Intro line.", "", "Buy accutane online now."]) + newline
        assert located(linter, text, "markdown", "MED101") == [("MED101", 5, 1, "Buy accutane online")]


def test_multiline_html_paragraph_with_entities(linter):
    text = (
        "<html><body>\n"
        "<p>Acne&nbsp;care &amp; more.\n"
        "   You can &#8220;order\n"
        "   isotretinoin online&#8221; today.</p>\n"
        "<p>Then buy  accutane   online here.</p>\n"
        "</body></html>\n"
    )
    assert located(linter, text, "html", "MED101") == [("MED101", 5, 9, "buy  accutane   online")]
    assert_prose_maps_to_source(text, "html")


def test_html_entity_maps_to_its_ampersand():
    text = "<p>A&amp;B</p>"
    prose = extract(text, "html")
    assert prose.text.strip() == "A&B"
    ampersand = prose.text.index("&")
    assert text[prose.offsets[ampersand] : prose.offsets[ampersand] + 5] == "&amp;"


def test_markdown_nested_emphasis_and_repeated_phrase(linter):
    text = (
        "# Buying guide\n"
        "\n"
        "Never buy accutane online.\n"
        "\n"
        "Our **best *deal*: buy accutane online** at the shop.\n"
    )
    # The first occurrence is negated; the second is flagged at its own place, not the first's.
    assert located(linter, text, "markdown", "MED101") == [("MED101", 5, 20, "buy accutane online")]
    assert_prose_maps_to_source(text, "markdown")


def test_markdown_list_items_and_table_cells(linter):
    text = (
        "Options:\n"
        "\n"
        "- talk to your dermatologist\n"
        "- or buy accutane online\n"
        "\n"
        "| Product | Price |\n"
        "|---|---|\n"
        "| Accutane 20 mg | $0.60 per pill |\n"
    )
    assert located(linter, text, "markdown") == [
        ("MED101", 4, 6, "buy accutane online"),
        ("MED104", 8, 20, "$0.60 per pill"),
    ]
    assert_prose_maps_to_source(text, "markdown")


def test_markdown_escapes_and_entities_align(linter):
    text = "Acne \\*facts\\* &amp; tips: buy accutane online.\n"
    assert located(linter, text, "markdown", "MED101") == [("MED101", 1, 28, "buy accutane online")]
    assert_prose_maps_to_source(text, "markdown")


def test_markdown_code_front_matter_and_comments_are_not_prose(linter):
    text = (
        "---\n"
        "keywords: buy accutane online\n"  # unpublished key (title/description are linted)
        "---\n"
        "\n"
        "```\n"
        "buy accutane online\n"
        "```\n"
        "\n"
        "    buy accutane online (indented code)\n"
        "\n"
        "Inline `buy accutane online` and <!-- buy accutane online --> are skipped.\n"
    )
    assert located(linter, text, "markdown") == []


def test_html_script_style_template_are_not_prose(linter):
    text = (
        "<script>var s = 'buy accutane online';</script>\n"
        "<style>/* buy accutane online */</style>\n"
        "<noscript>buy accutane online</noscript>\n"
        "<template><p>buy accutane online</p></template>\n"
        "<p>Nothing to see.</p>\n"
    )
    assert located(linter, text, "html") == []


def test_markdown_link_target_position(linter):
    text = "Isotretinoin refills:\n[click](https://dosepharmacy.example/accutane) for isotretinoin.\n"
    assert located(linter, text, "markdown", "MED103") == [
        ("MED103", 2, 9, "https://dosepharmacy.example/accutane")
    ]


def test_html_href_position(linter):
    text = '<p>Isotretinoin deals:\n  <a class="x" href="https://rx-deals.example/isotretinoin">shop</a></p>'
    # "rx" plus a shop word in the host: a seller address (MED117), which supersedes MED103.
    assert located(linter, text, "html", "MED117") == [
        ("MED117", 2, 22, "https://rx-deals.example/isotretinoin")
    ]


def test_columns_count_code_points(linter):
    text = "Ünïcödé 😀 text: buy accutane online.\n"
    assert located(linter, text, "text", "MED101") == [("MED101", 1, 17, "buy accutane online")]


def test_broken_html_degrades_without_losing_text(linter):
    text = "<html><head><title>Acne</title><body><p>Unclosed <b>bold <i>buy accutane online"
    assert located(linter, text, "html", "MED101") == [("MED101", 1, 61, "buy accutane online")]


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [("a\nb", 2, (2, 1)), ("a\r\nb", 3, (2, 1)), ("a\rb", 2, (2, 1)), ("abc", 2, (1, 3))],
)
def test_line_index(text, offset, expected):
    assert LineIndex(text).position(offset) == expected


def test_blocks_end_sentences(linter):
    # "Accutane" heading then a price line: separate sentences, and the drug context still holds.
    article = linter._engine.analyse("# Accutane\n\nPrice: $0.60 per pill\n", "markdown")
    assert [article.sentence_text(i) for i in range(len(article.sentences))] == [
        "Accutane",
        "Price: $0.60 per pill",
    ]


def test_long_text_is_processed_in_pieces(linter):
    paragraph = "Isotretinoin treats severe acne under a dermatologist's care. " * 40
    text = "\n\n".join([paragraph] * 700) + "\n\nFinally, buy accutane online.\n"
    assert len(text) > linter._engine.nlp.max_length
    assert located(linter, text, "markdown", "MED101") == [("MED101", 1401, 10, "buy accutane online")]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("- [ ] Buy accutane online\n", (1, 7)),  # no task lists: the box is text
        ("> [!WARNING]\n> Buy accutane online\n", (2, 3)),  # no alerts: a plain quote
        ("Text ~not~ here. Buy accutane online\n", (1, 18)),  # one tilde strikes nothing
    ],
)
def test_markdown_extensions_markdown_it_asks_about_stay_off(linter, text, where):
    assert located(linter, text, "markdown") == [("MED101", *where, "Buy accutane online")]
    assert_prose_maps_to_source(text, "markdown")
