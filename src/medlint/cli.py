"""The command line: a thin layer over ``Linter``. spaCy is imported only by ``check``."""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Protocol

import click

from . import __version__
from .config import Config, find_config, load_config
from .errors import MedlintError, SourceError
from .finding import SEVERITIES, Finding, severity_rank
from .markup import format_for
from .reading import SourceText, decode, read_path
from .ruleset import CATEGORIES, Rule, RuleBook, load_rulebook

if TYPE_CHECKING:
    from .linter import Linter

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _load_config(config_file: str | None) -> Config:
    if config_file:
        return load_config(Path(config_file))
    found = find_config(Path.cwd())
    return load_config(found) if found else Config()


class _Stream(Protocol):
    def isatty(self) -> bool: ...


def use_color(flag: bool | None, stream: _Stream, env: Mapping[str, str]) -> bool:
    """``--color``/``--no-color`` if given; else no colour when NO_COLOR is set (no-color.org), else a tty."""
    if flag is not None:
        return flag
    if env.get("NO_COLOR"):
        return False
    return stream.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="medlint")
def main() -> None:
    """medlint: find dangerous patterns in health and drug articles."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "sarif", "github"]), help="Output format."
)
@click.option(
    "--select",
    multiple=True,
    help="Only these rules: codes, code prefixes, categories or names (comma-separated).",
)
@click.option("--ignore", multiple=True, help="Skip these rules (same forms as --select).")
@click.option(
    "--severity", type=click.Choice(SEVERITIES), help="Report only findings at or above this severity."
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    help="Report only findings whose evidence gives at least this confidence (default 0.5; 0 shows all).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--rules",
    "rules_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Extra rule folder (repeatable).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Config file (default: nearest .medlint.yaml or pyproject.toml).",
)
@click.option(
    "--stdin-filename",
    help="Read standard input (as '-' does) under this name, which also picks its format.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text output (default: only on a terminal, never when NO_COLOR is set).",
)
@click.option("-q", "--quiet", is_flag=True, help="Text format: no summary line.")
def check(
    paths: tuple[str, ...],
    output_format: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    severity: str | None,
    min_confidence: float | None,
    exit_zero: bool,
    rules_dirs: tuple[str, ...],
    config_file: str | None,
    stdin_filename: str | None,
    color: bool | None,
    quiet: bool,
) -> None:
    """Lint Markdown, HTML and text articles (files, folders, or '-' for standard input)."""
    from .discover import discover
    from .linter import Linter
    from .report import REPORTERS

    try:
        config = _load_config(config_file)
        linter = Linter(
            config,
            select=_split(select) or None,
            ignore=_split(ignore) or None,
            rules_dirs=rules_dirs,
            min_severity=severity,
            min_confidence=min_confidence,
        )
    except MedlintError as err:
        _fail(str(err))
    unreadable = 0
    findings: list[Finding] = []
    files = 0
    targets = list(paths or (("-",) if stdin_filename else (".",)))
    for display, path in discover(targets, config.include, config.all_excludes):
        try:
            if path is None:
                raise SourceError(f"{display}: no such file or directory")
            if display == "-":
                source = decode(sys.stdin.buffer.read(), stdin_filename or "<stdin>")
                display = stdin_filename or "-"
            else:
                source = read_path(path, display)
        except SourceError as err:
            click.echo(f"medlint: error: {err}", err=True)
            unreadable += 1
            continue
        for warning in source.warnings:
            click.echo(f"medlint: warning: {warning}", err=True)
        try:
            found = linter.lint_source(source, display, format_for(display))
        except SourceError as err:  # a time limit or an internal error: this file only
            click.echo(f"medlint: error: {err}", err=True)
            unreadable += 1
            continue
        files += 1
        findings.extend(found)
    if files == 0 and not unreadable:
        click.echo(f"medlint: warning: no files to lint under: {', '.join(targets)}", err=True)
    findings.sort(key=Finding.sort_key)
    chosen = output_format or linter.config.format
    coloured = use_color(color, sys.stdout, os.environ)
    output = REPORTERS[chosen](findings, linter.rules, files, coloured and chosen == "text", unreadable)
    if quiet and chosen == "text":
        output = "\n".join(output.rstrip("\n").split("\n")[:-1]) + ("\n" if findings else "")
    click.echo(output, nl=False, color=coloured)
    threshold = severity_rank(linter.config.min_severity)
    blocking = any(severity_rank(f.severity) >= threshold for f in findings)
    if unreadable:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if blocking and not exit_zero else EXIT_CLEAN)


def _fail(message: str) -> NoReturn:
    """Print each line of ``message`` as an error (a rule pack may have several) and exit 2."""
    for line in message.splitlines() or [""]:
        click.echo(f"medlint: error: {line}", err=True)
    sys.exit(EXIT_ERROR)


@main.command("rules")
@click.option("--category", type=click.Choice(CATEGORIES), help="Only rules of this category.")
@click.option(
    "--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra rule folder."
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def list_rules(category: str | None, rules_dirs: tuple[str, ...], output_format: str) -> None:
    """List every rule, sorted by code: code, severity, category and name."""
    rules = sorted(_book(rules_dirs).rules, key=lambda r: r.code)
    chosen = [r for r in rules if category in (None, r.category)]
    if output_format == "json":
        import json

        data = [
            {"code": r.code, "name": r.name, "category": r.category, "severity": r.severity, "kind": r.kind}
            for r in chosen
        ]
        click.echo(json.dumps(data, indent=2))
        return
    for rule in chosen:
        click.echo(f"{rule.code}  {rule.severity:<7}  {rule.category:<19}  {rule.name}")
    click.echo(f"{len(chosen)} rule{'s' if len(chosen) != 1 else ''}.")


@main.command()
@click.argument("code")
@click.option(
    "--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra rule folder."
)
def explain(code: str, rules_dirs: tuple[str, ...]) -> None:
    """Explain one rule: what it catches, why, its source and its examples."""
    book = _book(rules_dirs)
    rule = next((r for r in book.rules if code.upper() == r.code or code.lower() == r.name), None)
    if rule is None:
        _fail(f"no rule {code!r}; `medlint rules` lists them")
        return
    click.echo(explain_text(rule, book))


@main.command("certainty")
@click.argument("path", type=click.Path())
@click.option("--stdin-filename", help="Name for text read from '-' (picks the format).")
def certainty_command(path: str, stdin_filename: str | None) -> None:
    """Print each sentence of PATH as JSON: hedged, negated, attributed, question, cues."""
    import json

    linter, source, name = _linter_and_source(path, stdin_filename)
    for sentence in linter.certainty(source.text, format_for(name)):
        row = sentence.to_dict()
        for flat in ("line", "column", "end_line", "end_column"):  # given once, as start and end
            row.pop(flat, None)
        click.echo(json.dumps(row, ensure_ascii=False))


@main.command("claims")
@click.argument("path", type=click.Path())
@click.option("--stdin-filename", help="Name for text read from '-' (picks the format).")
def claims_command(path: str, stdin_filename: str | None) -> None:
    """Print each claim of PATH as JSON: treatment, claim, condition, polarity, modality, voice."""
    import json

    linter, source, name = _linter_and_source(path, stdin_filename)
    for claim in linter.claims(source.text, format_for(name)):
        click.echo(json.dumps(claim.to_dict(), ensure_ascii=False))


def _linter_and_source(path: str, stdin_filename: str | None) -> tuple[Linter, SourceText, str]:
    """Read one input (or '-') and build a Linter with the user's config; errors exit 2."""
    from .linter import Linter

    try:
        if path == "-":
            source = decode(sys.stdin.buffer.read(), stdin_filename or "<stdin>")
            name = stdin_filename or "-"
        else:
            source = read_path(Path(path), path)
            name = path
        linter = Linter(_load_config(None))
    except MedlintError as err:
        _fail(str(err))
    for warning in source.warnings:
        click.echo(f"medlint: warning: {warning}", err=True)
    return linter, source, name


@main.command()
@click.argument("name", required=False)
@click.option(
    "--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra rule folder."
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def drugs(name: str | None, rules_dirs: tuple[str, ...], output_format: str) -> None:
    """List the drug lexicon, or the entry that knows NAME (any brand or synonym)."""
    book = _book(rules_dirs)
    wanted = name.lower() if name else None
    chosen = [
        d
        for d in book.drugs
        if wanted is None or wanted in (n.lower() for n in d.all_names) or wanted == d.id
    ]
    if name and not chosen:
        _fail(f"no drug in the lexicon is called {name!r}; `medlint drugs` lists them")
    if output_format == "json":
        import json
        from dataclasses import asdict

        data = [{k: v for k, v in asdict(d).items() if k not in ("path", "line")} for d in chosen]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for drug in chosen:
        status = "Rx" if drug.prescription else "OTC"
        click.echo(f"{drug.id}: {drug.generic} ({drug.drug_class or 'drug'}, {status})")
        click.echo(
            textwrap.fill(
                ", ".join(drug.all_names), 88, initial_indent="  names: ", subsequent_indent="         "
            )
        )
        for risk in drug.risks:
            click.echo(
                f"  risk [{risk.severity}]: {risk.topic} — {risk.source} (verified {risk.last_verified})"
            )
    if not name:
        names = sum(len(d.all_names) for d in chosen)
        with_risks = sum(1 for d in chosen if d.risks)
        click.echo(f"{len(chosen)} entries ({with_risks} with must-mention risks), {names} names.")


def explain_text(rule: Rule, book: RuleBook) -> str:
    """The ``explain`` page of a rule, also used to build the rule reference."""
    wrap = textwrap.TextWrapper(width=88, initial_indent="  ", subsequent_indent="  ")
    parts = [
        f"{rule.code} {rule.name}",
        f"  category: {rule.category}   severity: {rule.severity}   kind: {rule.kind}",
        "",
    ]
    if rule.description:
        parts += [wrap.fill(rule.description), ""]
    parts += [
        "Message:",
        wrap.fill(rule.message),
        "Suggested fix:",
        wrap.fill(rule.fix),
        "Source:",
        wrap.fill(rule.source),
    ]
    if rule.last_verified:
        parts.append(f"  last verified: {rule.last_verified}")
    from .kinds import KINDS

    extra = KINDS[rule.kind].explain(rule, book)
    if extra:
        parts += ["", *extra]
    parts += ["", "Flagged:"]
    parts += [f"  ✗ {ex.text!r}\n      matches {ex.match!r}" for ex in rule.bad]
    parts += ["Not flagged:"]
    parts += [f"  ✓ {ex.text!r}" for ex in rule.good]
    parts.append(f"\nDefined in {rule.path}:{rule.line}")
    return "\n".join(parts)


def _book(rules_dirs: tuple[str, ...]) -> RuleBook:
    """The rule book ``check`` would use: built-in packs, the config's ``rules``, then ``--rules``."""
    try:
        config = _load_config(None)
        return load_rulebook([*config.rules, *(Path(d) for d in rules_dirs)])
    except MedlintError as err:
        _fail(str(err))
        raise  # unreachable: _fail exits


@main.command("test-rules")
@click.argument("directories", nargs=-1, type=click.Path(file_okay=False, exists=True))
def test_rules(directories: tuple[str, ...]) -> None:
    """Run the examples of the rule packs in DIRECTORIES (default: the config's, else built-in).

    Every 'bad' text must be flagged by its rule at its 'match', every 'good' text must not be
    flagged by its rule. Mismatches are printed as ``file:LINE: what``; any mismatch exits 1.
    """
    from .linter import Linter

    try:
        config = _load_config(None)
        folders = [Path(d) for d in directories] or list(config.rules)
        base = replace(config, select=(), ignore=(), min_severity="info", rules=())
        linter = Linter(base, rules_dirs=folders)
    except MedlintError as err:
        _fail(str(err))
    wanted = {str(p) for p in _pack_files(folders)} if folders else None
    rules = [r for r in linter.book.rules if wanted is None or r.path in wanted]
    problems, examples = [], 0
    for rule in rules:
        for example in (*rule.bad, *rule.good):
            examples += 1
            found = [f.match for f in linter.lint_text(example.text, example.format) if f.rule == rule.code]
            where = f"{rule.path}:{example.line}: {rule.code}"
            if example.match is not None and example.match not in found:
                got = ", ".join(repr(m) for m in found) or "nothing"
                problems.append(f"{where} bad example not flagged at {example.match!r} (flagged {got})")
            elif example.match is None and found:
                problems.append(f"{where} good example flagged: {', '.join(repr(m) for m in found)}")
    for problem in problems:
        click.echo(problem)
    noun = "rule" if len(rules) == 1 else "rules"
    if problems:
        click.echo(f"{len(problems)} of {examples} examples of {len(rules)} {noun} wrong.")
        sys.exit(EXIT_FINDINGS)
    click.echo(f"{examples} examples of {len(rules)} {noun}: all as expected.")


def _pack_files(folders: list[Path]) -> list[Path]:
    """The YAML files of the given folders, named as the loader names them in ``Rule.path``."""
    return [path for folder in folders for path in sorted(folder.rglob("*.y*ml"))]


if __name__ == "__main__":  # pragma: no cover
    main()
