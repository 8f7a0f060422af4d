"""A large project: 5 migrations of 1,000 tables each, driven through the CLI.

The project folder (`benchmarks/.cache/project_<files>x<tables>/`, git-ignored)
holds `migrations/0000N_part_N.sql`: the first starts with the benchmark
schema's prologue (schemas, enums, the hub table), and each adds 1,000 tables
of the synthetic schema (`generate.table_sql`). Every round, interleaved:

- `up --yes` on a fresh database (with the Supabase shim, as a Supabase
  project has) applies all five;
- `status` on the migrated database;
- `diff --from migrations --to db --format sql` the first time (the cached
  replay template dropped beforehand, so the migrations are replayed) and a
  second time (the template reused);
- `snapshot -o FILE` of the same database, for the ratio.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from psycopg import sql

from benchmarks import commands, generate
from benchmarks.sampling import Series, run_sample
from workbench.db import connect, create_database, drop_database, install_supabase_shim
from workbench.db import with_database as at

HERE = Path(__file__).resolve().parent
STEPS = ("up", "status", "diff_first", "diff_cached", "snapshot")
DB_NAME = "bench_project"


def write_project(root: Path, files: int, per_file: int) -> Path:
    """Write (or keep) the project folder; returns it."""
    total = files * per_file
    migrations = root / "migrations"
    migrations.mkdir(parents=True, exist_ok=True)
    (root / "workbench.toml").write_text("supabase = true\n", "utf-8")
    for k in range(files):
        path = migrations / f"{k + 1:05d}_part_{k + 1}.sql"
        if path.exists():
            continue
        body = generate.prologue_sql(total) if k == 0 else ""
        start = k * per_file + 1
        body += "".join(generate.table_sql(i, total) for i in range(start, start + per_file))
        tmp = path.with_suffix(".tmp")
        tmp.write_text(body, "utf-8")
        tmp.replace(path)
    return root


def fresh_target(admin_dsn: str) -> str:
    """An empty database with the Supabase shim (what a new Supabase project is)."""
    drop_database(admin_dsn, DB_NAME)
    create_database(admin_dsn, DB_NAME, template="template0")
    dsn = at(admin_dsn, DB_NAME)
    with connect(dsn, autocommit=True) as conn:
        install_supabase_shim(conn)
    return dsn


def drop_templates(admin_dsn: str) -> None:
    """Drop the cached replays (`wb_shadow_tpl_*`), so the next drift check replays."""
    with connect(admin_dsn, autocommit=True) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE 'wb\\_shadow\\_%'"
            )
        ]
    for name in names:
        with connect(admin_dsn, autocommit=True) as conn:
            conn.execute(
                sql.SQL("ALTER DATABASE {} IS_TEMPLATE false").format(sql.Identifier(name))
            )
        drop_database(admin_dsn, name)


def measure_project(
    admin_dsn: str,
    *,
    files: int,
    per_file: int,
    reps: int,
    timeout: float,
    server_pid: int | None,
    log: Callable[[str], None],
) -> dict[str, Series]:
    root = write_project(HERE / ".cache" / f"project_{files}x{per_file}", files, per_file)
    series = {step: Series() for step in STEPS}

    def run(step: str, *args: str, ok: tuple[int, ...] = (0,)) -> None:
        cmd = commands.workbench(*args, "--project", str(root))
        sample = run_sample(
            cmd, reports_json=False, timeout=timeout, server_pid=server_pid, ok_codes=ok
        )
        if sample.error:
            log(f"    project {step}: {sample.error}")
        series[step].samples.append(sample)

    for round_no in range(1, reps + 1):
        started = time.perf_counter()
        dsn = fresh_target(admin_dsn)
        drop_templates(admin_dsn)
        run("up", "up", "--yes", "--dsn", dsn)
        run("status", "status", "--dsn", dsn)
        run("snapshot", "snapshot", "--dsn", dsn, "-o", str(root / "snapshot.json"))
        diff = ("diff", "--from", "migrations", "--to", "db", "--format", "sql", "--dsn", dsn)
        run("diff_first", *diff, ok=(0, 1))
        run("diff_cached", *diff, ok=(0, 1))
        log(f"  project round {round_no}/{reps}: {time.perf_counter() - started:.1f}s")
    drop_templates(admin_dsn)
    drop_database(admin_dsn, DB_NAME)
    return series
