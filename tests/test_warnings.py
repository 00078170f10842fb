"""Missing must-mention warnings across ten drug families, in the situations articles are in."""

from __future__ import annotations

from dataclasses import replace

import pytest

from medlint import Config, Linter

# family rule, generic name, brand, condition, what it does, our warning text, a false reassurance
FAMILIES = [
    ("MED201", "isotretinoin", "Claravis", "acne", "shrinks the oil glands",
     "It causes birth defects, so pregnancy must be prevented, and it can trigger depression.",
     "There is no risk of birth defects with this medicine."),
    ("MED202", "valproate", "Epilim", "epilepsy", "calms electrical storms in the brain",
     "Taken in pregnancy it can cause birth defects, so contraception is essential.",
     "It is completely safe in pregnancy."),
    ("MED202", "lenalidomide", "Revlimid", "myeloma", "slows the growth of myeloma cells",
     "It causes birth defects, so pregnancy must be prevented, and it raises the risk of blood clots.",
     "It does not cause birth defects."),
    ("MED209", "levofloxacin", "Levaquin", "pneumonia", "kills the bacteria behind many chest infections",
     "It can damage tendons and nerves, and rarely the aorta.",
     "It is perfectly safe for your tendons."),
    ("MED211", "semaglutide", "Wegovy", "obesity", "reduces appetite",
     "It must not be used by anyone with a family history of medullary thyroid cancer.",
     "It is harmless to the thyroid."),
    ("MED212", "abobotulinumtoxinA", "Dysport", "frown lines", "relaxes the frown muscles",
     "Rarely the toxin spreads and makes swallowing or breathing hard.",
     "The toxin never causes spread beyond the injection site."),
    ("MED207", "tramadol", "Ultram", "back pain", "dulls moderate pain",
     "It can cause addiction and overdose, especially with alcohol.",
     "There is no risk of addiction with it."),
    ("MED206", "escitalopram", "Lexapro", "depression in teenagers", "lifts low mood over several weeks",
     "In young people it can increase suicidal thoughts at first.",
     "It does not cause suicidal thoughts in teenagers."),
    ("MED202", "methotrexate", "Otrexup", "rheumatoid arthritis", "calms the immune attack on the joints",
     "It is taken once a week, never daily, and it must not be taken in pregnancy.",
     "It is safe during pregnancy."),
    ("MED203", "ramipril", "Altace", "high blood pressure", "relaxes the blood vessels",
     "It can harm an unborn baby, so stop it if you become pregnant.",
     "It is safe in pregnancy."),
]  # fmt: skip
IDS = [family[1] for family in FAMILIES]


def markdown(brand, condition, does, safety="", intro_extra=""):
    intro = f"{brand} {does}. Your doctor decides how long you take {brand}.{intro_extra}"
    text = f"# {brand} for {condition}\n\n{intro}\n"
    if safety:
        text += f"\n## Safety\n\n{safety}\n"
    return text


def html(brand, condition, does, safety=""):
    text = (
        f"<html><head><title>{brand} for {condition}</title></head><body>\n"
        f"<h1>{brand} for {condition}</h1>\n"
        f"<p>{brand} {does}.\nYour doctor decides how long you take {brand}.</p>\n"
    )
    if safety:
        text += f"<h2>Safety</h2>\n<p>{safety}</p>\n"
    return text + "</body></html>\n"


def warnings_for(linter, text, fmt):
    return [f for f in linter.lint_text(text, fmt) if f.category == "missing-warning"]


def risk_count(linter, generic):
    engine = linter._engine
    mention = next(d for d in engine.drugs if generic.lower() in (n.lower() for n in d.all_names))
    return len(mention.risks)


@pytest.fixture(scope="module")
def section_linter():
    return Linter(replace(Config(), warning_scope="section"))


@pytest.mark.parametrize("family", FAMILIES, ids=IDS)
def test_with_warning_is_silent(linter, family):
    _, _, brand, condition, does, warning, _ = family
    assert warnings_for(linter, markdown(brand, condition, does, warning), "markdown") == []
    assert warnings_for(linter, html(brand, condition, does, warning), "html") == []


@pytest.mark.parametrize("family", FAMILIES, ids=IDS)
def test_without_warning_is_one_finding_per_risk_at_first_mention(linter, family):
    rule, _, brand, condition, does, _, _ = family
    for fmt, text, position in (
        ("markdown", markdown(brand, condition, does), (1, 3)),
        ("html", html(brand, condition, does), (1, 20)),
    ):
        found = warnings_for(linter, text, fmt)
        assert {(f.rule, f.line, f.column, f.match) for f in found} == {(rule, *position, brand)}, fmt
        assert len(found) == risk_count(linter, brand)
        assert all(brand in f.message and f.subject for f in found)
        assert all(f.fix.startswith("Add after the paragraph that first mentions") for f in found)


@pytest.mark.parametrize("family", FAMILIES, ids=IDS)
def test_generic_name_is_reported_too(linter, family):
    rule, generic, _, condition, does, _, _ = family
    found = warnings_for(linter, markdown(generic, condition, does), "markdown")
    assert {(f.rule, f.line, f.column) for f in found} == {(rule, 1, 3)}


@pytest.mark.parametrize("family", FAMILIES, ids=IDS)
def test_warning_in_another_section(linter, section_linter, family):
    rule, _, brand, condition, does, warning, _ = family
    text = markdown(brand, condition, does, warning)
    assert warnings_for(linter, text, "markdown") == []  # default scope: the whole document
    found = warnings_for(section_linter, text, "markdown")
    assert {(f.rule, f.line, f.column) for f in found} == {(rule, 1, 3)}
    # The section that discusses the drug is the one to fix, not the one that has the warning.
    assert all("this section never states" in f.message for f in found)
    expected = "Add in this section, after the paragraph that first mentions"
    assert all(f.fix.startswith(expected) for f in found)
    assert all("(line 3)" in f.fix for f in found)


def test_each_section_that_discusses_the_drug_needs_the_warning(section_linter):
    text = (
        "# Accutane for acne\n\n"
        "Accutane clears severe acne. It can cause birth defects, so pregnancy must be avoided; "
        "it may also cause depression.\n\n"
        "## Taking Accutane\n\n"
        "Accutane is taken with food. A course of Accutane lasts about five months.\n"
    )
    found = [f for f in section_linter.lint_text(text, "markdown") if f.rule == "MED201"]
    assert {(f.line, f.column) for f in found} == {(5, 11)}
    assert len(found) == 2 and all("this section never states" in f.message for f in found)


@pytest.mark.parametrize("family", FAMILIES, ids=IDS)
def test_passing_mention_is_silent(linter, family):
    _, _, brand, condition, _, _, _ = family
    text = (
        f"Living with {condition}\n\nFor {condition}, options include exercise, diet changes and {brand}.\n"
    )
    assert warnings_for(linter, text, "text") == []


@pytest.mark.parametrize("family", FAMILIES, ids=IDS)
def test_negated_evidence_does_not_count_and_is_reported(linter, family):
    rule, _, brand, condition, does, _, reassurance = family
    text = markdown(brand, condition, does, intro_extra=" " + reassurance)
    findings = linter.lint_text(text, "markdown")
    assert rule in {f.rule for f in findings if f.category == "missing-warning"}
    (false,) = [f for f in findings if f.rule == "MED401"]
    assert false.category == "overclaim" and false.line == 3


def test_dose_makes_a_single_mention_a_discussion(linter):
    text = "Acne treatments\n\nThe usual starting dose is isotretinoin 20 mg a day.\n"
    assert {f.rule for f in warnings_for(linter, text, "text")} == {"MED201"}


def test_drug_name_inside_a_word_or_url_query_is_not_a_mention(linter):
    text = (
        "Skin care\n\nThe Accutanes-free routine is our favourite.\n"
        "See https://example.org/shop?product=accutane&ref=home for the soap.\n"
        "Another line about https://example.org/shop?product=accutane too.\n"
    )
    assert warnings_for(linter, text, "text") == []


def test_discussed_threshold_is_configurable():
    strict = Linter(replace(Config(), discussed_mentions=3))
    text = "Acne notes\n\nIsotretinoin is strong. Isotretinoin is for severe acne.\n"
    assert warnings_for(strict, text, "text") == []


def test_not_safe_is_a_warning_not_a_reassurance(linter):
    text = "# Accutane\n\nAccutane is not safe for pregnant women. Accutane can cause depression.\n"
    findings = linter.lint_text(text, "markdown")
    assert [f for f in findings if f.category in ("missing-warning", "overclaim")] == []


def test_passing_mentions_do_not_make_a_drug_discussed(linter):
    """List items, comparators and lab values are not what an article is about."""
    passing = (
        "Blood thinners, such as heparin and warfarin, stop clots growing.\n\n"
        "Aspirin works in a different way than warfarin does.\n\n"
        "Doctors compared the new pill with warfarin in older adults.\n"
    )
    assert [f.subject for f in linter.lint_text(passing, "text") if f.category == "missing-warning"] == []
    lab = "Low testosterone levels are common in older men. Testosterone levels fall with age.\n"
    assert [f.subject for f in linter.lint_text(lab, "text") if f.category == "missing-warning"] == []


def test_a_comma_alone_is_no_list(linter):
    text = "In 2019, Accutane cleared her acne. Accutane was taken for five months.\n"
    found = [(f.rule, f.line, f.column) for f in linter.lint_text(text, "text") if f.rule == "MED201"]
    assert found and found[0] == ("MED201", 1, 10)
    finding = next(f for f in linter.lint_text(text, "text") if f.rule == "MED201")
    assert "main topic" in finding.evidence and finding.confidence == 0.85


def test_population_risk_needs_the_population_named_with_the_drug(linter):
    adults = (
        "Aspirin lowers the risk of a second heart attack. Many adults take aspirin every day.\n\n"
        "Grandparents often look after children, and heart disease runs in families.\n"
    )
    assert [f.message for f in linter.lint_text(adults, "text") if "Reye" in f.message] == []
    kids = "Aspirin eases fever. Some parents give aspirin to children with flu.\n"
    assert [f.line for f in linter.lint_text(kids, "text") if "Reye" in f.message] == [1]


def test_the_fix_puts_the_warning_in_the_first_safety_section_else_after_the_first_paragraph():
    linter = Linter()
    guide = (
        "# Warfarin for atrial fibrillation\n\n"
        "Warfarin thins the blood. Most people take warfarin every evening.\n\n"
        "## Dosing\n\nThe dose is set by blood tests.\n\n"
        "## Side effects and precautions\n\nSome people notice hair thinning.\n\n"
        "## Safety at home\n\nKeep tablets away from children.\n"
    )
    found = [f for f in linter.lint_text(guide, "markdown") if f.rule == "MED204"]
    assert [(f.line, f.column) for f in found] == [(1, 3)]
    assert 'in the "Side effects and precautions" section (line 9)' in found[0].fix
    plain = guide.split("\n## Dosing")[0] + "\n"
    found = [f for f in linter.lint_text(plain, "markdown") if f.rule == "MED204"]
    assert "after the paragraph that first mentions Warfarin (line 3)" in found[0].fix
