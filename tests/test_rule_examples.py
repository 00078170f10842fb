"""Every rule's own examples, from its YAML: bad texts must be flagged at the stated match,
good texts must stay silent. Adding a rule adds its tests."""

from __future__ import annotations

import pytest

from medlint.rulebook.ruleset import load_rulebook

RULES = load_rulebook().rules
BAD = [
    pytest.param(rule, example, id=f"{rule.code}-bad-{n}")
    for rule in RULES
    for n, example in enumerate(rule.bad)
]
GOOD = [
    pytest.param(rule, example, id=f"{rule.code}-good-{n}")
    for rule in RULES
    for n, example in enumerate(rule.good)
]


def test_every_rule_has_good_and_bad_examples():
    assert RULES
    for rule in RULES:
        assert rule.bad and rule.good, rule.code


@pytest.mark.parametrize(("rule", "example"), BAD)
def test_bad_example_is_flagged(linter, rule, example):
    findings = [f for f in linter.lint_text(example.text, example.format) if f.rule == rule.code]
    matched = [f.match for f in findings]
    assert example.match in matched, f"{rule.code} at {rule.path}:{example.line} flagged {matched}"


@pytest.mark.parametrize(("rule", "example"), GOOD)
def test_good_example_is_silent(linter, rule, example):
    findings = [f for f in linter.lint_text(example.text, example.format) if f.rule == rule.code]
    assert not findings, f"{rule.code} at {rule.path}:{example.line} flagged {[f.match for f in findings]}"
