"""The static half of a simulation: which policies apply to a subject, and why.

For each table and command: the effective access (privilege, bypass, the
policies that apply and those that contribute nothing), the composed predicate
as PostgreSQL builds it, and the same predicate with the subject's claims
folded in (`auth.uid()` replaced by the user's id, and so on). No database is
needed: this is computed from the Catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.catalog.model import Catalog, Table
from workbench.rls.access import COMMANDS, Access, AccessModel, AppliedPolicy
from workbench.rls.claims import Subject
from workbench.rls.fold import fold_claims


@dataclass
class PolicyResult:
    """One policy's part in a command, with what the probe measured for it."""

    name: str
    permissive: bool
    clause: str  # "USING" | "WITH CHECK" | "WITH CHECK (USING reused)"
    expression: str | None
    folded: str | None
    for_command: str  # the command whose policies it belongs to ("SELECT" for the read filter)
    note: str | None = None  # why it contributes nothing
    rows: int | None = None  # rows it admits among those the command sees (None: not measured)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "permissive": self.permissive,
            "command": self.for_command,
            "clause": self.clause,
            "expression": self.expression,
            "folded": self.folded,
            "rows": self.rows,
            "note": self.note,
        }


@dataclass
class CommandResult:
    """A command on a table for the subject: the explanation, then the probe's answer."""

    command: str
    access: Access
    predicate: str | None  # composed USING (SELECT/UPDATE/DELETE) or WITH CHECK (INSERT)
    folded: str | None
    policies: list[PolicyResult] = field(default_factory=list)
    probed: bool = False
    allowed: bool = False
    rows: int = 0
    denial: str | None = None  # "missing_grant" | "with_check" | "filtered" | "error"
    error: str | None = None  # PostgreSQL's message
    sqlstate: str | None = None
    note: str | None = None
    statement: str | None = None  # the probe, as run

    def to_json(self) -> dict:
        return {
            "allowed": self.allowed,
            "rows": self.rows,
            "policies": [p.to_json() for p in self.policies],
            "denial": self.denial,
            "error": self.error,
            "sqlstate": self.sqlstate,
            "explanation": self.access.summary,
            "predicate": self.predicate,
            "folded_predicate": self.folded,
            "privilege": self.access.privilege,
            "note": self.note,
        }


@dataclass
class TableResult:
    table: Table
    bypass: str | None
    commands: dict[str, CommandResult]
    total_rows: int | None = None  # rows in the table (read as the session user)

    @property
    def key(self) -> str:
        return self.table.key

    def to_json(self) -> dict:
        out = {
            "table": self.key,
            "bypass": self.bypass is not None,
            "bypass_reason": self.bypass,
            "total_rows": self.total_rows,
        }
        for command in COMMANDS:
            out[command.lower()] = self.commands[command].to_json()
        return out


def _policy_results(
    applied: tuple[AppliedPolicy, ...], command: str, subject: Subject
) -> list[PolicyResult]:
    out = []
    for p in applied:
        if command == "INSERT":
            expression = p.check
            clause = "WITH CHECK (USING reused)" if p.check_from_using else "WITH CHECK"
        else:
            expression, clause = p.using, "USING"
        folded = fold_claims(expression, subject.claims, subject.role) if expression else None
        out.append(
            PolicyResult(
                name=p.name,
                permissive=p.permissive,
                clause=clause,
                expression=expression,
                folded=folded,
                for_command=command,
                note=p.note,
            )
        )
    return out


def explain_table(model: AccessModel, table: Table, subject: Subject) -> TableResult:
    """The static explanation of every command on `table` for `subject`."""
    commands = {}
    select_access = model.access(table, subject.role, "SELECT")
    for command in COMMANDS:
        access = (
            select_access if command == "SELECT" else model.access(table, subject.role, command)
        )
        predicate = access.check if command == "INSERT" else access.using
        folded = fold_claims(predicate, subject.claims, subject.role) if predicate else None
        policies = _policy_results(access.policies, command, subject)
        if command in ("UPDATE", "DELETE") and access.verdict not in ("bypass", "no-rls"):
            # An API UPDATE/DELETE filters (WHERE, RETURNING): SELECT policies apply too.
            policies += _policy_results(select_access.policies, "SELECT", subject)
        commands[command] = CommandResult(
            command=command, access=access, predicate=predicate, folded=folded, policies=policies
        )
    bypass = model.bypass(table, subject.role)
    return TableResult(table=table, bypass=bypass, commands=commands)


def explain(catalog: Catalog, subject: Subject, tables: list[str]) -> list[TableResult]:
    """Static explanations for the given table keys."""
    model = AccessModel(catalog)
    return [explain_table(model, catalog.tables[key], subject) for key in tables]
