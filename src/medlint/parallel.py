"""Linting many files: in this process, or in worker processes that each hold one Linter.

Building a Linter (rules plus the spaCy pipeline) takes about a second, so a worker builds it
once, in the pool initializer, and then lints whole chunks of files. Where the platform can
``fork`` (Linux), the workers inherit the parent's Linter instead of building their own:
copy-on-write memory, no second build. Results come back in submission order (``imap``), and
each file's stderr lines travel with its result, so a run with ``--jobs N`` prints exactly
what a serial run prints, byte for byte, in the same order.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medlint.errors import SourceError
from medlint.finding import Finding
from medlint.markup import format_for
from medlint.read.decode import SourceText, read_path
from medlint.report.messages import error_line, warning_line

if TYPE_CHECKING:
    from medlint.linter import Linter

#: Line breaks as ``positions.LineIndex`` counts them (CRLF, lone CR, LF).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: Fewer files than this are linted in-process: starting workers would cost more than it saves.
MIN_PARALLEL_FILES = 8
#: A progress bar is drawn (on a terminal only) for runs of more than this many files.
PROGRESS_MIN_FILES = 36


@dataclass(frozen=True)
class Job:
    """One file to lint: its display name, its path (None: missing), or text read already."""

    display: str
    path: Path | None
    source: SourceText | None = None
    error: str | None = None
    #: Send back the flagged lines' text too (``--show-source``).
    want_source: bool = False


@dataclass(frozen=True)
class Outcome:
    """What linting one file gave: findings (None: not linted) and its stderr lines, in order.

    The lines are already worded and made terminal-safe by ``report.messages``.
    """

    display: str
    findings: tuple[Finding, ...] | None
    messages: tuple[str, ...] = field(default=())
    #: (line number, text) of each line a finding starts on, when the job asked for them.
    lines: tuple[tuple[int, str], ...] = field(default=())


#: How to build the Linter again in a worker that cannot inherit it (spawn platforms): a
#: picklable callable such as ``LinterSettings(...).build``.
LinterSpec = Callable[[], "Linter"]


@dataclass
class Run:
    """A whole run's result, in the serial order: sorted findings, counts, flagged lines."""

    findings: list[Finding]
    files: int
    unreadable: int
    lines: dict[str, dict[int, str]]


def default_jobs() -> int:
    """The cores this process may run on (the affinity mask where known, else all cores)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def lint_one(linter: Linter, job: Job) -> Outcome:
    """Read and lint one file, turning every per-file error into a message, as the serial CLI did."""
    messages: list[str] = []
    if job.error is not None:
        return Outcome(job.display, None, (error_line(job.error),))
    try:
        if job.source is not None:
            source = job.source
        elif job.path is None:
            raise SourceError(f"{job.display}: no such file or directory")
        else:
            source = read_path(job.path, job.display)
    except SourceError as err:
        return Outcome(job.display, None, (error_line(str(err)),))
    messages += [warning_line(warning) for warning in source.warnings]
    try:
        found = linter.lint_source(source, job.display, format_for(job.display))
    except SourceError as err:  # a time limit or an internal error: this file only
        messages.append(error_line(str(err)))
        return Outcome(job.display, None, tuple(messages))
    lines = flagged_lines(source.text, found) if job.want_source else ()
    return Outcome(job.display, tuple(found), tuple(messages), lines)


def flagged_lines(text: str, findings: Iterable[Finding]) -> tuple[tuple[int, str], ...]:
    """The text of each line a finding starts on, split as ``LineIndex`` counts lines."""
    wanted = sorted({f.line for f in findings})
    if not wanted:
        return ()
    all_lines = _LINE_BREAK.split(text)
    return tuple((n, all_lines[n - 1]) for n in wanted if n <= len(all_lines))


_WORKER: Linter | None = None


def _initialise(inherited: Linter | None, spec: LinterSpec | None) -> None:
    """Pool initializer: keep the forked parent's Linter, or build one (once per worker)."""
    global _WORKER
    _WORKER = inherited if inherited is not None else spec() if spec else None


def _work(job: Job) -> Outcome:
    assert _WORKER is not None, "worker used before its initializer ran"
    return lint_one(_WORKER, job)


def lint_jobs(
    linter: Linter, jobs: list[Job], workers: int, spec: LinterSpec | None = None
) -> Iterator[Outcome]:
    """Outcomes in the order of ``jobs``; in worker processes when there are enough files.

    The pool is started here, before the caller draws a progress bar: tqdm runs a monitor
    thread, and forking a process that has threads is what POSIX warns against.
    """
    workers = min(workers, len(jobs))
    if workers <= 1 or len(jobs) < MIN_PARALLEL_FILES:
        return (lint_one(linter, job) for job in jobs)
    forking = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forking else "spawn")
    args: tuple[Any, ...] = (linter, None) if forking else (None, spec)
    chunk = max(1, min(16, len(jobs) // (workers * 8)))
    pool: Pool = context.Pool(workers, initializer=_initialise, initargs=args)
    return _drain(pool, pool.imap(_work, jobs, chunksize=chunk))


def _drain(pool: Pool, results: Iterable[Outcome]) -> Iterator[Outcome]:
    """Yield the pool's results, then stop its workers (also on an error or Ctrl-C)."""
    try:
        yield from results
    finally:
        pool.terminate()
        pool.join()


def with_progress(outcomes: Iterable[Outcome], total: int, stream: Any = None) -> Iterator[Outcome]:
    """A tqdm bar on stderr for long runs on a terminal; none when piped, redirected or short.

    Each file's messages are written above the bar (``tqdm.write``) so the bar never splits
    them; without a bar they go to stderr as plain lines.
    """
    stream = stream if stream is not None else sys.stderr
    show = total > PROGRESS_MIN_FILES and bool(getattr(stream, "isatty", lambda: False)())
    if not show:
        for outcome in outcomes:
            for message in outcome.messages:
                print(message, file=stream)
            yield outcome
        return
    from tqdm import tqdm

    with tqdm(total=total, file=stream, unit="file", leave=False, dynamic_ncols=True) as bar:
        for outcome in outcomes:
            for message in outcome.messages:
                bar.write(message, file=stream)
            bar.update(1)
            yield outcome


def collect_jobs(
    targets: list[str],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    stdin_filename: str | None = None,
    want_source: bool = False,
) -> list[Job]:
    """The files ``check`` would lint, in discovery order; standard input is read here, once."""
    from medlint.read.decode import decode
    from medlint.read.discover import discover

    jobs = []
    for display, path in discover(targets, include, exclude):
        if path is not None and display == "-":
            try:
                source = decode(sys.stdin.buffer.read(), stdin_filename or "<stdin>")
            except SourceError as err:
                jobs.append(Job(display, None, error=str(err)))
                continue
            jobs.append(Job(stdin_filename or "-", None, source=source, want_source=want_source))
        else:
            jobs.append(Job(display, path, want_source=want_source))
    return jobs


def run(linter: Linter, jobs: list[Job], workers: int = 1, spec: LinterSpec | None = None) -> Run:
    """Lint every job (printing each file's messages to stderr in order) and gather the results."""
    result = Run([], 0, 0, {})
    for outcome in with_progress(lint_jobs(linter, jobs, workers, spec), len(jobs)):
        if outcome.findings is None:
            result.unreadable += 1
            continue
        result.files += 1
        result.findings.extend(outcome.findings)
        if outcome.lines:
            result.lines.setdefault(outcome.display, {}).update(outcome.lines)
    result.findings.sort(key=Finding.sort_key)
    return result
