"""The library entry point: build a Linter once, lint many texts, get Finding objects back."""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from medlint.analysis.claim_frames import Claim, article_claims
from medlint.analysis.sentence_certainty import SentenceReport
from medlint.checks.engine import Engine, RawFinding
from medlint.config import Config, file_ignored, severity_for
from medlint.errors import ConfigError, MedlintError
from medlint.finding import SEVERITIES, Finding, severity_rank
from medlint.fixes import plan_edit
from medlint.markup import FORMATS, format_for
from medlint.markup.frontmatter import published_fields
from medlint.markup.markdown import References, reference_definitions
from medlint.markup.pieces import PIECE_CHARS, pieces
from medlint.markup.positions import LineIndex
from medlint.read.decode import SourceText, read_path
from medlint.read.limits import LintingError, replace_surrogates, time_limit
from medlint.rulebook.ruleset import Rule, RuleBook, load_rulebook
from medlint.rulebook.selection import is_selected, unknown_selectors
from medlint.suppress.baseline import context_hash
from medlint.suppress.directives import DIRECTIVE_CHECKS, DirectiveCheck, Suppressions, directive_findings


class MedlintWarning(UserWarning):
    """A file was linted, but not exactly as written (invalid UTF-8 replaced, for instance)."""


#: Kinds whose rules judge a whole article, so they are not run on a front-matter field alone.
_WHOLE_ARTICLE_KINDS = frozenset({"required-warning"})


class FormatError(ConfigError, ValueError):
    """An unknown ``format=``: a MedlintError like every user mistake, and still a ValueError."""


class Linter:
    """Loads rules and the spaCy pipeline once; then lints any number of texts.

    Thread safety: a Linter may be shared between threads. spaCy's tokenizer keeps a cache
    that is not safe to update concurrently, so calls are serialised by an internal lock; for
    parallel speed use one Linter per process (the CLI's ``--jobs`` does that).

    ``time_limit`` (seconds per text, or per piece of a text longer than ``piece_chars``; None
    for none) turns a runaway into a TimeLimitError for that text, in any thread (see
    ``limits.time_limit``). Any other unexpected failure becomes a LintingError naming the
    text: both are SourceErrors.
    """

    time_limit: float | None = 60.0
    #: A text longer than this is analysed in pieces cut at block boundaries (see markup.pieces).
    piece_chars: int = PIECE_CHARS

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
            select=_selectors(select) if select is not None else base.select,
            ignore=_selectors(ignore) if ignore is not None else base.ignore,
            rules=base.rules + tuple(Path(d) for d in rules_dirs),
            min_severity=min_severity or base.min_severity,
            min_confidence=base.min_confidence if min_confidence is None else min_confidence,
        )
        if not 0 <= self.config.min_confidence <= 1:
            raise ConfigError(f"min_confidence must be from 0 to 1, not {self.config.min_confidence}")
        if self.config.min_severity not in SEVERITIES:
            raise ConfigError(
                f"min_severity {self.config.min_severity!r} is not one of: {', '.join(SEVERITIES)}"
            )
        self.book: RuleBook = load_rulebook(self.config.rules)
        # Settings only a config file holds: a typo there is reported with the file's name.
        config_only = (
            *(s for _, selectors in self.config.per_file_ignores for s in selectors),
            *(code for code, _ in self.config.severity_overrides),
        )
        named = (*self.config.select, *self.config.extend_select, *self.config.ignore, *config_only)
        unknown = unknown_selectors(named, [*self.book.rules, *DIRECTIVE_CHECKS])
        if unknown:
            from_config = (base.select if select is None else ()) + (base.ignore if ignore is None else ())
            from_config += config_only
            where = f"{base.source}: " if base.source and set(unknown) & set(from_config) else ""
            raise ConfigError(
                f"{where}no rule matches selector(s): {', '.join(unknown)} (see `medlint rules`)"
            )
        # A rule's severity is the highest its findings carry, so rules below the threshold
        # need not run; its findings are filtered too (in _findings), because one rule can
        # report an error for one drug's risk and a warning for another's.
        threshold = severity_rank(self.config.min_severity)
        self.rules: list[Rule] = [
            rule
            for rule in self.book.rules
            if is_selected(rule, _selection(self.config), self.config.ignore)
            and severity_rank(severity_for(self.config, rule.code, rule.severity)) >= threshold
        ]
        self._engine = Engine(self.book, self.rules, self.config)
        self._lock = threading.Lock()

    def lint_text(self, text: str, format: str = "markdown", path: str | None = None) -> list[Finding]:
        """Lint a string written in ``format`` ("markdown", "html" or "text")."""
        _check_input("lint_text", text, format)
        name = path or "<text>"
        text = _without_surrogates(text, name)
        try:
            raw: list[RawFinding] = []
            with self._lock:
                cuts = list(pieces(text, format, self.piece_chars))
                long_markdown = format == "markdown" and len(cuts) > 1
                references = self._references(text, cuts, name) if long_markdown else None
                for start, end in cuts:
                    raw += self._check_piece(text[start:end], start, format, name, references)
                if format == "markdown" and text.startswith("---"):
                    with time_limit(self.time_limit, name):
                        raw += self._front_matter(text)
            return self._findings(text, raw, name, format)
        except MedlintError:
            raise
        except Exception as err:  # RecursionError and MemoryError included
            # One hostile text must not take the host (or the rest of a run) down with it.
            raise LintingError(f"{name}: not linted: internal error ({type(err).__name__}: {err})") from err

    def _check_piece(
        self, piece: str, offset: int, format: str, name: str, references: References | None = None
    ) -> list[RawFinding]:
        """Analyse and check one piece of a text (the whole text unless it is very long).

        The time limit applies per piece, so a long file is not an error merely for being long;
        the piece's analysis is dropped before the next one is made.
        """
        with time_limit(self.time_limit, name):
            raw = self._engine.check(self._engine.analyse(piece, format, references))
        if not offset:
            return raw
        return [
            replace(item, source_start=item.source_start + offset, source_end=item.source_end + offset)
            for item in raw
        ]

    def _references(self, text: str, cuts: list[tuple[int, int]], name: str) -> References:
        """Every piece's Markdown link reference definitions; the first of a label wins, as in one parse.

        Read piece by piece, each under the time limit, as the pieces are linted.
        """
        found: References = {}
        for start, end in cuts:
            with time_limit(self.time_limit, name):
                for label, target in reference_definitions(text[start:end]).items():
                    found.setdefault(label, target)
        return found

    def _front_matter(self, text: str) -> list[RawFinding]:
        """Findings in the published front-matter fields (title, description), at their source place.

        Each field is checked as a short text of its own; rules about a whole article (a drug
        discussed without its warning) do not apply to a title alone and are left out.
        """
        raw = []
        for published in published_fields(text):
            for item in self._engine.check(self._engine.analyse(published.value, "text")):
                if item.rule.kind in _WHOLE_ARTICLE_KINDS:
                    continue
                start, end = published.source_span(item.source_start, item.source_end)
                raw.append(replace(item, source_start=start, source_end=end))
        return raw

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
        _check_input("certainty", text, format)
        text = _without_surrogates(text, "<text>")
        with self._lock:
            return self._engine.analyse(text, format).sentence_reports()

    def claims(self, text: str, format: str = "markdown") -> list[Claim]:
        """Every claim frame of ``text``: treatment, claim, condition, polarity, modality, voice."""
        _check_input("claims", text, format)
        text = _without_surrogates(text, "<text>")
        with self._lock:
            return article_claims(self._engine.analyse(text, format))

    def _findings(self, text: str, raw: list[RawFinding], path: str, format: str) -> list[Finding]:
        index = LineIndex(text)
        suppressions = Suppressions(text, index, format)
        threshold = severity_rank(self.config.min_severity)
        findings: dict[tuple[str, int, int, str], Finding] = {}
        file_ignores = file_ignored(self.config, path)
        for item in raw:
            rule, hit = item.rule, item.hit
            line, column = index.position(item.source_start)
            end_line, end_column = index.position(item.source_end)
            if file_ignores and not is_selected(rule, (), file_ignores):
                continue
            # Asked before the confidence filter, so a directive over a quiet hit is not "unused".
            directive = suppressions.suppressing(rule, line)
            if hit.confidence < self.config.min_confidence:
                continue
            if directive is not None and not self.config.show_suppressed:
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
                severity=severity_for(self.config, rule.code, str(values.pop("severity", rule.severity))),
                message=_fill(rule.message, values),
                fix=_fill(rule.fix, values),
                match=text[item.source_start : item.source_end],
                subject=hit.subject,
                confidence=hit.confidence,
                evidence=hit.evidence,
                fix_safety=rule.fix_safety,
                edit=plan_edit(rule.replacement, text, item.source_start, item.source_end, values)
                if rule.replacement
                else None,
                context_hash=context_hash(text, item.source_start, item.source_end),
                suppressed=None if directive is None else directive.reason or "",
                byte_column=index.utf8_column(text, item.source_start),
                end_byte_column=index.utf8_column(text, item.source_end),
            )
            if severity_rank(finding.severity) < threshold:
                continue
            # One drug can miss two risks at the same place: the message tells them apart.
            findings.setdefault((rule.code, item.source_start, item.source_end, finding.message), finding)
        checks = [c for c in DIRECTIVE_CHECKS if self._directive_check_on(c, file_ignores)]
        if checks and suppressions.directives:
            # A rule per-file-ignored here did not run here: its directives are not "unused".
            ran = [r for r in self.rules if not file_ignores or is_selected(r, (), file_ignores)]
            about = directive_findings(
                suppressions, path, text, [*self.book.rules, *DIRECTIVE_CHECKS], ran,
                require_reason=self.config.require_reason,
            )  # fmt: skip
            wanted = {c.code for c in checks}
            for finding in about:
                if finding.rule in wanted:
                    findings[(finding.rule, finding.line, finding.column, finding.message)] = finding
        return sorted(findings.values(), key=Finding.sort_key)

    def _directive_check_on(self, check: DirectiveCheck, file_ignores: tuple[str, ...]) -> bool:
        """Directive checks follow --select/--ignore/per-file-ignores like YAML rules."""
        ignore = (*self.config.ignore, *file_ignores)
        return is_selected(check, _selection(self.config), ignore) and severity_rank(
            check.severity
        ) >= severity_rank(self.config.min_severity)


def _selection(config: Config) -> tuple[str, ...]:
    """``select`` plus ``extend-select``; with no ``select`` every rule is already selected."""
    return (*config.select, *config.extend_select) if config.select else ()


def _selectors(value: Iterable[str] | str) -> tuple[str, ...]:
    """A string is one selector list ("MED101" or "MED101,MED104"), never its characters."""
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return tuple(value)


def _check_input(method: str, text: object, format: str) -> None:
    """Fail at the API boundary with a message, not with a TypeError from deep in regex code."""
    if not isinstance(text, str):
        hint = "; decode bytes first, or use lint_file()" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"{method} expects str, not {type(text).__name__}{hint}")
    if format not in FORMATS:
        raise FormatError(f"unknown format {format!r}; expected one of: {', '.join(FORMATS)}")


def _without_surrogates(text: str, name: str) -> str:
    """Replace lone surrogates (which no encoder accepts) with U+FFFD, and say so."""
    cleaned, count, first = replace_surrogates(text)
    if count:
        line, column = LineIndex(text).position(first)
        warnings.warn(
            f"{name}:{line}:{column}: {count} lone surrogate(s) replaced with U+FFFD",
            MedlintWarning,
            stacklevel=3,
        )
    return cleaned


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "this medicine" if key == "drug" else key


def _fill(template: str, values: dict[str, str]) -> str:
    """Fill placeholders; the loader has already checked that every name is known."""
    return template.format_map(_Defaults(values))


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


@dataclass(frozen=True)
class LinterSettings:
    """Everything needed to build one ``Linter``: ``medlint check`` builds from it, and its workers.

    Frozen and hashable, so it is both what is sent to the workers and the key of their cache:
    one audit with other rules on the same cluster gets a Linter of its own. ``absolute()``
    fixes the rule folders for workers whose current folder is not the client's.
    """

    config: Config = field(default_factory=Config)
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    rules_dirs: tuple[str, ...] = ()
    min_severity: str | None = None
    min_confidence: float | None = None

    def absolute(self) -> LinterSettings:
        """The same settings with every rule folder made absolute against the current folder."""
        config = replace(self.config, rules=tuple(Path(p).resolve() for p in self.config.rules))
        return replace(self, config=config, rules_dirs=tuple(os.path.abspath(d) for d in self.rules_dirs))

    def build(self) -> Linter:
        """A new Linter with these settings (a ``ConfigError`` for an unknown selector)."""
        return Linter(
            self.config,
            select=self.select,
            ignore=self.ignore,
            rules_dirs=self.rules_dirs,
            min_severity=self.min_severity,
            min_confidence=self.min_confidence,
        )
