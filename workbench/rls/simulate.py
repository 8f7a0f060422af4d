"""Simulate a request: what a role with given JWT claims may read and change.

`simulate(dsn, catalog, subject, ...)` returns, per table, the static
explanation (which policies apply and why, the composed predicate with the
claims folded in) and the probes' answers (rows visible, rows an UPDATE or
DELETE would touch, whether a candidate row may be inserted, per-policy
attribution, and how a denial happened: `missing_grant` = permission denied,
`with_check` = a new row violates a policy, `filtered` = no row passes USING
although rows exist). Nothing survives: see `probes.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg

from workbench.catalog.model import Catalog
from workbench.db import connect
from workbench.rls.access import AccessModel
from workbench.rls.claims import SimulationError, Subject, input_error
from workbench.rls.explain import TableResult, explain_table
from workbench.rls.insert_probe import probe_insert
from workbench.rls.probes import (
    act_as,
    begin,
    finish,
    probe_select,
    probe_write,
    table_totals,
)
from workbench.supabase_env import MANAGED_SCHEMAS

DEFAULT_TIMEOUT = "5s"


@dataclass
class Simulation:
    """The answer for one subject over some tables."""

    subject: Subject
    tables: list[TableResult]
    notes: list[str] = field(default_factory=list)

    def table(self, key: str) -> TableResult | None:
        return next((t for t in self.tables if t.key == key), None)

    def to_json(self) -> dict[str, Any]:
        """SPEC 7: `{"role", "claims", "tables": [{"table", "bypass", "select": {...}, ...}]}`."""
        return {
            "role": self.subject.role,
            "claims": self.subject.claims,
            "source": self.subject.source,
            "notes": list(self.subject.notes) + self.notes,
            "tables": [t.to_json() for t in self.tables],
        }


def resolve_tables(catalog: Catalog, table: str | None) -> list[str]:
    """Table keys to simulate: one (`schema.name` or a unique `name`), or all project tables."""
    if table is None:
        return sorted(k for k, t in catalog.tables.items() if t.schema not in MANAGED_SCHEMAS)
    if table in catalog.tables:
        return [table]
    if f"public.{table}" in catalog.tables:
        return [f"public.{table}"]  # like an unqualified name on the default search_path
    matches = [k for k, t in catalog.tables.items() if t.name == table]
    if len(matches) == 1:
        return matches
    if len(matches) > 1:
        raise SimulationError(f"table {table!r} is ambiguous: {', '.join(sorted(matches))}")
    raise SimulationError(f"unknown table {table!r}")


def check_row(catalog: Catalog, keys: list[str], row: dict[str, Any] | None) -> None:
    if not row:
        return
    if len(keys) != 1:
        raise input_error("{row} needs {table}: it is a candidate row for one table")
    table = catalog.tables[keys[0]]
    unknown = [k for k in row if table.column(k) is None]
    if unknown:
        raise input_error(
            "{row}: {key} has no column {columns}",
            key=keys[0],
            columns=", ".join(map(repr, unknown)),
        )


def read_filters_as_read(commands: dict) -> None:
    """An UPDATE's or DELETE's read filter is a SELECT policy: it admits the rows the SELECT
    probe counted for it (not the rows the write itself touched, which its own policies decide)."""
    read = {p.name: p.rows for p in commands["SELECT"].policies}
    for command in ("UPDATE", "DELETE"):
        for policy in commands[command].policies:
            if policy.for_command == "SELECT" and policy.name in read:
                policy.rows = read[policy.name]


def run_probes(
    conn: psycopg.Connection,
    catalog: Catalog,
    subject: Subject,
    keys: Sequence[str],
    *,
    row: dict[str, Any] | None = None,
    timeout: str = DEFAULT_TIMEOUT,
) -> Simulation:
    """Explain and probe on an open autocommit connection; always rolls back."""
    model = AccessModel(catalog)
    tables = [catalog.tables[k] for k in keys]
    results = [explain_table(model, t, subject) for t in tables]
    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        raise SimulationError("the simulation needs an idle connection")
    notes: list[str] = []
    try:
        begin(conn, subject, timeout)
        totals = table_totals(conn, tables)
        act_as(conn, subject.role)
        for table, result in zip(tables, results):
            total = totals.get(table.key)
            result.total_rows = total
            commands = result.commands
            probe_select(conn, table, commands["SELECT"])
            probe_write(conn, model, table, commands["UPDATE"], subject.role)
            probe_write(conn, model, table, commands["DELETE"], subject.role)
            probe_insert(conn, model, table, commands["INSERT"], subject.role, row or {})
            for command in ("SELECT", "UPDATE", "DELETE"):
                finish(commands[command], total)
            read_filters_as_read(commands)
    finally:
        if not conn.closed:
            conn.execute("ROLLBACK")
    return Simulation(subject, results, notes)


def simulate(
    dsn: str,
    catalog: Catalog,
    subject: Subject,
    *,
    table: str | None = None,
    row: dict[str, Any] | None = None,
    timeout: str = DEFAULT_TIMEOUT,
) -> Simulation:
    """Explain and probe `subject` on the tables of `catalog` (all, or `table`)."""
    keys = resolve_tables(catalog, table)
    check_row(catalog, keys, row)
    with connect(dsn, autocommit=True) as conn:
        return run_probes(conn, catalog, subject, keys, row=row, timeout=timeout)
