"""Table lock modes: what each blocks, and reading a transaction's locks and rewrites.

PostgreSQL's lock conflict table (the "Conflicting Lock Modes" table of the manual)
decides what a lock held by a migration blocks for other sessions: a plain SELECT
takes ACCESS SHARE, INSERT / UPDATE / DELETE take ROW EXCLUSIVE. `blocks(mode)`
answers with those four commands.

`held_locks(conn)` and `relation_files(conn)` are the two catalog reads taken after
each statement of a preview: the relation locks of this session and the
relfilenode of every user relation (a changed relfilenode is a rewrite).
`static_locks(statement)` is the fallback for statements that cannot run in a
transaction: the lock a statement of that kind takes, by its leading keywords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import psycopg

MODES = (
    "AccessShareLock",
    "RowShareLock",
    "RowExclusiveLock",
    "ShareUpdateExclusiveLock",
    "ShareLock",
    "ShareRowExclusiveLock",
    "ExclusiveLock",
    "AccessExclusiveLock",
)
STRENGTH = {mode: rank for rank, mode in enumerate(MODES)}

# mode -> the modes it conflicts with (symmetric; PostgreSQL manual, table 13.2)
_CONFLICTS: dict[str, frozenset[str]] = {
    "AccessShareLock": frozenset({"AccessExclusiveLock"}),
    "RowShareLock": frozenset({"ExclusiveLock", "AccessExclusiveLock"}),
    "RowExclusiveLock": frozenset(
        {"ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"}
    ),
    "ShareUpdateExclusiveLock": frozenset(MODES[3:]),
    "ShareLock": frozenset({"RowExclusiveLock", "ShareUpdateExclusiveLock"} | set(MODES[5:])),
    "ShareRowExclusiveLock": frozenset(MODES[2:]),
    "ExclusiveLock": frozenset(MODES[1:]),
    "AccessExclusiveLock": frozenset(MODES),
}

# the lock each everyday command takes on the table it reads or writes
COMMAND_MODES = {
    "SELECT": "AccessShareLock",
    "INSERT": "RowExclusiveLock",
    "UPDATE": "RowExclusiveLock",
    "DELETE": "RowExclusiveLock",
}

FIRST_USER_OID = 16384  # FirstNormalObjectId: below it, the system's own relations


def conflicts(a: str, b: str) -> bool:
    """Whether lock modes `a` and `b` conflict (held by two different sessions)."""
    return b in _CONFLICTS.get(a, frozenset())


def blocks(mode: str) -> tuple[str, ...]:
    """The commands of other sessions that wait while `mode` is held (in COMMAND_MODES order)."""
    return tuple(command for command, taken in COMMAND_MODES.items() if conflicts(mode, taken))


def strongest(modes) -> str | None:
    """The strongest of `modes` (None for none)."""
    return max(modes, key=lambda m: STRENGTH.get(m, -1), default=None)


@dataclass(frozen=True)
class Relation:
    """A user relation as the catalog names it."""

    oid: int
    name: str  # schema.name
    kind: str  # pg_class.relkind: r, p, i, I, m, S, v, f, t, c
    table_oid: int | None = None  # for an index: its table


_LOCKS_QUERY = """
-- the relation locks this session holds on the given relations: oid, schema, name,
-- relkind, the table of an index, mode
SELECT c.oid::bigint, n.nspname, c.relname, c.relkind::text, i.indrelid::bigint, l.mode
FROM pg_locks l
JOIN pg_class c ON c.oid = l.relation
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_index i ON i.indexrelid = c.oid
WHERE l.locktype = 'relation' AND l.granted AND l.pid = pg_backend_pid()
  AND l.relation = ANY(%(oids)s::oid[])
"""

_FILES_QUERY = """
-- user relations (all, or the given ones and the indexes of those): oid, its data file
-- (0 for views and partitioned tables), schema, name, relkind, the table of an index
SELECT c.oid::bigint, c.relfilenode::bigint, n.nspname, c.relname, c.relkind::text,
       i.indrelid::bigint
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_index i ON i.indexrelid = c.oid
WHERE c.oid >= %(first)s AND n.nspname NOT LIKE 'pg\\_%%' AND n.nspname <> 'information_schema'
  AND (%(oids)s::oid[] IS NULL OR c.oid = ANY(%(oids)s::oid[]) OR i.indrelid = ANY(%(oids)s::oid[]))
"""


def held_locks(
    conn: psycopg.Connection, oids: list[int]
) -> dict[int, tuple[Relation, frozenset[str]]]:
    """oid -> (relation, modes held) for this session's locks on the relations `oids`."""
    if not oids:
        return {}
    found: dict[int, tuple[Relation, set[str]]] = {}
    for oid, schema, name, kind, table_oid, mode in conn.execute(_LOCKS_QUERY, {"oids": oids}):
        entry = found.setdefault(oid, (Relation(oid, f"{schema}.{name}", kind, table_oid), set()))
        entry[1].add(mode)
    return {oid: (relation, frozenset(modes)) for oid, (relation, modes) in found.items()}


def relation_files(
    conn: psycopg.Connection, oids: list[int] | None = None
) -> dict[int, tuple[Relation, int]]:
    """oid -> (relation, relfilenode) for every user relation, or `oids` and their indexes."""
    if oids is not None and not oids:
        return {}
    return {
        oid: (Relation(oid, f"{schema}.{name}", kind, table_oid), filenode)
        for oid, filenode, schema, name, kind, table_oid in conn.execute(
            _FILES_QUERY, {"first": FIRST_USER_OID, "oids": oids}
        )
    }


def rewritten(
    before: dict[int, tuple[Relation, int]], after: dict[int, tuple[Relation, int]]
) -> list[Relation]:
    """Relations of `before` whose data file changed in `after`.

    A relation that keeps its oid gets a new relfilenode; an index rebuilt by
    `ALTER COLUMN ... TYPE` comes back under the same name with a new oid.
    Relations first seen in `after` were created, not rewritten.
    """
    result = []
    gone = {}
    for oid, (relation, filenode) in before.items():
        if oid in after:
            if filenode and after[oid][1] != filenode:
                result.append(after[oid][0])
        elif filenode:
            gone[(relation.name, relation.kind)] = relation
    if gone:
        for oid, (relation, filenode) in after.items():
            if oid not in before and filenode and (relation.name, relation.kind) in gone:
                result.append(relation)
    return sorted(result, key=lambda r: (r.kind not in "rpm", r.name))


# -- static analysis (statements that cannot run in a transaction) -----------------

_NAME = r'((?:"(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[\w$]+))?)'
_IF = r"(?:IF\s+(?:NOT\s+)?EXISTS\s+)?"
# (pattern, mode, group holding the relation name); first match wins
_STATIC = [
    (
        rf"CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:{_IF}{_NAME}\s+)?ON\s+(?:ONLY\s+)?{_NAME}",
        "ShareUpdateExclusiveLock",
        2,
    ),
    (
        rf"CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:{_IF}{_NAME}\s+)?ON\s+(?:ONLY\s+)?{_NAME}",
        "ShareLock",
        2,
    ),
    (rf"DROP\s+INDEX\s+CONCURRENTLY\s+{_IF}{_NAME}", "ShareUpdateExclusiveLock", 1),
    (
        rf"REINDEX\s+(?:\([^)]*\)\s*)?(?:INDEX|TABLE)\s+CONCURRENTLY\s+{_NAME}",
        "ShareUpdateExclusiveLock",
        1,
    ),
    (rf"REFRESH\s+MATERIALIZED\s+VIEW\s+CONCURRENTLY\s+{_NAME}", "ExclusiveLock", 1),
    (rf"REFRESH\s+MATERIALIZED\s+VIEW\s+{_NAME}", "AccessExclusiveLock", 1),
    (rf"VACUUM\s+(?:\([^)]*\bFULL\b[^)]*\)|FULL)\s*(?:\w+\s+)*?{_NAME}", "AccessExclusiveLock", 1),
    (
        rf"VACUUM\s+(?:\([^)]*\)\s*|(?:VERBOSE|ANALYZE|FREEZE)\s+)*{_NAME}",
        "ShareUpdateExclusiveLock",
        1,
    ),
    (
        rf"ALTER\s+TABLE\s+{_IF}(?:ONLY\s+)?{_NAME}\s+VALIDATE\s+CONSTRAINT",
        "ShareUpdateExclusiveLock",
        1,
    ),
    (
        rf"ALTER\s+TABLE\s+{_IF}(?:ONLY\s+)?{_NAME}\s+DETACH\s+PARTITION\s+\S+\s+CONCURRENTLY",
        "ShareUpdateExclusiveLock",
        1,
    ),
    (rf"ALTER\s+TABLE\s+{_IF}(?:ONLY\s+)?{_NAME}", "AccessExclusiveLock", 1),
    (rf"(?:DROP|TRUNCATE)\s+(?:TABLE\s+)?{_IF}(?:ONLY\s+)?{_NAME}", "AccessExclusiveLock", 1),
    (rf"CREATE\s+TRIGGER\s+.*?\s+ON\s+{_NAME}", "ShareRowExclusiveLock", 1),
    (rf"INSERT\s+INTO\s+{_NAME}", "RowExclusiveLock", 1),
    (rf"UPDATE\s+(?:ONLY\s+)?{_NAME}", "RowExclusiveLock", 1),
    (rf"DELETE\s+FROM\s+(?:ONLY\s+)?{_NAME}", "RowExclusiveLock", 1),
]
_STATIC_RE = [(re.compile(p, re.IGNORECASE | re.DOTALL), m, g) for p, m, g in _STATIC]
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)


def static_lock(sql: str) -> tuple[str, str] | None:
    """(relation as written, mode) the statement's kind takes, or None when it takes none."""
    text = " ".join(_COMMENTS.sub(" ", sql).split())
    for pattern, mode, group in _STATIC_RE:
        match = pattern.match(text)
        if match and match.group(group):
            return match.group(group), mode
    return None
