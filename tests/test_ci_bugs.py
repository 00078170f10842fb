"""Issue 9, "Wrong today": each documented behaviour an editorial team relies on, pinned exactly."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from medlint import ConfigError, Linter, MedlintError
from medlint.cli import main
from medlint.rulebook.ruleset import load_rulebook
from medlint.rulebook.selection import is_selected

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
SPAM = "# Acne guide\n\nTalk to your dermatologist.\n\nOr buy accutane online at pillshop.\n"
ADAPALENE = "# Adapalene for acne\n\nAdapalene is a retinoid gel. Apply adapalene once a day at night.\n"
ISOTRETINOIN = "# Isotretinoin for acne\n\nIsotretinoin clears acne. Take isotretinoin daily.\n"
HOUSE_RULE = """\
rules:
  - code: HOUSE001
    name: wonder-pill
    category: overclaim
    severity: warning
    message: "Unsupported promise: \\"{match}\\"."
    fix: "Say what the evidence shows."
    source: "House style guide §4"
    kind: phrase
    phrases: [wonder pill]
    examples:
      bad:
        - {text: "Our wonder pill melts fat.", match: "wonder pill"}
      good:
        - "We sell vitamins."
"""


def run(args, cwd=None, stdin=None, env=None):
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, input=stdin, env=env)
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def book():
    return load_rulebook()


# 1. ignore wins a tie, and --ignore ALL disables everything (ruff's rule).
@pytest.mark.parametrize(
    ("select", "ignore", "code", "expected"),
    [
        ([], ["ALL"], "MED101", False),
        (["ALL"], ["ALL"], "MED101", False),
        (["MED101"], ["buy-medicine-online"], "MED101", False),
        (["pharmacy-promotion"], ["pharmacy-promotion"], "MED101", False),
        (["MED1"], ["MED104"], "MED104", False),
        (["MED104"], ["MED1"], "MED104", True),  # the more specific selector still wins
        (["MED1"], ["MED104"], "MED101", True),
    ],
)
def test_ignore_wins_a_tie(book, select, ignore, code, expected):
    assert is_selected(book.rule(code), select, ignore) is expected


def test_ignore_all_on_the_command_line_and_in_config(tmp_path):
    (tmp_path / "spam.md").write_text(SPAM, encoding="utf-8")
    assert run(["check", "--ignore", "ALL", "spam.md"], cwd=tmp_path).exit_code == 0
    (tmp_path / ".medlint.yaml").write_text("ignore: [ALL]\n", encoding="utf-8")
    result = run(["check", "spam.md"], cwd=tmp_path)
    assert result.exit_code == 0
    assert "MED101" not in result.output


# 2. --severity filters findings, not only rules: a risk may carry its own severity.
def test_severity_filters_findings_with_their_own_severity(tmp_path):
    (tmp_path / "adapalene.md").write_text(ADAPALENE, encoding="utf-8")
    assert "MED201 [warning]" in run(["check", "adapalene.md"], cwd=tmp_path).output
    result = run(["check", "--severity", "error", "adapalene.md"], cwd=tmp_path)
    assert result.exit_code == 0
    assert "MED201" not in result.output


# 3. excludes apply to files named on the command line (pre-commit names them).
def test_extend_exclude_applies_to_named_files(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "draft.md").write_text(SPAM, encoding="utf-8")
    (tmp_path / "post.md").write_text(SPAM, encoding="utf-8")
    (tmp_path / ".medlint.yaml").write_text("extend-exclude: [drafts]\n", encoding="utf-8")
    result = run(["check", "--format", "json", "drafts/draft.md", "post.md"], cwd=tmp_path)
    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {"post.md"}


# 4. the hook runs on .mdx files, which pre-commit tags "mdx".
def test_pre_commit_hook_covers_mdx():
    identify = pytest.importorskip("identify.identify")
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for name in ("post.mdx", "post.md", "post.html", "post.txt"):
        assert identify.tags_from_filename(name) & set(hook["types_or"]), name


# 5. a directive is an HTML comment in Markdown and HTML, a line of its own in plain text.
def _pharmacy(linter, text, fmt="markdown"):
    return [(f.rule, f.line) for f in linter.lint_text(text, fmt) if f.rule == "MED101"]


def test_directive_inside_a_code_fence_does_nothing(linter):
    text = "```\n<!-- medlint-disable -->\n```\n\nBuy accutane online now.\n"
    assert _pharmacy(linter, text) == [("MED101", 5)]


def test_directive_in_inline_code_does_nothing(linter):
    text = "Write `<!-- medlint-disable -->` to switch rules off.\n\nBuy accutane online now.\n"
    assert _pharmacy(linter, text) == [("MED101", 3)]


def test_visible_directive_text_does_not_silence_itself(linter):
    assert _pharmacy(linter, "Buy accutane online. medlint-disable-line\n") == [("MED101", 1)]
    assert _pharmacy(linter, "<p>Buy accutane online. medlint-disable-line</p>\n", "html") == [("MED101", 1)]


def test_plain_text_directive_is_a_line_of_its_own(linter):
    assert _pharmacy(linter, "Buy accutane online. medlint-disable-line\n", "text") == [("MED101", 1)]
    text = "medlint-disable-next-line MED101 -- quoting a spam mail\nBuy accutane online now.\n"
    assert _pharmacy(linter, text, "text") == []


def test_html_comment_directive_still_works(linter):
    text = "Buy accutane online now. <!-- medlint-disable-line MED101 -->\n"
    assert _pharmacy(linter, text) == []
    assert _pharmacy(linter, f"<p>{text}</p>", "html") == []


# 6. a broken pyproject.toml is an error naming the file and line.
def test_invalid_pyproject_is_an_error_with_its_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.medlint]\nselect = "MED1\n', encoding="utf-8")
    (tmp_path / "spam.md").write_text(SPAM, encoding="utf-8")
    result = run(["check", "spam.md"], cwd=tmp_path)
    assert result.exit_code == 2
    assert re.search(r"pyproject\.toml:2: invalid TOML", result.stderr), result.stderr


# 7. --stdin-filename reads standard input even without '-'.
def test_stdin_filename_without_dash_reads_stdin(tmp_path):
    (tmp_path / "other.md").write_text(SPAM, encoding="utf-8")
    result = run(
        ["check", "--format", "json", "--stdin-filename", "post.html"],
        cwd=tmp_path,
        stdin="<p>Buy accutane online now.</p>\n",
    )
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["rule"], f["line"], f["column"]) for f in findings] == [
        ("post.html", "MED101", 1, 4)
    ]


def test_readme_says_which_format_unnamed_stdin_gets():
    assert "Standard input without `--stdin-filename` is read as plain text" in (
        ROOT / "README.md"
    ).read_text(encoding="utf-8")


# 8. rules, explain and drugs read `rules = [...]` from the config.
def test_info_commands_read_config_rule_folders(tmp_path):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "house.yaml").write_text(HOUSE_RULE, encoding="utf-8")
    (tmp_path / ".medlint.yaml").write_text("rules: [house]\n", encoding="utf-8")
    explained = run(["explain", "HOUSE001"], cwd=tmp_path)
    assert explained.exit_code == 0, explained.output
    assert explained.stdout.startswith("HOUSE001 wonder-pill\n")
    assert "HOUSE001  warning  overclaim            wonder-pill" in run(["rules"], cwd=tmp_path).stdout
    assert run(["drugs", "accutane"], cwd=tmp_path).exit_code == 0


# 9. `medlint test-rules DIR` runs a pack's examples; the README's example rule passes it.
def test_test_rules_passes_a_good_pack_and_fails_a_wrong_example(tmp_path):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "house.yaml").write_text(HOUSE_RULE, encoding="utf-8")
    ok = run(["test-rules", "house"], cwd=tmp_path)
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.splitlines()[-1] == "2 examples of 1 rule: all as expected."
    broken = HOUSE_RULE.replace('"We sell vitamins."', '"Try our wonder pill today."')
    (tmp_path / "house" / "house.yaml").write_text(broken, encoding="utf-8")
    failed = run(["test-rules", "house"], cwd=tmp_path)
    assert failed.exit_code == 1
    assert "house/house.yaml:15: HOUSE001 good example flagged: 'wonder pill'" in failed.stdout


def test_readme_example_rule_flags_its_own_bad_example(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Writing rules") :]
    block = section[section.index("```yaml\n") + 8 : section.index("```\n", section.index("```yaml\n") + 8)]
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "rules.yaml").write_text(block, encoding="utf-8")
    result = run(["test-rules", "house"], cwd=tmp_path)
    assert result.exit_code == 0, result.output


# 10. every mistake of a pack is reported, each as file:LINE: what.
def test_every_pack_mistake_is_reported(tmp_path):
    broken = HOUSE_RULE.replace("severity: warning", "severity: loud").replace(
        "category: overclaim", "category: hype"
    )
    broken += broken.split("rules:\n", 1)[1].replace("HOUSE001", "house-2").replace("wonder-pill", "Pill")
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "house.yaml").write_text(broken, encoding="utf-8")
    result = run(["check", "--rules", "house", "-"], cwd=tmp_path, stdin="Hello.\n")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if "house.yaml:" in line]
    assert [line.split(": ")[2] for line in lines] == [
        "house/house.yaml:4",
        "house/house.yaml:5",
        "house/house.yaml:16",
        "house/house.yaml:17",
        "house/house.yaml:18",
        "house/house.yaml:19",
    ], result.stderr
    assert "house/house.yaml:4: 'category' is 'hype'" in lines[0]
    assert "house/house.yaml:16: rule code 'house-2'" in lines[2]


# 12. a distribution name of our own; the import package and command stay `medlint`.
def test_distribution_name_is_ours_and_sarif_does_not_point_at_another_project():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "medlint-health"
    assert project["scripts"] == {"medlint": "medlint.cli:run"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install medlint\n" not in readme and "pip install medlint " not in readme
    assert "pypi.org/project/medlint/" not in (ROOT / "src/medlint/report/sarif.py").read_text(
        encoding="utf-8"
    )


# 13. the README's pre-commit snippets work as written.
def test_readme_pre_commit_snippet_matches_the_hook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## pre-commit") :]
    assert "rev: v0.1.0" not in section
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    local = next(yaml.safe_load(b) for b in blocks if "repo: local" in b)
    (hook,) = local["repos"][0]["hooks"]
    (shipped,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == shipped["entry"] and hook["types_or"] == shipped["types_or"]
    assert hook["language"] == "system"


# 14-15, 19. SARIF: distinct fingerprints, real URIs, filled rule metadata.
def _sarif(tmp_path, *args, stdin=None):
    result = run(["check", "--format", "sarif", *args], cwd=tmp_path, stdin=stdin)
    return json.loads(result.stdout)["runs"][0]


def test_sarif_results_at_one_place_have_distinct_fingerprints(tmp_path):
    (tmp_path / "iso.md").write_text(ISOTRETINOIN, encoding="utf-8")
    results = _sarif(tmp_path, "iso.md")["results"]
    med201 = [r for r in results if r["ruleId"] == "MED201"]
    assert len(med201) == 2
    assert len({r["partialFingerprints"]["medlint/v2"] for r in med201}) == 2


def test_sarif_uris_are_relative_encoded_and_based(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "my post #1.md").write_text(SPAM, encoding="utf-8")
    (tmp_path / "outside.md").write_text(SPAM, encoding="utf-8")
    run_ = _sarif(tmp_path / "site", "my post #1.md", "../outside.md", str(tmp_path / "outside.md"))
    base = run_["originalUriBaseIds"]["SRCROOT"]["uri"]
    assert base == (tmp_path / "site").resolve().as_uri() + "/"
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run_["results"]]
    outside = (tmp_path / "outside.md").resolve().as_uri()
    assert {"uri": "my%20post%20%231.md", "uriBaseId": "SRCROOT"} in locations
    assert {"uri": outside} in locations
    assert all(".." not in loc["uri"] and not loc["uri"].startswith("/") for loc in locations)


def test_sarif_stdin_artifact_is_not_a_dash(tmp_path):
    named = _sarif(tmp_path, "--stdin-filename", "post.md", "-", stdin=SPAM)
    location = named["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "post.md", "uriBaseId": "SRCROOT"}
    unnamed = _sarif(tmp_path, "-", stdin=SPAM)
    location = unnamed["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert "uri" not in location and location["description"] == {"text": "standard input"}


def test_sarif_rule_metadata_is_filled(tmp_path):
    rules = _sarif(tmp_path, "-", stdin="Hello.\n")["tool"]["driver"]["rules"]
    assert len(rules) == len(load_rulebook().rules)
    for rule in rules:
        texts = [rule["shortDescription"]["text"], rule["fullDescription"]["text"], rule["help"]["text"]]
        assert not any(re.search(r"\{[a-z_]+\}", t) for t in texts), rule["id"]
        assert rule["shortDescription"]["text"] != rule["name"].replace("-", " "), rule["id"]
        assert rule["help"]["markdown"].startswith(f"**{rule['id']} {rule['name']}**"), rule["id"]


# 16. library and environment details.
def test_no_color_is_honoured():
    from medlint.cli import use_color

    class Tty:
        def isatty(self):
            return True

    assert use_color(None, Tty(), {}) is True
    assert use_color(None, Tty(), {"NO_COLOR": "1"}) is False
    assert use_color(None, Tty(), {"NO_COLOR": ""}) is True  # no-color.org: set and non-empty
    assert use_color(True, Tty(), {"NO_COLOR": "1"}) is True  # an explicit flag wins


def test_linter_rejects_an_unknown_severity():
    with pytest.raises(ConfigError, match="min_severity 'fatal'"):
        Linter(min_severity="fatal")


def test_linter_select_string_is_one_selector():
    linter = Linter(select="MED101")
    assert linter.config.select == ("MED101",)
    assert [r.code for r in linter.rules] == ["MED101"]


@pytest.mark.parametrize("value", [None, b"Buy accutane online."])
def test_lint_text_rejects_non_strings_clearly(linter, value):
    with pytest.raises(TypeError, match="lint_text expects str"):
        linter.lint_text(value)


def test_bad_format_is_a_medlint_error(linter):
    with pytest.raises(MedlintError, match="unknown format 'rst'"):
        linter.lint_text("Hello.", format="rst")


# 17. summaries that do not hide errors, and other small honesty fixes.
def test_summary_counts_unreadable_files(tmp_path):
    result = run(["check", "missing.md"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout == "No problems found in 0 files; 1 file could not be read.\n"


def test_empty_folder_warns(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run(["check", "empty"], cwd=tmp_path)
    assert result.exit_code == 0
    assert "medlint: warning: no files to lint under: empty" in result.stderr


def test_bad_selector_in_config_names_the_file(tmp_path):
    (tmp_path / ".medlint.yaml").write_text("select: [MED999]\n", encoding="utf-8")
    result = run(["check", "-"], cwd=tmp_path, stdin="Hello.\n")
    assert result.exit_code == 2
    assert ".medlint.yaml: no rule matches selector(s): MED999" in result.stderr


def test_rules_listing_is_sorted_by_code():
    codes = [line.split()[0] for line in run(["rules"]).stdout.splitlines()[:-1]]
    assert codes == sorted(codes)


def test_certainty_prints_each_position_once(tmp_path):
    (tmp_path / "a.md").write_text("Turmeric may help with pain.\n", encoding="utf-8")
    (row,) = [json.loads(line) for line in run(["certainty", "a.md"], cwd=tmp_path).stdout.splitlines()]
    assert row["start"] == {"line": 1, "column": 1} and row["end"] == {"line": 1, "column": 29}
    assert not {"line", "column", "end_line", "end_column"} & set(row)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_readme_local_pre_commit_snippet_runs_on_mdx_and_honours_excludes(tmp_path):
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(pre_commit).exists():
        pytest.skip("pre-commit is not installed")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## pre-commit") :]
    local = next(b for b in re.findall(r"```yaml\n(.*?)```", section, re.S) if "repo: local" in b)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "home"),
    }
    repo = tmp_path / "site"
    (repo / "drafts").mkdir(parents=True)
    (repo / ".pre-commit-config.yaml").write_text(local, encoding="utf-8")
    (repo / ".medlint.yaml").write_text("extend-exclude: [drafts]\n", encoding="utf-8")
    (repo / "post.mdx").write_text(SPAM, encoding="utf-8")
    (repo / "drafts" / "draft.md").write_text(SPAM, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)

    def hook(name: str) -> subprocess.CompletedProcess[str]:
        command = [pre_commit, "run", "medlint", "--files", name]
        return subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env)

    failing = hook("post.mdx")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "post.mdx:5:4: MED101" in failing.stdout
    excluded = hook("drafts/draft.md")
    assert excluded.returncode == 0, excluded.stdout + excluded.stderr


def test_every_mistake_within_one_rule_and_every_bad_reference_is_reported(tmp_path):
    (tmp_path / "house").mkdir()
    one_rule = HOUSE_RULE.replace('    source: "House style guide §4"\n', "").replace("{match}", "{drugname}")
    (tmp_path / "house" / "one.yaml").write_text(one_rule, encoding="utf-8")
    result = run(["rules", "--rules", "house"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "medlint: error: house/one.yaml:2: missing required field 'source'",
        "medlint: error: house/one.yaml:6: unknown placeholder {drugname} in 'message'; "
        "available: drug, match",
    ]
    references = HOUSE_RULE.replace(
        "    kind: phrase\n", "    kind: phrase\n    context: [{near: [wonders]}]\n"
    )
    references += (
        references.split("rules:\n", 1)[1].replace("HOUSE001", "HOUSE002").replace("wonders", "marvels")
    )
    (tmp_path / "house" / "one.yaml").write_text(references, encoding="utf-8")
    errors = run(["rules", "--rules", "house"], cwd=tmp_path).stderr.splitlines()
    assert [e.split(": ")[2] for e in errors] == ["house/one.yaml:10", "house/one.yaml:25"], errors
    assert "unknown term set 'wonders'" in errors[0] and "unknown term set 'marvels'" in errors[1]


# 18. front matter: the published title and description are linted at their exact place.
def _front(linter, text):
    return [(f.rule, f.line, f.column, f.match) for f in linter.lint_text(text, "markdown")]


def test_front_matter_title_and_description_are_linted_at_exact_positions(linter):
    text = (
        "---\n"
        "layout: post\n"
        'title: "Buy accutane online today"\n'
        "description: >\n"
        "  Our herbal blend cures cancer\n"
        "  in weeks.\n"
        "---\n"
        "Talk to your dermatologist.\n"
    )
    assert _front(linter, text) == [
        ("MED101", 3, 9, "Buy accutane online"),
        ("MED407", 5, 3, "Our herbal blend cures cancer"),
    ]


def test_front_matter_plain_and_single_quoted_values(linter):
    text = "---\ntitle: It''s time to buy accutane online\n---\nHello.\n"
    assert _front(linter, text) == [("MED101", 2, 22, "buy accutane online")]  # plain: '' is two quotes
    text = "---\ntitle: 'It''s time: buy accutane online'\n---\nHello.\n"
    assert _front(linter, text) == [("MED101", 2, 21, "buy accutane online")]


def test_front_matter_other_keys_hedges_and_escapes_stay_quiet(linter):
    quiet = [
        "---\nslug: buy-accutane-online\nkeywords: buy accutane online\n---\nHello.\n",  # not published
        "---\ndescription: Does turmeric cure cancer? The evidence says no.\n---\nHello.\n",  # question
        '---\ntitle: "Buy accutane online\\u0021"\n---\nHello.\n',  # escapes: position not exact, skipped
        "---\ntitle: Isotretinoin for acne\n---\nHello.\n",  # whole-article rules do not run on a title
        "Hello.\n\n---\ntitle: buy accutane online\n---\n",  # not front matter: a rule and a heading
    ]
    for text in quiet[:-1]:
        assert _front(linter, text) == [], text
    assert ("MED101", 4, 8, "buy accutane online") in _front(linter, quiet[-1])  # body text is linted
