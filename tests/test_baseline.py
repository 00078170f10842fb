"""Baselines: --write-baseline records today's findings, --baseline reports only new ones."""

from __future__ import annotations

import json

from cli_runner import run_cli as run
from medlint.suppress.baseline import context_hash, new_findings, read_baseline, write_baseline

OLD = "# Skin care\n\nWash gently twice a day.\n\nBuy accutane online now.\n"


def test_write_baseline_records_fingerprints_without_line_numbers(tmp_path):
    (tmp_path / "a.md").write_text(OLD, encoding="utf-8")
    result = run(["check", "--write-baseline", "base.json", "a.md"], tmp_path)
    assert result.exit_code == 0
    assert result.stderr == "Wrote 1 finding to base.json.\n"
    data = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert data["medlint-baseline"] == 1
    assert [(e["path"], e["count"]) for e in data["findings"]] == [("a.md", 1)]
    assert "line" not in data["findings"][0]


def test_paragraph_inserted_above_keeps_the_old_finding_baselined(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(OLD, encoding="utf-8")
    run(["check", "--write-baseline", "base.json", "a.md"], tmp_path)
    article.write_text(
        "# Skin care\n\nA paragraph written later.\n\nBuy accutane online now.\n\nBuy viagra online now.\n",
        encoding="utf-8",
    )
    result = run(["check", "--baseline", "base.json", "--format", "json", "a.md"], tmp_path)
    found = [(f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("MED101", 7, 1)]  # the old one (now line 5) is baselined
    assert result.exit_code == 1


def test_baseline_alone_is_clean(tmp_path):
    (tmp_path / "a.md").write_text(OLD, encoding="utf-8")
    run(["check", "--write-baseline", "base.json", "a.md"], tmp_path)
    result = run(["check", "--baseline", "base.json", "a.md"], tmp_path)
    assert result.exit_code == 0 and "MED101" not in result.stdout


def test_same_phrase_in_a_new_sentence_is_new(linter, tmp_path):
    first = linter.lint_text("Buy accutane online now.\n", "text", "a.txt")
    path = tmp_path / "b.json"
    write_baseline(path, first)
    later = linter.lint_text("Buy accutane online now.\nYes, buy accutane online today.\n", "text", "a.txt")
    fresh = new_findings(later, read_baseline(path))
    # Two sentences now discuss the drug, so its missing warnings (MED201) are new too.
    assert [(f.rule, f.line) for f in fresh if f.rule == "MED101"] == [("MED101", 2)]


def test_two_identical_sentences_count_as_one_old_and_one_new(linter, tmp_path):
    path = tmp_path / "b.json"
    write_baseline(path, linter.lint_text("Buy accutane online.\n", "text", "a.txt"))
    later = linter.lint_text("Buy accutane online.\n\nBuy accutane online.\n", "text", "a.txt")
    assert [f.line for f in new_findings(later, read_baseline(path)) if f.rule == "MED101"] == [3]


def test_context_hash_ignores_spacing_and_case_but_not_words():
    text = "One.\nBuy  Accutane online.\n"
    assert context_hash(text, 9, 17) == context_hash("Buy accutane ONLINE.", 4, 12)
    assert context_hash(text, 9, 17) != context_hash("Buy accutane online today.", 4, 12)


def test_a_file_that_is_not_a_baseline_is_an_error(tmp_path):
    (tmp_path / "a.md").write_text(OLD, encoding="utf-8")
    (tmp_path / "base.json").write_text('{"findings": []}', encoding="utf-8")
    result = run(["check", "--baseline", "base.json", "a.md"], tmp_path)
    assert result.exit_code == 2
    assert "base.json: not a medlint baseline (written by --write-baseline)" in result.stderr
