"""Dose statements normalised to a daily amount and compared with the labelled maximum."""

from __future__ import annotations

import pytest


def doses(linter, text):
    return [(f.rule, f.match) for f in linter.lint_text(text, "text") if f.category == "dosing"]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("You can take up to 6 grams of paracetamol a day.", "6 grams"),
        ("Take 1 g of acetaminophen every 4 hours.", "1 g"),
        ("Take three 400 mg ibuprofen tablets three times a day.", "three 400 mg"),
        ("Naproxen 1,000 mg twice daily settles gout fast.", "1,000 mg"),
        ("Take 1,000 mg of aspirin every 4 hours.", "1,000 mg"),
        ("Take 8 mg of loperamide three times a day for diarrhoea.", "8 mg"),
        ("Diphenhydramine 100 mg every 4 hours helps you sleep.", "100 mg"),
        ("Take 60 mg of dextromethorphan four times a day.", "60 mg"),
        ("Pseudoephedrine 120 mg every 4 hours clears the nose.", "120 mg"),
        ("Cetirizine 20 mg daily works better.", "20 mg"),
        ("Take 200 mg of sildenafil before sex.", "200 mg"),
        ("Tadalafil 40 mg lasts all weekend.", "40 mg"),
        ("Isotretinoin at 3 mg/kg a day clears acne faster.", "3 mg/kg"),
        ("Take 250 mcg of vitamin D3 daily.", "250 mcg"),
        ("Take 50,000 IU of vitamin A every day.", "50,000 IU"),
        ("Take 5 grams of vitamin C a day for a cold.", "5 grams"),
        ("Zinc 100 mg daily boosts immunity.", "100 mg"),
        ("Drink 800 mg of caffeine before the exam.", "800 mg"),
    ],
)
def test_over_the_maximum(linter, text, match):
    assert doses(linter, text) == [("MED501", match)]


@pytest.mark.parametrize(
    "text",
    [
        "Adults should not take more than 4,000 mg of paracetamol in 24 hours.",
        "Do not exceed 1,200 mg of ibuprofen a day without a doctor.",
        "Take 500 mg of paracetamol every 4 hours if needed.",
        "The usual dose of vitamin D is 1,000 IU a day.",
        "Isotretinoin is usually 0.5 to 1 mg per kilogram of body weight per day.",
        "Sildenafil 50 mg is the usual starting dose.",
        "Loperamide 4 mg, then 2 mg after each loose stool.",
    ],
)
def test_at_or_below_the_maximum_or_a_limit_statement(linter, text):
    assert doses(linter, text) == []


def test_self_directed_dose_change(linter):
    assert doses(linter, "If your pain is bad, double the dose of your tablets.") == [
        ("MED502", "double the dose")
    ]
    assert doses(linter, "Never double the dose to catch up on a missed one.") == []


def test_message_names_the_daily_total_and_the_maximum(linter):
    (finding,) = [
        f for f in linter.lint_text("Take 1 g of acetaminophen every 4 hours.", "text") if f.rule == "MED501"
    ]
    assert "comes to 6 g a day; the maximum is 4 g" in finding.message
    assert finding.fix.startswith("Correct the dose: Adults should not take more than 4,000 mg")


def test_a_dose_belongs_to_the_substance_it_is_of(linter):
    """'1,000 mg of calcium and 800 IU of vitamin D': the milligrams are calcium's, not vitamin D's."""
    text = "Take 1,000 mg of calcium and 800 IU of vitamin D every day.\n"
    assert [f.rule for f in linter.lint_text(text, "text") if f.category == "dosing"] == []


def test_a_trial_dose_reported_as_such_is_not_advice(linter):
    text = "Participants took 10,000 IU of vitamin D a day in the trial.\n"
    assert [f.rule for f in linter.lint_text(text, "text") if f.category == "dosing"] == []


def test_a_limit_is_not_a_dose(linter):
    text = "Do not take more than 4 g of paracetamol a day.\n"
    assert [f.rule for f in linter.lint_text(text, "text") if f.category == "dosing"] == []
