#!/usr/bin/env python3
"""Speed-up of ``medlint check --jobs N`` over ``--jobs 1`` (not a test), with the output compared.

    python bench/jobs.py [--corpus ../shared/corpus/news] [--jobs 1 2] [--runs 3]

For each N: the median wall time, the CPU time (user+sys, all processes) and a check that the
report is byte-identical to the ``--jobs 1`` one. On a shared machine wall time depends on the
other jobs running, so each line also gives the cores other programs used meanwhile (from
``/proc/stat``) and a busy-loop control measures the cores free before and after; CPU time shows
the work itself (parallel runs cost a little more: workers start and send their results back).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def machine_busy() -> float:
    """CPU seconds all programs on the machine have used so far (Linux ``/proc/stat``; else 0)."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def timed(command: list[str]) -> tuple[float, float, str, float]:
    """Wall seconds, child CPU seconds, the SHA-256 of stdout, and other programs' CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = machine_busy()
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    others = max(0.0, machine_busy() - busy - cpu)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({proc.returncode}): {proc.stderr.decode()[-400:]}")
    return wall, cpu, hashlib.sha256(proc.stdout).hexdigest(), others


def _spin(_: int) -> float:
    start = time.process_time()
    total = 0
    for i in range(15_000_000):
        total += i
    return time.process_time() - start


def cores_free(workers: int) -> float:
    """How many cores the machine gives us now: ``workers`` equal busy loops against one.

    Other programs on a shared machine take cores; a speed-up can only be judged against
    what is free. 2.0 on an idle 2-core machine, about 1.0 when another job holds one core.
    """
    import multiprocessing

    context = multiprocessing.get_context()
    timings = []
    for count in (1, workers):
        start = time.perf_counter()
        with context.Pool(count) as pool:
            pool.map(_spin, range(count))
        timings.append(time.perf_counter() - start)
    return workers * timings[0] / timings[1]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "news")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", default="json")
    args = parser.parse_args()
    medlint = str(Path(sys.executable).parent / "medlint")
    files = sum(1 for p in args.corpus.rglob("*") if p.is_file())
    print(f"corpus: {args.corpus} ({files} files), format {args.format}, {args.runs} run(s) each")
    before = cores_free(max(args.jobs))
    commands = {
        jobs: [medlint, "check", "--format", args.format, "--jobs", str(jobs), str(args.corpus)]
        for jobs in args.jobs
    }
    # Rounds interleave the settings, so a burst of load from other programs hits them alike.
    results: dict[int, list[tuple[float, float, str, float]]] = {jobs: [] for jobs in args.jobs}
    for _ in range(args.runs):
        for jobs, command in commands.items():
            results[jobs].append(timed(command))
    first = args.jobs[0]
    base_wall = statistics.median(r[0] for r in results[first])
    base_digest = results[first][0][2]
    for jobs in args.jobs:
        wall = statistics.median(r[0] for r in results[jobs])
        cpu = statistics.median(r[1] for r in results[jobs])
        others = statistics.median(r[3] for r in results[jobs]) / wall
        same = all(r[2] == base_digest for r in results[jobs])
        print(
            f"--jobs {jobs}: wall {wall:6.1f} s  cpu {cpu:6.1f} s  "
            f"speed-up {base_wall / wall:4.2f}x  output {'identical' if same else 'DIFFERENT'}  "
            f"other programs used {others:.2f} cores meanwhile"
        )
    load = os.getloadavg()[0]
    free = cores_free(max(args.jobs))
    print(
        f"load average (1 min) at the end: {load:.1f} on {os.cpu_count()} cores; a busy-loop control "
        f"finds {before:.2f} cores free before, {free:.2f} after, for {max(args.jobs)} processes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
