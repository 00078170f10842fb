"""Whether a sentence is addressed to the reader as advice, or reports what someone did.

Advice: an imperative ("Take 6 g a day", "Use turmeric instead of chemotherapy"), the second
person ("you can stop", "your pills") or a general "you". Reports: third-person narrative ("He was
eventually able to stop taking his pills"), a researcher's description of a trial arm ("Patients
in the second group stopped their statins", "participants took 4,000 IU a day"), reported speech
("she said she stopped"), and the safe pattern "talk to your doctor before stopping".

``address(sentence)`` returns an :class:`Address`: ``advice`` (bool), a ``confidence`` (0..1) and
a short ``evidence`` text; it is plain regular expressions, so it is cheap and predictable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SECOND = re.compile(r"\b(?:you|your|yours|yourself|you'?re|you'?ll|you'?ve)\b", re.IGNORECASE)
#: Verbs that open advice after an opening clause: "If it hurts, take 2 g", "For a cold, use …".
_CLAUSE_VERBS = "take|use|try|stop|quit|ditch|skip|avoid|replace|swap|double|drink|eat|switch|forget|go"
#: At the start of a sentence a few more verbs give orders ("Get off your statins", "Cut the dose").
_START_VERBS = (
    _CLAUSE_VERBS + "|dump|drop|increase|up|get|give|treat|add|throw|bin|cut|choose|opt|rely|start|keep"
)
_IMPERATIVE = re.compile(
    rf"^\W*(?:(?:so|then|now|just|simply|instead|also|and|or|but|please)\s*,?\s+)*(?:{_START_VERBS})\b",
    re.IGNORECASE,
)
_CLAUSE_IMPERATIVE = re.compile(rf"^[^,]{{0,80}},\s*(?:then\s+)?(?:{_CLAUSE_VERBS})\b", re.IGNORECASE)
_THIRD = re.compile(
    r"\b(?:he|she|they|his|her|their|him|them|patients?|participants?|volunteers?|subjects?|"
    r"people in|those in|women in|men in|group|arm|cohort|the (?:man|woman|boy|girl|patient))\b",
    re.IGNORECASE,
)
_TRIAL = re.compile(
    r"\b(?:trial|study|studies|randomi[sz]ed|placebo|participants?|volunteers?|subjects?|cohort|"
    r"arm|group|researchers?|investigators?|enrolled|were given|received|were assigned|were randomi[sz]ed)\b",
    re.IGNORECASE,
)
_PAST_REPORT = re.compile(
    r"\b(?:took|received|were given|was given|were taking|had taken|was taking|stopped|quit|"
    r"were assigned|were randomi[sz]ed|got|used|were treated)\b",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"\b(?:said|says|told|recalls?|recalled|explained|according to|reported|claims?|claimed)\b",
    re.IGNORECASE,
)
_DOCTOR_FIRST = re.compile(
    r"\b(?:talk|speak|check|consult|ask)\w*\s+(?:to|with)?\s*(?:your|a)\s+"
    r"(?:doctor|gp|pharmacist|physician|prescriber|care team|clinician)",
    re.IGNORECASE,
)
_GENERIC_YOU = re.compile(r"\byou\s+(?:can|could|should|may|might|must|need|have to|'?ll)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Address:
    """Whether a sentence advises the reader, how sure that is, and why."""

    advice: bool
    confidence: float
    evidence: str
    trial: bool = False


def address(sentence: str) -> Address:
    """Classify one sentence as advice to the reader or a report (see the module docstring)."""
    text = sentence.strip().strip("\"'“”‘’").strip()
    doctor = bool(_DOCTOR_FIRST.search(text))
    trial = bool(_TRIAL.search(text)) and bool(_PAST_REPORT.search(text))
    reported = bool(_REPORTED.search(text))
    second = bool(_SECOND.search(text))
    imperative = bool(_IMPERATIVE.match(text) or _CLAUSE_IMPERATIVE.match(text))
    third = bool(_THIRD.search(text))
    if doctor:
        return Address(False, 0.2, "defers to a doctor", trial)
    if imperative and not trial:
        return Address(True, 0.9, "imperative", trial)
    if second and (_GENERIC_YOU.search(text) or not third) and not trial:
        return Address(True, 0.85 if not reported else 0.6, "second person", trial)
    if trial:
        return Address(False, 0.3, "trial report", trial)
    if reported:
        return Address(False, 0.3, "reported speech", trial)
    if third:
        return Address(False, 0.3, "third-person narrative", trial)
    return Address(True, 0.7, "general statement", trial)
