"""Archive audits on Dask: ``medlint check`` spread over a ``dask.distributed`` cluster.

An archive of millions of pages outgrows one machine, so the files are read and linted on the
workers of an existing Dask cluster and only the findings travel back. Each worker process
builds one ``Linter`` (rules and the spaCy pipeline take about a second and a half to load),
when it starts (``LinterPlugin``) or, on a scheduler without plugins, at its first task; never
once per file or per partition.

The findings have the keys of ``medlint check --format json`` (``Finding.to_dict``), one JSON
object a line or one Parquet row each, and come in the order the serial CLI prints them: the
files are sorted by their display path before they are cut into partitions, each file's
findings are sorted by ``Finding.sort_key``, and the client writes the partitions in order, so
the concatenation is sorted as ``check`` sorts its whole list.

Dask is an optional extra (``pip install 'medlint-health[dask]'``); ``medlint`` without it never
imports this module.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, Any, Protocol

import click

from medlint.config import Config, find_config, load_config
from medlint.errors import MedlintError, SourceError
from medlint.finding import SEVERITIES, Finding, severity_rank
from medlint.linter import Linter, LinterSettings
from medlint.markup import format_for
from medlint.read.decode import read_path
from medlint.read.discover import discover
from medlint.report.messages import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    error_line,
    fail,
    warn,
    warning_line,
)

try:
    import dask.bag as db
    from distributed import Client, LocalCluster, WorkerPlugin
except ImportError as err:  # pragma: no cover - the test module skips without dask
    raise ImportError(
        "medlint audit needs Dask: pip install 'medlint-health[dask]' (dask[distributed] and pyarrow)"
    ) from err


#: Files per task: large enough that scheduling costs little next to linting (~4 ms a file),
#: small enough that two workers share a folder of a few hundred files evenly.
DEFAULT_PARTITION_SIZE = 50


# The Linters of this process, one per settings. A worker process runs tasks in threads, so the
# first build is guarded; ``builds`` counts them, which is how the tests see "once per worker".
_LINTERS: dict[LinterSettings, Linter] = {}
_LINTERS_LOCK = threading.Lock()
builds = 0


def worker_linter(settings: LinterSettings) -> Linter:
    """The Linter of this process for ``settings``, built on first use and kept for the process's life."""
    global builds
    linter = _LINTERS.get(settings)
    if linter is None:
        with _LINTERS_LOCK:
            linter = _LINTERS.get(settings)
            if linter is None:
                linter = _LINTERS[settings] = settings.build()
                builds += 1
    return linter


def build_count() -> int:
    """How many Linters this process has built (run on each worker with ``Client.run``)."""
    return builds


class LinterPlugin(WorkerPlugin):
    """Builds the worker's Linter when the worker starts, so no task waits for the rules to load.

    Registered once per audit with ``Client.register_plugin``; workers that join later run
    ``setup`` too. The Linter goes into the same cache the tasks read, so a task on a worker that
    missed the plugin still gets a Linter, built once.
    """

    idempotent = True

    def __init__(self, settings: LinterSettings) -> None:
        self.settings = settings
        self.name = f"medlint-linter-{abs(hash(settings)):x}"

    def setup(self, worker: object) -> None:
        """Build (or find) this worker process's Linter."""
        worker_linter(self.settings)


@dataclass(frozen=True)
class FileResult:
    """What one input gave: its findings (``to_dict`` rows, sorted) and what to tell stderr."""

    path: str
    findings: tuple[dict[str, Any], ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None


def lint_path(item: tuple[str, str], settings: LinterSettings) -> FileResult:
    """Read and lint one file on a worker: ``item`` is (display path, absolute path to read).

    The display path is the one ``check`` would print (relative to the client's folder); the
    absolute one is what the worker opens, on the shared file system. A file that cannot be
    read or linted becomes an error message for that file only, as in ``check``.
    """
    display, full = item
    try:
        if not full:
            raise SourceError(f"{display}: no such file or directory")
        source = read_path(Path(full), display)
        found = worker_linter(settings).lint_source(source, display, format_for(display))
    except SourceError as err:
        return FileResult(display, error=str(err))
    return FileResult(display, _rows(found), source.warnings)


def lint_named_text(item: tuple[str, str], settings: LinterSettings) -> FileResult:
    """Lint one (name, text) pair on a worker; the name's extension picks the format."""
    name, text = item
    try:
        found = worker_linter(settings).lint_text(text, format_for(name), name)
    except SourceError as err:
        return FileResult(name, error=str(err))
    return FileResult(name, _rows(found))


def _rows(found: Iterable[Finding]) -> tuple[dict[str, Any], ...]:
    return tuple(f.to_dict() for f in sorted(found, key=Finding.sort_key))


def discover_files(paths: Sequence[str], config: Config) -> list[tuple[str, str]]:
    """(display path, absolute path) of every file ``check`` would lint, sorted by display path.

    Sorting by display path is what makes the partitions' concatenation come out in
    ``check``'s order. A missing path is kept (with an empty absolute path) so that the worker
    reports it as ``check`` does.
    """
    found = discover(list(paths), config.include, config.all_excludes)
    items = [(display, os.path.abspath(path) if path is not None else "") for display, path in found]
    return sorted(items, key=lambda item: item[0])


def audit_paths(
    items: Sequence[tuple[str, str]],
    settings: LinterSettings,
    partition_size: int = DEFAULT_PARTITION_SIZE,
) -> db.Bag:
    """A bag of ``FileResult``, one per (display, absolute) item, in the items' order."""
    return db.from_sequence(list(items), partition_size=max(1, partition_size)).map(lint_path, settings)


def audit_texts(texts: db.Bag, settings: LinterSettings) -> db.Bag:
    """Lint a bag of (name, text) pairs, e.g. pages read from WARC files: a bag of ``FileResult``.

    Results keep the bag's order; to get ``check``'s order, sort the bag by name first.
    """
    return texts.map(lint_named_text, settings)


class FindingWriter(Protocol):
    """Where the rows go: JSON lines or Parquet."""

    def write(self, rows: Sequence[dict[str, Any]]) -> None: ...

    def close(self) -> None: ...


class JsonLinesWriter:
    """One JSON object per finding, the same text ``check --format json`` gives for it."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        """Append rows, one line each."""
        for row in rows:
            self.stream.write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self) -> None:
        """Flush (the caller owns the stream)."""
        self.stream.flush()


class ParquetWriter:
    """One Parquet file, one row group per partition.

    A key that the JSON leaves out (``subject``, ``edit``) is null here; a structured value is
    its JSON text. Keys that are not Finding fields (``suppressions``, only for suppressed
    findings, which an audit does not report) have no column.
    """

    def __init__(self, path: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        # Columns from the Finding's own fields, so a field added there is a column here. Numbers
        # and text keep their type; a structured value (an ``edit``) is stored as its JSON text.
        kinds = {"int": pa.int64(), "int | None": pa.int64(), "float": pa.float64()}
        kinds |= {"str": pa.string(), "str | None": pa.string()}
        self._json = {f.name for f in fields(Finding) if str(f.type) not in kinds}
        self.schema = pa.schema([(f.name, kinds.get(str(f.type), pa.string())) for f in fields(Finding)])
        self._writer = pq.ParquetWriter(path, self.schema)

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        """Append rows as one row group (none for an empty partition)."""
        if rows:
            flat = [{k: self._flat(k, v) for k, v in row.items()} for row in rows]
            table = self._pa.Table.from_pylist(flat, schema=self.schema)
            self._writer.write_table(table)

    def _flat(self, key: str, value: Any) -> Any:
        return json.dumps(value, ensure_ascii=False) if key in self._json and value is not None else value

    def close(self) -> None:
        """Finish the file (an audit without findings still leaves a valid, empty one)."""
        self._writer.close()


@dataclass
class AuditSummary:
    """Counts for the exit status and the closing line on stderr."""

    files: int = 0
    unreadable: int = 0
    findings: int = 0
    blocking: bool = False


def write_results(
    client: Client,
    bag: db.Bag,
    writer: FindingWriter,
    min_severity: str = "info",
    err: IO[str] | None = None,
) -> AuditSummary:
    """Compute ``bag`` on the cluster and write its rows partition by partition, in order.

    All partitions are submitted at once and run in any order; the client waits for them in
    order, writes each and releases it, so it never holds more than the findings of the
    partitions that finished early. Warnings and errors go to ``err`` as ``check`` prints them.
    """
    stream = err or sys.stderr
    summary = AuditSummary()
    threshold = severity_rank(min_severity)
    futures = client.compute(bag.to_delayed())
    for future in futures:
        part: list[FileResult] = future.result()
        future.release()
        rows: list[dict[str, Any]] = []
        for result in part:
            for warning in result.warnings:
                stream.write(warning_line(warning) + "\n")
            if result.error is not None:
                stream.write(error_line(result.error) + "\n")
                summary.unreadable += 1
                continue
            summary.files += 1
            rows.extend(result.findings)
        summary.findings += len(rows)
        summary.blocking = summary.blocking or any(severity_rank(r["severity"]) >= threshold for r in rows)
        writer.write(rows)
    writer.close()
    return summary


def _load_config(config_file: str | None) -> Config:
    """The config ``check`` would use (``--config``, else the nearest one, else defaults)."""
    if config_file:
        return load_config(Path(config_file))
    found = find_config(Path.cwd())
    return load_config(found) if found else Config()


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _open_client(scheduler: str | None, workers: int | None) -> tuple[Client, LocalCluster | None]:
    """A client of the named scheduler, or of a local cluster of single-threaded worker processes.

    One thread a worker: a Linter serialises its calls (spaCy's tokenizer cache is not
    thread-safe), so more threads in one process would only wait for each other.
    """
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    )
    return Client(cluster), cluster


@click.command("audit", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--scheduler", metavar="ADDRESS", help="A running Dask scheduler, e.g. tcp://host:8786.")
@click.option(
    "--workers",
    type=click.IntRange(1),
    help="Without --scheduler: worker processes of the local cluster (default: one a core).",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Findings file; '-' is standard output (JSON lines only).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "parquet"]),
    help="Output format (default: parquet for an output ending in .parquet, else jsonl).",
)
@click.option(
    "--partition-size",
    type=click.IntRange(1),
    default=DEFAULT_PARTITION_SIZE,
    show_default=True,
    help="Files per Dask task.",
)
@click.option("--select", multiple=True, help="Only these rules (as for check).")
@click.option("--ignore", multiple=True, help="Skip these rules (as for check).")
@click.option("--severity", type=click.Choice(SEVERITIES), help="Report only findings at or above this.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="As for check (default 0.5).")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra rules.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Config file (as for check).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
def audit(
    paths: tuple[str, ...],
    scheduler: str | None,
    workers: int | None,
    output: str,
    output_format: str | None,
    partition_size: int,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    severity: str | None,
    min_confidence: float | None,
    rules_dirs: tuple[str, ...],
    config_file: str | None,
    exit_zero: bool,
) -> None:
    """Lint an archive on a Dask cluster; write the findings of ``check --format json``, one a row.

    The files are found here, as ``check`` finds them, and read by the workers, which must see
    them at the same absolute paths (a shared file system). Exit status as for ``check``.
    """
    if "-" in paths:
        fail("audit reads files on the workers, not standard input; use `medlint check -`")
    chosen = output_format or ("parquet" if output.endswith(".parquet") else "jsonl")
    if chosen == "parquet" and output == "-":
        fail("--format parquet needs --output FILE")
    try:
        config = _load_config(config_file)
        settings = LinterSettings(
            config,
            select=_split(select) or None,
            ignore=_split(ignore) or None,
            rules_dirs=rules_dirs,
            min_severity=severity,
            min_confidence=min_confidence,
        ).absolute()
        min_severity = settings.build().config.min_severity  # bad settings fail here, not on a worker
    except MedlintError as error:
        fail(str(error))
    targets = list(paths or (".",))
    items = discover_files(targets, config)
    client, cluster = _open_client(scheduler, workers)
    try:
        client.register_plugin(LinterPlugin(settings))
        summary = _run(client, audit_paths(items, settings, partition_size), chosen, output, min_severity)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if summary.files == 0 and not summary.unreadable:
        warn(f"no files to lint under: {', '.join(targets)}")
    if summary.unreadable:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if summary.blocking and not exit_zero else EXIT_CLEAN)


def _run(client: Client, bag: db.Bag, chosen: str, output: str, min_severity: str) -> AuditSummary:
    if chosen == "parquet":
        return write_results(client, bag, ParquetWriter(output), min_severity)
    if output == "-":
        return write_results(client, bag, JsonLinesWriter(sys.stdout), min_severity)
    with open(output, "w", encoding="utf-8") as stream:
        return write_results(client, bag, JsonLinesWriter(stream), min_severity)


def iter_rows(results: Iterable[FileResult]) -> Iterator[dict[str, Any]]:
    """The finding rows of computed results, in order (for a bag computed by other means)."""
    for result in results:
        yield from result.findings


if __name__ == "__main__":  # pragma: no cover
    from medlint.dask_audit import audit as _audit  # the importable module, not __main__

    _audit()
