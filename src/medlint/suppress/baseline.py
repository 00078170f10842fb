"""Baselines: record today's findings so that only new ones are reported from now on.

This is how an archive of thousands of articles adopts medlint without fixing them first.
A finding is recorded by path and ``Finding.baseline_key()``: rule, normalised match, message
and a hash of its own source line(s), never the line number, so inserting a paragraph above
keeps it baselined while the same phrase written again in a new sentence is reported.

Keys are counted, not just listed: a file that had one "buy accutane online" in a sentence and
now has two identical sentences has one new finding.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from medlint.errors import ConfigError
from medlint.finding import Finding

VERSION = 1
_SPACE = re.compile(r"\s+")
#: Characters of a line kept on each side of a finding for its context hash.
CONTEXT_REACH = 1000


def context_hash(text: str, start: int, end: int) -> str:
    """Hash of the whitespace-normalised source line(s) holding ``start``..``end``.

    The line, not the sentence: it is exact in every format (no parser in the way) and an edit
    elsewhere in the file does not touch it. Re-wrapping the paragraph does change it, which is
    right: the finding's text was edited. A line longer than ``CONTEXT_REACH`` characters on
    either side of the match is cut there, so a file with no line breaks is not re-read per
    finding.
    """
    low = max(0, start - CONTEXT_REACH)
    high = min(len(text), end + CONTEXT_REACH)
    first = max(text.rfind("\n", low, start), text.rfind("\r", low, start), low - 1) + 1
    ends = [i for i in (text.find("\n", end, high), text.find("\r", end, high)) if i != -1]
    last = min(ends) if ends else high
    context = _SPACE.sub(" ", text[first:last]).strip().lower()
    return hashlib.sha256(context.encode("utf-8")).hexdigest()[:16]


def _key(finding: Finding) -> str:
    return f"{finding.path}\x1f{finding.baseline_key()}"


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    """Write the baseline file (sorted, stable JSON for a diffable commit); return its count."""
    counts = Counter(_key(f) for f in findings)
    entries = []
    for key, count in sorted(counts.items()):
        file, fingerprint = key.split("\x1f", 1)
        entries.append({"path": file, "fingerprint": fingerprint, "count": count})
    data = {"medlint-baseline": VERSION, "findings": entries}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return sum(counts.values())


def read_baseline(path: Path) -> Counter[str]:
    """The recorded keys with their counts; a missing or malformed file is a ConfigError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read baseline: {err}") from None
    except json.JSONDecodeError as err:
        raise ConfigError(f"{path}:{err.lineno}: invalid baseline JSON: {err.msg}") from None
    if not isinstance(data, dict) or data.get("medlint-baseline") != VERSION:
        raise ConfigError(f"{path}: not a medlint baseline (written by --write-baseline)")
    counts: Counter[str] = Counter()
    for entry in data.get("findings", []):
        try:
            counts[f"{entry['path']}\x1f{entry['fingerprint']}"] += int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise ConfigError(f"{path}: malformed baseline entry {entry!r}") from None
    return counts


def new_findings(findings: Iterable[Finding], baseline: Counter[str]) -> list[Finding]:
    """The findings the baseline does not account for, in their order."""
    remaining = Counter(baseline)
    fresh = []
    for finding in findings:
        key = _key(finding)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            fresh.append(finding)
    return fresh
