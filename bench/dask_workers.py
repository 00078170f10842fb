"""Archive audit on Dask: wall time and CPU with 1 and 2 local workers (and serial, for scale).

    python bench/dask_workers.py ../shared/corpus/news [--workers 1,2] [--partition-size 50] [--no-serial]

For each worker count a fresh LocalCluster of single-threaded worker processes is started;
"start" is the cluster plus one Linter per worker (the plugin), "audit" is reading, linting and
writing the findings. Worker CPU is the user time the worker processes spent during the audit
(``getrusage`` on each worker); a busy machine shows as wall time above CPU / workers. The
findings of every run are compared, so the bench also checks that the worker count changes
nothing. The load average is printed because the 2-core machine is shared.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import time
from pathlib import Path

from distributed import Client, LocalCluster

from medlint.dask_audit import (
    DEFAULT_PARTITION_SIZE,
    JsonLinesWriter,
    LinterPlugin,
    LinterSettings,
    audit_paths,
    discover_files,
    write_results,
)
from medlint.finding import Finding
from medlint.linter import Linter
from medlint.read.decode import read_path


def _user_cpu() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_utime


def _serial(items: list[tuple[str, str]], settings: LinterSettings) -> tuple[float, float, str]:
    linter = settings.build()
    cpu, start = _user_cpu(), time.perf_counter()
    out = io.StringIO()
    writer = JsonLinesWriter(out)
    for display, full in items:
        writer.write([f.to_dict() for f in sorted(_lint(linter, display, full), key=lambda f: f.sort_key())])
    return time.perf_counter() - start, _user_cpu() - cpu, out.getvalue()


def _lint(linter: Linter, display: str, full: str) -> list[Finding]:
    return linter.lint_source(read_path(Path(full), display), display)


def _on_dask(
    items: list[tuple[str, str]], settings: LinterSettings, workers: int, partition_size: int
) -> tuple[float, float, float, str]:
    begin = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(LinterPlugin(settings))
        started = time.perf_counter() - begin
        cpu_before = client.run(_user_cpu)
        start = time.perf_counter()
        out = io.StringIO()
        write_results(
            client, audit_paths(items, settings, partition_size), JsonLinesWriter(out), err=io.StringIO()
        )
        wall = time.perf_counter() - start
        cpu_after = client.run(_user_cpu)
    cpu = sum(cpu_after[w] - cpu_before[w] for w in cpu_after)
    return started, wall, cpu, out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--partition-size", type=int, default=DEFAULT_PARTITION_SIZE)
    parser.add_argument("--no-serial", action="store_true", help="skip the in-process serial run")
    args = parser.parse_args()
    settings = LinterSettings().absolute()
    items = discover_files([args.corpus], settings.config)
    size = sum(os.path.getsize(full) for _, full in items)
    print(
        f"{len(items)} files, {size / 1e6:.1f} MB; partition size {args.partition_size}; "
        f"{os.cpu_count()} cores"
    )
    outputs = {}
    if not args.no_serial:
        load = os.getloadavg()[0]
        wall, cpu, outputs["serial"] = _serial(items, settings)
        print(
            f"serial (one Linter, this process): {wall:6.1f} s wall, {cpu:6.1f} s user CPU, "
            f"{len(items) / wall:5.0f} files/s   (load {load:.1f})"
        )
    for workers in (int(n) for n in args.workers.split(",")):
        load = os.getloadavg()[0]
        started, wall, cpu, outputs[workers] = _on_dask(items, settings, workers, args.partition_size)
        print(
            f"dask, {workers} worker{'s' if workers > 1 else ' '}: start {started:4.1f} s; "
            f"audit {wall:6.1f} s wall, "
            f"{cpu:6.1f} s worker user CPU, {len(items) / wall:5.0f} files/s   (load {load:.1f})"
        )
    rows = {name: out.count("\n") for name, out in outputs.items()}
    same = len(set(outputs.values())) == 1
    print(f"findings: {rows}; identical across runs: {same}")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
