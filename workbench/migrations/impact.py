"""What a migration destroys or changes for people: the data it drops, the access it changes.

Both come from the schema diff of one migration (its before and after catalogs):

- `loss_candidates(before, after)`: tables dropped, columns dropped, columns whose
  type changed (renames, recognised by identical columns or position and type, are
  not losses); `count_losses(conn, candidates)` counts them on the data as it is
  before the migration runs, in ONE query: rows of a dropped table, non-null values
  of a dropped column, values the new type would reject;
- `access_delta(before, after)`: every (table, role, command) whose effective
  access (`workbench.rls.access`) changes state or admitting policies.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

from workbench.catalog.model import Catalog, Table
from workbench.rls.access import (
    BYPASS,
    COMMANDS,
    NO_POLICY,
    NO_PRIVILEGE,
    NO_RLS,
    Access,
    AccessModel,
)


@dataclass(frozen=True)
class LossCandidate:
    """Something a migration removes or converts, to be counted."""

    table: Table  # as it is before the migration
    column: str | None  # None: the whole table
    new_type: str | None = None  # for a type change: the new type


@dataclass(frozen=True)
class DataLoss:
    """Data a migration would destroy on the target."""

    relation: str  # schema.name
    column: str | None
    rows: int
    reason: str  # "table dropped" | "column dropped" | "type change to <type>"

    def to_json(self) -> dict:
        return {
            "relation": self.relation,
            "column": self.column,
            "rows": self.rows,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class AccessChange:
    """One (table, role, command) whose effective access changes."""

    table: str
    role: str
    command: str
    before: str
    after: str

    def to_json(self) -> dict:
        return {
            "table": self.table,
            "role": self.role,
            "command": self.command,
            "before": self.before,
            "after": self.after,
        }


def _signature(table: Table) -> tuple:
    return tuple((c.name, c.type) for c in table.columns)


def loss_candidates(before: Catalog, after: Catalog) -> list[LossCandidate]:
    """Dropped tables, dropped columns and type changes from `before` to `after`."""
    created = {_signature(t) for k, t in after.tables.items() if k not in before.tables}
    result = []
    for key, table in sorted(before.tables.items()):
        if table.kind == "foreign":
            continue  # its rows live on another server
        new = after.tables.get(key)
        if new is None:
            if _signature(table) not in created:  # else renamed
                result.append(LossCandidate(table, None))
            continue
        columns = {c.name: c for c in new.columns}
        added = {
            (c.position, c.type)
            for c in new.columns
            if c.name not in {old.name for old in table.columns}
        }
        for column in table.columns:
            if column.generated or column.inherited:
                continue
            now = columns.get(column.name)
            if now is None:
                if (column.position, column.type) not in added:  # else renamed
                    result.append(LossCandidate(table, column.name))
            elif now.type != column.type:
                result.append(LossCandidate(table, column.name, now.type))
    return result


def count_losses(conn: psycopg.Connection, candidates: list[LossCandidate]) -> list[DataLoss]:
    """Count the candidates on the data as it is now (one query); only non-zero losses."""
    checks_types = conn.info.server_version >= 160000  # pg_input_is_valid
    by_table: dict[str, list[LossCandidate]] = {}
    for candidate in candidates:
        if candidate.new_type is None or checks_types:
            by_table.setdefault(candidate.table.key, []).append(candidate)
    if not by_table:
        return []
    selects = []
    order: list[LossCandidate] = []
    for group in by_table.values():
        counts = []
        for candidate in group:
            order.append(candidate)
            if candidate.column is None:
                counts.append(sql.SQL("count(*)"))
            elif candidate.new_type is None:
                counts.append(sql.SQL("count({})").format(sql.Identifier(candidate.column)))
            else:
                counts.append(
                    sql.SQL(
                        "count(*) FILTER (WHERE {c} IS NOT NULL"
                        " AND NOT pg_input_is_valid({c}::text, {t}))"
                    ).format(c=sql.Identifier(candidate.column), t=sql.Literal(candidate.new_type))
                )
        table = group[0].table
        selects.append(
            sql.SQL("SELECT ARRAY[{}]::bigint[] FROM {}.{}").format(
                sql.SQL(", ").join(counts), sql.Identifier(table.schema), sql.Identifier(table.name)
            )
        )
    # UNION ALL keeps one row per table; tag each with its place to read them back in order
    tagged = [
        sql.SQL("SELECT {}::int, counts FROM ({}) AS s(counts)").format(sql.Literal(i), select)
        for i, select in enumerate(selects)
    ]
    rows = sorted(conn.execute(sql.SQL(" UNION ALL ").join(tagged)).fetchall())
    numbers = [n for _, counts in rows for n in counts]
    result = []
    for candidate, rows_lost in zip(order, numbers):
        if not rows_lost:
            continue
        if candidate.column is None:
            reason = "table dropped"
        elif candidate.new_type is None:
            reason = "column dropped"
        else:
            reason = f"type change to {candidate.new_type}"
        result.append(DataLoss(candidate.table.key, candidate.column, int(rows_lost), reason))
    return result


def access_state(access: Access) -> str:
    """ "bypass", "no grant", "no policy" or "policies: <admitting policies>"."""
    if access.verdict == NO_PRIVILEGE:
        return "no grant"
    if access.verdict in (BYPASS, NO_RLS):
        return "bypass"
    if access.verdict == NO_POLICY:
        return "no policy"
    return "policies: " + ", ".join(sorted(p.name for p in access.permissive))


def access_delta(before: Catalog, after: Catalog) -> list[AccessChange]:
    """Every (table, role, command) whose access state changes from `before` to `after`."""
    old, new = AccessModel(before), AccessModel(after)
    roles = list(dict.fromkeys(old.roles_of_interest() + new.roles_of_interest()))
    common = sorted(set(before.tables) & set(after.tables))
    if before.roles == after.roles and before.schemas == after.schemas:
        common = [k for k in common if before.tables[k] != after.tables[k]]
    changes = []
    for key in common:
        for role in roles:
            for command in COMMANDS:
                was = access_state(old.access(key, role, command))
                now = access_state(new.access(key, role, command))
                if was != now:
                    changes.append(AccessChange(key, role, command, was, now))
    return changes
