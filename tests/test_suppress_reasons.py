"""Suppressions that do not rot: reasons carried out, unused and unknown directives reported."""

from __future__ import annotations

import json

from cli_runner import run_cli as run
from medlint import Linter
from medlint.config import Config

SPAM = "Buy accutane online now."


def where(findings):
    wanted = ("suppression", "pharmacy-promotion")
    return [(f.rule, f.line, f.column) for f in findings if f.category in wanted]


def test_unused_directive_is_reported_at_the_comment(linter):
    text = "# Notes\n\n<!-- medlint-disable-next-line MED101 -- old quote -->\nWash gently twice a day.\n"
    (found,) = [f for f in linter.lint_text(text) if f.category == "suppression"]
    assert (found.rule, found.line, found.column, found.end_column) == ("MED001", 3, 6, 51)
    assert found.message == "Suppression comment switches nothing off: no MED101 finding on the next line."


def test_used_directive_is_not_reported(linter):
    text = f"<!-- medlint-disable-next-line MED101 -- quoting a spam e-mail -->\n{SPAM}\n"
    assert where(linter.lint_text(text)) == []


def test_unknown_code_is_reported(linter):
    text = "<!-- medlint-disable-next-line MED999 -->\nRest well.\n"
    (found,) = [f for f in linter.lint_text(text) if f.category == "suppression"]
    assert (found.rule, found.line, found.column) == ("MED002", 1, 6)
    assert found.message == "Suppression comment names no rule: 'MED999'."


def test_a_colon_instead_of_dashes_is_reported_and_suppresses_nothing(linter):
    text = f"<!-- medlint-disable-next-line MED101: quoting spam -->\n{SPAM}\n"
    found = where(linter.lint_text(text))
    assert found == [("MED002", 1, 6), ("MED101", 2, 1)]
    (about,) = [f for f in linter.lint_text(text) if f.rule == "MED002"]
    assert about.message.endswith("(write ' -- reason' after the codes, not ':').")


def test_plain_text_directive_is_checked_too(linter):
    text = "medlint-disable-next-line MED101 -- was a quote\nRest well.\n"
    assert where(linter.lint_text(text, "text")) == [("MED001", 1, 1)]


def test_directive_shown_in_code_is_not_a_directive_so_never_unused(linter):
    text = "Write `<!-- medlint-disable-line MED101 -->` to switch a rule off.\n"
    assert where(linter.lint_text(text)) == []


def test_directive_for_a_rule_that_did_not_run_is_not_called_unused():
    narrowed = Linter(select=["overclaim"])
    text = "<!-- medlint-disable-next-line MED101 -- quote -->\nRest well.\n"
    assert where(narrowed.lint_text(text)) == []


def test_directive_checks_can_be_ignored_like_rules():
    quiet = Linter(ignore=["suppression"])
    text = "<!-- medlint-disable-next-line MED999 -->\nRest well.\n"
    assert where(quiet.lint_text(text)) == []


def test_require_reason_makes_a_bare_directive_a_finding():
    strict = Linter(Config(require_reason=True))
    bare = f"<!-- medlint-disable-next-line MED101 -->\n{SPAM}\n"
    assert where(strict.lint_text(bare)) == [("MED003", 1, 6)]
    reasoned = f"<!-- medlint-disable-next-line MED101 -- quoting a spam e-mail -->\n{SPAM}\n"
    assert where(strict.lint_text(reasoned)) == []
    enable_only = "<!-- medlint-disable MED101 -- quote -->\n" + SPAM + "\n<!-- medlint-enable -->\n"
    assert where(strict.lint_text(enable_only)) == []  # an enable needs no reason


def test_show_suppressed_carries_the_reason_into_json_and_sarif(tmp_path):
    (tmp_path / "a.md").write_text(
        f"<!-- medlint-disable-next-line MED101 -- quoting a spam e-mail -->\n{SPAM}\n", encoding="utf-8"
    )
    plain = run(["check", "--format", "json", "--select", "MED101", "a.md"], tmp_path)
    assert json.loads(plain.stdout)["findings"] == [] and plain.exit_code == 0
    shown = run(["check", "--format", "json", "--select", "MED101", "--show-suppressed", "a.md"], tmp_path)
    (finding,) = json.loads(shown.stdout)["findings"]
    assert (finding["rule"], finding["line"], finding["suppressed"]) == ("MED101", 2, "quoting a spam e-mail")
    assert finding["suppressions"] == [{"kind": "inSource", "justification": "quoting a spam e-mail"}]
    assert shown.exit_code == 0  # a suppressed finding never fails the run
    sarif = run(["check", "--format", "sarif", "--select", "MED101", "--show-suppressed", "a.md"], tmp_path)
    (result,) = json.loads(sarif.stdout)["runs"][0]["results"]
    assert result["suppressions"] == [{"kind": "inSource", "justification": "quoting a spam e-mail"}]


def test_require_reason_in_config(tmp_path):
    (tmp_path / ".medlint.yaml").write_text("require-reason: true\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(f"<!-- medlint-disable-next-line MED101 -->\n{SPAM}\n", encoding="utf-8")
    result = run(["check", "a.md"], tmp_path)
    assert result.stdout.startswith(
        "a.md:1:6: MED003 [warning] Suppression comment gives no reason (require-reason is on).\n"
    )


def test_directive_for_a_rule_ignored_in_this_file_is_not_called_unused():
    linter = Linter(Config(per_file_ignores=(("quotes/*", ("MED101",)),)))
    text = "<!-- medlint-disable-next-line MED101 -- quote -->\nBuy accutane online now.\n"
    assert where(linter.lint_text(text, path="quotes/a.md")) == []
    assert where(linter.lint_text(text, path="posts/a.md")) == []  # used: it suppresses MED101


def test_show_suppressed_in_text_says_so_with_the_reason(tmp_path):
    (tmp_path / "a.md").write_text(
        f"<!-- medlint-disable-next-line MED101 -- quoting a spam e-mail -->\n{SPAM}\n", encoding="utf-8"
    )
    result = run(["check", "--no-color", "--select", "MED101", "--show-suppressed", "a.md"], tmp_path)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("a.md:2:1: MED101 [error]")
    assert lines[2] == "    suppressed: quoting a spam e-mail"
    assert result.exit_code == 0
