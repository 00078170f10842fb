"""One child process, measured: CPU time (user + system), wall time, peak memory, exit status.

The shared machine runs other jobs, so the benchmarks compare CPU time of the child rather
than wall time; every script under ``bench/`` that starts a process measures it here.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ChildRun:
    """What one run of a command cost."""

    cpu: float  # seconds, user + system
    wall: float  # seconds
    peak_mb: int  # peak resident memory
    status: int  # exit status


def run_child(command: list[str], output: Path | None = None) -> ChildRun:
    """Run ``command`` once; its stdout goes to ``output`` (discarded if None), stderr is discarded."""
    start = time.perf_counter()
    with open(output or os.devnull, "wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
    return ChildRun(
        cpu=usage.ru_utime + usage.ru_stime,
        wall=time.perf_counter() - start,
        peak_mb=usage.ru_maxrss // 1024,
        status=os.waitstatus_to_exitcode(status),
    )
