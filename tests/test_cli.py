"""The command line as users and CI meet it: output formats, exit codes, selection, config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from medlint.cli import main

BAD = "# Acne guide\n\nTalk to your dermatologist.\n\nOr buy accutane online at pillshop.\n"
GOOD = "# Acne guide\n\nTalk to your dermatologist about isotretinoin and its risks.\n"


def run(args, cwd=None, stdin=None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, args, input=stdin)
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, args, input=stdin)
    finally:
        os.chdir(old)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_text_output_exact(articles):
    result = run(["check", "bad.md", "good.md"], cwd=articles)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "bad.md:5:4: MED101 [error] Invitation to buy a prescription medicine outside a pharmacy with a "
        'prescription: "buy accutane online".',
        "    fix: Remove the purchase invitation; say instead that accutane is only available with a "
        "prescription "
        "from a licensed pharmacy.",
        "Found 1 problem (1 error) in 1 of 2 files.",
    ]


def test_clean_files_exit_zero(articles):
    result = run(["check", "good.md"], cwd=articles)
    assert result.exit_code == 0
    assert result.output == "No problems found in 1 file.\n"


def test_json_follows_the_contract(articles):
    result = run(["check", "--format", "json", "bad.md", "good.md"], cwd=articles)
    assert result.exit_code == 1
    (finding,) = json.loads(result.output)["findings"]
    assert {
        k: finding[k]
        for k in ("path", "line", "column", "end_line", "end_column", "rule", "category", "severity")
    } == {
        "path": "bad.md",
        "line": 5,
        "column": 4,
        "end_line": 5,
        "end_column": 23,
        "rule": "MED101",
        "category": "pharmacy-promotion",
        "severity": "error",
    }
    assert finding["message"] and finding["fix"]


def test_sarif_is_valid(articles, shared):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((shared / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    result = run(["check", "--format", "sarif", "bad.md"], cwd=articles)
    log = json.loads(result.output)
    jsonschema.validate(log, schema)
    (entry,) = log["runs"][0]["results"]
    assert entry["ruleId"] == "MED101"
    assert entry["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    assert log["runs"][0]["tool"]["driver"]["rules"][entry["ruleIndex"]]["id"] == "MED101"


def test_github_annotations(articles):
    result = run(["check", "--format", "github", "bad.md"], cwd=articles)
    assert result.output.startswith(
        "::error file=bad.md,line=5,col=4,endLine=5,endColumn=23,title=MED101 buy-medicine-online::"
    )
    assert "%0AFix: Remove the purchase invitation" in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "MED101"], 1),
        (["--select", "MED11"], 0),
        (["--ignore", "pharmacy-promotion"], 0),
        (["--select", "pharmacy-promotion", "--ignore", "MED101"], 0),
        (["--ignore", "MED1", "--select", "buy-medicine-online"], 1),
        (["--exit-zero"], 0),
    ],
)
def test_selection_and_exit_codes(articles, args, expected):
    assert run(["check", *args, "bad.md"], cwd=articles).exit_code == expected


def test_unknown_selector_is_a_usage_error(articles):
    result = run(["check", "--select", "MED999", "bad.md"], cwd=articles)
    assert result.exit_code == 2
    assert "no rule matches selector(s): MED999" in result.output


def test_severity_threshold(articles):
    (articles / "warn.md").write_text("Get up to 90% off Cialis this week only.\n", encoding="utf-8")
    assert run(["check", "warn.md"], cwd=articles).exit_code == 1
    result = run(["check", "--severity", "error", "warn.md"], cwd=articles)
    assert result.exit_code == 0
    assert "MED105" not in result.output


def test_missing_path_reported_others_still_linted(articles):
    result = run(["check", "nope.md", "bad.md"], cwd=articles)
    assert result.exit_code == 2
    assert "medlint: error: nope.md: no such file or directory" in result.output
    assert "bad.md:5:4: MED101" in result.output


def test_binary_file_skipped_with_message(articles):
    (articles / "image.txt").write_bytes(b"\x89PNG\x00\x00binary")
    result = run(["check", "image.txt", "good.md"], cwd=articles)
    assert result.exit_code == 2
    assert "image.txt: binary file (contains NUL bytes), skipped" in result.output


def test_invalid_utf8_warns_and_lints(articles):
    (articles / "latin.txt").write_bytes("Caf\xe9: buy accutane online.\n".encode("latin-1"))
    result = run(["check", "latin.txt"], cwd=articles)
    assert result.exit_code == 1
    assert "medlint: warning: latin.txt: invalid UTF-8 at byte 3" in result.output
    assert "latin.txt:1:7: MED101" in result.output


def test_stdin_with_filename_picks_format():
    html = "<p>Isotretinoin:\n<a href='https://rx-shop.example/isotretinoin'>shop</a></p>\n"
    result = run(["check", "--format", "json", "--stdin-filename", "page.html", "-"], stdin=html)
    findings = json.loads(result.output)["findings"]
    assert [(f["path"], f["rule"], f["line"], f["column"]) for f in findings] == [
        ("page.html", "MED117", 2, 10)  # "rx" + "shop" in the host: a seller address
    ]


def test_directory_walk_uses_includes_and_excludes(articles):
    (articles / "node_modules").mkdir()
    (articles / "node_modules" / "x.md").write_text(BAD, encoding="utf-8")
    (articles / "notes.rst").write_text(BAD, encoding="utf-8")
    (articles / "sub").mkdir()
    (articles / "sub" / "page.html").write_text("<p>Buy accutane online now.</p>", encoding="utf-8")
    result = run(["check", "--format", "json", "."], cwd=articles)
    paths = sorted({f["path"] for f in json.loads(result.output)["findings"]})
    assert paths == ["bad.md", "sub/page.html"]


def test_pyproject_config_is_found_from_a_subfolder(articles):
    (articles / "pyproject.toml").write_text('[tool.medlint]\nignore = ["MED101"]\n', encoding="utf-8")
    (articles / "deep").mkdir()
    assert run(["check", "../bad.md"], cwd=articles / "deep").exit_code == 0


def test_medlint_yaml_config(articles):
    (articles / ".medlint.yaml").write_text("select: [pharmacy-promotion]\nformat: json\n", encoding="utf-8")
    result = run(["check", "bad.md"], cwd=articles)
    assert json.loads(result.output)["findings"][0]["rule"] == "MED101"


def test_bad_config_key_is_named(articles):
    (articles / ".medlint.yaml").write_text("selcet: [MED101]\n", encoding="utf-8")
    result = run(["check", "bad.md"], cwd=articles)
    assert result.exit_code == 2
    assert "unknown setting 'selcet'" in result.output


def test_rules_and_explain_commands():
    listing = run(["rules", "--category", "pharmacy-promotion"])
    assert listing.exit_code == 0
    assert "MED101  error    pharmacy-promotion   buy-medicine-online" in listing.output
    page = run(["explain", "MED104"])
    assert "price-per-pill" in page.output and "Source:" in page.output and "Not flagged:" in page.output
    assert run(["explain", "MED999"]).exit_code == 2


def test_version_does_not_import_spacy():
    import subprocess
    import sys

    code = (
        "import sys; from medlint.cli import main; sys.argv=['medlint','--version']\n"
        "try: main()\nexcept SystemExit: pass\nprint('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False")


def test_findings_are_identical_on_every_run(articles):
    first = run(["check", "--format", "json", "."], cwd=articles).output
    assert first == run(["check", "--format", "json", "."], cwd=articles).output


def test_drugs_command_finds_an_entry_by_any_name():
    result = run(["drugs", "Roaccutane"])
    assert result.exit_code == 0
    assert result.output.startswith("isotretinoin: isotretinoin (oral retinoid, Rx)")
    assert "risk [error]: birth defects and pregnancy prevention" in result.output
    assert run(["drugs", "aspirinex"]).exit_code == 2


def test_rules_lists_missing_warning_family():
    result = run(["rules", "--category", "missing-warning"])
    assert "MED212  error    missing-warning      botulinum-toxin-warning" in result.output


def test_console_script_keeps_exit_codes_and_every_byte_of_output(tmp_path):
    """``medlint`` skips the interpreter's teardown (``cli.run``); nothing written may be lost."""
    import subprocess
    import sys

    (tmp_path / "shop.md").write_text(BAD * 400, encoding="utf-8")  # JSON far past a pipe's buffer
    (tmp_path / "clean.md").write_text(GOOD, encoding="utf-8")

    def medlint(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", "from medlint.cli import run; run()", *args]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)

    shop = medlint("check", "--format", "json", "shop.md")
    in_process = run(["check", "--format", "json", "shop.md"], cwd=tmp_path)
    assert shop.returncode == in_process.exit_code == 1
    assert shop.stdout == in_process.stdout and len(shop.stdout) > 200_000
    assert medlint("check", "clean.md").returncode == 0
    missing = medlint("check", "missing.md")
    assert missing.returncode == 2 and "missing.md" in missing.stderr
    assert medlint("--version").stdout.startswith("medlint, version")
    written = medlint("check", "--format", "sarif", "--output-file", "out.sarif", "shop.md")
    assert written.returncode == 1
    results = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert len(results) == len(json.loads(shop.stdout)["findings"])
