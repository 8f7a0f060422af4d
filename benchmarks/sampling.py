"""Run one measurement in a fresh process and keep its time, CPU time and peak memory.

Each sample is a child process: its wall time as seen by the runner, the time
the child reports for the work itself (imports excluded, connecting included;
for pg_dump, which reports nothing, the wall time), and its own peak resident
memory and CPU time from `os.wait4` (the child's rusage, not the runner's).

Server CPU: the backends (and parallel workers) serving the child are children
of the postmaster; once they exit, their CPU time is added to the postmaster's
`cutime + cstime` in /proc. The delta over a sample is the server's share of
the work. CPU time is far less disturbed than wall time by other load on a
shared machine, so the report gives it beside the wall-clock medians.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class Sample:
    wall: float
    work: float
    max_rss_mb: float
    info: dict = field(default_factory=dict)
    error: str | None = None
    client_cpu: float | None = None  # the child's user + system seconds (its work, if reported)
    server_cpu: float | None = None  # its backends on the server, once they have exited

    @property
    def cpu(self) -> float | None:
        if self.client_cpu is None or self.server_cpu is None:
            return None
        return self.client_cpu + self.server_cpu


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = open(f"/proc/{pid}/stat").read()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # fields from the 3rd (state) on


def reaped_children_cpu(pid: int | None) -> float | None:
    """CPU seconds of the exited, reaped children of `pid` (the postmaster's backends)."""
    fields = _stat_fields(pid) if pid else None
    if fields is None:
        return None
    return (int(fields[13]) + int(fields[14])) / _TICK  # cutime, cstime


def _children(pid: int) -> set[int]:
    """Processes whose parent is `pid` (the postmaster), zombies included."""
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields and fields[1] == str(pid):
                out.add(int(entry))
    return out


def wait_for_backends(pid: int | None, known: set[int], timeout: float = 10.0) -> None:
    """Wait until every child of the postmaster not in `known` has exited and was reaped.

    A backend goes on working after its client has gone (releasing locks,
    freeing caches; its process title is already blank by then), and its CPU
    time reaches the postmaster's `cutime` only once it is reaped.
    """
    if not pid:
        return
    deadline = time.perf_counter() + timeout
    while _children(pid) - known and time.perf_counter() < deadline:
        time.sleep(0.01)


def run_sample(
    cmd: list[str],
    *,
    reports_json: bool,
    timeout: float = 900.0,
    server_pid: int | None = None,
    ok_codes: tuple[int, ...] = (0,),
    cwd: str | None = None,
    settle: Callable[[], None] | None = None,
) -> Sample:
    """Run `cmd` once; a failed or timed-out run is a Sample with `error` set.

    `settle` runs first, untimed (the benchmark has the server write out what earlier
    samples left it to write: see run.py).

    The child's standard output goes to a real file (as a user's redirect
    would), read back afterwards when it `reports_json`. `ok_codes`: exit
    codes that mean success (migra and `rls` exit non-zero when they find
    something).
    """
    # Files written by earlier samples (100-500 MB of snapshots) are flushed first, not
    # timed: otherwise the kernel writes them back ~30 s later, during whichever sample
    # runs then, and takes CPU from it (snapshot times at 5,000 tables moved between
    # 1.36 and 1.68 s from one run to the next). A user's single run pays none of it.
    if settle is not None:
        settle()
    os.sync()
    known = _children(server_pid) if server_pid else set()  # the server's own processes
    server_before = reaped_children_cpu(server_pid)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
        client_cpu = usage.ru_utime + usage.ru_stime
        wait_for_backends(server_pid, known)
        server_after = reaped_children_cpu(server_pid)
        server_cpu = (
            server_after - server_before
            if server_before is not None and server_after is not None
            else None
        )
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode not in ok_codes:
        reason = f"timed out after {timeout:.0f}s" if proc.returncode < 0 else "failed"
        last = [ln for ln in stderr.splitlines() if ln.strip()][-3:]
        return Sample(wall, wall, rss_mb, error=f"{reason}: {' | '.join(last)}"[:500])
    cpu = {"client_cpu": client_cpu, "server_cpu": server_cpu}
    if not reports_json:
        return Sample(wall, wall, rss_mb, **cpu)
    try:
        result = json.loads(stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return Sample(wall, wall, rss_mb, error=f"no result: {stdout[-200:]!r}")
    if result.get("cpu") is not None:  # the work only, without start-up and imports
        cpu["client_cpu"] = float(result["cpu"])
    return Sample(wall, float(result["seconds"]), rss_mb, info=result.get("info", {}), **cpu)


@dataclass
class Series:
    """The samples of one tool at one size (warm-up excluded)."""

    samples: list[Sample] = field(default_factory=list)

    @property
    def ok(self) -> list[Sample]:
        return [s for s in self.samples if s.error is None]

    @property
    def errors(self) -> list[str]:
        return [s.error for s in self.samples if s.error]

    def values(self, attr: str) -> list[float]:
        return [v for s in self.ok if (v := getattr(s, attr)) is not None]

    def median(self, attr: str = "work") -> float | None:
        values = self.values(attr)
        return statistics.median(values) if values else None

    def spread(self, attr: str = "work") -> tuple[float, float] | None:
        values = self.values(attr)
        return (min(values), max(values)) if values else None

    def iqr(self, attr: str = "work") -> tuple[float, float] | None:
        values = sorted(self.values(attr))
        if len(values) < 4:
            return None
        q = statistics.quantiles(values, n=4)
        return q[0], q[2]

    def peak_mb(self) -> float | None:
        values = self.values("max_rss_mb")
        return max(values) if values else None

    def info(self) -> dict:
        ok = self.ok
        return ok[-1].info if ok else {}
