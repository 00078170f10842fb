"""The library entry point: build a Linter once, lint many texts, get Finding objects back."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from string import Formatter
from typing import Any

from .claim_frames import Claim, article_claims
from .config import Config
from .engine import Engine, RawFinding
from .errors import ConfigError
from .finding import Finding, severity_rank
from .markup import format_for
from .positions import LineIndex
from .reading import SourceText, read_path
from .ruleset import Rule, RuleBook, load_rulebook
from .selection import is_selected, unknown_selectors
from .sentence_certainty import SentenceReport
from .suppress import Suppressions


class MedlintWarning(UserWarning):
    """A file was linted, but not exactly as written (invalid UTF-8 replaced, for instance)."""


class Linter:
    """Loads rules and the spaCy pipeline once; then lints any number of texts.

    Thread safety: a Linter may be shared between threads. spaCy's tokenizer keeps a cache
    that is not safe to update concurrently, so calls are serialised by an internal lock; for
    parallel speed use one Linter per process (the CLI's ``--jobs`` does that).
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        rules_dirs: Iterable[str | Path] = (),
        min_severity: str | None = None,
        min_confidence: float | None = None,
    ) -> None:
        base = config or Config()
        self.config = replace(
            base,
            select=tuple(select) if select is not None else base.select,
            ignore=tuple(ignore) if ignore is not None else base.ignore,
            rules=base.rules + tuple(Path(d) for d in rules_dirs),
            min_severity=min_severity or base.min_severity,
            min_confidence=base.min_confidence if min_confidence is None else min_confidence,
        )
        if not 0 <= self.config.min_confidence <= 1:
            raise ConfigError(f"min_confidence must be from 0 to 1, not {self.config.min_confidence}")
        self.book: RuleBook = load_rulebook(self.config.rules)
        unknown = unknown_selectors((*self.config.select, *self.config.ignore), self.book.rules)
        if unknown:
            raise ConfigError(f"no rule matches selector(s): {', '.join(unknown)} (see `medlint rules`)")
        threshold = severity_rank(self.config.min_severity)
        self.rules: list[Rule] = [
            rule
            for rule in self.book.rules
            if is_selected(rule, self.config.select, self.config.ignore)
            and severity_rank(rule.severity) >= threshold
        ]
        self._engine = Engine(self.book, self.rules, self.config)
        self._lock = threading.Lock()

    def lint_text(self, text: str, format: str = "markdown", path: str | None = None) -> list[Finding]:
        """Lint a string written in ``format`` ("markdown", "html" or "text")."""
        with self._lock:
            article = self._engine.analyse(text, format)
            raw = self._engine.check(article)
        return self._findings(text, raw, path or "<text>")

    def lint_source(self, source: SourceText, path: str, format: str | None = None) -> list[Finding]:
        """Lint already-decoded text; the format defaults to the one the path's extension names."""
        return self.lint_text(source.text, format or format_for(path), path)

    def lint_file(self, path: str | Path, format: str | None = None) -> list[Finding]:
        """Read, decode and lint one file. Decoding problems are reported as MedlintWarning."""
        source = read_path(Path(path), str(path))
        for message in source.warnings:
            warnings.warn(message, MedlintWarning, stacklevel=2)
        return self.lint_source(source, str(path), format)

    def certainty(self, text: str, format: str = "markdown") -> list[SentenceReport]:
        """Every sentence of ``text`` with whether it is hedged, negated, attributed, a question."""
        with self._lock:
            return self._engine.analyse(text, format).sentence_reports()

    def claims(self, text: str, format: str = "markdown") -> list[Claim]:
        """Every claim frame of ``text``: treatment, claim, condition, polarity, modality, voice."""
        with self._lock:
            return article_claims(self._engine.analyse(text, format))

    def _findings(self, text: str, raw: list[RawFinding], path: str) -> list[Finding]:
        index = LineIndex(text)
        suppressions = Suppressions(text, index)
        findings: dict[tuple[str, int, int, str], Finding] = {}
        for item in raw:
            rule, hit = item.rule, item.hit
            line, column = index.position(item.source_start)
            end_line, end_column = index.position(item.source_end)
            if hit.confidence < self.config.min_confidence or suppressions.suppressed(rule, line):
                continue
            values = dict(hit.values)
            finding = Finding(
                path=path,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                rule=rule.code,
                name=rule.name,
                category=rule.category,
                severity=str(values.pop("severity", rule.severity)),
                message=_fill(rule.message, values),
                fix=_fill(rule.fix, values),
                match=text[item.source_start : item.source_end],
                subject=hit.subject,
                confidence=hit.confidence,
                evidence=hit.evidence,
            )
            # One drug can miss two risks at the same place: the message tells them apart.
            findings.setdefault((rule.code, item.source_start, item.source_end, finding.message), finding)
        return sorted(findings.values(), key=Finding.sort_key)


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "this medicine" if key == "drug" else key


def _fill(template: str, values: dict[str, str]) -> str:
    """Fill placeholders; the loader has already checked that every name is known."""
    return Formatter().vformat(template, (), _Defaults(values))


_DEFAULT: Linter | None = None


def _default_linter() -> Linter:
    """The built-in rules' Linter, built on first use and kept for the module-level helpers."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Linter()
    return _DEFAULT


def claims(text: str, format: str = "markdown") -> list[Claim]:
    """Claim frames with the built-in rules."""
    return _default_linter().claims(text, format)


def certainty(text: str, format: str = "markdown") -> list[SentenceReport]:
    """Sentence certainty with the built-in rules."""
    return _default_linter().certainty(text, format)
