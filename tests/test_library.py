"""The library API that CMS plugins use."""

from __future__ import annotations

import dataclasses
import threading
import warnings

import pytest

import medlint
from medlint import Finding, Linter


def test_lint_text_returns_frozen_findings(linter):
    (finding,) = linter.lint_text("Buy accutane online now.", format="text", path="post-17")
    assert isinstance(finding, Finding)
    assert finding.path == "post-17"
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.line = 3  # type: ignore[misc]
    data = finding.to_dict()
    assert data["rule"] == "MED101" and data["category"] == "pharmacy-promotion" and data["fix"]


def test_lint_file_warns_on_bad_bytes(linter, tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Acne \xff: buy accutane online.")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        findings = linter.lint_file(path)
    assert [f.rule for f in findings] == ["MED101"]
    assert issubclass(caught[0].category, medlint.MedlintWarning)


def test_unknown_format_is_rejected(linter):
    with pytest.raises(ValueError, match="unknown format 'docx'"):
        linter.lint_text("x", format="docx")


def test_select_and_severity_in_constructor():
    only_warnings = Linter(select=["pharmacy-promotion"], min_severity="error")
    assert all(rule.severity == "error" for rule in only_warnings.rules)
    assert only_warnings.lint_text("Get up to 90% off Cialis this week only.", "text") == []


def test_shared_between_threads(linter):
    texts = [f"Post {n}: buy accutane online." for n in range(40)]
    results: list[list[Finding]] = []

    def work(text: str) -> None:
        results.append(linter.lint_text(text, "text"))

    threads = [threading.Thread(target=work, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(len(r) for r in results) == [1] * 40


def test_import_is_cheap():
    import subprocess
    import sys

    code = "import sys, medlint; print('spacy' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
    )
