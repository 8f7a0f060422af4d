"""The round-trip property of every case, judged by `pg_dump --schema-only`, both directions.

FROM and TO are real databases; `diff --format sql`'s script is applied to
each (FROM -> TO, TO -> FROM) in one transaction, as a migration runs, and the
result must dump exactly like the other side (see `judge.py`) and read like it
(the differ sees nothing left). Each distinct base is built once per worker as a
template; a case's databases are copies of it.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from workbench.catalog.model import Catalog
from workbench.diff.differ import diff
from workbench.diff.sql import to_sql

from .cases import CASES, PENDING
from .conftest import apply, execute, read
from .histories import HISTORIES
from .judge import difference, dump, dump_while

# Cluster-wide roles outlive a database: created once, idempotently.
_ROLE = "CREATE ROLE wb_reader NOLOGIN;\n"
_ROLE_SAFE = (
    "DO $$ BEGIN CREATE ROLE wb_reader NOLOGIN; "
    "EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n"
)

# Cases the judge still fails: name -> reason (strict xfail).
JUDGED_PENDING: dict[str, str] = {**PENDING}


@pytest.fixture
def two_databases(pg_server) -> Iterator[tuple[str, str]]:
    names = [pg_server.new_database(prefix="wb_judge") for _ in range(2)]
    yield pg_server.dsn(names[0]), pg_server.dsn(names[1])
    for name in names:
        pg_server.drop(name)


@dataclass
class Side:
    """One side of a pair: its database, what the differ reads and what pg_dump prints."""

    dsn: str
    catalog: Catalog
    dumped: str


def side(dsn: str) -> Side:
    dumped, catalog = dump_while(dsn, lambda: read(dsn))
    return Side(dsn, catalog, dumped)


def _describe(changes) -> str:
    return "\n".join(f"{c.change} {c.kind} {c.object} {c.fields}" for c in changes)


def judge_pair(a: Side, b: Side, *, reread: bool = False) -> list[str]:
    """Apply diff(A, B) to A's database and diff(B, A) to B's (A and B hold different
    schemas); each result must dump like the other side (pg_dump, the neutral judge) and,
    with `reread`, read like it (the differ sees nothing left). Returns the failures with
    their scripts."""
    failures = []
    for label, src, dst in (("forward", a, b), ("backward", b, a)):
        script = to_sql(diff(src.catalog, dst.catalog), src.catalog, dst.catalog)
        try:
            apply(src.dsn, script)
        except AssertionError as exc:
            failures.append(f"{label}: script failed: {exc}")
            continue
        # the re-read (done while pg_dump runs) only counts when the dumps agree
        dumped, reread_catalog = dump_while(
            src.dsn, lambda dsn=src.dsn: read(dsn) if reread else None
        )
        left = difference(dumped, dst.dumped)
        if left:
            failures.append(f"{label}: pg_dump differs:\n{left}\n\nscript:\n{script.text()}")
            continue
        still = diff(reread_catalog, dst.catalog) if reread else []
        if still:
            failures.append(
                f"{label}: the differ still sees:\n{_describe(still)}\n\nscript:\n{script.text()}"
            )
    return failures


class BaseCache:
    """Each distinct base built once per worker into a template database, read and dumped
    once; a case's two databases are copies of it (a few recent bases are kept)."""

    KEEP = 4

    def __init__(self, pg_server) -> None:
        self.pg = pg_server
        self.built: OrderedDict[str, tuple[str, Catalog, str]] = OrderedDict()

    def get(self, base: str) -> tuple[str, Catalog, str]:
        if base in self.built:
            self.built.move_to_end(base)
            return self.built[base]
        name = self.pg.new_database(prefix="wb_jbase")
        execute(self.pg.dsn(name), base)
        # a template must have no connections when copied: read and dump close theirs
        entry = (name, read(self.pg.dsn(name)), dump(self.pg.dsn(name)))
        self.built[base] = entry
        while len(self.built) > self.KEEP:
            _, (old, _, _) = self.built.popitem(last=False)
            self.pg.drop(old)
        return entry

    def close(self) -> None:
        for name, _, _ in self.built.values():
            self.pg.drop(name)


@pytest.fixture(scope="module")
def bases(pg_server) -> Iterator[BaseCache]:
    cache = BaseCache(pg_server)
    yield cache
    cache.close()
    # the role some cases create outlives their databases: other tests create it again
    execute(pg_server.admin_dsn, "DROP ROLE IF EXISTS wb_reader;")


PARAMS = [
    pytest.param(
        *case,
        id=case[0],
        marks=[
            # a base is built once per worker: its cases run on one worker (--dist loadgroup)
            pytest.mark.xdist_group(f"judged-base-{zlib.crc32(case[1].encode())}"),
            *(
                [pytest.mark.xfail(reason=JUDGED_PENDING[case[0]], strict=True)]
                if case[0] in JUDGED_PENDING
                else []
            ),
        ],
    )
    # cases sharing a base run next to each other (and mostly on one worker)
    for case in sorted(CASES, key=lambda c: c[1])
]


@pytest.mark.parametrize(("name", "base", "change"), PARAMS)
def test_judged_by_pg_dump(pg_server, bases, name: str, base: str, change: str) -> None:
    """The round-trip property, judged by pg_dump and by the differ, both directions."""
    template, a_catalog, a_dump = bases.get(base.replace(_ROLE, _ROLE_SAFE))
    made = [pg_server.new_database(template=template, prefix="wb_judge") for _ in range(2)]
    try:
        a_dsn, b_dsn = (pg_server.dsn(n) for n in made)
        execute(b_dsn, change)
        b = side(b_dsn)
        assert diff(a_catalog, b.catalog), f"{name}: the change is not seen"
        failures = judge_pair(Side(a_dsn, a_catalog, a_dump), b, reread=True)
    finally:
        for n in made:
            pg_server.drop(n)
    assert not failures, f"{name}:\n" + "\n\n".join(failures)


def test_the_judge_sees_differences(two_databases) -> None:
    """Equal dumps agree; a column added fails the judge."""
    a_dsn, b_dsn = two_databases
    execute(a_dsn, "CREATE TABLE public.t (id int);")
    execute(b_dsn, "CREATE TABLE public.t (id int, n int);")
    assert difference(dump(a_dsn), dump(b_dsn))
    assert not difference(dump(a_dsn), dump(a_dsn))


HISTORY_PENDING: dict[str, str] = {}


@pytest.mark.parametrize(
    ("name", "steps"),
    [
        pytest.param(
            name,
            steps,
            id=name,
            marks=[pytest.mark.xfail(reason=HISTORY_PENDING[name], strict=True)]
            if name in HISTORY_PENDING
            else [],
        )
        for name, steps in HISTORIES
    ],
)
def test_history_judged_by_pg_dump(pg_server, name: str, steps: list[str]) -> None:
    """Every pair of points of a history, both directions (each pair on fresh copies)."""
    made: list[str] = []
    failures: list[str] = []
    try:
        points = []
        for i in range(len(steps)):
            db = pg_server.new_database(prefix="wb_hist")
            made.append(db)
            execute(pg_server.dsn(db), "\n".join(steps[: i + 1]))
            points.append(db)
        # each point read and dumped once; every pair judged on fresh copies of its points
        sides = [side(pg_server.dsn(p)) for p in points]
        for i in range(len(points)):
            for j in range(i + 1, len(points)):
                copies = []
                for k in (i, j):
                    copy = pg_server.new_database(template=points[k], prefix="wb_hist")
                    made.append(copy)
                    copies.append(Side(pg_server.dsn(copy), sides[k].catalog, sides[k].dumped))
                for failure in judge_pair(*copies):
                    failures.append(f"points {i} -> {j}: {failure}")
    finally:
        for db in made:
            pg_server.drop(db)
    assert not failures, f"{name}:\n" + "\n\n".join(failures)


def test_dropped_extension_leaves_only_init_privs(two_databases) -> None:
    """Dropping pgsodium (stand-in) revokes the USAGE its script granted on the shim's
    schema: the privileges then equal the target's. pg_dump still prints a REVOKE, because
    PostgreSQL keeps that grant in pg_init_privs (the schema is no extension member) and no
    SQL command removes it; that one line is all the judge sees (benchmarks/README.md)."""
    a_dsn, b_dsn = two_databases
    execute(b_dsn, "CREATE EXTENSION IF NOT EXISTS pgsodium;")
    a, b = read(a_dsn), read(b_dsn)
    script = to_sql(diff(b, a), b, a)
    assert "REVOKE USAGE ON SCHEMA pgsodium FROM pgsodium_keyiduser;" in script.sql_list()
    apply(b_dsn, script)
    assert diff(read(b_dsn), a) == []
    left = difference(dump(b_dsn), dump(a_dsn))
    assert left == "- REVOKE USAGE ON SCHEMA pgsodium FROM pgsodium_keyiduser;", left
