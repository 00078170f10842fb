"""Output formats and report options: exact output on articles written for these tests."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from medlint import __version__
from medlint.cli import main
from medlint.report import FORMAT_NAMES, reporter

SHOP = "# Sleep notes\n\nMany readers ask about sleep.\n\nYou can buy xanax online from our shop today.\n"
CLEAN = "# Sleep notes\n\nTalk to your doctor before you start any sleeping pill.\n"
# Two identical findings on one line; a tab before them (carets must stay aligned).
TWICE = "<p>Stop\tand buy xanax online, then buy xanax online again.</p>\n"
MESSAGE = (
    'Invitation to buy a prescription medicine outside a pharmacy with a prescription: "buy xanax online".'
)
FIX = (
    "Remove the purchase invitation; say instead that xanax is only available with a prescription "
    "from a licensed pharmacy."
)


def run(args, cwd: Path, env=None):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, env=env)
    finally:
        os.chdir(old)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "shop.md").write_text(SHOP, encoding="utf-8")
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "twice.html").write_text(TWICE, encoding="utf-8")
    return tmp_path


def test_every_format_is_registered_and_offered():
    assert FORMAT_NAMES == ("text", "json", "json-lines", "sarif", "github", "gitlab", "junit", "rdjsonl")
    for name in FORMAT_NAMES:  # each name leads to a renderer that renders an empty report
        assert isinstance(reporter(name)([], [], 0, False), str)


def test_json_keeps_findings_and_adds_a_summary(site):
    result = run(["check", "--format", "json", "shop.md", "clean.md", "missing.md"], site)
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert list(document) == ["findings", "summary"]
    assert document["summary"] == {"version": __version__, "files": 2, "errors": 1, "findings": 1}
    (finding,) = document["findings"]
    assert (finding["rule"], finding["line"], finding["column"], finding["match"]) == (
        "MED101",
        5,
        9,
        "buy xanax online",
    )


def test_json_lines_are_the_json_findings_one_per_line(site):
    lines = run(["check", "--format", "json-lines", "."], site).stdout.splitlines()
    findings = json.loads(run(["check", "--format", "json", "."], site).stdout)["findings"]
    assert [json.loads(line) for line in lines] == findings
    assert [(f["path"], f["line"], f["column"]) for f in findings] == [
        ("shop.md", 5, 9),
        ("twice.html", 1, 13),
        ("twice.html", 1, 36),
    ]
    assert run(["check", "--format", "json-lines", "clean.md"], site).stdout == ""


def test_gitlab_code_quality_issue(site):
    result = run(["check", "--format", "gitlab", "shop.md"], site)
    (issue,) = json.loads(result.stdout)
    fingerprint = issue.pop("fingerprint")
    assert len(fingerprint) == 32 and int(fingerprint, 16) >= 0
    assert issue == {
        "description": f"MED101 {MESSAGE}",
        "check_name": "MED101 buy-medicine-online",
        "severity": "major",
        "location": {"path": "shop.md", "lines": {"begin": 5, "end": 5}},
        "categories": ["Style"],
        "content": {"body": f"Fix: {FIX}"},
    }


def test_gitlab_fingerprints_unique_and_stable_when_lines_move(site):
    before = json.loads(run(["check", "--format", "gitlab", "."], site).stdout)
    prints = [issue["fingerprint"] for issue in before]
    assert len(set(prints)) == 3  # the two identical findings of twice.html are told apart
    (site / "twice.html").write_text("<p>A new first paragraph.</p>\n\n" + TWICE, encoding="utf-8")
    after = json.loads(run(["check", "--format", "gitlab", "."], site).stdout)
    assert [issue["location"]["lines"]["begin"] for issue in after] == [5, 3, 3]
    assert [issue["fingerprint"] for issue in after] == prints


def test_gitlab_clean_run_is_an_empty_array(site):
    assert run(["check", "--format", "gitlab", "clean.md"], site).stdout == "[]\n"


def test_junit_one_failed_case_per_finding(site):
    result = run(["check", "--format", "junit", "shop.md", "clean.md"], site)
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("1", "1", "0")
    (case,) = root.iter("testcase")
    assert case.attrib == {
        "name": "MED101 buy-medicine-online at 5:9",
        "classname": "shop.md",
        "file": "shop.md",
        "line": "5",
        "time": "0",
    }
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == MESSAGE and failure.get("type") == "MED101"
    assert failure.text == (f"shop.md:5:9: MED101 [error] {MESSAGE}\nfix: {FIX}\nmatch: buy xanax online")


def test_junit_clean_run_passes_and_unreadable_files_are_an_error(site):
    clean = ET.fromstring(run(["check", "--format", "junit", "clean.md"], site).stdout)
    assert (clean.get("tests"), clean.get("failures"), clean.get("errors")) == ("1", "0", "0")
    assert [c.get("name") for c in clean.iter("testcase")] == ["medlint"]
    broken = ET.fromstring(run(["check", "--format", "junit", "clean.md", "gone.md"], site).stdout)
    assert (broken.get("tests"), broken.get("failures"), broken.get("errors")) == ("1", "0", "1")
    error = next(broken.iter("error"))
    assert error.get("message") == "1 file could not be read (see medlint's stderr)"


def test_rdjsonl_diagnostics(site):
    lines = run(["check", "--format", "rdjsonl", "twice.html"], site).stdout.splitlines()
    first, second = (json.loads(line) for line in lines)
    assert first == {
        "message": f"{MESSAGE} Fix: {FIX}",
        "location": {
            "path": "twice.html",
            "range": {"start": {"line": 1, "column": 13}, "end": {"line": 1, "column": 29}},
        },
        "severity": "ERROR",
        "source": {"name": "medlint"},
        "code": {"value": "MED101", "url": "docs/rules/MED101.md"},
    }
    assert second["location"]["range"]["start"] == {"line": 1, "column": 36}


def test_rdjsonl_columns_count_utf8_bytes(site):
    # "Café" and "🌿" are 5 and 4 bytes of UTF-8 but 4 and 1 code points: reviewdog counts bytes.
    (site / "cafe.md").write_text("Café 🌿 readers: buy xanax online now.\n", encoding="utf-8")
    line = json.loads(run(["check", "--format", "rdjsonl", "cafe.md"], site).stdout)
    assert line["location"]["range"] == {"start": {"line": 1, "column": 21}, "end": {"line": 1, "column": 37}}
    finding = json.loads(run(["check", "--format", "json", "cafe.md"], site).stdout)["findings"][0]
    assert (finding["column"], finding["end_column"]) == (17, 33)
    assert (finding["byte_column"], finding["end_byte_column"]) == (21, 37)


def test_rule_page_base_url_from_the_environment(site):
    env = {"MEDLINT_DOCS_URL": "https://example.org/medlint/blob/main/docs/rules"}
    line = run(["check", "--format", "rdjsonl", "shop.md"], site, env=env).stdout
    assert json.loads(line)["code"]["url"] == "https://example.org/medlint/blob/main/docs/rules/MED101.md"
    sarif = json.loads(run(["check", "--format", "sarif", "shop.md"], site, env=env).stdout)
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert {r["helpUri"] for r in rules if r["id"] == "MED101"} == {
        "https://example.org/medlint/blob/main/docs/rules/MED101.md"
    }


def test_sarif_help_uri_only_for_rules_with_a_page(site):
    pack = site / "house"
    pack.mkdir()
    (pack / "house.yaml").write_text(
        "rules:\n"
        "  - code: HOUSE001\n"
        "    name: wonder-pill\n"
        "    category: overclaim\n"
        "    severity: warning\n"
        "    kind: phrase\n"
        "    phrases: [wonder pill]\n"
        '    message: "Overclaim: {match}."\n'
        "    fix: Say what the trial showed.\n"
        "    source: House style guide\n"
        "    examples:\n"
        "      bad:\n"
        '        - {text: "Our wonder pill melts fat.", match: "wonder pill"}\n'
        "      good:\n"
        '        - "We sell vitamins."\n',
        encoding="utf-8",
    )
    result = run(["check", "--format", "sarif", "--rules", "house", "shop.md"], site)
    assert result.exit_code == 1, result.output
    rules = {r["id"]: r for r in json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["MED101"]["helpUri"] == "docs/rules/MED101.md"
    assert "helpUri" not in rules["HOUSE001"]


def test_show_source_underlines_the_match(site):
    result = run(["check", "--show-source", "twice.html"], site)
    shown = "<p>Stop and buy xanax online, then buy xanax online again.</p>"
    assert result.stdout.splitlines() == [
        f"twice.html:1:13: MED101 [error] {MESSAGE}",
        f"    fix: {FIX}",
        f"    1 | {shown}",
        "      | " + " " * 12 + "^" * 16,
        f"twice.html:1:36: MED101 [error] {MESSAGE}",
        f"    fix: {FIX}",
        f"    1 | {shown}",
        "      | " + " " * 35 + "^" * 16,
        "Found 2 problems (2 errors) in 1 of 1 file.",
    ]


def test_statistics_in_text_and_on_stderr_for_machine_formats(site):
    text = run(["check", "--statistics", "."], site)
    assert text.stdout.splitlines()[-2:] == [
        "3  MED101 buy-medicine-online",
        "Found 3 problems (3 errors) in 2 of 3 files.",
    ]
    machine = run(["check", "--statistics", "--format", "json", "."], site)
    assert json.loads(machine.stdout)["summary"]["findings"] == 3
    assert machine.stderr == "3  MED101 buy-medicine-online\n"


def test_output_file_gets_the_report_and_stdout_stays_empty(site):
    result = run(["check", "--format", "junit", "-o", "reports/medlint.xml", "shop.md"], site)
    assert result.exit_code == 1
    assert result.stdout == ""
    written = (site / "reports" / "medlint.xml").read_text(encoding="utf-8")
    assert written == run(["check", "--format", "junit", "shop.md"], site).stdout


def test_output_file_is_never_coloured(site):
    run(["check", "--color", "--output-file", "out.txt", "shop.md"], site)
    assert "\x1b[" not in (site / "out.txt").read_text(encoding="utf-8")


def test_config_may_choose_a_new_format(site):
    (site / ".medlint.yaml").write_text("format: rdjsonl\n", encoding="utf-8")
    line = run(["check", "shop.md"], site).stdout
    assert json.loads(line)["code"]["value"] == "MED101"
