"""``kind: dose-limit``: a dose statement above the labelled adult maximum for the day.

Dose statements are read from a sentence that names a substance of ``rules/doses.yaml``:
an amount and unit ("6 grams", "1,000 mg", "5,000 IU", "2.5 mg/kg"), a count ("two 500 mg
tablets") and a frequency ("every 4 hours", "three times a day", "a day") give a daily amount,
which is compared with the table. Limit statements ("do not take more than 4,000 mg",
"maximum") are warnings, not doses, and stay silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from medlint.analysis.address import address
from medlint.checks.base import Check, Hit
from medlint.rulebook.doses import DoseLimit

if TYPE_CHECKING:
    from medlint.analysis.article import Article
    from medlint.analysis.matchers import Matchers
    from medlint.rulebook.ruleset import Rule, RuleBook
    from medlint.rulebook.yamlio import Located

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_AMOUNT = re.compile(
    rf"(?P<count>\b(?:\d+|one|two|three|four|five|six|eight|ten|twelve)\s+(?:x\s+)?)?"
    rf"(?P<number>{_NUMBER})\s*(?:-|to|–)?\s*(?:(?P<upper>{_NUMBER})\s*)?"
    r"(?P<unit>mg/kg|mg per kg|mg per kilogram|milligrams? per kilogram|mg|milligrams?|mcg|µg|micrograms?|"
    r"g|grams?|iu|international units)(?![a-z])",
    re.IGNORECASE,
)
_EVERY_HOURS = re.compile(r"every\s+(\d+)(?:\s*(?:-|to|–)\s*\d+)?\s*hours?", re.IGNORECASE)
_TIMES = re.compile(
    r"\b(once|twice|\d+|two|three|four|five|six)\s*(?:times|x)?\s*(?:a|per|each)\s*(day|week|month)"
    r"|\btwice (daily)\b",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"\b(?:(?:a|per|each|every|one|once a)\s+(week|month)|(weekly|monthly|fortnightly)|every (other day))\b",
    re.IGNORECASE,
)
#: Days in each period word that _TIMES and _PERIOD capture.
_PERIOD_DAYS = {
    "day": 1.0, "daily": 1.0, "other day": 2.0, "week": 7.0, "weekly": 7.0, "month": 30.0, "monthly": 30.0,
    "fortnightly": 14.0,
}  # fmt: skip
# A comparison before the amount makes it a limit, not a dose: "less than 4 g", "do not exceed 3 g".
_LIMIT_BEFORE = re.compile(
    r"(?:less than|fewer than|no more than|not more than|not to exceed|no higher than|under|below|at most|"
    r"maximum(?: dose)?(?: of| is)?|max(?:imum)? of|limit(?:ed)? (?:of|to|is)|exceed(?:ing|s)?|over|above|"
    r"more than|higher than|beyond|greater than)\s*(?:a total of\s*)?$",
    re.IGNORECASE,
)
# What follows the unit and names its owner: "1,000 mg of calcium", "800 IU (20 mcg) of vitamin D".
_OF_OWNER = re.compile(r"\s*(?:\([^)]{0,30}\)\s*)?(?:a day\s+|daily\s+|per day\s+)?of\s+", re.IGNORECASE)
_WORDS = {"one": 1, "once": 1, "two": 2, "twice": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8}
_WORDS.update({"ten": 10, "twelve": 12})
_TO_MG = {"mg": 1.0, "milligram": 1.0, "milligrams": 1.0, "g": 1000.0, "gram": 1000.0, "grams": 1000.0}
_TO_MG.update({"mcg": 0.001, "µg": 0.001, "microgram": 0.001, "micrograms": 0.001})


class DoseLimitCheck(Check):
    """One finding per dose statement above its substance's daily maximum."""

    kind = "dose-limit"
    placeholders = frozenset({"match", "substance", "daily", "maximum", "advice"})

    def __init__(self, rule: Rule, resources: Any) -> None:
        super().__init__(rule, resources)
        self.limits = resources.book.doses

    @classmethod
    def parse(cls, spec: Located) -> Any:
        """The limits live in ``doses:`` sections, validated with the rule book."""
        return None

    @staticmethod
    def explain(rule: Rule, book: RuleBook) -> list[str]:
        """The dose table."""
        lines = ["Labelled adult maximum per day:"]
        for limit in book.doses:
            lines.append(f"  {limit.id}: {_format(limit.maximum, limit.unit)} — {limit.source}")
        return lines

    def register(self, matchers: Matchers) -> None:
        """Substance names go into the shared PhraseMatcher."""
        for limit in self.limits:
            matchers.add_phrases(f"dose:{limit.id}", list(limit.names))

    def hits(self, article: Article) -> Iterator[Hit]:
        """Each sentence naming a substance: read its doses, keep those above the maximum."""
        limit_sentences = article.term_hits_by_sentence("dose-limit-statement")
        by_sentence: dict[int, list[tuple[int, DoseLimit]]] = {}
        for limit in self.limits:
            for start, _ in article.matches.get(f"dose:{limit.id}", []):
                by_sentence.setdefault(article.sentence_index(start), []).append((start, limit))
        for index, named in sorted(by_sentence.items()):
            if index in limit_sentences:
                continue
            start, end = article.sentences[index]
            sentence = article.text[start:end]
            heard = None  # who the sentence speaks to, read once a dose is over the maximum
            for amount in _AMOUNT.finditer(article.text, start, end):
                if _LIMIT_BEFORE.search(article.text[max(start, amount.start() - 40) : amount.start()]):
                    continue
                limit = _owner(article.text, amount, named, end)
                if limit is None:
                    continue
                daily = _daily(amount, sentence, limit)
                if daily is None or daily <= limit.maximum * 1.0001:
                    continue
                if heard is None:
                    heard = address(sentence)
                values = {
                    "match": article.text[amount.start() : amount.end()].strip(),
                    "substance": limit.names[0],
                    "daily": _format(daily, limit.unit),
                    "maximum": _format(limit.maximum, limit.unit),
                    "advice": limit.advice,
                    "severity": limit.severity,
                }
                evidence = (
                    f"{heard.evidence}; substance: {limit.names[0]}; "
                    f"{values['daily']}/day > {values['maximum']}"
                )
                yield Hit(
                    amount.start(),
                    amount.end(),
                    index,
                    values,
                    subject=limit.id,
                    confidence=heard.confidence,
                    evidence=evidence,
                )


def _owner(
    text: str, amount: re.Match[str], named: list[tuple[int, DoseLimit]], end: int
) -> DoseLimit | None:
    """The substance a dose belongs to: the one after "of", else the nearest named one.

    "1,000 mg of calcium and 800 IU of vitamin D": the 1,000 mg belongs to calcium (not in the
    table), so it is nobody's dose here; the 800 IU belongs to vitamin D.
    """
    of = _OF_OWNER.match(text, amount.end(), end)
    if of:
        owners = [limit for start, limit in named if of.end() <= start <= of.end() + 12]
        return owners[0] if owners else None
    # Between the amount and a nearer substance there must be no other "N unit" dose.
    best: DoseLimit | None = None
    distance = 10**9
    for start, limit in named:
        gap = text[min(start, amount.end()) : max(start, amount.start())]
        if _AMOUNT.search(gap) or (" and " in gap and len(gap) > 40):
            continue
        if abs(start - amount.start()) < distance:
            best, distance = limit, abs(start - amount.start())
    return best


def _daily(amount: re.Match[str], sentence: str, limit: DoseLimit) -> float | None:
    """The amount per day in the limit's unit, or None when the units do not compare."""
    number = float((amount.group("upper") or amount.group("number")).replace(",", ""))
    unit = amount.group("unit").lower()
    per_kg = "kg" in unit or "kilogram" in unit
    if per_kg != (limit.unit == "mg/kg"):
        return None
    if unit in ("iu", "international units"):
        if limit.iu_per_mg is None:
            return None
        milligrams = number / limit.iu_per_mg
    elif per_kg:
        milligrams = number
    else:
        milligrams = number * _TO_MG.get(unit, _TO_MG.get(unit.rstrip("s"), 1.0))
    count_text = (amount.group("count") or "").strip().lower().removesuffix("x").strip()
    count = float(_WORDS.get(count_text, count_text) or 1) if count_text else 1.0
    return milligrams * count * _per_day(sentence)


def _per_day(sentence: str) -> float:
    """How many doses a day the sentence states (1 when it states none)."""
    every = _EVERY_HOURS.search(sentence)
    if every:
        return max(24 / max(int(every.group(1)), 1), 1)
    times = _TIMES.search(sentence)
    if times:
        word = (times.group(1) or "twice").lower()
        count = float(_WORDS.get(word, word) if not word.isdigit() else int(word))
        period = (times.group(2) or "daily").lower()
        return count / _PERIOD_DAYS[period]
    period_match = _PERIOD.search(sentence)
    if period_match:
        word = next(group for group in period_match.groups() if group).lower()
        return 1.0 / _PERIOD_DAYS[word]
    return 1.0


def _format(value: float, unit: str) -> str:
    if unit == "mg" and value >= 1000:
        return f"{value / 1000:g} g"
    if unit == "mg" and value < 1:
        return f"{value * 1000:g} µg"
    return f"{value:,.10g} {unit}"
