"""Convergence on real histories, judged by `pg_dump --schema-only`.

For each project directory (a Supabase CLI layout: `supabase/migrations/*.sql`),
the database is built with `workbench up` at up to four points of its history
(the empty start and three evenly spaced prefixes), then for every pair of
points in both directions `workbench diff --from A --to B --format sql` is run,
the script is applied (one transaction, psql) to a copy of A, and the copy is
compared with B by the neutral judge (`tests/diff/judge.py`). Nothing is
downloaded: the projects are local directories.

With `--downs K`, each project's last K migrations are then applied one at a time
and rolled back one at a time with `workbench down` (their generated downs, as
none of them has a down section): after each step back, pg_dump must equal the
dump taken before that migration was applied.

Usage: python benchmarks/real_histories.py [--downs K] DIR [DIR ...]   (or a parent of
project dirs). Prints one line per pair and `N of M pairs converge`; exit 1 when some
do not.
"""

from __future__ import annotations

import argparse
import itertools
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from workbench.db import connect, with_database

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.diff.judge import difference, dump, pg_dump_bin  # noqa: E402

POINTS = 4
# bookkeeping of `workbench up`: not there at point 0, and never diffed
BOOKKEEPING = ("--exclude-schema=workbench", "--exclude-schema=supabase_migrations")


def wb(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli.main", "--project", str(project), *args],
        capture_output=True,
        text=True,
        timeout=900,
    )


def points_of(count: int) -> list[int]:
    """Prefix lengths: 0 (empty) and up to POINTS-1 evenly spaced, ending with all."""
    steps = POINTS - 1
    return sorted({0, *(math.ceil(count * k / steps) for k in range(1, steps + 1))})


def projects(paths: list[Path]) -> list[Path]:
    out = []
    for p in paths:
        if (p / "supabase" / "migrations").is_dir():
            out.append(p)
        else:
            out += sorted(d for d in p.iterdir() if (d / "supabase" / "migrations").is_dir())
    return out


def first_line(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return (lines[0] if lines else "")[:200]


def run_downs(src: Path, last: int) -> tuple[int, int, list[str]]:
    """(downs that restore the schema, downs tried, failure lines) for the last migrations."""
    files = sorted((src / "supabase" / "migrations").glob("*.sql"))
    work = Path(tempfile.mkdtemp(prefix="wbdown_"))
    project = work / "p"
    shutil.copytree(src / "supabase", project / "supabase")
    first = max(0, len(files) - last)
    failures: list[str] = []
    ok = tried = 0
    try:
        url = wb(project, "db", "url")
        if url.returncode != 0:
            return 0, 0, [f"{src.name}: db url failed: {first_line(url.stderr)}"]
        dsn = url.stdout.strip().splitlines()[0]
        wb(project, "db", "reset")
        dumps: list[str] = []
        for n in range(first, len(files) + 1):
            if n:
                version = files[n - 1].name.split("_", 1)[0]
                up = wb(project, "up", "--yes", "--to", version)
                if up.returncode != 0:
                    return 0, 0, [f"{src.name}: up to {n} failed: {first_line(up.stderr)}"]
            dumps.append(dump(dsn, *BOOKKEEPING))
        for n in range(len(files), first, -1):
            tried += 1
            label = f"{src.name} down {files[n - 1].name}"
            down = wb(project, "down", "--yes", "--steps", "1")
            if down.returncode != 0:
                failures.append(f"{label}: down failed: {first_line(down.stderr + down.stdout)}")
                break
            left = difference(dump(dsn, *BOOKKEEPING), dumps[n - 1 - first])
            if left:
                failures.append(f"{label}: pg_dump differs: " + " | ".join(left.splitlines()[:3]))
                break
            ok += 1
        return ok, tried, failures
    finally:
        wb(project, "db", "stop")
        shutil.rmtree(work, ignore_errors=True)


def run_project(src: Path) -> tuple[int, int, list[str]]:
    """(converged pairs, pairs, failure lines) for one project."""
    files = sorted((src / "supabase" / "migrations").glob("*.sql"))
    work = Path(tempfile.mkdtemp(prefix="wbhist_"))
    project = work / "p"
    shutil.copytree(
        src / "supabase", project / "supabase", ignore=shutil.ignore_patterns("migrations")
    )
    (project / "supabase" / "migrations").mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    made: list[str] = []
    admin = ""
    try:
        url = wb(project, "db", "url")
        if url.returncode != 0:
            return 0, 0, [f"{src.name}: db url failed: {first_line(url.stderr)}"]
        dsn = url.stdout.strip().splitlines()[0]
        admin = with_database(dsn, "postgres")
        dbname = conninfo_to_dict(dsn)["dbname"]
        points: dict[int, str] = {}
        for n in points_of(len(files)):
            wb(project, "db", "reset")
            for f in files[:n]:
                shutil.copy(f, project / "supabase" / "migrations" / f.name)
            up = wb(project, "up", "--yes")
            if up.returncode != 0:
                failures.append(f"{src.name}: up to {n} failed: {first_line(up.stderr)}")
                break
            name = f"wbpt_{n}"
            _copy(admin, dbname, name)
            made.append(name)
            points[n] = name
        dumps = {n: dump(with_database(admin, db), *BOOKKEEPING) for n, db in points.items()}
        pairs = ok = 0
        for i, j in itertools.permutations(sorted(points), 2):
            pairs += 1
            problem = _judge_pair(project, admin, points[i], points[j], dumps[j], work)
            label = f"{src.name} {i}->{j}"
            if problem:
                failures.append(f"{label}: {problem}")
            else:
                ok += 1
        return ok, pairs, failures
    finally:
        for name in made + ["wbpt_copy"]:
            if admin:
                _drop(admin, name)
        wb(project, "db", "stop")
        shutil.rmtree(work, ignore_errors=True)


def _drop(admin: str, name: str) -> None:
    with connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _copy(admin: str, source: str, name: str) -> None:
    """name := a fresh copy of database source."""
    _drop(admin, name)
    with connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(source)
            )
        )


def _judge_pair(project: Path, admin: str, a: str, b: str, want: str, work: Path) -> str:
    out = work / "diff.sql"
    done = wb(
        project,
        "diff",
        "--from",
        with_database(admin, a),
        "--to",
        with_database(admin, b),
        "--format",
        "sql",
    )
    if done.returncode not in (0, 1):
        return f"diff failed: {first_line(done.stderr)}"
    out.write_text(done.stdout)
    _copy(admin, a, "wbpt_copy")
    copy = with_database(admin, "wbpt_copy")
    psql = str(pg_dump_bin()).replace("pg_dump", "psql")
    ran = subprocess.run(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", str(out), copy],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if ran.returncode != 0:
        return f"script failed: {first_line(ran.stderr)}"
    left = difference(dump(copy, *BOOKKEEPING), want)
    if left:
        return "pg_dump differs: " + " | ".join(left.splitlines()[:3])[:300]
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--downs", type=int, default=0, metavar="K")
    args = parser.parse_args()
    total_ok = total = 0
    for project in projects(args.paths):
        if args.downs:
            ok, pairs, failures = run_downs(project, args.downs)
        else:
            ok, pairs, failures = run_project(project)
        total_ok += ok
        total += pairs
        print(f"{project.name}: {ok}/{pairs}", flush=True)
        for line in failures:
            print(f"  FAIL {line}", flush=True)
    print(f"{total_ok} of {total} {'downs restore' if args.downs else 'pairs converge'}")
    return 0 if total_ok == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
