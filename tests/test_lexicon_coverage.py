"""The drug lexicon's coverage (issue 8): size, sourcing of every risk, sound names, and the new
boxed-warning entries of rules/drugs-boxed.yaml firing on articles that omit their risk.

The fixtures are short articles written for these tests: each discusses one drug (title or two
sentences), first without its boxed-warning risk, then with an accepted statement of it.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from medlint.rulebook.ruleset import load_rulebook

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Ordinary English words (dosage forms, generic nouns, words with another common sense) that
# must never be a drug name on their own: an article saying "the pill" or "a lithium battery"
# is not naming a lexicon drug. Multi-word names that contain them ("combined pill") are fine.
ORDINARY_WORDS = frozenset(
    {
        "pill", "pills", "patch", "patches", "ring", "rings", "tablet", "tablets", "capsule",
        "capsules", "cream", "creams", "gel", "gels", "spray", "drops", "injection", "injections",
        "shot", "shots", "jab", "jabs", "medicine", "medicines", "drug", "drugs", "treatment",
        "therapy", "steroid", "steroids", "hormone", "hormones", "vitamin", "blood", "thinner",
        "heart", "prep", "plan", "lithium", "iron", "insulin", "oxygen", "salt", "water",
        "speed", "ecstasy", "molly", "special", "lean",
    }
)  # fmt: skip


@pytest.fixture(scope="module")
def book():
    return load_rulebook()


def test_the_shipped_lexicon_has_at_least_120_drugs_and_classes(book):
    assert len(book.drugs) >= 120


def test_every_risk_has_a_source_and_a_verified_date_not_in_the_future(book):
    today = date.today()
    for drug in book.drugs:
        for risk in drug.risks:
            where = f"{drug.path}:{risk.line} ({drug.id}: {risk.topic})"
            assert risk.source.strip(), f"{where}: no source"
            assert ISO_DATE.match(risk.last_verified), f"{where}: last_verified is not YYYY-MM-DD"
            assert date.fromisoformat(risk.last_verified) <= today, f"{where}: verified in the future"
            assert risk.warning.strip(), f"{where}: no warning sentence"


def test_no_drug_name_is_an_ordinary_english_word(book):
    offenders = [(d.id, n) for d in book.drugs for n in d.all_names if n.lower() in ORDINARY_WORDS]
    assert offenders == []


def test_a_wildcard_is_only_ever_trailing(book):
    """evidence.py escapes an inner '*': "an*mia" would look for the literal text, never match."""
    for drug in book.drugs:
        for risk in drug.risks:
            for term in (*risk.evidence, *risk.applies_when):
                assert "*" not in term.rstrip("*"), (drug.id, risk.topic, term)


def test_no_name_is_a_bare_suffix_or_blank(book):
    for drug in book.drugs:
        for name in drug.all_names:
            assert name.strip() and not name.startswith(("-", "*")), (drug.id, name)


def test_every_boxed_warning_entry_is_checked_by_a_missing_warning_rule(book):
    """An entry no required-warning rule lists would be dead data: its risk is never asked for."""
    covered = {d for r in book.rules if r.kind == "required-warning" for d in r.options.drugs}
    unchecked = [d.id for d in book.drugs if d.path.endswith("drugs-boxed.yaml") and d.id not in covered]
    assert unchecked == []


def test_a_class_member_with_its_own_entry_is_not_also_in_its_class(book):
    owners = {n.lower(): d.id for d in book.drugs for n in d.all_names}
    assert owners["sotalol"] == "sotalol"
    assert owners["betapace"] == "sotalol"
    assert owners["clozaril"] == "clozapine"


# rule, file name, article without the risk, (line, column) of the finding, the accepted statement
FIRES = [
    (
        "MED221",
        "lamotrigine",
        "# Lamictal for bipolar disorder\n\n"
        "Many people with bipolar depression do well on Lamictal. "
        "Doctors raise the dose slowly over about six weeks.\n",
        (1, 3),
        "Any new rash while taking it needs a doctor the same day.",
    ),
    (
        "MED222",
        "direct oral anticoagulants",
        "Living with atrial fibrillation\n\n"
        "Eliquis lowers the chance of a stroke in atrial fibrillation. "
        "Most people take Eliquis twice a day, with or without food.\n",
        (3, 1),
        "Do not stop taking it without talking to your doctor, as that raises the risk of a clot.",
    ),
    (
        "MED223",
        "raloxifene",
        "Bone health after menopause\n\n"
        "Evista slows bone loss in women after menopause. "
        "It also lowers the chance of one kind of breast cancer, and Evista is taken once a day.\n",
        (3, 1),
        "It raises the risk of blood clots in the legs and lungs.",
    ),
    (
        "MED224",
        "natalizumab",
        "Treating relapsing multiple sclerosis\n\n"
        "Tysabri cuts relapses sharply in relapsing multiple sclerosis. "
        "Tysabri is given as a drip every four weeks at an infusion centre.\n",
        (3, 1),
        "It can cause PML, a rare brain infection, so a JC virus test comes first.",
    ),
    (
        "MED225",
        "emtricitabine and tenofovir",
        "Truvada as PrEP\n\n"
        "Truvada taken daily as PrEP prevents most HIV infections from sex. "
        "Pharmacies in many states can now supply Truvada for prevention.\n",
        (1, 1),
        "You need an HIV test before starting and every three months while taking it.",
    ),
]
IDS = [case[1] for case in FIRES]


def missing(linter, text, fmt="text"):
    return [f for f in linter.lint_text(text, fmt) if f.category == "missing-warning"]


@pytest.mark.parametrize(("rule", "subject", "text", "where", "statement"), FIRES, ids=IDS)
def test_an_article_without_the_risk_gets_one_finding_at_the_first_mention(
    linter, rule, subject, text, where, statement
):
    fmt = "markdown" if text.startswith("#") else "text"
    found = missing(linter, text, fmt)
    assert [(f.rule, f.line, f.column, f.subject) for f in found] == [(rule, *where, subject)]


@pytest.mark.parametrize(("rule", "subject", "text", "where", "statement"), FIRES, ids=IDS)
def test_the_same_article_with_an_accepted_statement_is_silent(linter, rule, subject, text, where, statement):
    fmt = "markdown" if text.startswith("#") else "text"
    assert missing(linter, text.rstrip("\n") + " " + statement + "\n", fmt) == []


def test_a_negated_statement_does_not_count_as_the_warning(linter):
    text = (
        "Eliquis after a heart valve problem\n\n"
        "Eliquis lowers the chance of a stroke. It is safe to stop Eliquis whenever you like.\n"
    )
    assert [(f.rule, f.line, f.column) for f in missing(linter, text)] == [("MED222", 1, 1)]


def test_a_drug_named_in_a_list_is_not_discussed(linter):
    text = (
        "Choosing a blood thinner\n\n"
        "Your doctor may suggest warfarin with INR checks for bleeding risk. "
        "Newer options, such as Eliquis, Xarelto or Pradaxa, need no blood tests.\n"
    )
    assert [f for f in missing(linter, text) if f.rule == "MED222"] == []


def test_a_population_risk_is_required_only_when_the_population_is_named(linter):
    adults = (
        "Beta blockers for high blood pressure\n\n"
        "Metoprolol lowers blood pressure and slows the heart. Metoprolol is taken once or twice a day.\n"
    )
    assert missing(linter, adults) == []
    angina = (
        "Beta blockers for angina\n\n"
        "Metoprolol eases angina by slowing the heart. Metoprolol is taken once or twice a day for angina.\n"
    )
    assert [(f.rule, f.line, f.column) for f in missing(linter, angina)] == [("MED222", 1, 1)]
    tapered = angina.rstrip("\n") + " Never stop it suddenly; the dose is reduced gradually.\n"
    assert missing(linter, tapered) == []


@pytest.mark.parametrize(
    "text",
    [
        # Another sense of the word: the metal, not the medicine.
        "Lithium batteries\n\nLithium batteries power most phones. Recycle lithium batteries safely.\n",
        # Another route without the boxed warning: the shampoo, not the tablets.
        "Dandruff shampoo\n\nKetoconazole shampoo clears dandruff. Use ketoconazole shampoo twice a week.\n",
        # The ointment's name alone is not the transplant tablet.
        "Eczema on the face\n\nTacrolimus is used after transplants. Tacrolimus blood levels are checked.\n",
    ],
    ids=["lithium-metal", "ketoconazole-shampoo", "bare-tacrolimus"],
)
def test_another_sense_or_route_of_a_word_is_not_a_mention(linter, text):
    assert missing(linter, text) == []


def test_a_quoted_reassurance_is_still_no_statement_of_the_risk(linter):
    text = (
        "A new way to treat hepatitis C\n\n"
        'Epclusa cures most hepatitis C infections. "Epclusa is simple," the company said.\n'
    )
    assert [(f.rule, f.line, f.subject) for f in missing(linter, text)] == [
        ("MED225", 3, "hepatitis C direct-acting antivirals")
    ]
