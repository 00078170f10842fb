"""Configuration completeness: per-file-ignores, severity overrides, extend-select, CLI options in
config, and ``medlint config`` showing each resolved setting with its origin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_runner import run_cli as run
from medlint import Linter
from medlint.config import Config, config_from_mapping, file_ignored
from medlint.errors import ConfigError

SPAM = "Buy accutane online now.\n"
SAFE = "Botox is completely safe, so book as often as you like.\n"


def rules(findings):
    return [(f.rule, f.line, f.column, f.severity) for f in findings if f.rule in ("MED101", "MED403")]


def test_per_file_ignores_glob_forms():
    config = config_from_mapping({"per-file-ignores": {"drafts/*": ["MED1"], "*.txt": "MED403"}})
    assert file_ignored(config, "drafts/a.md") == ("MED1",)
    assert file_ignored(config, "./drafts/a.md") == ("MED1",)
    assert file_ignored(config, "notes/b.txt") == ("MED403",)
    assert file_ignored(config, "posts/drafts.md") == ()


def test_per_file_ignores_switches_rules_off_in_matching_files_only():
    linter = Linter(config_from_mapping({"per-file-ignores": {"quotes/**/*.txt": ["pharmacy-promotion"]}}))
    assert rules(linter.lint_text(SPAM, "text", "quotes/2024/spam.txt")) == []
    assert rules(linter.lint_text(SPAM, "text", "posts/spam.txt")) == [("MED101", 1, 1, "error")]


def test_per_file_ignores_with_unknown_selector_is_an_error():
    with pytest.raises(ConfigError) as err:
        Linter(config_from_mapping({"per-file-ignores": {"*.md": ["MED998"]}}, Path("/x/.medlint.yaml")))
    assert str(err.value) == "/x/.medlint.yaml: no rule matches selector(s): MED998 (see `medlint rules`)"


def test_severity_override_changes_the_reported_severity():
    linter = Linter(config_from_mapping({"severity-overrides": {"MED403": "warning"}}))
    assert rules(linter.lint_text(SAFE, "text")) == [("MED403", 1, 10, "warning")]


def test_severity_override_below_the_threshold_drops_the_rule():
    linter = Linter(config_from_mapping({"severity-overrides": {"med403": "info"}}), min_severity="warning")
    assert rules(linter.lint_text(SAFE, "text")) == []


def test_severity_override_values_are_checked():
    with pytest.raises(ConfigError) as err:
        config_from_mapping({"severity-overrides": {"MED403": "fatal"}})
    assert str(err.value) == (
        "configuration: 'severity-overrides' for MED403 is 'fatal'; expected one of: info, warning, error"
    )


def test_extend_select_adds_to_a_narrow_select():
    linter = Linter(Config(select=("pharmacy-promotion",), extend_select=("MED403",)))
    text = SAFE + "\n" + SPAM
    assert rules(linter.lint_text(text, "text")) == [("MED403", 1, 10, "error"), ("MED101", 3, 1, "error")]


def test_extend_select_on_the_command_line(tmp_path):
    (tmp_path / "a.txt").write_text(SAFE + "\n" + SPAM, encoding="utf-8")
    result = run(
        ["check", "--select", "MED101", "--extend-select", "MED403", "--format", "json", "a.txt"], tmp_path
    )
    found = [(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("MED403", 1), ("MED101", 3)]


def test_flags_settable_in_config(tmp_path):
    (tmp_path / ".medlint.yaml").write_text(
        "exit-zero: true\nquiet: true\nselect: [MED101]\n", encoding="utf-8"
    )
    (tmp_path / "a.txt").write_text(SPAM, encoding="utf-8")
    result = run(["check", "--no-color", "a.txt"], tmp_path)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("a.txt:1:1: MED101 [error]")
    assert "Found" not in result.stdout


def test_flag_in_config_must_be_boolean():
    with pytest.raises(ConfigError) as err:
        config_from_mapping({"fix": "yes"})
    assert str(err.value) == "configuration: 'fix' must be true or false"


def test_fix_in_config(tmp_path):
    (tmp_path / ".medlint.yaml").write_text("fix: true\n", encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text("Semaglutide pens are [here](https://shop.example/pens?aff=1).\n", encoding="utf-8")
    result = run(["check", "a.md"], tmp_path)
    assert "Fixed 1 problem in 1 file." in result.stderr
    assert article.read_text(encoding="utf-8") == "Semaglutide pens are [here](https://shop.example/pens).\n"


def test_medlint_config_prints_each_setting_and_its_origin(tmp_path):
    (tmp_path / ".medlint.yaml").write_text(
        "ignore: [MED105]\nper-file-ignores:\n  drafts/*: [pharmacy-promotion]\n", encoding="utf-8"
    )
    result = run(["config"], tmp_path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"# config file: {(tmp_path / '.medlint.yaml').resolve()}"
    assert f'ignore = ["MED105"]  # {(tmp_path / ".medlint.yaml").resolve()}' in lines
    where = (tmp_path / ".medlint.yaml").resolve()
    assert f'per-file-ignores = {{"drafts/*": ["pharmacy-promotion"]}}  # {where}' in lines
    assert "severity-overrides = {}  # default" in lines
    assert "min-confidence = 0.5  # default" in lines


def test_medlint_config_json_without_a_file(tmp_path):
    result = run(["config", "--format", "json"], tmp_path)
    rows = {row["key"]: row for row in json.loads(result.stdout)}
    assert rows["require-reason"] == {"key": "require-reason", "value": False, "origin": "default"}
    assert rows["baseline"]["value"] is None


def test_no_fix_on_the_command_line_beats_fix_in_config(tmp_path):
    (tmp_path / ".medlint.yaml").write_text("fix: true\n", encoding="utf-8")
    article = tmp_path / "a.md"
    text = "Semaglutide pens are [here](https://shop.example/pens?aff=1).\n"
    article.write_text(text, encoding="utf-8")
    result = run(["check", "--no-fix", "a.md"], tmp_path)
    assert result.exit_code == 1 and "Fixed" not in result.stderr
    assert article.read_text(encoding="utf-8") == text


def test_every_check_option_has_a_config_key():
    from dataclasses import fields

    from medlint.cli import check

    aliases = {"output_format": "format", "severity": "min_severity", "rules_dirs": "rules"}
    aliases["baseline_file"] = "baseline"
    one_shot = {"config_file", "stdin_filename", "write_baseline"}  # about this run, not a setting
    settings = {f.name for f in fields(Config)}
    options = {p.name for p in check.params if p.name and p.param_type_name == "option"} - one_shot
    assert (
        sorted(aliases.get(name, name) for name in options if aliases.get(name, name) not in settings) == []
    )


def test_output_options_in_config(tmp_path):
    (tmp_path / ".medlint.yaml").write_text("output-file: report.txt\nselect: [MED101]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(SPAM, encoding="utf-8")
    result = run(["check", "a.txt"], tmp_path)
    assert result.stdout == ""
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith("a.txt:1:1: MED101 [error]")
