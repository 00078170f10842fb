"""The finding: the one object every rule produces and every reporter consumes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from typing import Any

SEVERITIES: tuple[str, ...] = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    """Order severities so a threshold can be compared; unknown names sort lowest."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


@dataclass(frozen=True)
class Finding:
    """One problem at one place. Positions are 1-based, columns count Unicode code points.

    ``end_line``/``end_column`` point just past the match, like an editor selection, so that
    SARIF regions and GitHub annotations can highlight exactly the offending text.
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

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape promised in the taxonomy contract (extra keys allowed, none renamed)."""
        data = asdict(self)
        if data["subject"] is None:
            del data["subject"]
        data["confidence"] = round(self.confidence, 2)
        return data
