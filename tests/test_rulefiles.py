"""A broken rule pack is reported as file:line and medlint exits 2; never silently skipped."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from medlint import Linter
from medlint.cli import main
from medlint.errors import RuleFileError
from medlint.rulebook.ruleset import load_rulebook

GOOD_RULE = """\
rules:
  - code: ZZ001
    name: house-style-cure
    category: overclaim
    severity: warning
    message: "Say what the evidence shows: \\"{match}\\"."
    fix: "Replace it with a measured claim."
    source: "House style guide"
    kind: phrase
    phrases: [wonder cure]
    examples:
      bad:
        - {text: "A wonder cure for acne.", match: "wonder cure"}
      good:
        - "A treatment for acne."
"""


def write_pack(tmp_path, text, name="house.yaml"):
    folder = tmp_path / "house-rules"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def error_for(tmp_path, text):
    folder = write_pack(tmp_path, text)
    with pytest.raises(RuleFileError) as caught:
        load_rulebook([folder])
    return str(caught.value).replace(str(folder) + "/", "")


def test_user_rules_folder_adds_rules(tmp_path):
    linter = Linter(rules_dirs=[write_pack(tmp_path, GOOD_RULE)])
    assert [(f.rule, f.line, f.column) for f in linter.lint_text("It is a wonder cure.", "text")] == [
        ("ZZ001", 1, 9)
    ]


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    assert error_for(tmp_path, GOOD_RULE.replace("[wonder cure]", "[wonder cure")).startswith(
        "house.yaml:11: invalid YAML"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("kind: phrase", "kind: phrasal"), "house.yaml:9: 'kind' is 'phrasal'; expected one of:"),
        (("category: overclaim", "category: hype"), "house.yaml:4: 'category' is 'hype'; expected one of:"),
        (("severity: warning", "severity: fatal"), "house.yaml:5: 'severity' is 'fatal'"),
        (("code: ZZ001", "code: zz-1"), "house.yaml:2: rule code 'zz-1' must look like MED101"),
        (
            ("name: house-style-cure", "name: House Style"),
            "house.yaml:3: rule name 'House Style' must be kebab-case",
        ),
        (("    source:", "    sauce:"), "house.yaml:8: unknown field 'sauce' in a 'phrase' rule"),
        (("{match}", "{mtach}"), "house.yaml:6: unknown placeholder {mtach} in 'message'"),
        (('match: "wonder cure"', 'match: "miracle"'), "house.yaml:13: 'match' 'miracle' does not occur"),
        (("phrases: [wonder cure]", "phrases: []"), "house.yaml:10: 'phrases' must be a non-empty list"),
    ],
)
def test_each_mistake_is_reported_at_its_line(tmp_path, change, expected):
    old, new = change
    # All mistakes are reported, one per line ("sauce:" is also a missing "source:").
    lines = error_for(tmp_path, GOOD_RULE.replace(old, new)).splitlines()
    assert any(line.startswith(expected) for line in lines), lines


def test_duplicate_code_is_an_error(tmp_path):
    folder = write_pack(tmp_path, GOOD_RULE)
    (folder / "again.yaml").write_text(GOOD_RULE, encoding="utf-8")
    with pytest.raises(RuleFileError, match="rule code ZZ001 already defined at"):
        load_rulebook([folder])


def test_unknown_term_set_is_an_error(tmp_path):
    text = GOOD_RULE.replace("    kind: phrase", "    context: {near: [medicnie]}\n    kind: phrase")
    assert "unknown term set 'medicnie'" in error_for(tmp_path, text)


def test_invalid_token_pattern_names_its_line(tmp_path):
    text = GOOD_RULE.replace(
        "kind: phrase\n    phrases: [wonder cure]", "kind: pattern\n    patterns:\n      - - {LOWR: wonder}"
    )
    folder = write_pack(tmp_path, text)
    with pytest.raises(RuleFileError, match=r"house.yaml:11: invalid token pattern"):
        Linter(rules_dirs=[folder])


def test_bad_regex_names_its_line(tmp_path):
    text = GOOD_RULE.replace(
        "kind: phrase\n    phrases: [wonder cure]", "kind: link\n    targets: ['(unclosed']"
    )
    assert "house.yaml:10: bad regular expression '(unclosed'" in error_for(tmp_path, text)


def test_cli_exits_2_with_the_location(tmp_path):
    folder = write_pack(tmp_path, GOOD_RULE.replace("kind: phrase", "kind: phrasal"))
    article = tmp_path / "a.md"
    article.write_text("Fine text.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--rules", str(folder), str(article)])
    assert result.exit_code == 2
    assert "house.yaml:9: 'kind' is 'phrasal'" in result.output


def test_bad_dose_table_is_reported_when_rules_load(tmp_path):
    text = (
        "doses:\n  - id: x\n    names: [x]\n    max: -1\n    unit: mg\n"
        "    severity: error\n    source: s\n    advice: a\n"
    )
    assert error_for(tmp_path, text).startswith("house.yaml:4: 'max' must be a positive number")
