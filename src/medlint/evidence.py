"""Does an article state a risk? Evidence terms found in the prose, and whether they are negated.

Evidence terms are data (``drugs.yaml``): "pregnan*" matches pregnant, pregnancy, pregnancies;
"birth defect*" matches "birth defects" and "birth-defect". A term counts only when it states
the risk: "there is no risk of birth defects" and "it is safe in pregnancy" are reassurances,
which is worse than silence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .sentence_certainty import SentenceCertainty


@dataclass(frozen=True)
class Evidence:
    """One evidence term in the prose, and the reassurance that negates it, if any."""

    start: int
    end: int
    text: str
    reassurance: tuple[int, int] | None


@lru_cache(maxsize=4096)
def evidence_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for a risk's evidence terms; compiled once per process."""
    parts = []
    for term in terms:
        stem = term.rstrip("*")
        words = [re.escape(word) for word in re.split(r"[\s-]+", stem.strip()) if word]
        body = r"[\s-]+".join(words)
        # Terms that end in a digit ("4 g", "men 2") must not run into a longer number.
        tail = r"\w*" if term.endswith("*") else r"(?!\w)"
        parts.append(rf"(?<!\w){body}{tail}")
    return re.compile("|".join(parts), re.IGNORECASE)


def find_evidence(
    text: str, terms: tuple[str, ...], start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Prose spans of evidence terms between ``start`` and ``end``."""
    pattern = evidence_pattern(terms)
    return [m.span() for m in pattern.finditer(text, start, len(text) if end is None else end)]


def reassurance_over(sentence: SentenceCertainty, start: int) -> tuple[int, int] | None:
    """The reassurance cue that negates an evidence term at ``start``, if one does.

    The cue must come before the term in the same clause ("no risk of | birth defects"), and
    must not itself be negated: "not safe for pregnant women" is a warning, not a reassurance.
    """
    breaks = [cue.start for cue in sentence.cues if cue.kind == "clause_break"]
    negations = [cue for cue in sentence.cues if cue.kind == "negation"]
    for cue in sentence.cues:
        if cue.kind != "reassurance" or cue.end > start:
            continue
        if any(cue.end <= b < start for b in breaks):
            continue
        if any(n.end <= cue.start and cue.start - n.end <= 2 for n in negations):
            continue  # "not safe", "isn't harmless"
        return cue.start, cue.end
    return None
