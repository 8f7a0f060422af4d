"""Read a Catalog from PostgreSQL with a fixed number of set-based catalog queries.

`introspect(conn, schemas)` runs one query per catalog concern (the files in
`catalog/queries/`, each starting with a comment saying what it returns) in a
single read-only REPEATABLE READ transaction, so the result is one consistent
picture, and the number of queries never depends on the size of the schema.

Conventions of the result:

- Deparsed text (`format_type`, `pg_get_*def`, `pg_get_expr`) is produced with
  `search_path = pg_catalog`, so every user object in a definition is
  schema-qualified (like pg_dump) and two introspections compare exactly,
  whatever the session's search_path.
- Privileges: an object whose ACL is NULL (PostgreSQL's built-in defaults: the
  owner holds everything; for functions PUBLIC may also EXECUTE, for types
  PUBLIC has USAGE) has `grants == ()`. An explicit ACL is listed entry by entry,
  the owner's own privileges included. So `()` on a function means "PUBLIC can
  execute it", while an explicit list without `PUBLIC` means it cannot.
- NOT NULL: `Column.not_null` is the truth. PostgreSQL 18's named NOT NULL
  constraints (contype `n`) appear as constraints only when NOT VALID.
- Left out: system schemas, objects that belong to an extension, internal
  triggers and the trigger/foreign-key/index copies PostgreSQL maintains on
  partitions (the latter are kept, flagged `inherited`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import psycopg
from psycopg.pq import TransactionStatus

from workbench.catalog import introspect_build as build
from workbench.catalog.model import Catalog
from workbench.errors import WorkbenchError

# The queries, in the order they run. Each is `queries/<name>.sql`.
QUERIES = (
    "schemas",
    "relations",
    "columns",
    "constraints",
    "indexes",
    "triggers",
    "policies",
    "rules",
    "statistics",
    "grants",
    "functions",
    "enums",
    "domains",
    "ranges",
    "collations",
    "sequences",
    "extensions",
    "event_triggers",
    "publications",
    "default_privileges",
    "roles",
)


class IntrospectionError(WorkbenchError):
    """The catalog could not be read."""


@dataclass
class IntrospectStats:
    """What one `introspect` call sent to the server (for tests and benchmarks)."""

    queries: int = 0  # every statement sent, BEGIN/ROLLBACK and settings included
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)  # rows per catalog query
    timings: dict[str, float] = field(default_factory=dict)  # seconds per catalog query


def _version_fragments(version: int) -> dict[str, str]:
    """SQL fragments that differ between server versions (14 and later)."""
    pg15 = version >= 150000
    return {
        "conenforced": "con.conenforced" if version >= 180000 else "true",
        "colllocale": (
            "c.colllocale" if version >= 170000 else "c.colliculocale" if pg15 else "NULL::text"
        ),
        "body": (
            "CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) "
            "ELSE p.prosrc END"
        ),
        "relextra": (
            "COALESCE(' (' || (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)"
            " FROM unnest(pr.prattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)"
            " JOIN pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = k.attnum) || ')', '')"
            " || COALESCE(' WHERE (' || pg_get_expr(pr.prqual, pr.prrelid) || ')', '')"
            if pg15
            else "''"
        ),
        "pubschemas": (
            "SELECT pn.pnpubid, array_agg(n.nspname ORDER BY n.nspname) AS names"
            " FROM pg_publication_namespace pn JOIN pg_namespace n ON n.oid = pn.pnnspid"
            " GROUP BY pn.pnpubid"
            if pg15
            else "SELECT 0::oid AS pnpubid, '{}'::name[] AS names WHERE false"
        ),
    }


@cache
def query_text(name: str, version: int = 180000) -> str:
    """The SQL of catalog query `name`, adapted to the server version."""
    text = (
        resources.files("workbench.catalog").joinpath("queries", f"{name}.sql").read_text("utf-8")
    )
    for key, fragment in _version_fragments(version).items():
        text = text.replace("{" + key + "}", fragment)
    return text


class _Runner:
    """Sends statements on one cursor and keeps the count."""

    def __init__(self, conn: psycopg.Connection, stats: IntrospectStats) -> None:
        self.cur = conn.cursor()
        self.stats = stats
        self.version = conn.info.server_version

    def statement(self, sql: str, params: dict | tuple | None = None) -> list[tuple]:
        self.stats.queries += 1
        self.cur.execute(sql, params, prepare=False)
        return self.cur.fetchall() if self.cur.description else []

    def query(self, name: str, params: dict) -> list[tuple]:
        start = time.perf_counter()
        rows = self.statement(query_text(name, self.version), params)
        self.stats.timings[name] = time.perf_counter() - start
        self.stats.rows[name] = len(rows)
        return rows


def introspect(
    conn: psycopg.Connection,
    schemas: Sequence[str] | None = None,
    *,
    stats: IntrospectStats | None = None,
) -> Catalog:
    """Read the catalog of the database behind `conn`.

    `schemas` limits the schemas read (default: every non-system schema).
    On an idle connection this opens its own `REPEATABLE READ READ ONLY`
    transaction and ends it afterwards; inside an open transaction (for example
    a migration preview that will roll back) it reads in that transaction,
    uncommitted changes included, and leaves the transaction open.
    """
    stats = stats if stats is not None else IntrospectStats()
    started = time.perf_counter()
    status = conn.info.transaction_status
    if status == TransactionStatus.INERROR:
        raise IntrospectionError("cannot read the catalog: the current transaction is aborted")
    if status not in (TransactionStatus.IDLE, TransactionStatus.INTRANS):
        raise IntrospectionError("cannot read the catalog: the connection is busy")
    own = status == TransactionStatus.IDLE
    saved_autocommit = conn.autocommit
    run = _Runner(conn, stats)
    try:
        if own:
            conn.autocommit = True
            run.statement("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        (old_path,) = run.statement(
            "SELECT current_setting('search_path'), set_config('search_path', 'pg_catalog', true)"
        )[0][:1]
        catalog = _read(run, list(schemas) if schemas is not None else None)
        if not own:
            run.statement("SELECT set_config('search_path', %s, true)", (old_path,))
    finally:
        if own:
            if conn.info.transaction_status != TransactionStatus.IDLE and not conn.closed:
                stats.queries += 1
                conn.execute("ROLLBACK")
            conn.autocommit = saved_autocommit
        run.cur.close()
        stats.seconds = time.perf_counter() - started
    return catalog


def _read(run: _Runner, schemas: list[str] | None) -> Catalog:
    version = run.version
    schema_rows = run.query("schemas", {"schemas": schemas})
    nsp = [row[0] for row in schema_rows]
    p = {"nsp": nsp}
    rel_rows = run.query("relations", p)
    members = build.Members(
        columns=run.query("columns", p),
        constraints=run.query("constraints", p),
        indexes=run.query("indexes", p),
        triggers=run.query("triggers", p),
        policies=run.query("policies", p),
        rules=run.query("rules", p),
        statistics=run.query("statistics", p),
        grants=run.query("grants", p),
    )
    function_rows = run.query("functions", p)
    enum_rows = run.query("enums", p)
    domain_rows = run.query("domains", p)
    range_rows = run.query("ranges", p)
    collation_rows = run.query("collations", p)
    sequence_rows = run.query("sequences", p)
    extension_rows = run.query("extensions", p)
    event_trigger_rows = run.query("event_triggers", p)
    publication_rows = run.query("publications", p)
    default_privilege_rows = run.query("default_privileges", p)
    role_rows = run.query("roles", p)

    index = members.index()
    tables, views, composites = build.relations(rel_rows, index)
    return Catalog(
        schemas=build.schemas(schema_rows, index),
        tables=tables,
        views=views,
        functions=build.functions(function_rows, index),
        enums=build.enums(enum_rows),
        domains=build.domains(domain_rows),
        sequences=build.sequences(sequence_rows, index),
        extensions=build.extensions(extension_rows),
        composite_types=composites,
        range_types=build.ranges(range_rows),
        collations=build.collations(collation_rows),
        event_triggers=build.event_triggers(event_trigger_rows),
        publications=build.publications(publication_rows),
        default_privileges=build.default_privileges(default_privilege_rows),
        roles=build.roles(role_rows),
        server_version=f"{version // 10000}.{version % 10000}",
    )
