"""Rule packs and config as untrusted input (medlint issue 10).

Packs and ``pyproject.toml`` arrive in pull requests. Each hostile input here must be refused
at load, quickly, with ``file:line: what`` (exit status 2 from the CLI), never hang, exhaust
memory or crash at lint time. Every pack and text here is written for this file.
"""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import pytest

from cli_runner import run_cli as cli
from medlint import Linter
from medlint.analysis.matchers import check_pattern_size
from medlint.errors import ConfigError, RuleFileError
from medlint.rulebook.ruleset import load_rulebook

RULE = """\
rules:
  - code: ZZ201
    name: house-miracle-claim
    category: overclaim
    severity: warning
    message: "Overstated: {match}."
    fix: "Say what the trial found."
    source: "House style guide"
    kind: phrase
    phrases: [miracle tonic]
    examples:
      bad:
        - {text: "A miracle tonic for colds.", match: "miracle tonic"}
      good:
        - "A tonic for colds."
"""
KIND_LINES = "kind: phrase\n    phrases: [miracle tonic]"


def write_pack(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "house-rules"
    folder.mkdir(exist_ok=True)
    (folder / "house.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def load_error(tmp_path: Path, text: str, *, build: bool = False) -> str:
    """The error (folder prefix removed) of loading ``text``; ``build`` also builds the matchers."""
    folder = write_pack(tmp_path, text)
    started = time.perf_counter()
    with pytest.raises(RuleFileError) as caught:
        Linter(rules_dirs=[folder]) if build else load_rulebook([folder])
    assert time.perf_counter() - started < 30  # seconds with the built-ins; the bombs took minutes
    return str(caught.value).replace(str(folder) + "/", "")


# --- YAML aliases ------------------------------------------------------------------------


def alias_bomb() -> str:
    """Nine aliases of nine aliases, nine levels deep, as a token's word list: under 1 kB."""
    tokens = ["{LOWER: {IN: &a [x, x, x, x, x, x, x, x, x]}}"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        aliases = ", ".join([f"*{previous}"] * 9)
        tokens.append(f"{{LOWER: {{IN: &{name} [{aliases}]}}}}")
    patterns = "kind: pattern\n    patterns:\n      - - " + "\n        - ".join(tokens)
    return RULE.replace(KIND_LINES, patterns)


def test_alias_bomb_is_refused_before_it_expands(tmp_path):
    text = alias_bomb()
    assert len(text) < 1_200
    started = time.perf_counter()
    error = load_error(tmp_path, text)
    assert time.perf_counter() - started < 5  # was a MemoryError after 49 s at 3 GB
    # Levels two to four add 90 + 819 + 7,380 nodes; the first alias of level five (line 15)
    # adds 7,381 more and crosses the limit.
    assert error == (
        "house.yaml:15: aliases expand to more than 10,000 nodes; "
        "write the values out or use fewer levels of aliases"
    )


def test_alias_bomb_in_a_config_file_is_refused(tmp_path):
    """``.medlint.yaml`` arrives in pull requests like a pack: it gets the same bounded loader."""
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    (tmp_path / ".medlint.yaml").write_text("\n".join(levels) + "\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("Plain words.\n", encoding="utf-8")
    result = cli(["check", "a.md"], tmp_path)
    assert result.exit_code == 2
    assert ".medlint.yaml:5: aliases expand to more than 10,000 nodes" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_given_as_config_is_an_error_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "settings.yaml")
    (tmp_path / "a.md").write_text("Plain words.\n", encoding="utf-8")
    result = cli(["check", "--config", "settings.yaml", "a.md"], tmp_path)
    assert result.exit_code == 2
    assert "settings.yaml: cannot read config: not a regular file" in result.output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (".medlint.yaml", b"min-confidence: \xff\n", ".medlint.yaml: cannot read config: 'utf-8' codec"),
        ("pyproject.toml", b"[tool.medlint]\nformat = '\xff'\n", "pyproject.toml: cannot read config: 'utf"),
        (".medlint.yaml", b"format: text\nselect: [\n", ".medlint.yaml:3: invalid YAML: did not find"),
    ],
)
def test_a_config_that_cannot_be_read_names_its_file_and_line(tmp_path, name, content, message):
    """Both config formats are read one way; a YAML syntax error keeps its line."""
    (tmp_path / name).write_bytes(content)
    (tmp_path / "a.md").write_text("Plain words.\n", encoding="utf-8")
    result = cli(["check", "a.md"], tmp_path)
    assert result.exit_code == 2
    assert f"medlint: error: {tmp_path / message}" in result.output


def test_alias_to_its_own_anchor_is_refused(tmp_path):
    text = RULE.replace("phrases: [miracle tonic]", "phrases: &loop [miracle tonic, *loop]")
    assert load_error(tmp_path, text) == "house.yaml:10: an alias refers to its own anchor"


def test_deep_nesting_is_an_error_not_a_crash(tmp_path):
    text = "terms:\n  deep: &deep " + "[" * 900 + "]" * 900 + "\n  again: *deep\n"
    assert load_error(tmp_path, text) == "house.yaml: invalid YAML: nested too deeply"


def test_ordinary_aliases_still_load(tmp_path):
    # The shape our own warnings pack uses: one anchored mapping named by several rules.
    second = RULE.replace("ZZ201", "ZZ202").replace("house-miracle", "house-wonder").replace("rules:\n", "")
    text = RULE.replace("    kind: phrase", "    unless: &usual [negated, quoted]\n    kind: phrase")
    text += second.replace("    kind: phrase", "    unless: *usual\n    kind: phrase").replace(
        "miracle tonic", "wonder tonic"
    )
    linter = Linter(rules_dirs=[write_pack(tmp_path, text)], select=["ZZ2"])
    found = linter.lint_text("It is a wonder tonic. It is not a miracle tonic.", "text")
    assert [(f.rule, f.line, f.column) for f in found] == [("ZZ202", 1, 9)]


# --- message and fix templates -----------------------------------------------------------


@pytest.mark.parametrize(
    "placeholder",
    [
        "{match:{x.__class__}}",  # passed the old check, crashed at lint time
        "{match:>2000000000}",  # allocated gigabytes
        "{match!r}",
        "{match.__class__}",
        "{match[0]}",
        "{}",
        "{0}",
    ],
)
def test_template_fields_must_be_plain_names(tmp_path, placeholder):
    error = load_error(tmp_path, RULE.replace("{match}", placeholder))
    assert error.startswith(f"house.yaml:6: placeholder {placeholder} in 'message' must be a plain name")


def test_template_field_error_names_the_fix_line(tmp_path):
    text = RULE.replace('fix: "Say what', 'fix: "{match:^99999999} Say what')
    assert load_error(tmp_path, text).startswith("house.yaml:7: placeholder {match:^99999999} in 'fix'")


def test_replacement_templates_are_held_to_the_same_rule(tmp_path):
    text = RULE.replace(
        "    source:", '    replacement: "{match:>2000000000}"\n    fix_safety: safe\n    source:'
    )
    error = load_error(tmp_path, text)
    assert error.startswith("house.yaml:8: bad placeholder: placeholder {match:>2000000000} must be")


def test_plain_fields_and_literal_braces_still_work(tmp_path):
    text = RULE.replace("Overstated: {match}.", "Overstated {{sic}}: {match}.")
    linter = Linter(rules_dirs=[write_pack(tmp_path, text)], select=["ZZ201"])
    (finding,) = linter.lint_text("Try our miracle tonic today.", "text")
    assert (finding.rule, finding.line, finding.column) == ("ZZ201", 1, 9)
    assert finding.message == "Overstated {sic}: miracle tonic."


def test_cli_reports_a_bad_template_with_exit_2(tmp_path):
    folder = write_pack(tmp_path, RULE.replace("{match}", "{match:>2000000000}"))
    (tmp_path / "a.md").write_text("A miracle tonic.\n", encoding="utf-8")
    result = cli(["check", "--rules", str(folder), "a.md"], tmp_path)
    assert result.exit_code == 2
    assert "house.yaml:6: placeholder {match:>2000000000} in 'message'" in result.output


# --- regular expressions -----------------------------------------------------------------


def link_rule(*targets: str) -> str:
    items = "".join(f"\n      - '{target}'" for target in targets)
    return RULE.replace(KIND_LINES, "kind: link\n    targets:" + items).replace(
        '{text: "A miracle tonic for colds.", match: "miracle tonic"}',
        '{text: "[x](http://tonic.example/buy)", match: "x", format: markdown}',
    )


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("^(a+)+$", "a repeat inside a repeated group can take exponential time"),
        ("^(?:x?)*y", "a repeat inside a repeated group"),
        ("^(?:[a-z]+\\.){2,}com$", "a repeat inside a repeated group"),
        ("^(a|aa)+$", "alternation (|) inside a repeated group"),
        ("(tonic)\\1", "backreferences are not allowed"),
        (".*.*.*x", "more than 2 repeats such as + or *"),
        ("a?" * 11, "more than 10 optional or repeated parts"),
        ("x" * 1_001, "longer than 1000 characters"),
    ],
)
def test_regexes_that_can_backtrack_for_ever_are_refused(tmp_path, pattern, problem):
    error = load_error(tmp_path, link_rule("tonic\\.example", pattern))
    shown = pattern if len(pattern) < 50 else None
    assert error.startswith("house.yaml:12: bad regular expression "), error
    assert problem in error
    if shown:
        assert repr(pattern) in error


def test_links_to_regexes_are_checked_too(tmp_path):
    text = RULE.replace("    kind: phrase", "    context: [{links_to: ['^(a+)+$']}]\n    kind: phrase")
    error = load_error(tmp_path, text)
    assert error.startswith("house.yaml:9: bad regular expression '^(a+)+$': a repeat inside")


def test_catastrophic_link_regex_no_longer_hangs_the_cli(tmp_path):
    folder = write_pack(tmp_path, link_rule("^(a+)+$"))
    (tmp_path / "a.md").write_text("See [here](" + "a" * 34 + "!) now.\n", encoding="utf-8")
    started = time.perf_counter()
    result = cli(["check", "--rules", str(folder), "a.md"], tmp_path)
    assert time.perf_counter() - started < 30  # hung past a 60 s timeout before
    assert result.exit_code == 2
    assert "house.yaml:11: bad regular expression '^(a+)+$'" in result.output


@pytest.mark.parametrize(
    "pattern",
    [
        "^(?:[a-z]+://)?[^/?#]*\\.pharmacy(?:[:/?#]|$)",  # the shapes our own packs use
        "[?&](?:ref|aff|partner_id)=",
        "^(?:https?://)?(?:www\\.)?(?:bit\\.ly|t\\.ly)/",
        "(?:ab){2}c+",  # a fixed repeat may hold anything
        "tonic(?!s)",
    ],
)
def test_safe_regexes_still_load_and_match(tmp_path, pattern):
    folder = write_pack(tmp_path, link_rule(pattern))
    assert [rule.code for rule in load_rulebook([folder], builtin=False).rules] == ["ZZ201"]


def test_a_loaded_link_regex_flags_its_link(tmp_path):
    folder = write_pack(tmp_path, link_rule("^https?://[^/]*tonic\\.example/"))
    linter = Linter(rules_dirs=[folder], select=["ZZ201"])
    text = "Read [the trial](https://trials.example/tonic). Or [buy](https://tonic.example/buy).\n"
    found = linter.lint_text(text, "markdown")
    assert [(f.rule, f.line, f.column) for f in found] == [("ZZ201", 1, 58)]


# --- token patterns ----------------------------------------------------------------------


def pattern_rule(*tokens: str) -> str:
    body = "kind: pattern\n    patterns:\n      - - " + "\n        - ".join(tokens)
    return RULE.replace(KIND_LINES, body)


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (['{LOWER: miracle, OP: "*"}'] * 200, "at most 16 tokens (an OP range counts"),
        (['{LOWER: miracle, OP: "{1,100000}"}', "{LOWER: tonic}"], "this one has 100001"),
        (['{LOWER: miracle, OP: "*"}'] * 3 + ["{LOWER: tonic}"], "at most 2 unbounded repeat operators"),
        (['{LOWER: miracle, OP: "{2,}"}'] * 3 + ["{LOWER: tonic}"], "at most 2 unbounded"),
        (['{IS_ALPHA: true, OP: "?"}'] * 7 + ["{LOWER: tonic}"], "at most 6 repeat operators"),
    ],
)
def test_token_patterns_are_limited_in_size_and_repeats(tmp_path, tokens, expected):
    started = time.perf_counter()
    error = load_error(tmp_path, pattern_rule(*tokens), build=True)
    assert time.perf_counter() - started < 30  # 200 "*" took 16 s and 1.2 GB, then crashed
    assert error.startswith("house.yaml:11: invalid token pattern: a token pattern may have"), error
    assert expected in error


@pytest.mark.parametrize(
    "token",
    [
        '{LOWER: {REGEX: "^(.+)+z$"}}',
        '{_: {house: {REGEX: "(\\\\w|xy)*!"}}}',
        '{TEXT: {NOT_IN: [a], REGEX: "(a)\\\\1"}}',
    ],
)
def test_token_regexes_are_checked_like_rule_regexes(tmp_path, token):
    error = load_error(tmp_path, pattern_rule(token, "{LOWER: tonic}"), build=True)
    assert error.startswith("house.yaml:11: invalid token pattern: unsafe REGEX "), error


def test_a_safe_token_regex_matches(tmp_path):
    rule = pattern_rule('{LOWER: {REGEX: "^[a-z]{3,}tonic$"}}')
    linter = Linter(rules_dirs=[write_pack(tmp_path, rule)], select=["ZZ201"])
    found = linter.lint_text("A tonic is fine. Buy megatonic now.", "text")
    assert [(f.rule, f.line, f.column, f.match) for f in found] == [("ZZ201", 1, 22, "megatonic")]


def test_counting_follows_spacy_expansion():
    check_pattern_size([{"LOWER": "a", "OP": "{16}"}])
    check_pattern_size([{"LOWER": "a", "OP": "{0,5}"}, {"LOWER": "b", "OP": "{3,}"}])
    with pytest.raises(ValueError, match=r"at most 6 repeat operators \(OP .*\); this one has 7"):
        check_pattern_size([{"LOWER": "a", "OP": "{,7}"}])
    with pytest.raises(ValueError, match="at most 16 tokens"):
        check_pattern_size([{"LOWER": "a", "OP": "{16,}"}])


def test_a_pattern_within_the_limits_matches(tmp_path):
    tokens = [
        "{LOWER: {IN: [try, buy]}}",
        '{LOWER: {IN: [our, the]}, OP: "*"}',
        '{LOWER: miracle, OP: "+"}',
        '{LOWER: herbal, OP: "?"}',
        "{LOWER: tonic}",
    ]
    linter = Linter(rules_dirs=[write_pack(tmp_path, pattern_rule(*tokens))], select=["ZZ201"])
    found = linter.lint_text("Do not buy it. Just try our miracle herbal tonic.", "text")
    assert [(f.rule, f.line, f.column, f.match) for f in found] == [
        ("ZZ201", 1, 21, "try our miracle herbal tonic")
    ]


# --- the CLI: exit status 2 and file:line for each hostile pack ---------------------------


@pytest.mark.parametrize(
    ("pack", "expected"),
    [
        (alias_bomb, "house.yaml:15: aliases expand to more than 10,000 nodes"),
        (lambda: RULE.replace("{match}", "{match:{x.__class__}}"), "house.yaml:6: placeholder {match:{x"),
        (lambda: link_rule("^(a+)+$"), "house.yaml:11: bad regular expression '^(a+)+$'"),
        (lambda: pattern_rule(*['{LOWER: miracle, OP: "*"}'] * 200), "house.yaml:11: invalid token pattern"),
    ],
)
def test_cli_exits_2_on_each_hostile_pack(tmp_path, pack, expected):
    folder = write_pack(tmp_path, pack())
    (tmp_path / "a.md").write_text("A miracle tonic. See [it](" + "a" * 34 + "!).\n", encoding="utf-8")
    started = time.perf_counter()
    result = cli(["check", "--rules", str(folder), "a.md"], tmp_path)
    assert time.perf_counter() - started < 30
    assert result.exit_code == 2
    assert expected in result.output.replace(str(folder) + "/", "")


# --- rule folders named in the config ----------------------------------------------------


def project(tmp_path: Path, rules: str) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text(f'[tool.medlint]\nselect = ["ZZ"]\nrules = [\n  {rules},\n]\n')
    (root / "a.md").write_text("Try our miracle tonic.\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("rules", ['"/"', '"../outside"', '"house-rules/../../outside"'])
def test_config_rule_folders_outside_the_project_are_refused(tmp_path, rules):
    (tmp_path / "outside").mkdir()
    root = project(tmp_path, rules)
    result = cli(["check", "a.md"], root)
    assert result.exit_code == 2
    assert f"{root / 'pyproject.toml'}:4: rule folder {rules.strip(chr(34))!r} is outside" in result.output
    assert "give folders outside it with --rules on the command line" in result.output


def test_symlink_leading_outside_the_project_is_refused(tmp_path):
    outside = write_pack(tmp_path, RULE)
    root = project(tmp_path, '"linked-rules"')
    (root / "linked-rules").symlink_to(outside, target_is_directory=True)
    result = cli(["check", "a.md"], root)
    assert result.exit_code == 2
    assert "pyproject.toml:4: rule folder 'linked-rules' is outside" in result.output


def test_config_rule_folder_inside_the_project_loads(tmp_path):
    root = project(tmp_path, '"house-rules"')
    write_pack(root, RULE)
    result = cli(["check", "--format", "json", "a.md"], root)
    assert result.exit_code == 1
    assert '"ZZ201"' in result.output


def test_command_line_rule_folder_may_be_anywhere(tmp_path):
    outside = write_pack(tmp_path, RULE)
    root = project(tmp_path, '"."')
    result = cli(["check", "--format", "json", "--rules", str(outside), "a.md"], root)
    assert result.exit_code == 1
    assert '"ZZ201"' in result.output


def test_library_config_error_names_the_file(tmp_path):
    from medlint.config import load_config

    root = project(tmp_path, '"/"')
    with pytest.raises(ConfigError, match=r"pyproject.toml:4: rule folder '/' is outside"):
        load_config(root / "pyproject.toml")
