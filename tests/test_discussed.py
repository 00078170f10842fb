"""Missing-warning asks a warning only of an article about the drug, for the drug's readers.

Every text here is written for these tests. Each case pairs a finding (rule, line, column) with
the twin that must stay quiet: a comparator, a replaced drug, a hormone level, a class named as
what something else is, an animal study, a drug secondary to the title's treatment, a risk for
another population.
"""

from __future__ import annotations

import pytest

from medlint import Linter
from medlint.analysis.discussed import mention_role


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


@pytest.fixture(scope="module")
def everything() -> Linter:
    return Linter(min_confidence=0.0)


def warnings_of(linter: Linter, text: str) -> list[tuple[str, int, int, str]]:
    return [
        (f.rule, f.line, f.column, f.subject or "")
        for f in linter.lint_text(text, "text")
        if f.category == "missing-warning"
    ]


def roles(linter: Linter, text: str, drug: str) -> list[str]:
    article = linter._engine.analyse(text, "text")
    return [mention_role(article, m) for m in article.mentions if m.drug == drug]


def test_roles_of_mentions(linter):
    assert roles(
        linter,
        "The new drug did better than the commonly prescribed medication methotrexate.",
        "methotrexate",
    ) == ["comparator"]
    assert roles(
        linter,
        "It helped 82 percent, compared to just 40 percent of those on methotrexate, "
        "vs. those taking methotrexate alone.",
        "methotrexate",
    ) == ["comparator", "comparator"]
    assert roles(linter, "The stimulator may cut the need for opioid painkillers.", "opioid") == ["replaced"]
    assert roles(linter, "It is a non-opioid option for chronic pain.", "opioid") == ["replaced"]
    assert roles(linter, "Low testosterone levels are common after 60.", "testosterone") == ["other sense"]
    assert roles(linter, "The gummies claim to boost testosterone naturally.", "testosterone") == [
        "other sense"
    ]
    assert roles(linter, "Some say the leaf should be considered an opioid.", "opioid") == ["category"]
    assert roles(linter, "Diazepam-treated mice explored less.", "benzodiazepine") == ["animal"]
    assert roles(linter, "Painkillers such as tramadol need care.", "opioid") == ["list"]
    assert roles(linter, "Doctors prescribe methotrexate once a week.", "methotrexate") == ["topic"]


def test_the_poison_sense_is_read_per_sentence(linter):
    # The toxin in a botulism or bioterror story is the poison, not the medicine; the same word
    # in the next sentence, with no such word, is the medicine again.
    text = (
        "Four people caught botulism from home-canned beans, and botulinum toxin was found in the jar. "
        "Botulinum toxin is also injected to smooth frown lines."
    )
    assert roles(linter, text, "botulinum-toxin") == ["other sense", "topic"]
    assert roles(linter, "Officials fear botulinum toxin as a bioterrorism agent.", "botulinum-toxin") == [
        "other sense"
    ]
    assert roles(linter, "After food poisoning, no botulinum toxin was found.", "botulinum-toxin") == [
        "other sense"
    ]
    assert roles(linter, "A clinic offers botulinum toxin for sweating.", "botulinum-toxin") == ["topic"]


ARTICLE_ON_METHOTREXATE = (
    "Methotrexate for psoriasis\n\n"
    "Methotrexate calms psoriasis in many adults. Methotrexate is taken as a tablet.\n"
)


def test_a_drug_in_the_title_is_discussed(linter):
    found = warnings_of(linter, ARTICLE_ON_METHOTREXATE)
    assert ("MED202", 1, 1, "methotrexate") in found


def test_a_comparator_arm_is_not_discussed(everything):
    text = (
        "Experimental psoriasis drug bests older treatment\n\n"
        "The new antibody cleared more skin than the standard drug methotrexate. "
        "After a year, 66 percent on the antibody improved, "
        "compared with 24 percent of those on methotrexate. "
        "Serious infections were more common with the antibody than with methotrexate. "
        "Researchers will now test it in a larger trial.\n"
    )
    assert warnings_of(everything, text) == []


def test_a_drug_secondary_to_the_title_treatment_is_below_the_default_threshold(linter, everything):
    text = (
        "Acupuncture eases back pain in a new trial\n\n"
        "Patients in the trial had acupuncture twice a week. Some had used ibuprofen before. "
        "Ibuprofen helped some of them. Others took ibuprofen at night. The acupuncture group slept better.\n"
    )
    assert warnings_of(linter, text) == []
    (finding,) = [f for f in everything.lint_text(text, "text") if f.category == "missing-warning"]
    assert finding.confidence < 0.5 and "the title is about acupuncture" in finding.evidence.lower()


def test_a_hormone_level_story_is_not_about_the_treatment(everything):
    text = (
        "Finger length and prostate cancer\n\n"
        "Men exposed to more testosterone in the womb have longer ring fingers. "
        "Low testosterone levels were linked to the cancer. Testosterone levels fall with age.\n"
    )
    assert warnings_of(everything, text) == []


def test_reyes_syndrome_needs_children_named_with_aspirin(linter):
    adults = (
        "Aspirin and cancer\n\n"
        "Aspirin cut deaths from bowel cancer in adults. A baby aspirin a day was enough. "
        "The effect on kidney cancer was smaller. Aspirin also thins the blood.\n"
    )
    assert [f for f in warnings_of(linter, adults) if f[0] == "MED210" and f[3] == "aspirin"] == []
    children = "Aspirin and fever\n\nSome parents give aspirin to children with flu. Aspirin lowers fever.\n"
    assert ("MED210", 1, 1, "aspirin") in warnings_of(linter, children)


def test_a_risk_for_women_is_not_asked_of_a_piece_for_men(linter):
    men = (
        "Finasteride and prostate cancer\n\n"
        "Finasteride lowered the risk of prostate cancer in men over 55. "
        "Men taking finasteride had smaller prostates. Sexual side effects were more common.\n"
    )
    topics = [f.message for f in linter.lint_text(men, "text") if f.category == "missing-warning"]
    assert not any("handle" in message for message in topics)
    unnarrowed = (
        "Finasteride for hair loss\n\n"
        "Finasteride slows hair loss. Finasteride is taken daily. Sexual side effects can occur.\n"
    )
    found = [f for f in linter.lint_text(unnarrowed, "text") if "handle" in f.message]
    assert [(f.rule, f.line, f.column) for f in found] == [("MED205", 1, 1)]


def test_dose_advice_in_a_guide_makes_one_sentence_a_discussion_but_a_reported_dose_does_not(linter):
    guide = "Treating acne\n\nTake isotretinoin 20 mg a day with food.\n"
    assert ("MED201", 3, 6, "isotretinoin") in warnings_of(linter, guide)
    report = (
        "Acne study\n\nNEW YORK (Reuters) - Researchers said 120 volunteers "
        "were given isotretinoin 20 mg a day. "
        "The study was published on Monday, the team said.\n"
    )
    assert [f for f in warnings_of(linter, report) if f[3] == "isotretinoin"] == []


def test_a_question_title_in_plain_text_is_the_title(linter):
    text = "Is methotrexate right for your psoriasis?\n\nMethotrexate calms psoriasis. It is a tablet.\n"
    found = [f for f in linter.lint_text(text, "text") if f.rule == "MED202"]
    assert found and "title mention" in found[0].evidence


def test_a_short_wildcard_is_a_rule_pack_error(tmp_path):
    from medlint.errors import RuleFileError

    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "drugs:\n"
        "  - id: example-drug\n"
        "    generic: examplamab\n"
        "    risks:\n"
        "      - topic: harm to children\n"
        "        evidence: [kid*]\n"
        "        severity: warning\n"
        "        source: written for this test\n"
        "        last_verified: 2026-12-01\n"
        "        warning: Keep it away from children.\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match=r"pack\.yaml:6: .*'kid\*' is too short"):
        Linter(rules_dirs=[tmp_path])


def test_an_investigational_product_is_not_held_to_a_label(everything):
    text = (
        "A new pill for low testosterone\n\n"
        "LPQ 2041, a novel oral testosterone formulation, raised hormone levels in a phase 3 trial. "
        "Men took the oral testosterone capsule LPQ 2041 twice a day. "
        "The company plans to file LPQ 2041 with regulators next year.\n"
    )
    found = [f for f in everything.lint_text(text, "text") if f.category == "missing-warning"]
    assert found and all(f.confidence < 0.5 and "investigational" in f.evidence for f in found)


def test_a_product_named_in_the_title_makes_other_drugs_secondary(linter, everything):
    text = (
        "Glossix, not just for eyelashes\n\n"
        "Glossix darkens thin brows. Glossix is brushed on once a day. "
        "It works a little like Propecia, which men take for hair loss. Propecia is a pill. "
        "A month of Propecia costs more than Glossix does. Doctors say Glossix is gentle.\n"
    )
    assert [f for f in warnings_of(linter, text) if f[3] == "finasteride"] == []
    hidden = [f for f in everything.lint_text(text, "text") if f.subject == "finasteride"]
    assert hidden and all("the title is about glossix" in f.evidence.lower() for f in hidden)


def test_testosterone_warnings_follow_the_product_form(linter):
    therapy = (
        "Testosterone therapy and the heart\n\n"
        "Testosterone therapy did not raise heart risks in older men. Men on testosterone felt stronger.\n"
    )
    assert [f for f in warnings_of(linter, therapy) if f[3] == "testosterone"] == []
    gel = (
        "Testosterone gel for older men\n\n"
        "Testosterone gel raised energy in older men. Men rubbed the gel on each morning.\n"
    )
    found = [f for f in linter.lint_text(gel, "text") if f.subject == "testosterone"]
    assert [(f.rule, f.line, f.column) for f in found] == [("MED205", 1, 1)]
    assert "exposed to the gel" in found[0].message


def _pack(tmp_path, risk_lines: str) -> None:
    (tmp_path / "pack.yaml").write_text(
        "drugs:\n"
        "  - id: example-drug\n"
        "    generic: examplamab\n"
        "    risks:\n"
        "      - topic: liver damage\n"
        f"{risk_lines}"
        "        severity: warning\n"
        "        source: written for this test\n"
        "        last_verified: 2026-12-01\n"
        "        warning: It can damage the liver.\n",
        encoding="utf-8",
    )


def test_general_side_effects_state_only_a_risk_marked_general(tmp_path):
    from medlint.errors import RuleFileError

    _pack(tmp_path, "        evidence: [liver, side effects]\n")
    with pytest.raises(RuleFileError, match=r"pack\.yaml:6: .*states side effects in general"):
        Linter(rules_dirs=[tmp_path])
    _pack(tmp_path, "        evidence: [liver, side effects]\n        general: true\n")
    Linter(rules_dirs=[tmp_path])  # loads


def test_side_effects_in_general_do_not_state_liver_damage(linter):
    text = (
        "Acetaminophen for back pain\n\n"
        "Acetaminophen eases back pain in adults. Acetaminophen has few side effects.\n"
    )
    found = [f for f in linter.lint_text(text, "text") if f.subject == "paracetamol"]
    assert [(f.rule, f.line, f.column) for f in found] == [("MED210", 1, 1)]
    stated = text.replace("has few side effects", "can damage the liver above 4,000 mg a day")
    assert [f for f in linter.lint_text(stated, "text") if f.subject == "paracetamol"] == []


def test_a_combination_product_carries_each_ingredients_risks(linter):
    text = (
        "Percocet after surgery\n\n"
        "Percocet eases pain after knee surgery. Percocet is taken every six hours.\n"
    )
    found = sorted((f.rule, f.line, f.column, f.subject) for f in linter.lint_text(text, "text"))
    assert ("MED207", 1, 1, "opioids") in found and ("MED210", 1, 1, "paracetamol") in found
    stated = text + (
        "\nIt can cause addiction, overdose and breathing problems, and more than 4,000 mg of "
        "acetaminophen a day damages the liver.\n"
    )
    assert [f for f in linter.lint_text(stated, "text") if f.category == "missing-warning"] == []


def test_a_combination_must_name_known_members(tmp_path):
    from medlint.errors import RuleFileError

    (tmp_path / "pack.yaml").write_text(
        "drugs:\n  - id: example-combo\n    generic: examplamab and friends\n    members: [no-such-drug]\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match=r"pack\.yaml:4: .*'no-such-drug'"):
        Linter(rules_dirs=[tmp_path])
