#!/usr/bin/env python3
"""A deterministic corpus of Markdown health articles for speed measurements (not a test).

    python bench/generate.py [--count 1000] [--words 1000] [--seed 10] [--out DIR]

Prints the folder it wrote (a fresh temporary one unless ``--out`` is given). The text is
generated here from templates of our own, so the speed corpus never copies shared data; drug
names are read from ``rules/drugs.yaml`` so the drug rules have real work to do. The same
arguments always write the same bytes, so runs before and after a change read identical input.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

SUBJECTS = [
    "Many adults", "Older patients", "People with diabetes", "Teenagers", "Pregnant women",
    "Runners", "Office workers", "Parents", "Caregivers", "Most readers", "Some people",
]  # fmt: skip
CONDITIONS = [
    "back pain", "migraine", "high blood pressure", "acne", "insomnia", "asthma", "arthritis",
    "depression", "heartburn", "eczema", "a cold", "seasonal allergies", "anxiety", "psoriasis",
]  # fmt: skip
VERBS = ["manage", "live with", "cope with", "ask about", "read about", "worry about", "treat"]
TEMPLATES = [
    "{subject} {verb} {condition} every year, and the advice they hear is not always clear.",
    "Your doctor may suggest {drug} for {condition}, but it is not right for everyone.",
    "{drug} can help with {condition} in some people, according to the label.",
    "A small study suggests that {drug} might ease {condition}, though more research is needed.",
    "Do not take more than the dose on the packet without talking to a pharmacist.",
    "The usual adult dose of {drug} is {dose} mg {period}.",
    "{subject} who take {drug} should tell their doctor about other medicines they use.",
    "Side effects of {drug} can include nausea, headache and dizziness.",
    "There is no cure for {condition}, but the symptoms can be controlled.",
    "Researchers said the trial of {drug} for {condition} would report next year.",
    "If you are pregnant or breastfeeding, ask your doctor before taking {drug}.",
    "Regular exercise, sleep and a balanced diet help with {condition} too.",
    "{drug} is a prescription medicine, so it is only available from a pharmacy with a prescription.",
    "Some websites claim that {drug} cures {condition} overnight, which is not true.",
    "Call emergency services if you notice chest pain, trouble breathing or swelling of the face.",
    "Keep all medicines out of the reach of children and store them below 25 °C.",
    "It is not known whether {drug} is safe for people with liver disease.",
    "{subject} often stop treatment too early because they feel better.",
    "Studies show that walking for thirty minutes a day lowers the risk of heart disease.",
    "Ask about interactions: {drug} and alcohol do not mix well for many people.",
]  # fmt: skip
HEADINGS = [
    "What is {condition}?", "How is {condition} treated?", "Side effects", "Who should not take {drug}",
    "Dosage", "When to see a doctor", "Living with {condition}", "Questions to ask", "Safety",
]  # fmt: skip
PERIODS = ["once a day", "twice daily", "every 8 hours", "at night", "with food"]
LINKS = ["https://example.org/health/{slug}", "https://example.com/guide/{slug}", "[{slug}](/{slug}.html)"]


def drug_names() -> list[str]:
    """Generic names and a few brands from the project's lexicon, in file order."""
    data = yaml.safe_load((ROOT / "rules" / "drugs.yaml").read_text(encoding="utf-8"))
    names: list[str] = []
    for drug in data["drugs"]:
        names.append(drug["generic"])
        names.extend(drug.get("names", [])[:2])
    return names


def sentence(rng: random.Random, drugs: list[str], condition: str, drug: str) -> str:
    """One sentence; the article's own drug and condition most of the time, another now and then."""
    template = rng.choice(TEMPLATES)
    return template.format(
        subject=rng.choice(SUBJECTS),
        verb=rng.choice(VERBS),
        condition=condition if rng.random() < 0.7 else rng.choice(CONDITIONS),
        drug=(drug if rng.random() < 0.8 else rng.choice(drugs)).capitalize()
        if template.startswith("{drug}")
        else (drug if rng.random() < 0.8 else rng.choice(drugs)),
        dose=rng.choice([5, 10, 20, 50, 100, 200, 250, 400, 500]),
        period=rng.choice(PERIODS),
    )


def article(rng: random.Random, drugs: list[str], words: int) -> str:
    """A Markdown article of about ``words`` words: title, sections, paragraphs, lists, links."""
    condition, drug = rng.choice(CONDITIONS), rng.choice(drugs)
    lines = [f"# {drug.capitalize()} and {condition}: what to know", ""]
    count = 0
    while count < words:
        heading = rng.choice(HEADINGS).format(condition=condition, drug=drug)
        lines += [f"## {heading}", ""]
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.25:
                items = [sentence(rng, drugs, condition, drug) for _ in range(rng.randint(2, 4))]
                lines += [f"- {item}" for item in items] + [""]
                count += sum(len(item.split()) for item in items)
                continue
            paragraph = " ".join(sentence(rng, drugs, condition, drug) for _ in range(rng.randint(3, 6)))
            if rng.random() < 0.3:
                slug = condition.replace(" ", "-")
                paragraph += " More: " + rng.choice(LINKS).format(slug=slug) + "."
            lines += [paragraph, ""]
            count += len(paragraph.split())
    return "\n".join(lines)


def generate(out: Path, count: int, words: int, seed: int) -> None:
    """Write ``count`` articles named 0000.md … into ``out``."""
    rng = random.Random(seed)
    drugs = drug_names()
    out.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (out / f"{number:04d}.md").write_text(article(rng, drugs, words), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="medlint-generated-"))
    generate(out, args.count, args.words, args.seed)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
