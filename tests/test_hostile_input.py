"""Hostile input (medlint issue 10): never a hang, a crash, or a shifted position.

Every text here is written for this file. Timed tests use sizes at which the old quadratic
tokenizing took tens of seconds; they must now finish in a fraction of that.
"""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path

import pytest

from cli_runner import run_cli as run
from medlint.analysis.pipeline import PUNCTUATION_RUN, build_nlp, tokenize
from medlint.checks.engine import Engine
from medlint.errors import SourceError
from medlint.linter import MedlintWarning
from medlint.markup import extract
from medlint.read.decode import decode, read_path
from medlint.read.limits import LintingError, TimeLimitError

PITCH = "Buy accutane online now.\n"


def pharmacy(linter, text, fmt="markdown"):
    return [
        (f.rule, f.line, f.column, f.match) for f in linter.lint_text(text, fmt) if f.rule.startswith("MED1")
    ]


# --- linear time -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("(" * 16_000, "markdown"),  # took 47 s
        ("[" * 8_000 + "]" * 8_000, "markdown"),
        ("&amp;" * 16_000, "html"),
        ("$" * 16_000, "text"),
        ("😀" * 16_000, "text"),
        ("<a " * 20_000, "html"),  # html.parser retried each unfinished tag: 82 s
        ("<!--" * 20_000, "html"),
        ("<![CDATA[ >" * 10_000, "markdown"),
    ],
)
def test_long_punctuation_runs_are_linear(linter, text, fmt):
    started = time.perf_counter()
    assert linter.lint_text(text, fmt) == []
    assert time.perf_counter() - started < 5  # ~1 s on the shared machine; was 40+ s


def test_text_around_unfinished_html_keeps_its_position(linter):
    text = "<p>Acne care <!-- draft\n<p>Buy accutane online now. <a x='1' <b"
    assert pharmacy(linter, text, "html") == [("MED101", 2, 4, "Buy accutane online")]
    closed = "<p>Acne care <!-- Buy accutane online now. --> <a href='x'>Talk to your doctor.</a>"
    assert pharmacy(linter, closed, "html") == []


def test_piecewise_tokenizing_keeps_the_text_and_ordinary_tokens():
    nlp = build_nlp()
    text = "Buy accutane online!!! " + "(" * (PUNCTUATION_RUN * 3 + 5) + "now, today."
    doc = tokenize(nlp, text)
    assert doc.text == text
    assert [t.text for t in doc][:5] == ["Buy", "accutane", "online", "!", "!"]
    assert [t.text for t in doc][-4:] == ["now", ",", "today", "."]
    assert max(len(t.text) for t in doc) <= PUNCTUATION_RUN
    ordinary = "Talk to your doctor (or pharmacist) first... really!"
    assert [t.text for t in tokenize(nlp, ordinary)] == [t.text for t in nlp.make_doc(ordinary)]


def test_pitch_after_a_punctuation_run_keeps_its_position(linter):
    text = "=" * 5_000 + "\n\n" + PITCH
    assert pharmacy(linter, text, "text") == [("MED101", 3, 1, "Buy accutane online")]


# --- per-text guards: surrogates, time limit, internal errors -----------------------------


def test_lone_surrogate_is_replaced_with_a_warning(linter):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = pharmacy(linter, "Intro \udc80 line.\n\n" + PITCH, "markdown")
    assert found == [("MED101", 3, 1, "Buy accutane online")]
    assert [str(w.message) for w in caught if w.category is MedlintWarning] == [
        "<text>:1:7: 1 lone surrogate(s) replaced with U+FFFD"
    ]


def test_surrogates_in_certainty_and_claims_do_not_raise(linter):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert linter.certainty("Accutane may help \ud800.", "text")
        linter.claims("Accutane cures acne \udfff.", "text")


@pytest.fixture
def slow_analysis(linter, monkeypatch):
    """A text holding "SLOW" takes 5 s of pure-Python work to analyse; the limit is 0.2 s."""
    original = Engine.analyse

    def slow(self, text, fmt, references=None):
        if "SLOW" in text:
            deadline = time.perf_counter() + 5
            while time.perf_counter() < deadline:
                pass
        return original(self, text, fmt, references)

    monkeypatch.setattr(Engine, "analyse", slow)
    monkeypatch.setattr(linter, "time_limit", 0.2)


def test_time_limit_turns_a_runaway_into_an_error(linter, slow_analysis):
    started = time.perf_counter()
    with pytest.raises(
        TimeLimitError, match=r"^slow\.md: not linted: took longer than the 0\.2 s time limit$"
    ):
        linter.lint_text("SLOW " + PITCH, "markdown", "slow.md")
    assert time.perf_counter() - started < 2
    assert pharmacy(linter, PITCH) == [("MED101", 1, 1, "Buy accutane online")]  # the Linter still works


def test_time_limit_stops_a_runaway_in_a_worker_thread_too(linter, slow_analysis):
    """A CMS or Dask worker thread has no SIGALRM: the watchdog thread stops the runaway there."""
    import threading

    outcome: dict[str, object] = {}

    def worker():
        started = time.perf_counter()
        try:
            linter.lint_text("SLOW " + PITCH, "markdown", "slow.md")
        except TimeLimitError as err:
            outcome["error"] = str(err)
        outcome["seconds"] = time.perf_counter() - started
        # Later texts in the same thread are linted in full: nothing fired late or stays armed.
        outcome["after"] = [pharmacy(linter, PITCH) for _ in range(20)]

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(10)
    assert outcome["error"] == "slow.md: not linted: took longer than the 0.2 s time limit"
    assert outcome["seconds"] < 2
    assert outcome["after"] == [[("MED101", 1, 1, "Buy accutane online")]] * 20


def test_a_time_limit_that_is_not_reached_never_fires_later(linter, monkeypatch):
    """Many short texts in threads, each well within its limit: no stray exception afterwards."""
    import threading

    monkeypatch.setattr(linter, "time_limit", 0.5)
    failures: list[BaseException] = []

    def worker():
        try:
            for _ in range(30):
                assert pharmacy(linter, PITCH) == [("MED101", 1, 1, "Buy accutane online")]
            time.sleep(0.7)  # past every deadline: a watch left armed would fire in here
        except BaseException as err:  # the test reports whatever surfaced
            failures.append(err)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert failures == []


def test_internal_error_names_the_text_and_is_a_source_error(linter, monkeypatch):
    def broken(self, text, fmt, references=None):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(Engine, "analyse", broken)
    with pytest.raises(LintingError, match=r"^deep\.md: not linted: internal error \(RecursionError: max"):
        linter.lint_text(PITCH, "markdown", "deep.md")
    assert issubclass(LintingError, SourceError)


def test_cli_goes_on_after_a_file_that_fails(tmp_path, monkeypatch):
    original = Engine.analyse

    def flaky(self, text, fmt, references=None):
        if "BOOM" in text:
            raise ValueError("kaboom")
        return original(self, text, fmt, references)

    monkeypatch.setattr(Engine, "analyse", flaky)
    (tmp_path / "a.md").write_text("BOOM\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(PITCH, encoding="utf-8")
    result = run(["check", "--format", "github", "a.md", "b.md"], tmp_path)
    assert result.exit_code == 2
    assert "medlint: error: a.md: not linted: internal error (ValueError: kaboom)" in result.output
    assert "b.md,line=1,col=1" in result.output


# --- files that are not files -------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_in_a_walk_is_skipped_with_a_message(tmp_path):
    os.mkfifo(tmp_path / "a.md")
    (tmp_path / "b.md").write_text(PITCH, encoding="utf-8")
    result = run(["check", "--format", "github", "."], tmp_path)
    assert result.exit_code == 2
    assert "medlint: error: a.md: not a regular file (a FIFO), skipped" in result.output
    assert "b.md,line=1,col=1" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_in_a_rules_folder_is_an_error_not_a_hang(tmp_path):
    (tmp_path / "rules").mkdir()
    os.mkfifo(tmp_path / "rules" / "a.yaml")
    (tmp_path / "b.md").write_text(PITCH, encoding="utf-8")
    result = run(["check", "--rules", "rules", "b.md"], tmp_path)
    assert result.exit_code == 2
    assert "rules/a.yaml: cannot read: not a regular file" in result.output


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_symlink_to_a_device_is_skipped(tmp_path):
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    with pytest.raises(SourceError, match=r"zero\.md: not a regular file \(a character device\), skipped"):
        read_path(tmp_path / "zero.md", "zero.md")


def test_unreadable_named_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "b.md").write_text(PITCH, encoding="utf-8")
    long_name = "x" * 300 + ".md"  # stat() itself fails: ENAMETOOLONG
    result = run(["check", "--format", "github", long_name, "b.md"], tmp_path)
    assert result.exit_code == 2
    assert f"medlint: error: {long_name}: cannot read (File name too long)" in result.output
    assert "b.md,line=1,col=1" in result.output


# --- bytes --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(encoding):
    source = decode("Café note: buy accutane online.\n".encode(encoding), "a.txt")
    assert source.text == "Café note: buy accutane online.\n"
    assert source.warnings == (
        f"a.txt: no byte-order mark; decoded as {encoding.upper()} from its NUL-byte pattern",
    )


def test_one_stray_nul_is_replaced_not_a_binary_file(linter):
    source = decode(b"Intro text.\x00\n\n" + PITCH.encode(), "a.md")
    assert source.text == "Intro text.\ufffd\n\n" + PITCH
    assert source.warnings == ("a.md: 1 NUL byte(s), the first at byte 11; replaced with U+FFFD",)
    assert pharmacy(linter, source.text) == [("MED101", 3, 1, "Buy accutane online")]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "contains NUL bytes"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x00\x01\x02\x03 abc", "contains NUL bytes"),  # NULs in even bytes, but not UTF-16 text
    ],
)
def test_binary_files_are_still_refused(data, kind):
    with pytest.raises(SourceError, match=rf"^x\.txt: binary file \({kind}\), skipped$"):
        decode(data, "x.txt")


# --- Markdown positions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("1. Buy accutane online now.\n", (1, 4)),
        ("Intro.\n\n12) Buy accutane online now.\n", (3, 5)),
        ("> 3. Buy accutane online now.\n", (1, 6)),
        ("1. Acne care\n   2. Buy accutane online now.\n", (2, 7)),
    ],
)
def test_ordered_list_items_point_at_the_text_not_the_number(linter, text, where):
    assert pharmacy(linter, text) == [("MED101", *where, "Buy accutane online")]


def test_ordered_list_negation_still_applies(linter):
    assert pharmacy(linter, "1. Never buy accutane online.\n") == []


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("Use ``  x  `` here. Buy accutane online now.\n", (1, 21)),
        ("Use `a\nb` here. Buy accutane online now.\n", (2, 10)),
        ("Use `` a ` b `` then `c`. Buy accutane online now.\n", (1, 27)),
    ],
)
def test_inline_code_normalised_by_the_parser_keeps_positions(linter, text, where):
    assert pharmacy(linter, text) == [("MED101", *where, "Buy accutane online")]


def test_inline_code_is_still_not_prose(linter):
    assert pharmacy(linter, "Shown as `buy accutane online` in the spam sample.\n") == []


def test_second_reference_link_keeps_its_own_target(linter):
    text = (
        "Get it [here][1] or [order here][2].\n\n"
        "[1]: https://example.org/a\n"
        "[2]: https://rx-pills-online.example/buy\n"
    )
    targets = [link.target for link in extract(text, "markdown").links]
    assert targets == ["https://example.org/a", "https://rx-pills-online.example/buy"]
    assert [(f.rule, f.line, f.column, f.match) for f in linter.lint_text(text)] == [
        ("MED117", 1, 22, "order here")
    ]


def test_two_identical_reference_links_are_both_kept_and_reputable_ones_stay_quiet(linter):
    text = "Read [the guide][1] and [the leaflet][1].\n\n[1]: https://www.nhs.uk/medicines/isotretinoin/\n"
    links = extract(text, "markdown").links
    assert [(link.target, link.start) for link in links] == [
        ("https://www.nhs.uk/medicines/isotretinoin/", 6),
        ("https://www.nhs.uk/medicines/isotretinoin/", 25),
    ]
    assert linter.lint_text(text) == []


def test_second_autolink_keeps_its_own_target(linter):
    text = "See <https://example.org/> and <https://rx-pills-online.example/buy-accutane>.\n"
    targets = [link.target for link in extract(text, "markdown").links]
    assert targets == ["https://example.org/", "https://rx-pills-online.example/buy-accutane"]
    assert [(f.rule, f.line, f.column) for f in linter.lint_text(text)] == [("MED117", 1, 33)]


def test_text_nested_beyond_the_parser_limit_is_still_linted(linter):
    quoted = ">" * 25 + " Buy accutane online now.\n"
    assert pharmacy(linter, quoted) == [("MED101", 1, 27, "Buy accutane online")]
    listed = "".join("  " * i + "- item\n" for i in range(25)) + "  " * 25 + "- Buy accutane online now.\n"
    assert pharmacy(linter, listed) == [("MED101", 26, 53, "Buy accutane online")]
    assert pharmacy(linter, ">" * 25 + " Never buy accutane online.\n") == []


# --- invisible characters and look-alikes -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("Buy&nbsp;accutane online now.\n", "markdown"),
        ("<p>Buy&nbsp;accutane online now.</p>", "html"),
        ("<p>Buy &nbsp;accutane online now.</p>", "html"),
        ("Buy\u00a0accutane online now.\n", "text"),
        ("Buy acc\u200butane online now.\n", "markdown"),
        ("Buy accu\u00adtane online now.\n", "text"),
        ("<p>Buy accu&shy;tane on&#8203;line now.</p>", "html"),
        ("Buy \u0430ccutane online now.\n", "markdown"),  # Cyrillic а
        ("Buy ａｃｃｕｔａｎｅ online now.\n", "text"),  # fullwidth
    ],
)
def test_disguised_phrases_match_where_they_stand(linter, text, fmt):
    found = pharmacy(linter, text, fmt)
    assert len(found) == 1
    rule, line, column, match = found[0]
    start = text.index("Buy")
    assert (rule, line, column) == ("MED101", 1, start + 1)
    assert match == text[start : start + len(match)] and match.endswith("line")


@pytest.mark.parametrize(
    "text",
    [
        "Never buy acc\u200butane online.\n",
        "Do not buy \u0430ccutane online.\n",
        "Buy&nbsp;sunscreen online.\n",
    ],
)
def test_disguised_negatives_stay_negative(linter, text):
    assert pharmacy(linter, text) == []


def test_look_alikes_are_left_alone_in_words_without_latin_letters():
    prose = extract("Роаккутан — это изотретиноин. Слово аccutane.\n", "text")
    assert prose.text.startswith("Роаккутан — это изотретиноин.")
    assert "accutane" in prose.text


# --- HTML that hides the page -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("<html><head><title>Acne help</title>\n<p>Buy accutane online now.</p>", (2, 4)),
        ("<head><meta charset=utf-8>\n<div>Buy accutane online now.</div>", (2, 6)),
        ("<p>Use <code>x</p>\n<p>Buy accutane online now.</p>", (2, 4)),
        ("<pre>x\n<p>Buy accutane online now.</p>", (2, 4)),
        ("<svg><rect/>\n<p>Buy accutane online now.</p>", (2, 4)),
    ],
)
def test_unclosed_head_code_pre_svg_do_not_hide_the_rest(linter, text, where):
    assert pharmacy(linter, text, "html") == [("MED101", *where, "Buy accutane online")]


@pytest.mark.parametrize(
    "text",
    [
        "<p><code>buy accutane online</code></p><p>Talk to your doctor.</p>",
        "<pre>buy accutane online<br>buy accutane online</pre><p>Talk to your doctor.</p>",
        "<svg><text>buy accutane online</text></svg><p>Talk to your doctor.</p>",
        "<head><style>p { content: 'buy accutane online' }</style></head><p>Talk to your doctor.</p>",
    ],
)
def test_closed_code_and_head_content_are_still_not_prose(linter, text):
    assert pharmacy(linter, text, "html") == []


def test_title_in_an_unclosed_head_is_still_the_title():
    prose = extract("<html><head><title>Acne help</title>\n<p>Talk to your doctor.</p>", "html")
    assert [prose.text[a:b] for a, b in prose.headings] == ["Acne help"]


def test_long_hyphen_runs_are_read_once_by_the_bare_url_scanner():
    import random
    import re
    import time

    from medlint.markup.bare_urls import _runs, find_bare_urls

    # The search the scanner replaces: it retried at every start of an undotted run. Only runs
    # with a dot before a letter can hold a top-level domain, and only those are read further.
    searched = re.compile(r"(?<!\w)[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]*)+", re.IGNORECASE)
    dot_letter = re.compile(r"\.[a-z]", re.IGNORECASE)
    generator = random.Random(20261202)
    for _ in range(20000):
        text = "".join(generator.choice("ab9-._ é/:K\u212a") for _ in range(generator.randint(0, 14)))
        expected = [m.span() for m in searched.finditer(text) if dot_letter.search(m.group())]
        assert list(_runs(text)) == expected, text
    for long_run in ("a" * 100_000 + ".com", "x." * 50_000 + "org", "9-" * 60_000 + ".net x"):
        started = time.process_time()
        assert len(list(_runs(long_run))) == 1
        assert time.process_time() - started < 1.0
    started = time.process_time()
    found = list(find_bare_urls("a-" * 200_000 + " see pills.com now"))
    assert time.process_time() - started < 2.0  # the search took seconds for 8,000 pairs
    assert found == [(400_005, 400_014)]


def test_many_links_in_one_sentence_are_linear():
    import time

    from medlint import Linter

    linter = Linter()
    text = "[x][y] " * 8000 + "\n\n[y]: http://cheap-meds.example/buy\n"
    started = time.process_time()
    found = linter.lint_text(text, "markdown")
    assert time.process_time() - started < 5.0  # each link re-read its sentence: 12 s before
    assert [(f.rule, f.line, f.column) for f in found] == [("MED117", 1, 2)]


def test_many_findings_on_one_long_line_are_linear():
    import time

    from medlint import Linter

    linter = Linter(select=["MED407"])
    text = "Turmeric cures cancer. " * 6000  # one line, 138 KB: each finding re-read the line before
    started = time.process_time()
    found = linter.lint_text(text, "text")
    assert time.process_time() - started < 8.0  # 6,000 findings took about 15 s before
    assert len(found) == 6000 and (found[-1].line, found[-1].column) == (1, 137978)


# --- terminal escapes --------------------------------------------------------------------

ESCAPES = "Buy accutane online now \x1b[2J\x1b]0;owned\x07 today.\n"


def test_escape_sequences_are_shown_not_sent_in_text_output(tmp_path):
    (tmp_path / "a.md").write_text(ESCAPES, encoding="utf-8")
    result = run(["check", "--show-source", "a.md"], tmp_path)
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "    1 | Buy accutane online now \u241b[2J\u241b]0;owned\u2407 today." in result.output
    assert "      | ^^^^^^^^^^^^^^^^^^^\n" in result.output  # the caret still under the match


def test_escape_sequences_in_a_match_and_a_file_name_are_shown(tmp_path):
    name = "x\x1b[31m.md"
    (tmp_path / name).write_text(
        "Buy acc\x1b[0mutane online now.\nBuy accutane online now.\n", encoding="utf-8"
    )
    for fmt in ("text", "github"):
        result = run(["check", "--format", fmt, "."], tmp_path)
        assert "\x1b" not in result.output, fmt
        assert "x\u241b[31m.md" in result.output, fmt


def test_json_keeps_the_exact_characters(tmp_path):
    """JSON escapes control characters itself, and machines need the file name as it is."""
    import json

    name = "x\x1b.md"
    (tmp_path / name).write_text(PITCH, encoding="utf-8")
    result = run(["check", "--format", "json", "."], tmp_path)
    assert "\x1b" not in result.output
    assert json.loads(result.output)["findings"][0]["path"] == name


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_escape_sequences_in_an_error_message_are_shown(tmp_path):
    os.mkfifo(tmp_path / "b\x1b[2J.md")
    (tmp_path / "c.md").write_text(PITCH, encoding="utf-8")
    result = run(["check", "."], tmp_path)
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    assert "b\u241b[2J.md: not a regular file (a FIFO), skipped" in result.output


def test_junit_stays_well_formed_xml_with_control_characters(tmp_path):
    """A unit separator reads as a space, so the match holds it; XML 1.0 forbids it."""
    import xml.dom.minidom

    (tmp_path / "a.md").write_text("Buy\x1faccutane online now.\n", encoding="utf-8")
    result = run(["check", "--format", "junit", "a.md"], tmp_path)
    assert result.exit_code == 1
    report = xml.dom.minidom.parseString(result.output)
    failure = report.getElementsByTagName("failure")[0]
    assert failure.getAttribute("type") == "MED101"
    assert "match: Buy\u241faccutane online" in failure.firstChild.data
