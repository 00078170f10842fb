"""The rule pages under docs/rules/ are generated from the YAML and must be up to date."""

from __future__ import annotations

from pathlib import Path

from cli_runner import run_cli as run
from medlint import docs
from medlint.rulebook.ruleset import load_rulebook

ROOT = Path(__file__).resolve().parents[1]


def test_committed_pages_are_what_the_yaml_gives(tmp_path):
    book = load_rulebook(())
    fresh = tmp_path / "rules"
    written = docs.write(book, fresh)
    assert len(written) == len(book.rules) + 1  # every rule and the index
    committed = ROOT / "docs" / "rules"
    for path in sorted(fresh.iterdir()):
        page = committed / path.name
        assert page.is_file(), f"{page} is missing: run `medlint docs`"
        assert page.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"{page} is out of date: run `medlint docs`"
        )
    assert sorted(p.name for p in committed.glob("*.md")) == sorted(p.name for p in fresh.iterdir())


def test_a_page_says_what_why_source_examples_and_fix():
    book = load_rulebook(())
    rule = book.rule("MED101")
    assert rule is not None
    page = docs.rule_page(rule, book)
    assert page.startswith("# MED101 buy-medicine-online\n\n- **Category:** pharmacy-promotion\n")
    for heading in ("## What it flags and why", "## How to fix", "## Source", "## Flagged", "## Not flagged"):
        assert f"\n{heading}\n" in page
    assert "- `Genuine Cialis for sale, delivered in two days.` — flags `Cialis for sale`" in page
    assert "{drug}" not in page.split("## How to fix")[1].split("##")[0]


def test_docs_check_reports_a_stale_page_and_writing_fixes_it(tmp_path):
    assert run(["docs", "out"], tmp_path).exit_code == 0
    stale = tmp_path / "out" / "MED101.md"
    stale.write_text("edited by hand\n", encoding="utf-8")
    (tmp_path / "out" / "MED999.md").write_text("a removed rule\n", encoding="utf-8")
    checked = run(["docs", "--check", "out"], tmp_path)
    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [
        "out/MED101.md: out of date; run `medlint docs out`",
        "out/MED999.md: out of date; run `medlint docs out`",
    ]
    rewritten = run(["docs", "out"], tmp_path)
    assert rewritten.stdout == f"2 of {len(load_rulebook(()).rules) + 1} pages written to out.\n"
    assert not (tmp_path / "out" / "MED999.md").exists()
    assert run(["docs", "--check", "out"], tmp_path).exit_code == 0


def test_explain_links_the_page_and_prints_it_as_markdown(tmp_path):
    text = run(["explain", "MED104"], tmp_path).stdout
    assert text.splitlines()[-1] == "Page: docs/rules/MED104.md"
    page = run(["explain", "--markdown", "MED104"], tmp_path).stdout
    assert page == (ROOT / "docs" / "rules" / "MED104.md").read_text(encoding="utf-8")


def test_uri_base_is_configurable(monkeypatch):
    assert docs.rule_doc_uri("MED101") == "docs/rules/MED101.md"
    assert docs.rule_doc_uri("MED101", "https://example.org/r") == "https://example.org/r/MED101.md"
    monkeypatch.setenv("MEDLINT_DOCS_URL", "https://example.org/docs/")
    assert docs.rule_doc_uri("MED101") == "https://example.org/docs/MED101.md"
