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

import gc
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg.conninfo import make_conninfo
from psycopg.pq import TransactionStatus
from psycopg.sql import SQL, Composed, Literal

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.catalog.model import Catalog

# The queries, in the order they run. Each is `queries/<name>.sql`.
QUERIES = (
    "schemas",
    "roles",
    "grants",
    "column_comments",
    "depend_objects",
    "depends",
    "columns",
    "constraints",
    "indexes",
    "triggers",
    "policies",
    "rules",
    "statistics",
    "relations",
    "foreign",
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
)


# Read on a second connection (same snapshot) in parallel with the others when
# `introspect(..., parallel=True)` opens its own transaction. The queries that deparse
# expressions of tables (CHECK constraints, index expressions and predicates, policies)
# open those tables, and a backend builds its cache entry of each table (attributes,
# constraints, policies parsed) once: they share one connection, so it is built once
# (policies with the others: 0.19 s less server CPU at 5,000 tables, cold). Cold costs
# at 5,000 tables: this lane ~0.84 s, the first one (the graph's rows first, then
# columns and the rest) ~0.6 s; the client builds while both read.
SECOND_CONNECTION = ("constraints", "indexes", "policies")
_GRAPH = ("depend_objects", "depends")  # skipped by `introspect(..., edges=False)`
_COUNTING = threading.Lock()
WORK_MEM = "64MB"  # for the introspection transaction only


class IntrospectionError(WorkbenchError):
    """The catalog could not be read."""


@dataclass
class IntrospectStats:
    """What one `introspect` call sent to the server (for tests and benchmarks)."""

    queries: int = 0  # every statement sent, BEGIN/ROLLBACK and settings included
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)  # rows per catalog query
    # seconds from the start until each query's rows were in
    timings: dict[str, float] = field(default_factory=dict)


def _version_fragments(version: int) -> dict[str, str]:
    """SQL fragments that differ between server versions (14 and later)."""
    pg15 = version >= 150000
    return {
        "conenforced": "c.conenforced" if version >= 180000 else "true",
        "nullsnotdistinct": "i.indnullsnotdistinct" if pg15 else "false",
        "keynullsnotdistinct": "ci.indnullsnotdistinct" if pg15 else "false",
        "conperiod": "c.conperiod" if version >= 180000 else "false",
        "nodelsetcols": "c.confdelsetcols IS NULL" if pg15 else "true",
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
        self.conn = conn
        # binary results: ints, arrays and bytea without text parsing (~1/3 less client CPU
        # to fetch than text at 5,000 tables)
        self.cur = conn.cursor(binary=True)
        self.stats = stats
        self.version = conn.info.server_version
        self.started = time.perf_counter()

    def statement(self, sql: str | Composed, params: dict | tuple | None = None) -> list[tuple]:
        with _COUNTING:  # two runners may share the stats
            self.stats.queries += 1
        self.cur.execute(sql, params, prepare=False)
        if not self.cur.description:
            return []
        return self.cur.fetchall()

    def query(self, name: str, params: dict) -> list[tuple]:
        rows = self.statement(query_text(name, self.version), params)
        self.stats.timings[name] = time.perf_counter() - self.started
        self.stats.rows[name] = len(rows)
        return rows


class _Prefetch:
    """Runs the catalog queries in background threads, one per connection.

    While the server works on a query (psycopg releases the GIL while it
    waits), the caller builds model objects from earlier rows. Each lane's
    queries run one after another on its connection, in its transaction; a
    second lane reads the same snapshot on its own connection, or, if that
    cannot be opened, on the first one once the first lane is done.
    """

    def __init__(
        self,
        run: _Runner,
        names: Sequence[str],
        params: dict,
        second: tuple[Callable[[], _Runner], Sequence[str]] | None = None,
    ) -> None:
        self._ready: dict[str, list[tuple]] = {}
        self._error: BaseException | None = None
        self._cond = threading.Condition()
        self.second: _Runner | None = None
        first = [n for n in names if second is None or n not in second[1]]
        self._threads = [self._start(self._produce, run, first, params)]
        if second is not None:
            opener, more = second
            self._threads.append(self._start(self._produce_second, opener, run, more, params))

    @staticmethod
    def _start(target: Callable, *args: object) -> threading.Thread:
        thread = threading.Thread(target=target, args=args, name="introspect", daemon=True)
        thread.start()
        return thread

    def _produce(self, run: _Runner, names: Sequence[str], params: dict) -> None:
        try:
            for name in names:
                rows = run.query(name, params)
                with self._cond:
                    self._ready[name] = rows
                    self._cond.notify_all()
        except BaseException as exc:  # handed to the consumer, re-raised there
            with self._cond:
                self._error = self._error or exc
                self._cond.notify_all()

    def _produce_second(
        self, opener: Callable[[], _Runner], first: _Runner, names: Sequence[str], params: dict
    ) -> None:
        try:
            run = self.second = opener()
        except (psycopg.Error, OSError):  # no second connection: the first one, afterwards
            self._threads[0].join()
            run = first
        self._produce(run, names, params)

    def ready(self, *names: str) -> bool:
        """Whether the rows of all `names` are in (without waiting)."""
        with self._cond:
            return all(name in self._ready for name in names)

    def rows(self, name: str) -> list[tuple]:
        """The rows of query `name` (each asked for once)."""
        with self._cond:
            while name not in self._ready and self._error is None:
                self._cond.wait()
            if name in self._ready:
                return self._ready.pop(name)
            raise self._error  # type: ignore[misc]

    def close(self) -> None:
        """Wait until no query is running (the connections are free again)."""
        for thread in self._threads:
            thread.join()


def introspect(
    conn: psycopg.Connection,
    schemas: Sequence[str] | None = None,
    *,
    stats: IntrospectStats | None = None,
    parallel: bool = False,
    edges: bool = True,
    pool: dict | None = None,
    ready: Callable[[str, Any], None] | None = None,
) -> Catalog:
    """Read the catalog of the database behind `conn`.

    `schemas` limits the schemas read (default: every non-system schema).
    On an idle connection this opens its own `REPEATABLE READ READ ONLY`
    transaction and ends it afterwards; inside an open transaction (for example
    a migration preview that will roll back) it reads in that transaction,
    uncommitted changes included, and leaves the transaction open.

    `parallel` (own transaction only): the queries of SECOND_CONNECTION run on a
    second connection that reads the same exported snapshot (`pg_dump -j` does
    so), in parallel with the others: the same catalog, sooner.

    `edges=False` skips the dependency-graph queries (`depend_objects`, `depends`):
    `Catalog.dependencies` is then empty (for readers that never use it).

    `pool`: one dict given to the introspections of catalogs that will be compared
    (they may run at the same time): their equal members, grants and columns are then
    one object each, compared by identity (the differ's member comparisons ~0.05 s at
    5,000 tables) and held once.

    `ready(field, value)` is called with each field of the Catalog as soon as it is built
    (in `snapshot.FIELD_ORDER`), while later ones are still being read: `workbench
    snapshot` writes each part meanwhile.
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
    # Building a large catalog makes ~10^5 objects and no cycles: skip the
    # collector's repeated passes over them.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        if own:
            conn.autocommit = True
            run.statement("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        settings = run.statement(_SETTINGS, (WORK_MEM,))[0]
        saved = settings[:3]
        catalog = _read(
            run,
            list(schemas) if schemas is not None else None,
            own and parallel,
            edges,
            pool,
            ready,
            frozenset(settings[-1] or ()),
        )
        if not own:
            run.statement(
                "SELECT set_config('search_path', %s, true), set_config('work_mem', %s, true),"
                " set_config('max_parallel_workers_per_gather', %s, true)",
                saved,
            )
    finally:
        if own:
            if conn.info.transaction_status != TransactionStatus.IDLE and not conn.closed:
                stats.queries += 1
                conn.execute("ROLLBACK")
            conn.autocommit = saved_autocommit
        run.cur.close()
        if gc_was_enabled:
            gc.enable()
        stats.seconds = time.perf_counter() - started
    return catalog


# search_path: deparsed text must not depend on the session's; work_mem: sorts of wide
# rows (definitions) should not spill to disk; no parallel workers: each would start a
# process and warm its own catalog caches (~0.2 s of server CPU at 5,000 tables) while
# the two connections and the client already keep the cores busy.
# Last, the server's keywords that quote_ident() quotes (those not unreserved): the
# client quotes names as this server does where it writes definitions itself.
_SETTINGS = (
    "SELECT current_setting('search_path'), current_setting('work_mem'),"
    " current_setting('max_parallel_workers_per_gather'),"
    " set_config('search_path', 'pg_catalog', true),"
    " set_config('work_mem', %s, true),"
    " set_config('max_parallel_workers_per_gather', '0', true),"
    " (SELECT array_agg(word::text) FROM pg_get_keywords() WHERE catcode <> 'U')"
)


def _conninfo(conn: psycopg.Connection) -> str:
    """The connection string `conn` was opened with (password included: PQconninfo)."""
    options = {o.keyword.decode(): o.val.decode() for o in conn.pgconn.info if o.val is not None}
    return make_conninfo("", **options)


def _second_runner(first: _Runner, snapshot_id: str) -> _Runner:
    """A runner on a new connection whose transaction reads `first`'s exported snapshot."""
    conn = psycopg.connect(_conninfo(first.conn), autocommit=True)
    try:
        run = _Runner(conn, first.stats)
        run.statement("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        run.statement(SQL("SET TRANSACTION SNAPSHOT {}").format(Literal(snapshot_id)))
        run.statement(_SETTINGS, (WORK_MEM,))
    except BaseException:
        conn.close()
        raise
    return run


def _read(
    run: _Runner,
    schemas: list[str] | None,
    parallel: bool = False,
    edges: bool = True,
    pool: dict | None = None,
    ready: Callable[[str, Any], None] | None = None,
    keywords: frozenset[str] = frozenset(),
) -> Catalog:
    """Run the catalog queries and build the Catalog (`keywords`: the server's, that
    quote_ident() quotes).

    The schema query runs first (the others take its namespace oids); the rest
    run in a background thread, one after another, and each result is turned
    into model objects while the server works on the next query.
    """
    version = run.version
    schema_rows = run.query("schemas", {"schemas": schemas})
    params = {"nsp": [row[0] for row in schema_rows]}
    names = QUERIES[1:] if edges else [n for n in QUERIES[1:] if n not in _GRAPH]
    second = None
    if parallel:
        (snapshot_id,) = run.statement("SELECT pg_export_snapshot()")[0]
        lane = [n for n in SECOND_CONNECTION if n in names]
        second = (lambda: _second_runner(run, snapshot_id), lane)
    fetch = _Prefetch(run, names, params, second)
    # The model and its builders are imported once the server is at work: a command
    # that reads a catalog first imports them here, beside the queries (start-up time).
    from workbench.catalog import introspect_build as build
    from workbench.catalog.introspect_depends import dependencies
    from workbench.catalog.introspect_foreign import foreign, with_column_options
    from workbench.catalog.introspect_members import MEMBER_KINDS, Members
    from workbench.catalog.model import Catalog

    try:
        role_rows = fetch.rows("roles")
        m = Members(
            fetch.rows("grants"),
            fetch.rows("column_comments"),
            {r[-1]: r[0] for r in role_rows},
            pool,
            keywords,
        )
        graph: list[tuple] = []

        def map_graph(wait: bool) -> tuple | None:
            """The dependency edges (they need the columns' names), mapped as soon as the
            graph's rows are in (while the other lane still reads), else at the end."""
            if edges and not graph and (wait or fetch.ready("depends", "depend_objects")):
                graph.append(
                    dependencies(
                        fetch.rows("depends"),
                        fetch.rows("depend_objects"),
                        {row[0]: row[1] for row in schema_rows},
                        m.attnames,
                        m.defaults,
                    )
                )
            return graph[0] if graph else None

        late = [kind for kind in MEMBER_KINDS if kind in SECOND_CONNECTION]

        def build_late(waiting_for: str | None) -> None:
            """Build the second lane's members, in order (indexes after constraints, which
            name their backing indexes; all after the columns): all of them, or, when about
            to wait for query `waiting_for`, those whose rows are in meanwhile."""
            while late and (
                waiting_for is None
                or ("columns" in m.by_rel and not fetch.ready(waiting_for) and fetch.ready(late[0]))
            ):
                kind = late.pop(0)
                m.add(kind, fetch.rows(kind))

        def rows(name: str) -> list[tuple]:
            if not graph and "columns" in m.by_rel:
                map_graph(wait=False)
            build_late(waiting_for=name)
            return fetch.rows(name)

        parts: dict[str, Any] = {}

        def done(name: str, value: Any) -> None:
            parts[name] = value
            if ready is not None:
                ready(name, value)

        # Parts are finished in snapshot.FIELD_ORDER, so that `ready` can write each at
        # once. The first connection's rows first: the second's (constraints, indexes,
        # policies) later.
        done("schemas", build.schemas(schema_rows, m))
        for kind in MEMBER_KINDS:
            if kind not in SECOND_CONNECTION:
                m.add(kind, rows(kind))
        wrappers, servers, mappings, column_options = foreign(rows("foreign"))
        done("functions", build.functions(rows("functions"), m))
        done("enums", build.enums(rows("enums")))
        done("domains", build.domains(rows("domains")))
        done("range_types", build.ranges(rows("ranges")))
        done("collations", build.collations(rows("collations")))
        done("sequences", build.sequences(rows("sequences"), m))
        done("extensions", build.extensions(rows("extensions")))
        done("event_triggers", build.event_triggers(rows("event_triggers")))
        done("publications", build.publications(rows("publications")))
        done("default_privileges", build.default_privileges(rows("default_privileges")))
        done("roles", build.roles(role_rows))
        done("server_version", f"{version // 10000}.{version % 10000}")
        done("dependencies", map_graph(wait=True) if edges else ())
        done("foreign_data_wrappers", wrappers)
        done("foreign_servers", servers)
        done("user_mappings", mappings)
        relation_rows = rows("relations")
        build_late(waiting_for=None)
        tables, views, composites = build.relations(relation_rows, m)
        if column_options:
            tables = with_column_options(tables, column_options)
        done("tables", tables)
        done("views", views)
        done("composite_types", composites)
        return Catalog(**parts)
    finally:
        fetch.close()
        if fetch.second is not None:
            fetch.second.conn.close()  # ends its transaction
