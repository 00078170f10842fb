"""Sentence certainty: whether a sentence is hedged, negated, attributed, a question, a condition, a warning.

Cue lexicons are data (``rules/cues.yaml``); this module only decides what a cue means for
the sentence and for a match inside it. The claim rules stand on it, and so do the precision
aids of every other rule ("do not buy isotretinoin online" is negated, not an offer).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

#: The cue sets certainty needs; cues.yaml must define each (checked when the pipeline is built).
CUE_SETS: tuple[str, ...] = (
    "hedge", "negation", "attribution", "conditional", "warning", "clause_break", "reassurance",
)  # fmt: skip
QUOTES_OPEN = "“‘«"
#: Conditionals that make a claim hypothetical wherever they stand ("… if larger studies prove it");
#: "when" only does so at the start ("When taken daily, …" vs "… when it is needed").
_MID_SENTENCE_CONDITIONALS = frozenset({"if", "unless"})
QUOTES_CLOSE = "”’»"


@dataclass(frozen=True)
class Cue:
    """One cue in a sentence: which lexicon it comes from, its text and prose span."""

    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class SentenceCertainty:
    """What a sentence commits to, and the cues that decided it."""

    start: int
    end: int
    text: str
    hedged: bool
    negated: bool
    attributed: bool
    question: bool
    conditional: bool
    warned: bool
    cues: tuple[Cue, ...]

    @property
    def asserted(self) -> bool:
        """A plain statement of fact: none of the qualifiers apply."""
        return not (self.hedged or self.negated or self.attributed or self.question or self.conditional)

    def cues_of(self, kind: str) -> list[Cue]:
        """The cues of one lexicon, in order."""
        return [cue for cue in self.cues if cue.kind == kind]


def analyse_sentence(start: int, end: int, text: str, cues: list[Cue]) -> SentenceCertainty:
    """Combine a sentence's cues into its certainty flags."""
    kinds = {cue.kind for cue in cues}
    stripped = text.rstrip()
    first_words = text.lstrip()[:12].lower()
    return SentenceCertainty(
        start=start,
        end=end,
        text=text,
        hedged="hedge" in kinds,
        negated="negation" in kinds,
        attributed="attribution" in kinds,
        question=stripped.endswith("?"),
        conditional="conditional" in kinds
        and any(
            first_words.startswith(c.text) or c.text in _MID_SENTENCE_CONDITIONALS
            for c in cues
            if c.kind == "conditional"
        ),
        warned="warning" in kinds,
        cues=tuple(sorted(cues, key=lambda c: c.start)),
    )


def negation_scopes_over(sentence: SentenceCertainty, start: int) -> bool:
    """True when a negation cue before ``start`` reaches it (no clause break in between).

    "Do not buy isotretinoin online" is negated; "Don't wait: buy accutane online" is not,
    because the colon ends the negated clause.
    """
    breaks = [cue.start for cue in sentence.cues if cue.kind == "clause_break"]
    for cue in sentence.cues:
        if cue.kind == "negation" and cue.end <= start and not any(cue.end <= b < start for b in breaks):
            return True
    return False


#: How far back a quotation is looked for: several long paragraphs' worth.
QUOTE_REACH = 4000


def is_quoted(text: str, sentence_start: int, start: int) -> bool:
    """True when prose offset ``start`` sits inside quotation marks opened in its paragraph.

    A quotation often spans sentences ("“It works. It's a game changer,” she said."), so the
    marks are counted from the start of the paragraph, not of the sentence — but no further back
    than ``QUOTE_REACH`` characters, so a text with no line breaks is not re-read for every check.
    """
    paragraph = max(text.rfind("\n", 0, sentence_start) + 1, sentence_start - QUOTE_REACH)
    if (
        start > paragraph
        and text[start - 1] == "'"
        and (start - 1 == paragraph or not text[start - 2].isalnum())
    ):
        return True  # 'scare quotes' around a phrase credit it to someone else
    before = text[paragraph:start]
    if before.count('"') % 2 == 1:
        return True
    depth = 0
    for char in before:
        if char in QUOTES_OPEN:
            depth += 1
        elif char in QUOTES_CLOSE and depth:
            depth -= 1
    return depth > 0


@dataclass(frozen=True)
class CueReport:
    """A cue as the public API reports it: lexicon, text and source position."""

    kind: str
    text: str
    line: int
    column: int


@dataclass(frozen=True)
class SentenceReport:
    """One sentence of a document with its certainty, positioned in the original source."""

    text: str
    line: int
    column: int
    end_line: int
    end_column: int
    hedged: bool
    negated: bool
    attributed: bool
    question: bool
    conditional: bool
    asserted: bool
    cues: tuple[CueReport, ...]

    def to_dict(self) -> dict[str, object]:
        """The shape printed by ``medlint certainty``."""
        data = asdict(self)
        data["start"] = {"line": self.line, "column": self.column}
        data["end"] = {"line": self.end_line, "column": self.end_column}
        data["cues"] = [[c.kind, c.text, c.line, c.column] for c in self.cues]
        return data
