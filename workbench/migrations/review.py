"""What each statement of a preview locks, rewrites and blocks, and which are dangerous.

A `Tracer` runs the statements of a preview one by one inside its rolled-back
transaction and, after each, reads the session's relation locks and the
relfilenodes of the user relations (`locks.py`): two catalog queries per
statement. It reports the locks newly taken on relations that existed before the
preview (the strongest mode per relation; an index's lock only when stronger than
its table's), the tables and indexes rewritten, the duration, and what those
locks block for other sessions, with the table's estimated rows and size.

Markers are neutral codes with a relation; `ADVICE` says in a sentence what to do
instead where a safer form exists. The views phrase the rest.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import psycopg

from workbench.catalog.model import Catalog
from workbench.migrations import locks as lk
from workbench.migrations.execute import statement_error
from workbench.migrations.split import Statement

LARGE_TABLE_ROWS = 10_000  # estimated rows above which an ACCESS EXCLUSIVE lock is dangerous
LARGE_TABLE_BYTES = 10 * 1024 * 1024  # ... or this size (table, indexes and TOAST)
SLOW_STATEMENT_MS = 500.0  # a statement this slow while a strong lock is held keeps it held

DANGERS = ("exclusive_large", "rewrite", "held_lock")
ADVICE = {
    "create_index_concurrently": (
        "use CREATE INDEX CONCURRENTLY in a migration of its own marked "
        "'-- workbench:no-transaction' (it does not block writes)"
    ),
    "not_valid": (
        "add the constraint with NOT VALID, then VALIDATE CONSTRAINT in a later migration "
        "(validation does not block reads or writes)"
    ),
    "volatile_default": (
        "add the column without a volatile default (or with a constant one), then fill it "
        "in batches"
    ),
    "type_change": ("add a column of the new type, backfill it in batches, then swap the columns"),
    "set_not_null": (
        "add CHECK (column IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, then SET NOT NULL "
        "(no table scan under the exclusive lock)"
    ),
    "lock_timeout": (
        "SET lock_timeout first, so waiting for the lock cannot queue every other session "
        "behind this statement"
    ),
}


@dataclass(frozen=True)
class LockTaken:
    """A lock a statement took on a relation that exists on the target."""

    relation: str  # schema.name
    mode: str  # pg_locks mode, e.g. AccessExclusiveLock
    rows: int | None = None  # estimated rows on the target (None: unknown)
    size_bytes: int | None = None

    @property
    def blocks(self) -> tuple[str, ...]:
        return lk.blocks(self.mode)

    @property
    def large(self) -> bool:
        return (self.rows or 0) > LARGE_TABLE_ROWS or (self.size_bytes or 0) > LARGE_TABLE_BYTES

    def to_json(self) -> dict:
        return {
            "relation": self.relation,
            "mode": self.mode,
            "blocks": list(self.blocks),
            "rows": self.rows,
            "size_bytes": self.size_bytes,
        }


@dataclass(frozen=True)
class Marker:
    """A danger (`DANGERS`) or a safer form (`ADVICE`) for one statement."""

    code: str
    relation: str | None = None
    ms: float | None = None  # held_lock: how long the lock stays held by this statement

    @property
    def danger(self) -> bool:
        return self.code in DANGERS

    @property
    def advice(self) -> str | None:
        return ADVICE.get(self.code)

    def to_json(self) -> dict:
        return {"code": self.code, "relation": self.relation, "advice": self.advice}


@dataclass
class StatementReview:
    """One statement of a preview: where, what, how long, what it locked and rewrote."""

    line: int
    command: str  # the command tag, e.g. ALTER TABLE
    sql: str
    duration_ms: float
    locks: tuple[LockTaken, ...] = ()
    rewrites: tuple[str, ...] = ()
    rewritten_tables: tuple[str, ...] = ()  # the tables among `rewrites`
    held: tuple[LockTaken, ...] = ()  # a lock its kind takes, already held from earlier
    static: bool = False  # locks read from the statement's kind, not from the server
    markers: list[Marker] = field(default_factory=list)
    lock_timeout: bool = True  # a lock_timeout was in effect when it ran

    @property
    def blocks(self) -> tuple[str, ...]:
        """What other sessions wait for while this statement's locks are held."""
        held = {c for lock in self.locks for c in lock.blocks}
        return tuple(c for c in lk.COMMAND_MODES if c in held)

    @property
    def dangerous(self) -> bool:
        return any(m.danger for m in self.markers)

    def to_json(self) -> dict:
        return {
            "line": self.line,
            "command": self.command,
            "duration_ms": round(self.duration_ms, 3),
            "locks": [lock.to_json() for lock in self.locks],
            "rewrites": list(self.rewrites),
            "blocks": list(self.blocks),
            "static": self.static,
            "markers": [m.to_json() for m in self.markers],
        }


def table_sizes(catalog: Catalog) -> dict[str, tuple[int | None, int | None]]:
    """schema.name -> (estimated rows, size in bytes) of every table of `catalog`."""
    return {key: (t.estimated_rows, t.size_bytes) for key, t in catalog.tables.items()}


def _tag(status: str | None, statement: Statement) -> str:
    """The command tag without its row counts (`UPDATE 8` -> `UPDATE`)."""
    words = (status or "").split()
    while words and words[-1].isdigit():
        words.pop()
    return " ".join(words) or " ".join(statement.keywords[:2])


class Tracer:
    """Runs a preview's statements one at a time and records what each one took."""

    def __init__(self, conn: psycopg.Connection, sizes: dict) -> None:
        self.conn = conn
        self.sizes = sizes
        self.files = lk.relation_files(conn)
        self.existing = set(self.files)  # oids that exist on the target
        self.locks = lk.held_locks(conn, self._watched())

    def _watched(self) -> list[int]:
        """The relations whose locks and files are read after each statement."""
        return sorted(self.existing)

    def _execute(self, statement: Statement) -> tuple[str, float]:
        start = time.monotonic()
        try:
            cursor = self.conn.execute(statement.sql)  # no parameters: `%` is sent as is
        except psycopg.Error as exc:
            raise statement_error(statement, exc) from exc
        return _tag(cursor.statusmessage, statement), (time.monotonic() - start) * 1000

    def _taken(self, before: dict, after: dict) -> list[LockTaken]:
        new: dict[int, tuple[lk.Relation, str]] = {}
        for oid, (relation, modes) in after.items():
            added = modes - before.get(oid, (None, frozenset()))[1]
            if oid in self.existing and added:
                new[oid] = (relation, lk.strongest(added))
        self._measure(
            [r for r, _ in new.values() if self.sizes.get(r.name, (None, None))[1] is None]
        )
        result = []
        for relation, mode in new.values():
            if relation.kind in "iIS" and not lk.blocks(mode):
                continue  # the index and sequence locks that come with a table's
            if relation.table_oid in after:
                table_mode = lk.strongest(after[relation.table_oid][1])
                if lk.STRENGTH[table_mode] >= lk.STRENGTH.get(mode, 0):
                    continue
            rows, size = self.sizes.get(relation.name, (None, None))
            result.append(LockTaken(relation.name, mode, rows, size))
        return sorted(result, key=lambda x: (-lk.STRENGTH.get(x.mode, 0), x.relation))

    def run(self, statement: Statement) -> StatementReview:
        """Execute `statement` and read what it locked and rewrote."""
        command, duration = self._execute(statement)
        watched = self._watched()
        locks_after = lk.held_locks(self.conn, watched)
        files_after = lk.relation_files(self.conn, watched)
        before = {o: v for o, v in self.files.items() if o in self.existing}
        rewrites = lk.rewritten(before, files_after)
        self.existing.update(r.oid for r in rewrites)
        review = StatementReview(
            line=statement.line,
            command=command,
            sql=statement.sql,
            duration_ms=duration,
            locks=tuple(self._taken(self.locks, locks_after)),
            rewrites=tuple(r.name for r in rewrites),
            rewritten_tables=tuple(r.name for r in rewrites if r.kind in "rpm"),
        )
        if not review.locks:
            review.held = self._already_held(statement, locks_after)
        if review.blocks or review.held:
            setting = self.conn.execute("SELECT current_setting('lock_timeout')").fetchone()[0]
            review.lock_timeout = setting not in ("0", "")
        self.locks, self.files = locks_after, files_after
        return review

    def run_static(self, original: Statement, runnable: Statement) -> StatementReview:
        """A statement that runs outside a transaction: its kind's lock, not the server's."""
        found = lk.static_lock(original.sql)
        taken: tuple[LockTaken, ...] = ()
        if found is not None:
            relation = self._resolve(found[0])
            if relation is not None:
                name = relation.name
                if self.sizes.get(name, (None, None))[1] is None:
                    self._measure([relation])
                rows, size = self.sizes.get(name, (None, None))
                taken = (LockTaken(name, found[1], rows, size),)
        if original.keywords[:1] in (("VACUUM",), ("CHECKPOINT",)):
            # they cannot run in a transaction block and change no schema: not previewed
            command, duration = original.keywords[0], 0.0
        else:
            command, duration = self._execute(runnable)
        self.resync()
        return StatementReview(
            line=original.line,
            command=command,
            sql=original.sql,
            duration_ms=duration,
            locks=taken,
            static=True,
        )

    def _already_held(self, statement: Statement, after: dict) -> tuple[LockTaken, ...]:
        """The lock the statement's kind takes when an earlier statement already holds it."""
        found = lk.static_lock(statement.sql)
        if found is None:
            return ()
        written = _unquote(found[0])
        for oid, (relation, modes) in after.items():
            if oid not in self.existing or not _same_name(written, relation.name):
                continue
            mode = lk.strongest(modes)
            if lk.STRENGTH[mode] >= lk.STRENGTH[found[1]]:
                rows, size = self.sizes.get(relation.name, (None, None))
                return (LockTaken(relation.name, mode, rows, size),)
        return ()

    def _measure(self, relations: list[lk.Relation]) -> None:
        """Size of relations the catalog had no estimate for (never analyzed), one query."""
        if not relations:
            return
        rows = self.conn.execute(
            "SELECT c.oid::bigint, c.reltuples, pg_total_relation_size(c.oid)"
            " FROM pg_class c WHERE c.oid = ANY(%s)",
            ([r.oid for r in relations],),
        ).fetchall()
        names = {r.oid: r.name for r in relations}
        for oid, tuples, size in rows:
            self.sizes[names[oid]] = (int(tuples) if tuples >= 0 else None, size)

    def resync(self) -> None:
        """Read the locks and files again (after statements ran untraced)."""
        watched = self._watched()
        self.locks = lk.held_locks(self.conn, watched)
        self.files = lk.relation_files(self.conn, watched)

    def _resolve(self, written: str) -> lk.Relation | None:
        """The relation a name as written in a statement refers to (None when unknown)."""
        try:
            with self.conn.transaction():
                row = self.conn.execute(
                    "SELECT c.oid::bigint, n.nspname || '.' || c.relname, c.relkind::text"
                    " FROM pg_class c"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE c.oid = to_regclass(%s)",
                    (written,),
                ).fetchone()
        except psycopg.Error:
            return None
        return lk.Relation(*row) if row else None


def _unquote(written: str) -> tuple[str, ...]:
    """`public."My Table"` -> ("public", "My Table"); unquoted parts fold to lower case."""
    parts = re.findall(r'"((?:[^"]|"")+)"|([^."\s]+)', written)
    return tuple(q.replace('""', '"') if q else p.lower() for q, p in parts)


def _same_name(written: tuple[str, ...], qualified: str) -> bool:
    schema, _, name = qualified.partition(".")
    return written == (schema, name) or written == (name,)


# -- markers ---------------------------------------------------------------------------

_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)


def _words(sql: str) -> str:
    return " ".join(_COMMENTS.sub(" ", sql).upper().split())


def _safer_form(review: StatementReview) -> str | None:
    """The ADVICE code for a statement whose blocking lock has a safer form."""
    text = _words(review.sql)
    if re.match(r"CREATE (UNIQUE )?INDEX (?!CONCURRENTLY)", text):
        return "create_index_concurrently"
    if not text.startswith("ALTER TABLE"):
        return None
    tables = set(review.rewrites)
    if re.search(r"\bADD (CONSTRAINT \S+ )?(FOREIGN KEY|CHECK)\b|\bREFERENCES\b", text) and (
        "NOT VALID" not in text
    ):
        return "not_valid"
    if re.search(r"\b(ALTER (COLUMN )?\S+ (SET DATA )?TYPE)\b", text) and tables:
        return "type_change"
    if re.search(r"\bADD (COLUMN )?", text) and tables:
        return "volatile_default"
    if re.search(r"\bSET NOT NULL\b", text):
        return "set_not_null"
    return None


def mark(statements: list[StatementReview]) -> None:
    """Attach danger and advice markers to the statements of one migration (in order)."""
    held: dict[str, str] = {}  # strong locks taken by earlier statements: relation -> mode
    for review in statements:
        markers: list[Marker] = []
        if review.duration_ms >= SLOW_STATEMENT_MS and held:
            relation = max(held, key=lambda r: lk.STRENGTH[held[r]])
            markers.append(Marker("held_lock", relation, round(review.duration_ms)))
        for lock in review.locks:
            if lock.mode == "AccessExclusiveLock" and lock.large:
                markers.append(Marker("exclusive_large", lock.relation))
        # one marker per rewritten table (its indexes come with it); indexes alone otherwise
        for name in review.rewritten_tables or review.rewrites:
            markers.append(Marker("rewrite", name))
        blocking = [lock for lock in review.locks + review.held if lock.blocks]
        if blocking:
            safer = _safer_form(review)
            if safer is not None:
                markers.append(Marker(safer, blocking[0].relation))
            if not review.lock_timeout and review.locks and not review.static:
                markers.append(Marker("lock_timeout", blocking[0].relation))
        for lock in blocking if not review.static else ():  # autocommit: locks end with it
            if lk.STRENGTH[lock.mode] > lk.STRENGTH.get(held.get(lock.relation, ""), -1):
                held[lock.relation] = lock.mode
        review.markers = markers


@dataclass
class MigrationReview:
    """The review of one migration of a preview (in the preview's order)."""

    statements: list[StatementReview] = field(default_factory=list)
    static: bool = False  # runs without a transaction: locks from the statements' kinds
    data_loss: list = field(default_factory=list)  # impact.DataLoss
    access: list = field(default_factory=list)  # impact.AccessChange

    def to_json(self) -> dict:
        return {
            "static": self.static,
            "statements": [s.to_json() for s in self.statements],
            "data_loss": [d.to_json() for d in self.data_loss],
            "access": [a.to_json() for a in self.access],
        }
