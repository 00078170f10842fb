"""The finding: the one object every rule produces and every reporter consumes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from typing import Any

SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
FIX_SAFETIES: tuple[str, ...] = ("safe", "suggested")


@dataclass(frozen=True)
class Edit:
    """Replace source characters ``start``..``end`` (offsets into the file's text) by ``text``.

    Offsets, not lines and columns, because applying several edits to one file must be exact
    whatever the line endings; ``--fix`` applies them from the end so earlier ones stay valid.
    """

    start: int
    end: int
    text: str


def severity_rank(severity: str) -> int:
    """Order severities so a threshold can be compared; unknown names sort lowest."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


@dataclass(frozen=True)
class Finding:
    """One problem at one place. Positions are 1-based, columns count Unicode code points.

    ``end_line``/``end_column`` point just past the match, like an editor selection, so that
    SARIF regions and GitHub annotations can highlight exactly the offending text.
    ``byte_column``/``end_byte_column`` are the same columns counted in UTF-8 bytes, for tools
    that count so (reviewdog); None on a finding built without its file's text.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    name: str
    category: str
    severity: str
    message: str
    fix: str
    match: str
    subject: str | None = None
    confidence: float = 0.9
    evidence: str = ""
    #: "safe" (``--fix`` applies ``edit``), "suggested" (needs a human; ``--unsafe-fixes`` applies
    #: ``edit`` when the rule gives one) or "" (the rule offers only the ``fix`` sentence).
    fix_safety: str = ""
    edit: Edit | None = None
    #: Hash of the source line(s) around the match, for baselines that ignore line numbers.
    context_hash: str = ""
    #: The ``-- reason`` of the directive that suppressed this finding (``--show-suppressed``).
    suppressed: str | None = None
    byte_column: int | None = None
    end_byte_column: int | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Sort by place first so output reads top to bottom and is identical on every run."""
        return (self.path, self.line, self.column, self.rule, self.message)

    def fingerprint(self) -> str:
        """A stable identity for this finding: rule, normalised match and message, never the line.

        Edits elsewhere in the file move a finding without changing it, so the line and column
        are left out; the message is in, because one place can carry two findings of one rule
        (a drug missing two risks) that a code-scanning service must not merge.
        """
        match = re.sub(r"\s+", " ", self.match).strip().lower()
        key = "\x1f".join((self.rule, match, self.subject or "", self.message))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    def baseline_key(self) -> str:
        """Identity for a baseline: rule, normalised match, message and the context hash.

        The line number is left out so that inserting a paragraph above keeps the finding
        baselined; the context (its own source line) is in so that the same phrase written
        again in a new sentence is reported as new.
        """
        return f"{self.fingerprint()}:{self.context_hash}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape promised in the taxonomy contract (extra keys allowed, none renamed)."""
        data = asdict(self)
        if data["subject"] is None:
            del data["subject"]
        for optional in ("edit", "suppressed", "byte_column", "end_byte_column"):
            if data[optional] is None:
                del data[optional]
        if self.suppressed is not None:  # SARIF's shape, so one reader serves both formats
            data["suppressions"] = [{"kind": "inSource", "justification": self.suppressed}]
        data["confidence"] = round(self.confidence, 2)
        return data
