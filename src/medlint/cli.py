"""The command line: a thin layer over ``Linter``. spaCy is imported only by ``check``."""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

import click

from medlint import __version__
from medlint.config import Config, find_config, load_config
from medlint.errors import MedlintError
from medlint.finding import SEVERITIES, Finding, severity_rank
from medlint.markup import format_for
from medlint.read.decode import SourceText, decode, read_path
from medlint.report import FORMAT_NAMES
from medlint.report.messages import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, fail, warn
from medlint.report.visible import visible
from medlint.rulebook.ruleset import CATEGORIES, Rule, RuleBook, load_rulebook

if TYPE_CHECKING:
    from medlint.linter import Linter


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


def _output_options(command: Callable[..., None]) -> Callable[..., None]:
    """``--output-file``, ``--statistics``, ``--show-source``: where the report goes, what it adds."""
    options = [
        click.option(
            "-o", "--output-file", type=click.Path(dir_okay=False), help="Write the report to this file."
        ),
        click.option(
            "--statistics", is_flag=True, help="Count findings per rule (text: in the report; else stderr)."
        ),
        click.option(
            "--show-source", is_flag=True, help="Text format: show each flagged line, the match underlined."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _jobs_option(command: Callable[..., None]) -> Callable[..., None]:
    """``--jobs N``: worker processes, each building the pipeline once; output as a serial run's."""
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        help="Lint in N worker processes (default: the cores available); the output is unchanged.",
    )(command)


def _fix_options(command: Callable[..., None]) -> Callable[..., None]:
    """Fixes, baselines, suppressions and ``--extend-select``: each also settable in config."""
    options = [
        click.option(
            "--fix/--no-fix", default=None, help="Apply safe fixes to the files, then report what is left."
        ),
        click.option(
            "--unsafe-fixes",
            is_flag=True,
            default=None,
            help="With --fix or --diff: also apply suggested edits.",
        ),
        click.option(
            "--diff", is_flag=True, default=None, help="Print the fixes as a unified diff; write nothing."
        ),
        click.option(
            "--show-suppressed", is_flag=True, default=None, help="Also report suppressed findings."
        ),
        click.option("--extend-select", multiple=True, help="Add these rules to the selection."),
        click.option(
            "--baseline",
            "baseline_file",
            type=click.Path(dir_okay=False),
            help="Report only findings not in FILE.",
        ),
        click.option(
            "--write-baseline",
            type=click.Path(dir_okay=False),
            help="Record the current findings in FILE (for --baseline) and exit 0.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _apply_fix_options(config: Config, options: dict[str, Any]) -> Config:
    """The config with the command line's fix, baseline and selection options laid over it."""
    changes: dict[str, Any] = {
        key: value
        for key in ("fix", "unsafe_fixes", "diff", "show_suppressed")
        if (value := options[key]) is not None
    }
    if options["extend_select"]:
        changes["extend_select"] = config.extend_select + _split(options["extend_select"])
    if options["baseline_file"]:
        changes["baseline"] = Path(options["baseline_file"])
    return replace(config, **changes)


def _after_lint(
    findings: list[Finding], linter: Linter, options: dict[str, Any], stdin: str | None = None
) -> list[Finding]:
    """Fix (or diff), then write or apply a baseline; ``--diff`` and ``--write-baseline`` exit here."""
    from medlint.fixes import fix_paths
    from medlint.suppress.baseline import new_findings, read_baseline, write_baseline

    config = linter.config
    if config.fix or config.diff:
        run = fix_paths(
            findings,
            lambda text, name: linter.lint_text(text, format_for(name), name),
            unsafe=config.unsafe_fixes,
            write=not config.diff,
            stdin=stdin,
        )
        for note in run.notes or ():
            click.echo(visible(f"medlint: {note}"), err=True)
        if config.diff:
            click.echo("".join(run.diffs or ()), nl=False)
            noun = "problem" if run.fixed == 1 else "problems"
            click.echo(
                f"Would fix {run.fixed} {noun} in {run.files} file{'s' if run.files != 1 else ''}.", err=True
            )
            sys.exit(EXIT_FINDINGS if run.fixed else EXIT_CLEAN)
        if run.fixed:
            noun = "problem" if run.fixed == 1 else "problems"
            click.echo(
                f"Fixed {run.fixed} {noun} in {run.files} file{'s' if run.files != 1 else ''}.", err=True
            )
        findings = sorted(run.findings, key=Finding.sort_key)
    try:
        if options["write_baseline"]:
            count = write_baseline(
                Path(options["write_baseline"]), (f for f in findings if f.suppressed is None)
            )
            click.echo(
                f"Wrote {count} finding{'s' if count != 1 else ''} to {options['write_baseline']}.", err=True
            )
            sys.exit(EXIT_CLEAN)
        if config.baseline:
            findings = new_findings(findings, read_baseline(config.baseline))
    except MedlintError as err:
        fail(str(err))
    return findings


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(list(FORMAT_NAMES)), help="Output format.")
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
@_output_options
@_jobs_option
@_fix_options
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
    output_file: str | None,
    statistics: bool,
    show_source: bool,
    jobs: int | None,
    **fixing: Any,
) -> None:
    """Lint Markdown, HTML and text articles (files, folders, or '-' for standard input)."""
    from medlint import parallel
    from medlint.linter import LinterSettings
    from medlint.report.output import emit, render

    try:
        config = _apply_fix_options(_load_config(config_file), fixing)
        exit_zero, quiet = exit_zero or config.exit_zero, quiet or config.quiet
        color = config.color if color is None else color
        statistics, show_source = statistics or config.statistics, show_source or config.show_source
        output_file = output_file or (str(config.output_file) if config.output_file else None)
        jobs = jobs or config.jobs
        settings = LinterSettings(
            config,
            select=_split(select) or None,
            ignore=_split(ignore) or None,
            rules_dirs=rules_dirs,
            min_severity=severity,
            min_confidence=min_confidence,
        )
        linter = settings.build()
    except MedlintError as err:
        fail(str(err))
    targets = list(paths or (("-",) if stdin_filename else (".",)))
    work = parallel.collect_jobs(targets, config.include, config.all_excludes, stdin_filename, show_source)
    outcome = parallel.run(linter, work, jobs or parallel.default_jobs(), settings.build)
    findings, files, unreadable = outcome.findings, outcome.files, outcome.unreadable
    from_stdin = stdin_filename if stdin_filename and (not paths or "-" in paths) else None
    findings = _after_lint(findings, linter, fixing, from_stdin)
    if files == 0 and not unreadable:
        warn(f"no files to lint under: {', '.join(targets)}")
    chosen = output_format or linter.config.format
    coloured = use_color(color, sys.stdout, os.environ) and output_file is None
    source = outcome.lines if show_source else None
    colour_text = coloured and chosen == "text"
    output = render(
        chosen, findings, linter.rules, files, colour_text, unreadable, statistics=statistics, source=source
    )
    if quiet and chosen == "text":
        output = "\n".join(output.rstrip("\n").split("\n")[:-1]) + ("\n" if findings else "")
    emit(output, output_file, coloured)
    threshold = severity_rank(linter.config.min_severity)
    blocking = any(severity_rank(f.severity) >= threshold and f.suppressed is None for f in findings)
    if unreadable:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if blocking and not exit_zero else EXIT_CLEAN)


@main.command("config")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Config file (default: nearest .medlint.yaml or pyproject.toml).",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def config_command(config_file: str | None, output_format: str) -> None:
    """Print every resolved setting and where it came from (the config file, or the default)."""
    from medlint.config_report import render, resolve

    try:
        config, origins = resolve(Path(config_file) if config_file else None, Path.cwd())
    except MedlintError as err:
        fail(str(err))
    click.echo(render(config, origins, output_format), nl=False)


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
@click.option("--markdown", is_flag=True, help="Print the rule's generated page (docs/rules/CODE.md).")
def explain(code: str, rules_dirs: tuple[str, ...], markdown: bool) -> None:
    """Explain one rule: what it catches, why, its source and its examples."""
    from medlint import docs

    book = _book(rules_dirs)
    rule = next((r for r in book.rules if code.upper() == r.code or code.lower() == r.name), None)
    if rule is None:
        fail(f"no rule {code!r}; `medlint rules` lists them")
    if markdown:
        click.echo(docs.rule_page(rule, book), nl=False)
        return
    click.echo(explain_text(rule, book))
    if docs.has_page(rule):
        click.echo(f"Page: {docs.rule_doc_uri(rule.code)}")


@main.command("docs")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--check", "check_only", is_flag=True, help="Exit 1 if a page is missing or out of date.")
def docs_command(directory: str | None, check_only: bool) -> None:
    """Write a Markdown page per built-in rule to DIRECTORY (default: docs/rules), from the YAML."""
    from medlint import docs

    target = Path(directory) if directory else docs.DOCS_DIR
    try:
        book = load_rulebook(())  # the built-in packs only: the pages document medlint's own rules
    except MedlintError as err:
        fail(str(err))
    if check_only:
        stale = docs.stale(book, target)
        for name in stale:
            click.echo(f"{target / name}: out of date; run `medlint docs {directory or ''}`".rstrip())
        sys.exit(EXIT_FINDINGS if stale else EXIT_CLEAN)
    changed = docs.write(book, target)
    click.echo(f"{len(changed)} of {len(docs.pages(book))} pages written to {target}.")


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
    from medlint.linter import Linter

    try:
        if path == "-":
            source = decode(sys.stdin.buffer.read(), stdin_filename or "<stdin>")
            name = stdin_filename or "-"
        else:
            source = read_path(Path(path), path)
            name = path
        linter = Linter(_load_config(None))
    except MedlintError as err:
        fail(str(err))
    for warning in source.warnings:
        warn(warning)
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
        fail(f"no drug in the lexicon is called {name!r}; `medlint drugs` lists them")
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
    from medlint.checks import KINDS

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
        fail(str(err))


@main.command("test-rules")
@click.argument("directories", nargs=-1, type=click.Path(file_okay=False, exists=True))
def test_rules(directories: tuple[str, ...]) -> None:
    """Run the examples of the rule packs in DIRECTORIES (default: the config's, else built-in).

    Every 'bad' text must be flagged by its rule at its 'match', every 'good' text must not be
    flagged by its rule. Mismatches are printed as ``file:LINE: what``; any mismatch exits 1.
    """
    from medlint.linter import Linter

    try:
        config = _load_config(None)
        folders = [Path(d) for d in directories] or list(config.rules)
        base = replace(config, select=(), ignore=(), min_severity="info", rules=())
        linter = Linter(base, rules_dirs=folders)
    except MedlintError as err:
        fail(str(err))
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


@main.command(
    "audit",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def audit_command(args: tuple[str, ...]) -> None:
    """Lint an archive on a Dask cluster ('dask' extra); `medlint audit --help` lists the options.

    A thin door to ``dask_audit.audit``, imported only here so that Dask, an optional extra,
    costs every other command nothing.
    """
    try:
        from medlint.dask_audit import audit
    except ImportError as err:
        fail(str(err))
    audit.main(list(args), prog_name="medlint audit")


def run() -> NoReturn:
    """The ``medlint`` console script: ``main``, then an exit that skips the interpreter's teardown.

    At exit Python frees every object one by one: spaCy's vocabulary and matchers and the rule
    book took 0.1 s of CPU, a twentieth of a one-file pre-commit run, for memory the operating
    system reclaims at once (mypy leaves the same way, ``mypy.util.hard_exit``). Output is flushed
    first. When another thread or a child process is still alive (a progress bar's monitor, a
    Dask cluster), or flushing fails, the exit is the ordinary one, so nothing is cut short. The
    library and the tests call ``main`` and never reach this.
    """
    import multiprocessing
    import threading

    try:
        main()
        code: object = EXIT_CLEAN
    except SystemExit as stop:  # click always ends this way
        code = stop.code
    if not isinstance(code, int) or threading.active_count() > 1 or multiprocessing.active_children():
        sys.exit(code)  # type: ignore[arg-type]
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
