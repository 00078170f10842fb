"""Claim frames: plain dangerous sentences about any treatment are found in the right category,
and their negated, hedged, conditional, quoted and reported twins stay silent."""

from __future__ import annotations

import pytest

CLAIM_CATEGORIES = {"overclaim", "unestablished-claim", "care-avoidance", "dosing"}

DANGEROUS = [
    ("Turmeric cures cancer.", "overclaim", "MED407", 1),
    ("This cream cures acne.", "overclaim", "MED407", 1),
    ("Vitamin C cures the common cold.", "overclaim", "MED407", 1),
    ("Turmeric has no side effects.", "overclaim", "MED408", 1),
    (
        "Our herbal blend is 100% safe and is guaranteed to bring your blood pressure back to normal.",
        "overclaim",
        None,
        1,
    ),
    ("Stem cell injections regrow cartilage and reverse knee arthritis.", "unestablished-claim", None, 1),
    ("Studies show that turmeric works better than chemotherapy.", "unestablished-claim", "MED302", 19),
    (
        "Once your readings improve you can stop taking your blood pressure pills.",
        "care-avoidance",
        "MED601",
        36,
    ),
]

TWINS = [
    # negated
    "Turmeric does not cure cancer.",
    "There is no evidence that turmeric cures cancer.",
    "This cream isn't a cure for acne, and nothing cures acne overnight.",
    "Vitamin C doesn’t cure the common cold.",
    "Turmeric is not free of side effects.",
    "Stem cell injections have not been shown to regrow cartilage.",
    "No study shows that turmeric works better than chemotherapy.",
    # hedged
    "Turmeric may help some people with joint pain.",
    "Early studies suggest stem cell injections might one day regrow cartilage.",
    "It is too early to say whether turmeric works better than chemotherapy.",
    # conditional
    "If larger studies prove it, this cream could cure acne.",
    "The blend would be worth trying if larger studies prove it works.",
    # question
    "Does vitamin C cure the common cold?",
    # quoted and reported
    "\u201cTurmeric cures cancer,\u201d the seller wrote on his website.",
    "The company says its herbal blend is 100% safe.",
    "The clinic claims that stem cell injections regrow cartilage.",
    "Dr Lee said the treatment has no side effects in most patients.",
    # research about the treatment, not a claim that it works
    "The first trial of stem cell injections to treat knee arthritis began this year.",
    # another sense or a real cure
    "Antibiotics cure most cases of strep throat.",
    # a case report and a safe instruction, not advice to stop
    "He was eventually able to stop taking all his blood pressure pills.",
    "Do not stop taking your blood pressure pills without talking to your doctor.",
    "If your readings improve, your doctor may tell you when to stop taking your blood pressure pills.",
]


def _claims(linter, text):
    return [
        (f.category, f.rule, f.line, f.column)
        for f in linter.lint_text(text, "text")
        if f.category in CLAIM_CATEGORIES
    ]


@pytest.mark.parametrize(("text", "category", "rule", "column"), DANGEROUS)
def test_dangerous_sentence_is_flagged_in_its_category(linter, text, category, rule, column):
    found = _claims(linter, text)
    assert {c for c, *_ in found} == {category}, found
    if rule is not None:
        assert found[0][1:] == (rule, 1, column)


@pytest.mark.parametrize("text", TWINS)
def test_negated_hedged_conditional_and_reported_twins_are_silent(linter, text):
    assert _claims(linter, text) == []


def test_one_sentence_with_a_safety_and_a_cure_claim_gets_both(linter):
    text = DANGEROUS[4][0]
    assert _claims(linter, text) == [("overclaim", "MED407", 1, 1), ("overclaim", "MED408", 1, 1)]


def test_finding_carries_confidence_and_evidence(linter):
    (finding,) = [f for f in linter.lint_text("Turmeric cures cancer.", "text") if f.rule == "MED407"]
    assert finding.confidence == pytest.approx(0.9)
    assert "own voice" in finding.evidence and "condition: cancer" in finding.evidence
    assert finding.to_dict()["confidence"] == 0.9


def test_study_vocabulary_lowers_confidence_below_the_default_threshold(linter):
    text = "In the trial, curcumin shrinks tumours."
    assert _claims(linter, text) == []
    from medlint import Linter

    everything = Linter(select=["MED302"], min_confidence=0.0)
    (finding,) = everything.lint_text(text, "text")
    assert finding.confidence < 0.5 and "study vocabulary" in finding.evidence


def test_cells_in_a_dish_are_not_a_disease(linter):
    from medlint import Linter

    everything = Linter(select=["MED302"], min_confidence=0.0)
    assert everything.lint_text("Combining curcumin with resveratrol kills cancer cells.", "text") == []
    (finding,) = everything.lint_text("Combining curcumin with resveratrol kills cancer.", "text")
    assert (finding.rule, finding.line, finding.column) == ("MED302", 1, 11)


def test_product_phrase_with_a_brand_name(linter):
    found = _claims(linter, "Try it today: Glowix serum cures eczema in a week.")
    assert found == [("overclaim", "MED407", 1, 15)]


def test_news_story_article_caps_hype_confidence(linter):
    story = (
        "LONDON -- Researchers reported a new asthma inhaler on Monday.\n\n"
        "The inhaler is a game changer for children with asthma.\n\n"
        "The team said more trials are planned.\n"
    )
    assert [f.rule for f in linter.lint_text(story, "text") if f.rule == "MED404"] == []
    guide = "The inhaler is a game changer for children with asthma.\n"
    assert [f.rule for f in linter.lint_text(guide, "text") if f.rule == "MED404"] == ["MED404"]


def test_claims_api_reports_frames_with_voice_polarity_and_position():
    from medlint import claims

    text = (
        "Turmeric cures cancer.\n\n"
        "The company says its herbal blend is 100% safe.\n\n"
        "Stem cell injections have not been shown to regrow cartilage.\n"
    )
    found = claims(text, "markdown")
    summary = [(c.line, c.column, c.type, c.treatment, c.polarity, c.voice) for c in found]
    assert summary == [
        (1, 1, "efficacy", "Turmeric", "affirmed", "own"),
        (3, 22, "safety", "herbal blend", "affirmed", "reported"),
        (5, 1, "efficacy", "Stem cell injections", "negated", "own"),
        (5, 1, "proof", "Stem cell injections", "negated", "own"),
    ]
    assert found[0].condition == "cancer" and found[1].speaker == "The company"


def test_claims_command_prints_one_json_object_per_claim(tmp_path):
    import json

    from click.testing import CliRunner

    from medlint.cli import main

    article = tmp_path / "a.md"
    article.write_text("This cream cures acne.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["claims", str(article)])
    assert result.exit_code == 0, result.output
    (line,) = result.output.splitlines()
    data = json.loads(line)
    assert (data["treatment"], data["predicate"], data["condition"], data["line"]) == (
        "This cream", "cures", "acne", 1,
    )  # fmt: skip


def test_a_person_between_treatment_and_verb_is_the_agent(linter):
    assert _claims(linter, "Ketamine is changing the way some doctors treat depression.") == []


def test_investigational_code_name_called_safe_and_effective(linter):
    found = _claims(linter, "Earlier papers have shown QX123B to be safe and effective for hot flushes.")
    assert found == [("unestablished-claim", "MED303", 1, 27)]


def test_false_reassurance_once_per_drug_and_lower_when_a_trial_reported_it():
    from medlint import Linter

    everything = Linter(select=["MED401"], min_confidence=0.0)
    own = "Ambien is a sleeping pill. There is no risk of sleepwalking or sleep-driving with it."
    (finding,) = everything.lint_text(own, "text")
    assert (finding.rule, finding.line, finding.column, finding.confidence) == ("MED401", 1, 37, 0.9)
    trial = "In the trial, Ambien users had no risk of sleepwalking compared with placebo."
    (reported,) = everything.lint_text(trial, "text")
    assert reported.confidence < 0.5 and reported.evidence == "reported study result"
    assert Linter(select=["MED401"]).lint_text(trial, "text") == []


def test_a_footnote_mark_is_a_citation():
    from medlint import Linter

    linter = Linter(select=["MED405"])
    claim = "The cream is clinically proven to reduce wrinkles by 20 percent."
    assert linter.lint_text(claim + "1\n", "text") == []
    (finding,) = linter.lint_text(claim + "\n", "text")
    assert (finding.line, finding.column) == (1, 14)


def test_an_approved_use_belongs_to_its_own_treatment():
    from medlint import Linter

    # "stroke" is an approved use of semaglutide (rules/treatments.yaml), not of turmeric.
    (finding,) = Linter(select=["MED302"]).lint_text("Turmeric prevents stroke in older adults.", "text")
    assert (finding.rule, finding.column, finding.end_column) == ("MED302", 1, 25)


def test_a_promise_to_researchers_is_not_a_promise_to_patients():
    from medlint import Linter

    linter = Linter(select=["MED304"])
    (finding,) = linter.lint_text("The discovery will help stroke patients walk again.", "text")
    assert (finding.rule, finding.column) == ("MED304", 1)
    helped = "The discovery will help us understand how stroke patients recover."
    assert linter.lint_text(helped, "text") == []


def test_a_clearance_number_is_not_a_development_code():
    from medlint import Linter

    linter = Linter(select=["MED303"])
    assert linter.lint_text("Its FDA 510(k) clearance says the device is safe and effective.", "text") == []
    (finding,) = linter.lint_text("Trials have shown LPCN 1021 to be safe and effective.", "text")
    assert (finding.rule, finding.column) == ("MED303", 19)
