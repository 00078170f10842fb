"""Pharmacy promotion by intent: offers versus reports, seller signals in links, word shapes,
and the linear-time bare-URL scanner. Every sentence here is written for this test."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from medlint.errors import RuleFileError
from medlint.markup.bare_urls import find_bare_urls
from medlint.rulebook.ruleset import load_rulebook
from medlint.rulebook.sellers import assess, is_legitimate, load_sellers, registered_domain
from medlint.rulebook.yamlio import load_yaml

BOOK = load_rulebook()
SELLERS = load_sellers(BOOK.sections["sellers"])


def pharmacy(linter, text, fmt="text"):
    return [
        (f.rule, f.line, f.column, f.match)
        for f in linter.lint_text(text, fmt)
        if f.category == "pharmacy-promotion"
    ]


# --- Offers directed at the reader are flagged; their reported twins stay silent -------------


def test_price_offered_to_the_reader_is_flagged(linter):
    text = "Tadalafil for men.\nOrder today: Cialis from $1.10 per pill, shipped fast."
    assert pharmacy(linter, text) == [("MED114", 2, 1, "Order today"), ("MED104", 2, 26, "$1.10 per pill")]


def test_storefront_price_line_is_flagged(linter):
    text = "Xanax 2mg\nPrice: $0.90 per tablet"
    assert pharmacy(linter, text) == [("MED104", 2, 8, "$0.90 per tablet")]


@pytest.mark.parametrize(
    "text",
    [
        "Xanax is old, and the wholesale cost is about $0.90 per tablet.",  # cost reporting
        "Xanax sells for $0.90 per tablet in Spain, the pharmacist said.",  # reported speech
        "\u201cXanax is $0.90 per tablet here,\u201d she told reporters.",  # quotation
        "He paid $0.90 per tablet for Xanax at the border.",  # third-person narrative
        "The drug maker raised the price of Xanax from $0.90 per tablet to $3.",  # price change
    ],
)
def test_reported_prices_are_silent(linter, text):
    assert pharmacy(linter, text) == []


def test_discount_on_a_named_medicine_is_flagged(linter):
    assert pharmacy(linter, "This week only, get 60% off Levitra.") == [("MED105", 1, 21, "60% off")]


@pytest.mark.parametrize(
    "text",
    [
        "Metformin is one of the cheapest drugs for diabetes, and among the safest.",  # description
        "Members of the plan get 60% off prescription drugs.",  # no named medicine
        "Analysts said Levitra was the cheapest of the three brands last year.",  # reported
        "Try this herbal formula. The cheapest Viagra alternative on the market!",  # herbal offer
    ],
)
def test_discount_words_in_description_are_silent(linter, text):
    assert pharmacy(linter, text) == []


# --- Links: seller signals read as words, legitimacy kept silent --------------------------------


@pytest.mark.parametrize(
    ("url", "signal"),
    [
        ("http://9levitra.example.com/start", "drug-host"),  # drug name with a digit affix
        ("http://l3vitra-online.example.net", "drug-host"),  # digit for letter
        ("http://www.fastrxmeds.example.com/a.php?id=1", "commerce-host"),
        ("http://mail.example.com/c7/pharm/red", "seller-path"),
        ("http://example.com/go?url=http%3a%2f%2fpills.example", "redirect"),
        ("https://shop.topsavingspharmacy.com/", "listed"),
    ],
)
def test_seller_signals(url, signal):
    assert signal in assess(url, SELLERS).signals


@pytest.mark.parametrize(
    "url",
    [
        "https://www.levitra.com/",  # only the brand: the manufacturer's site
        "https://medicine.example-pharma.com/about",  # a manufacturer ("pharma" is not "pharmacy")
        "https://www.medscapes.example.org/news",  # "meds" starting a word is not a seller
        "https://www.marxists.example.org",  # "rx" inside a word
        "https://www.pillsbury.example.com/recipes",  # "pills" starting a word
        "https://example.org/health/levitra-study",  # a drug in a news path
    ],
)
def test_ordinary_addresses_have_no_seller_signal(url):
    assert assess(url, SELLERS).signals == ()


def test_legitimacy_signals():
    assert is_legitimate("fastmeds.pharmacy", SELLERS)
    assert is_legitimate("pharmacology.example.edu", SELLERS)
    assert is_legitimate("www.rxmeds.ac.uk", SELLERS)
    assert is_legitimate("shop.brand.example.com", SELLERS, frozenset({"example.com"}))
    assert not is_legitimate("rxmeds.example.com", SELLERS)
    assert registered_domain("www.pharma.us.novartis.com") == "novartis.com"
    assert registered_domain("www.apps.medschl.cam.ac.uk") == "cam.ac.uk"


def test_drug_only_in_the_link_is_flagged(linter):
    text = "Feeling heavy? You can change that now.\nClick here: http://9levitra.example.com/go\n"
    assert pharmacy(linter, text) == [("MED117", 2, 13, "http://9levitra.example.com/go")]


def test_seller_path_needs_medicine_talk(linter):
    text = "Levitra delivered to your door.\nSimply click: http://mail.example.com/c7/pharm/red\n"
    assert pharmacy(linter, text) == [("MED103", 2, 15, "http://mail.example.com/c7/pharm/red")]
    assert pharmacy(linter, "Our newsletter: http://mail.example.com/c7/pharm/red\n") == []


def test_manufacturer_with_prescribing_information_is_silent(linter):
    text = (
        "See the [full prescribing information](https://www.fastrx-meds.com/pi.pdf) for Levitra.\n"
        "The maker's [savings page](https://www.fastrx-meds.com/savings) explains costs of the drug.\n"
    )
    assert pharmacy(linter, text, "markdown") == []


# --- Word shapes and over-the-counter products --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A geochemist and a biochemist reviewed the pills for the regulator.",
        "The alchemist in the novel sold pills of mercury.",
        "Polypharmacy is common: many older patients take ten medicines.",
    ],
)
def test_ordinary_words_are_not_shop_names(linter, text):
    assert pharmacy(linter, text) == []


def test_shop_name_compound_is_flagged(linter):
    text = "I order my Levitra refills from cheapestchemist every month."
    assert pharmacy(linter, text) == [("MED102", 1, 33, "cheapestchemist")]


def test_over_the_counter_product_is_silent(linter):
    text = "The non-prescription allergy sprays contain the same drug as before."
    assert pharmacy(linter, text) == []


# --- Phrasings from rogue mails ------------------------------------------------------------------


def test_rogue_mail_phrasings(linter):
    text = (
        "Levitra, the medication you need.\n"
        "Complete the on-line consultation without leaving your computer.\n"
        "We ship Levitra worldwide.\n"
    )
    codes = {(rule, line) for rule, line, _, _ in pharmacy(linter, text)}
    assert {("MED109", 2), ("MED110", 3)} <= codes


def test_steroid_offer_and_report(linter):
    offer = "GET RIPPED FAST! Liquid Anadrol and Dianabol in stock. Click here to order."
    assert pharmacy(linter, offer) == [("MED118", 1, 18, "Liquid Anadrol and Dianabol")]
    report = "The cyclist told investigators that he bought Dianabol in stock from a gym."
    assert pharmacy(linter, report) == []


# --- The sellers section is validated like every rule pack ------------------------------------


def test_sellers_entry_errors_name_file_and_line(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "sellers:\n  - words: seller\n    values: [rx]\n  - domain: bad.example\n", encoding="utf-8"
    )
    data = load_yaml(path, "bad.yaml")
    with pytest.raises(RuleFileError) as err:
        load_sellers(list(data["sellers"]))
    assert str(err.value).startswith("bad.yaml:4:")
    assert "source" in str(err.value)


def test_every_listing_has_a_source():
    assert SELLERS.listed
    assert all(item.source for item in SELLERS.listed)


# --- The bare-URL scanner is linear and finds what the old regex found --------------------------

_OLD_BARE_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]"
    r"|\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:com|net|org|biz|info|ru|su|to|io|co|cc|ws|me|shop|store|online|pharmacy|top|xyz|in|ca|us|uk|eu)\b"
    r"(?:/[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?])?",
    re.IGNORECASE,
)


def test_bare_urls_agree_with_the_old_regex_on_short_texts():
    pieces = ["a", "b", ".", "-", "com", "net", "www.", "http://", "/", " ", "_", "x1", ",", "é", "in", "?"]
    rng = random.Random(8)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 20)))
        assert list(find_bare_urls(text)) == [m.span() for m in _OLD_BARE_URL.finditer(text)], text


@pytest.mark.parametrize("unit", ["a.", "a-a.", "www.a.", "http://.", "a.com-"])
def test_bare_urls_take_linear_time(unit):
    def seconds(text: str) -> float:
        start = time.perf_counter()
        list(find_bare_urls(text))
        return time.perf_counter() - start

    half, full = seconds(unit * 25_000), seconds(unit * 50_000)  # the full one is 100 KB or more
    assert full < 2.0  # the old regex took 33 s on 32 KB of "a."
    assert full < 5 * max(half, 0.01)  # twice the text, about twice the work (quadratic: four times)


# --- Obfuscated drug names, found by normalisation -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "column", "match"),
    [
        ("Fresh stock of L3V1TRA today.", 16, "L3V1TRA"),
        ("Fresh stock of L*VITRA today.", 16, "L*VITRA"),
        ("Fresh stock of L E V I T R A today.", 16, "L E V I T R A"),
        ("Fresh stock of Lev1tra today.", 16, "Lev1tra"),
    ],
)
def test_obfuscated_drug_names(linter, text, column, match):
    assert pharmacy(linter, text) == [("MED119", 1, column, match)]


@pytest.mark.parametrize(
    "text",
    [
        "Levitra and LEVITRA are the same medicine.",
        "Her B12 level was low, and the COVID-19 test was negative.",
        "Mail filters catch spellings such as \u201cL3V1TRA\u201d in spam.",
        "Never buy L3V1TRA from a mail: such offers are fake.",
        "Grades went from a b c d to e.",
    ],
)
def test_plain_or_quoted_names_are_not_obfuscated(linter, text):
    assert [f for f in pharmacy(linter, text) if f[0] == "MED119"] == []


def test_obfuscation_scan_is_linear(linter):
    from medlint.checks.obfuscated import _SPACED, mixed_words

    for text in ("a1" * 50_000 + "_", "a " * 50_000 + "ab", "x*" * 50_000, "1a " * 40_000):
        start = time.perf_counter()
        list(mixed_words(text))
        list(_SPACED.finditer(text))
        assert time.perf_counter() - start < 2.0


def test_a_link_written_twice_is_one_finding(linter):
    text = '<p>Levitra by mail. <a href="http://mail.example.com/c7/pharm/red">http://mail.example.com/c7/pharm/red</a></p>'
    assert [f[0] for f in pharmacy(linter, text, "html")] == ["MED103"]


def test_a_broken_sellers_section_stops_the_load(tmp_path: Path):
    (tmp_path / "sellers.yaml").write_text(
        "sellers:\n  - network: FakeNet\n    match: [fake net]\n    source: a regulator\n", encoding="utf-8"
    )
    with pytest.raises(RuleFileError) as err:
        load_rulebook([tmp_path], builtin=False)
    assert "sellers.yaml:3:" in str(err.value)
    assert "bad host word" in str(err.value)
