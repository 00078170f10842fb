"""Unestablished claims, for every treatment × indication pair of the status table."""

from __future__ import annotations

import pytest

from medlint.rulebook.ruleset import load_rulebook

BOOK = load_rulebook()
DRUGS = {drug.id: drug for drug in BOOK.drugs}


def name_of(treatment) -> str:
    return treatment.names[0] if treatment.names else DRUGS[treatment.drug].all_names[1]


PAIRS = [
    pytest.param(name_of(t), use.synonyms[0], t.approved[0] if t.approved else None, id=f"{t.id}-{n}")
    for t in BOOK.treatments
    for n, use in enumerate(t.unproven)
]


def claims(linter, text, fmt="text"):
    return [
        (f.rule, f.line, f.match) for f in linter.lint_text(text, fmt) if f.category == "unestablished-claim"
    ]


def test_the_table_has_at_least_twenty_pairs():
    assert len(PAIRS) >= 20


@pytest.mark.parametrize(("treatment", "use", "approved"), PAIRS)
def test_asserted_claim_is_flagged(linter, treatment, use, approved):
    text = f"Patients say {treatment.lower()} works.\n{treatment.capitalize()} effectively treats {use}.\n"
    found = claims(linter, text)
    assert [(rule, line) for rule, line, _ in found] == [("MED301", 2)]
    assert found[0][2].lower().endswith(use.lower())


@pytest.mark.parametrize(("treatment", "use", "approved"), PAIRS)
def test_hedged_negated_and_attributed_claims_are_silent(linter, treatment, use, approved):
    for sentence in (
        f"Early studies suggest {treatment} may help {use}.",
        f"{treatment.capitalize()} does not treat {use}.",
        f"Some websites claim that {treatment} treats {use}.",
        f"Does {treatment} treat {use}?",
        f"{treatment.capitalize()} is an experimental treatment that is being studied for {use}.",
    ):
        assert claims(linter, sentence) == [], sentence


@pytest.mark.parametrize(("treatment", "use", "approved"), PAIRS)
def test_approved_use_is_never_flagged(linter, treatment, use, approved):
    if approved is None:
        pytest.skip("no approved use listed")
    assert claims(linter, f"{treatment.capitalize()} effectively treats {approved}.") == []


def test_indication_from_the_section_heading(linter):
    text = (
        "# Botox for acne\n\nBotox injections reduce the problem quickly.\n\n"
        "## Wrinkles\n\nBotox works well.\n"
    )
    assert claims(linter, text, "markdown") == [("MED301", 3, "Botox injections reduce")]


def test_indication_from_a_label(linter):
    assert claims(linter, "Acne: Botox clears it up within weeks.") == [("MED301", 1, "Acne: Botox clears")]


def test_passive_claim(linter):
    assert claims(linter, "Autism can be treated with chelation at home.") == [
        ("MED301", 1, "Autism can be treated with chelation")
    ]


def test_use_mentioned_before_the_treatment_is_not_its_claim(linter):
    assert claims(linter, "Besides acne, Botox improves the look of frown lines.") == []


def test_has_been_shown_is_one_finding_not_two(linter):
    findings = linter.lint_text("Botox has been shown to clear acne.", "text")
    assert [f.rule for f in findings if f.category in ("unestablished-claim", "overclaim")] == ["MED301"]
