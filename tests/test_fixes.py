"""Fixes that apply themselves: --fix, --unsafe-fixes, --diff, atomic writes, overlaps, re-lint."""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner

from cli_runner import run_cli as run
from medlint.cli import main
from medlint.errors import RuleFileError
from medlint.finding import Edit, Finding
from medlint.fixes import apply_fixes, drop_query, parse_fix_spec
from medlint.rulebook.yamlio import load_yaml

LINK = "Semaglutide pens are [in stock here](https://shop.example/pens?aff=7781&size=2) for you.\n"
SAFETY = "Botox is completely safe, so book as often as you like.\n"
COUPON = "Save 20% on your first Wegovy order with code SLIM20.\n"


def finding(start: int, end: int, text: str, safety: str = "safe", rule: str = "MED112") -> Finding:
    return Finding(
        "a.md", 1, start + 1, 1, end + 1, rule, "r", "c", "warning", "m", "f", "x",
        fix_safety=safety, edit=Edit(start, end, text),
    )  # fmt: skip


# --- the rules' edits, through the library -------------------------------------------------


def test_affiliate_link_gets_a_safe_edit_that_keeps_the_destination(linter):
    (found,) = [f for f in linter.lint_text(LINK) if f.rule == "MED112"]
    assert (found.line, found.column, found.fix_safety) == (1, 38, "safe")
    assert found.edit is not None
    assert LINK[found.edit.start : found.edit.end] == "https://shop.example/pens?aff=7781&size=2"
    assert found.edit.text == "https://shop.example/pens?size=2"


def test_shortened_link_has_no_edit_only_the_suggestion(linter):
    (found,) = [f for f in linter.lint_text("Get your Accutane from https://bit.ly/3xYzAbc now.", "text")
                if f.rule == "MED112"]  # fmt: skip
    assert found.edit is None and found.fix


def test_safety_wording_is_suggested_and_only_for_phrases_it_fits(linter):
    (found,) = [f for f in linter.lint_text(SAFETY, "text") if f.rule == "MED403"]
    assert (found.fix_safety, found.edit.text if found.edit else None) == ("suggested", "not free of risk")
    (other,) = [f for f in linter.lint_text("This medicine has no side effects at all.", "text")
                if f.rule == "MED403"]  # fmt: skip
    assert other.edit is None  # "has not free of risk" would not be English


def test_json_carries_the_edit(linter):
    (found,) = [f for f in linter.lint_text(LINK) if f.rule == "MED112"]
    data = found.to_dict()
    assert data["fix_safety"] == "safe" and data["edit"]["text"] == "https://shop.example/pens?size=2"


def test_drop_query_keeps_other_parameters_and_fragment():
    assert drop_query("https://a.example/p?ref=1&x=2#top", ["ref"]) == "https://a.example/p?x=2#top"
    assert drop_query("https://a.example/p?ref=1", ["REF"]) == "https://a.example/p"
    assert drop_query("https://a.example/p?lang=en", ["ref"]) == "https://a.example/p?lang=en"
    # Other parameters keep their exact bytes, and HTML source keeps its &amp; separators.
    assert drop_query("https://a.example/p?q=a+b%20c&aff=9", ["aff"]) == "https://a.example/p?q=a+b%20c"
    assert (
        drop_query("https://a.example/p?x=1&amp;aff=9&amp;y=2", ["aff"]) == "https://a.example/p?x=1&amp;y=2"
    )
    assert drop_query("https://a.example/p#aff=1", ["aff"]) == "https://a.example/p#aff=1"


def test_overlapping_edits_the_second_is_skipped_and_reported():
    text = "abcdefghij"
    first, second, later = finding(2, 6, "X"), finding(4, 8, "Y"), finding(8, 9, "Z")
    result = apply_fixes(text, [second, later, first])
    assert result.text == "abXghZj"
    assert result.overlapping == (second,)


def test_suggested_edits_need_unsafe():
    text = "abcdef"
    edits = [finding(0, 1, "A", "suggested"), finding(3, 4, "D")]
    assert apply_fixes(text, edits).text == "abcDef"
    assert apply_fixes(text, edits, unsafe=True).text == "AbcDef"


# --- the loader ------------------------------------------------------------------------------


def _spec(tmp_path, body: str):
    path = tmp_path / "r.yaml"
    path.write_text(body, encoding="utf-8")
    return load_yaml(path, "r.yaml")


def test_fix_safety_must_be_known(tmp_path):
    spec = _spec(tmp_path, "code: X\nreplacement: plain\nfix_safety: maybe\n")
    with pytest.raises(RuleFileError) as err:
        parse_fix_spec(spec, frozenset({"match"}))
    assert str(err.value) == "r.yaml:3: 'fix_safety' must be one of: safe, suggested (got 'maybe')"


def test_replacement_mapping_shape_is_checked(tmp_path):
    spec = _spec(tmp_path, "code: X\nreplacement: {delete: word}\nfix_safety: safe\n")
    with pytest.raises(RuleFileError) as err:
        parse_fix_spec(spec, None)
    assert str(err.value) == "r.yaml:2: 'delete' must be 'line'"


def test_replacement_placeholder_must_exist(tmp_path):
    spec = _spec(tmp_path, "code: X\nreplacement: 'no {dose}'\nfix_safety: safe\n")
    with pytest.raises(RuleFileError) as err:
        parse_fix_spec(spec, frozenset({"match", "drug"}))
    assert str(err.value) == "r.yaml:2: unknown placeholder {dose} in replacement"


def test_fix_safety_without_replacement_is_an_error(tmp_path):
    spec = _spec(tmp_path, "code: X\nfix_safety: safe\n")
    with pytest.raises(RuleFileError) as err:
        parse_fix_spec(spec, None)
    assert str(err.value) == "r.yaml:2: 'fix_safety' needs a 'replacement' to classify"


# --- the command line ------------------------------------------------------------------------


def test_diff_prints_and_writes_nothing(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(LINK, encoding="utf-8")
    before = article.stat().st_mtime_ns
    result = run(["check", "--diff", "a.md"], tmp_path)
    assert result.exit_code == 1
    assert result.stdout == (
        "--- a/a.md\n+++ b/a.md\n@@ -1 +1 @@\n-" + LINK
        + "+Semaglutide pens are [in stock here](https://shop.example/pens?size=2) for you.\n"
    )  # fmt: skip
    assert "Would fix 1 problem in 1 file." in result.stderr
    assert article.read_text(encoding="utf-8") == LINK and article.stat().st_mtime_ns == before


def test_fix_writes_atomically_keeps_mode_and_a_second_fix_is_a_no_op(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(LINK, encoding="utf-8")
    article.chmod(0o640)
    first = run(["check", "--fix", "a.md"], tmp_path)
    assert first.exit_code == 0, first.output
    assert "Fixed 1 problem in 1 file." in first.stderr
    assert article.read_text(encoding="utf-8") == (
        "Semaglutide pens are [in stock here](https://shop.example/pens?size=2) for you.\n"
    )
    assert stat.S_IMODE(article.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temporary file left
    mtime = article.stat().st_mtime_ns
    second = run(["check", "--fix", "a.md"], tmp_path)
    assert second.exit_code == 0 and "Fixed" not in second.stderr
    assert article.stat().st_mtime_ns == mtime


def test_fix_leaves_suggested_edits_and_reports_what_is_left(tmp_path):
    article = tmp_path / "b.txt"
    article.write_text(SAFETY + "\n" + COUPON + "\nMore text.\n", encoding="utf-8")
    result = run(["check", "--fix", "--format", "json", "b.txt"], tmp_path)
    assert result.exit_code == 1 and "Fixed" not in result.stderr
    assert article.read_text(encoding="utf-8").startswith(SAFETY)


def test_unsafe_fixes_apply_suggested_replacements_and_delete_the_coupon_paragraph(tmp_path):
    article = tmp_path / "b.txt"
    article.write_text(SAFETY + "\n" + COUPON + "\nMore text.\n", encoding="utf-8")
    result = run(["check", "--fix", "--unsafe-fixes", "b.txt"], tmp_path)
    assert "Fixed 2 problems in 1 file." in result.stderr
    assert article.read_text(encoding="utf-8") == (
        "Botox is not free of risk, so book as often as you like.\n\nMore text.\n"
    )


def test_without_fix_no_file_is_written(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(LINK, encoding="utf-8")
    before = article.stat().st_mtime_ns
    assert run(["check", "a.md"], tmp_path).exit_code == 1
    assert article.stat().st_mtime_ns == before


def test_invalid_utf8_is_never_rewritten(tmp_path):
    article = tmp_path / "a.md"
    data = LINK.encode() + b"caf\xe9\n"
    article.write_bytes(data)
    result = run(["check", "--fix", "a.md"], tmp_path)
    assert "a.md: not fixed: the file is not plain UTF-8" in result.stderr
    assert article.read_bytes() == data


def test_standard_input_is_never_written_even_under_an_existing_name(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("Unrelated text.\n", encoding="utf-8")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["check", "--fix", "--stdin-filename", "a.md"], input=LINK)
    finally:
        os.chdir(old)
    assert "Fixed" not in result.stderr
    assert article.read_text(encoding="utf-8") == "Unrelated text.\n"


def test_overlapping_fixes_on_the_command_line_are_reported(tmp_path):
    article = tmp_path / "g.md"
    offer = (
        "Use promo code ACNEFREE at [checkout](https://shop.example/isotretinoin?aff=1) for isotretinoin.\n"
    )
    article.write_text("# Acne\n\n" + offer + "\nWash gently.\n", encoding="utf-8")
    result = run(["check", "--select", "MED111,MED112", "--diff", "--unsafe-fixes", "g.md"], tmp_path)
    # The coupon line's deletion comes first in the file; the link edit inside it is skipped.
    assert (
        result.stdout
        == "--- a/g.md\n+++ b/g.md\n@@ -1,5 +1,3 @@\n # Acne\n \n-" + offer + "-\n Wash gently.\n"
    )
    assert "g.md:3:39: MED112 fix skipped: it overlaps another fix" in result.stderr
    assert "Would fix 1 problem in 1 file." in result.stderr
