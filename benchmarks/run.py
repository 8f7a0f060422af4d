"""Run the whole benchmark and write a Markdown report.

    python benchmarks/run.py [--sizes 100,1000,5000] [--reps 5] [--out benchmarks/results/latest.md]

Starts the benchmark's own embedded server (data in `benchmarks/.pgdata`),
builds the synthetic databases (reused when already built), creates the
reference virtualenv `benchmarks/.venv-ref` (schemainspect, migra) if missing,
then for each size measures, interleaved, each in a fresh process, after a
warm-up (each introspecting tool once): workbench introspection, the floor,
`pg_dump --schema-only`, schemainspect, workbench drift diff end to end and
migra. The order of the tools rotates from one round to the next. Finally the TUI is measured on the
5,000-table database (`benchmarks/tui.py`) and the report is written.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import arguments, commands, generate, project, report, server  # noqa: E402
from benchmarks.sampling import Series, run_sample  # noqa: E402
from workbench.db import connect  # noqa: E402
from workbench.errors import WorkbenchError  # noqa: E402
from workbench.output_files import check_output, write_output  # noqa: E402

HERE = Path(__file__).resolve().parent
REF_VENV = HERE / ".venv-ref"
REF_PACKAGES = (
    "schemainspect==3.1.1663587362",
    "migra==3.0.1663481299",
    "SQLAlchemy==1.4.54",
    "psycopg2-binary==2.9.13",
)
TOOLS = commands.WHOLE + commands.INPROC


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ensure_ref_venv(path: Path = REF_VENV) -> tuple[Path | None, str]:
    """The reference virtualenv's python (created on first use), or None and why not."""
    python = path / "bin" / "python"
    check = [str(python), "-c", "import schemainspect, migra, sqlbag, psycopg2, sqlalchemy"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python, "ok"
    log(f"creating {path} ({', '.join(REF_PACKAGES)})")
    base = getattr(sys, "_base_executable", sys.executable)
    steps = [
        [base, "-m", "venv", "--clear", str(path)],
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *REF_PACKAGES],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            tail = " ".join((done.stderr or done.stdout).strip().splitlines()[-2:])
            return None, f"could not set up the reference virtualenv: {tail}"
    if subprocess.run(check, capture_output=True).returncode != 0:
        return None, "the reference virtualenv cannot import schemainspect/migra"
    return python, "ok"


@dataclass
class SizeResult:
    n: int
    build_seconds: float
    reused: bool
    series: dict[str, Series] = field(default_factory=dict)
    reps: int = 0


def measure_size(
    built: generate.Built,
    ref_python: Path | None,
    reps: int,
    timeout: float,
    server_pid: int | None = None,
    admin: str | None = None,
) -> dict[str, Series]:
    """Every tool at one size: warm-up, then `reps` rounds, order rotating each round
    (`admin`: the server's admin DSN, for the CHECKPOINT before each sample)."""
    work = Path(tempfile.mkdtemp(prefix=f"wb-bench-{built.n}-"))
    try:
        return _measure_size(built, ref_python, reps, timeout, server_pid, work, admin)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _measure_size(
    built, ref_python, reps, timeout, server_pid, work: Path, admin: str | None
) -> dict[str, Series]:
    cmds = commands.commands(built.base_dsn, built.drift_dsn, ref_python, work)
    names = [t for t in TOOLS if t in cmds]
    series = {name: Series() for name in names}

    def settle() -> None:
        """A CHECKPOINT before each sample, untimed: `validate` builds a shadow database
        (a WAL-logged copy of a template) and leaves dirty buffers that the checkpointer
        would otherwise write during whichever sample comes next."""
        if admin is not None:
            with connect(admin, autocommit=True) as conn:
                conn.execute("CHECKPOINT")

    def sample(cmd: commands.Command):
        return run_sample(
            cmd.argv,
            reports_json=cmd.reports_json,
            timeout=timeout,
            server_pid=server_pid,
            ok_codes=cmd.ok_codes,
            cwd=str(work),
            settle=settle,
        )

    # Warm-up: the snapshot files the snapshot readers use, then every tool
    # that reads a database once (so catalogs are in the server's and the OS's
    # caches; the diff tools read nothing else, so they are not run twice).
    started = time.perf_counter()
    for argv in commands.snapshot_setup(built.base_dsn, built.drift_dsn, work):
        warm = sample(commands.Command(argv))
        if warm.error:
            raise RuntimeError(f"writing the snapshot files failed: {warm.error}")
    for name in names:
        if name not in commands.DIFF_TOOLS:
            sample(cmds[name])
    log(f"  {built.n} tables, warm-up: {time.perf_counter() - started:.1f}s")
    for round_no in range(1, reps + 1):
        shift = round_no % len(names)
        order = names[shift:] + names[:shift]
        started = time.perf_counter()
        for name in order:
            got = sample(cmds[name])
            if got.error:
                log(f"    {name}: {got.error}")
            series[name].samples.append(got)
        log(f"  {built.n} tables, round {round_no}/{reps}: {time.perf_counter() - started:.1f}s")
    return series


def measure_tui(dsn: str, timeout: float) -> dict:
    cmd = [sys.executable, str(HERE / "tui.py"), "--dsn", dsn, "--json"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f}s"}
    if done.returncode != 0:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:])
        return {"error": f"failed: {tail}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Workbench benchmarks (SPEC section 12).")
    parser.add_argument(
        "--sizes",
        type=arguments.table_counts,
        default="100,1000,5000",
        help="table counts (default %(default)s)",
    )
    parser.add_argument(
        "--reps", type=arguments.positive_int, default=5, help="repetitions after the warm-up"
    )
    parser.add_argument(
        "--large-reps",
        type=arguments.positive_int,
        default=3,
        help="repetitions at 20,000 tables and more",
    )
    parser.add_argument("--out", default=str(HERE / "results" / "latest.md"))
    parser.add_argument("--state-dir", default=str(server.DEFAULT_STATE), help="server data")
    parser.add_argument("--no-refs", action="store_true", help="skip schemainspect and migra")
    parser.add_argument(
        "--refs-max",
        type=arguments.count,
        default=10**9,
        help="run schemainspect and migra up to this size",
    )
    parser.add_argument(
        "--diff-max",
        type=arguments.count,
        default=5000,
        help="measure the diff tools up to this size",
    )
    parser.add_argument("--tui-size", type=arguments.count, default=5000, help="0 to skip the TUI")
    parser.add_argument(
        "--timeout", type=arguments.positive_float, default=900.0, help="per measurement, seconds"
    )
    parser.add_argument("--keep-server", action="store_true", help="leave the server running")
    parser.add_argument(
        "--project-files",
        type=arguments.count,
        default=5,
        help="large project: migration files (0 skips the project)",
    )
    parser.add_argument(
        "--project-tables",
        type=arguments.count,
        default=1000,
        help="large project: tables per migration",
    )
    parser.add_argument(
        "--project-reps", type=arguments.positive_int, default=2, help="large project: rounds"
    )
    args = parser.parse_args(argv)
    if 0 < args.tui_size < arguments.MIN_TABLES:
        parser.error(f"--tui-size: 0, or at least {arguments.MIN_TABLES} tables")
    try:
        check_output(args.out, parents=True)
    except WorkbenchError as exc:
        parser.error(f"--out: {exc}")
    sizes = args.sizes
    started = time.time()
    machine = report.machine_description()
    machine["load_start"] = os.getloadavg()

    ref_python, ref_status = (None, "skipped (--no-refs)")
    if not args.no_refs:
        ref_python, ref_status = ensure_ref_venv()
        if ref_python is None:
            log(ref_status)

    commands.compile_package()
    pg, admin = server.start(Path(args.state_dir))
    results: list[SizeResult] = []
    tui: dict | None = None
    proj: dict | None = None
    failure: str | None = None
    try:
        for n in sizes:
            log(f"{n} tables: building or reusing the databases")
            built = generate.build(admin, n, drifted=n <= args.diff_max, log=log)
            reps = args.large_reps if n >= 20000 else args.reps
            result = SizeResult(n, built.seconds, built.reused, reps=reps)
            refs = ref_python if n <= args.refs_max else None
            pid = server.postmaster_pid(Path(args.state_dir))
            result.series = measure_size(built, refs, reps, args.timeout, pid, admin)
            results.append(result)
        if args.project_files and args.project_tables:
            log(f"project: {args.project_files} migrations × {args.project_tables} tables")
            series = project.measure_project(
                admin,
                files=args.project_files,
                per_file=args.project_tables,
                reps=args.project_reps,
                timeout=args.timeout,
                server_pid=server.postmaster_pid(Path(args.state_dir)),
                log=log,
            )
            proj = {"files": args.project_files, "per_file": args.project_tables, "series": series}
        if args.tui_size:
            log(f"TUI at {args.tui_size} tables")
            built = generate.build(admin, args.tui_size, drifted=False, log=log)
            tui = measure_tui(built.base_dsn, args.timeout)
            tui["size"] = args.tui_size
        machine["postgres"] = report.server_version(admin)
    except (Exception, KeyboardInterrupt) as exc:  # the partial results are still written
        failure = f"stopped by {type(exc).__name__}: {exc}"
        traceback.print_exc()
    finally:
        if not args.keep_server:
            pg.stop()
    machine["load_end"] = os.getloadavg()
    machine["minutes"] = (time.time() - started) / 60
    problems = ([failure] if failure else []) + report.failures(results, tui, proj)
    command = " ".join(["python benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])])
    text = report.render(
        results,
        tui=tui,
        project=proj,
        machine=machine,
        ref_status=ref_status,
        command=command,
        drift_edits=generate.DRIFT_EDITS,
        problems=problems,
    )
    out = Path(args.out)
    if problems:
        # A partial or failed run never replaces a results file.
        out = out.with_name(f"{out.stem}.incomplete{out.suffix}")
    write_output(out, text, parents=True)
    raw = report.raw(results, tui, machine, proj)
    write_output(out.with_suffix(".json"), json.dumps(raw, indent=1))
    print(text)
    if problems:
        log(f"the run is INCOMPLETE ({len(problems)} problem(s), first: {problems[0]});")
        log(f"wrote {out} instead of {args.out}, which is unchanged")
        return 1
    log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
