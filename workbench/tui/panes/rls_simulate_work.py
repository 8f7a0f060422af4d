"""The RLS pane's simulate panel: whom to simulate, the engine calls, and how answers read.

The functions that touch the database (`load_users`, `run_simulation`) run in
the pane's thread workers and return plain data; the messages below carry it to
the UI thread. The renderers turn a `TableResult` into per-command lines and
across-all-tables cells; database text is always literal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text
from textual.message import Message
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from workbench.catalog.model import Catalog
from workbench.db import connect
from workbench.rls.access import PUBLIC, SUPABASE_ROLES, AccessModel
from workbench.rls.claims import (
    NO_USER,
    SimulationError,
    Subject,
    list_users,
    parse_claims,
    resolve_subject,
)
from workbench.rls.explain import CommandResult, TableResult
from workbench.rls.rls_report import RlsReport
from workbench.rls.simulate import Simulation, run_probes
from workbench.tui.panes.base import Pane

CUSTOM = "custom"
USER_PREFIX = "user:"
ROLE_PREFIX = "role:"
COMMAND_ORDER = ("SELECT", "INSERT", "UPDATE", "DELETE")

# -- messages -----------------------------------------------------------------


@dataclass
class ReportReady(Message):
    """The RLS report and access model of a catalog were computed."""

    catalog: Catalog
    report: RlsReport
    model: AccessModel


@dataclass
class UsersLoaded(Message):
    """Users of `auth.users` to simulate (id, email), or why they could not be listed."""

    users: list[dict[str, Any]]
    error: str | None = None


@dataclass(frozen=True)
class SimRequest:
    """What to simulate: a subject choice, on some tables; `serial` ties it to a subject."""

    serial: int
    choice: str
    claims_text: str
    keys: tuple[str, ...]
    across: bool = False


@dataclass
class SimulationReady(Message):
    request: SimRequest
    simulation: Simulation


@dataclass
class SimulationFailed(Message):
    request: SimRequest
    error: str
    subject: bool = False  # the subject itself is wrong (bad claims, unknown role or user)


class SubjectError(SimulationError):
    """The chosen subject cannot be simulated; retrying on another table will not help."""


# -- whom to simulate ---------------------------------------------------------


class SubjectSelect(Select):
    """The subject Select. Its list opens upwards, inside the pane: the simulate panel sits
    at the bottom of the pane, and a list opening downwards would cover the footer."""

    MAX_ROWS = 12

    def _watch_expanded(self, expanded: bool) -> None:
        super()._watch_expanded(expanded)
        if expanded:
            self.call_after_refresh(self._place_overlay)

    def _place_overlay(self) -> None:
        overlay = self.query_one(SelectOverlay)
        pane = next((a for a in self.ancestors if isinstance(a, Pane)), None)
        top = pane.region.y if pane is not None else self.screen.region.y
        room = max(1, self.region.y - top)
        rows = max(1, min(overlay.option_count, self.MAX_ROWS, room))
        overlay.styles.max_height = rows
        overlay.styles.offset = (0, -(rows + 1))  # from just under the select to just above it


def subject_options(
    model: AccessModel | None, users: list[dict[str, Any]]
) -> list[tuple[Text, str]]:
    """(prompt, value) for the subject Select: presets, each user, other roles, custom claims."""
    roles = set(model.catalog.roles) if model is not None else set()

    def known(role: str) -> bool:
        return not roles or role in roles

    options: list[tuple[Text, str]] = []
    if known("anon"):
        options.append((Text.assemble("anon", ("  the anon key, nobody signed in", "dim")), "anon"))
    if known("authenticated"):
        for user in users:
            label = Text(str(user.get("email") or user["id"]))
            label.append(f"  authenticated · {str(user['id'])[:8]}…", style="dim")
            options.append((label, USER_PREFIX + str(user["id"])))
        options.append(
            (
                Text.assemble("authenticated", ("  signed in, no user: auth.uid() is NULL", "dim")),
                "authenticated",
            )
        )
    if known("service_role"):
        options.append(
            (
                Text.assemble("service_role", ("  the service key (bypasses RLS)", "dim")),
                "service_role",
            )
        )
    if model is not None:
        for role in model.roles_of_interest():
            if role in SUPABASE_ROLES or role == PUBLIC or not known(role):
                continue
            if model.role(role).superuser:
                continue  # bypasses everything: nothing to learn
            options.append((Text.assemble(("role ", "dim"), role), ROLE_PREFIX + role))
    options.append((Text.assemble("custom claims", ("  JWT claims as JSON", "dim")), CUSTOM))
    return options


def resolve(catalog: Catalog, conn, choice: str, claims_text: str) -> Subject:
    """The Subject for a Select value (custom claims: their `role`, else authenticated)."""
    if choice.startswith(USER_PREFIX):
        return resolve_subject(catalog, conn, user=choice[len(USER_PREFIX) :])
    if choice.startswith(ROLE_PREFIX):
        return resolve_subject(catalog, conn, role=choice[len(ROLE_PREFIX) :])
    if choice == CUSTOM:
        if not claims_text.strip():
            raise SimulationError(
                'type JWT claims as JSON, e.g. {"sub": "…", "role": "authenticated"}'
            )
        claims = parse_claims(claims_text)
        role = claims.get("role") if isinstance(claims.get("role"), str) else "authenticated"
        return resolve_subject(catalog, conn, role=role, claims=claims)
    return resolve_subject(catalog, conn, role=choice)


# -- engine calls (worker threads) --------------------------------------------


def load_users(dsn: str) -> list[dict[str, Any]]:
    with connect(dsn, read_only=True, statement_timeout="10s") as conn:
        return list_users(conn)


def run_simulation(
    dsn: str, catalog: Catalog, request: SimRequest, subject: Subject | None
) -> Simulation:
    """Resolve the subject (unless given) and probe the request's tables; always rolled back."""
    with connect(dsn, autocommit=True) as conn:
        if subject is None:
            try:
                subject = resolve(catalog, conn, request.choice, request.claims_text)
            except SimulationError as exc:
                raise SubjectError(str(exc)) from None
        keys = [k for k in request.keys if k in catalog.tables]
        return run_probes(conn, catalog, subject, keys)


# -- rendering ----------------------------------------------------------------


def subject_line(subject: Subject) -> Text:
    """Role, who, and the claims `auth.uid()` / `auth.jwt()` will read (one line)."""
    line = Text("role ", style="dim")
    line.append(subject.role, style="bold")
    if subject.user_id:
        line.append(" · sub ", style="dim")
        line.append(subject.user_id)
    line.append(" · claims ", style="dim")
    line.append(json.dumps(subject.claims, ensure_ascii=False), style="dim")
    line.no_wrap, line.overflow = True, "ellipsis"
    return line


def subject_notes(subject: Subject) -> list[Text]:
    notes = []
    for note in subject.notes:
        if note == NO_USER:  # here users are picked from the list
            note += "; pick a user from auth.users (s) to act as one"
        notes.append(Text(f"note: {note}", style="yellow"))
    return notes


def claims_text(subject: Subject) -> Text:
    return Text("claims " + json.dumps(subject.claims, ensure_ascii=False), style="dim")


def _names(policies) -> str:
    return ", ".join(p.name for p in policies)


def _rows(n: int, total: int | None) -> str:
    if total is None:
        return f"{n} row{'' if n == 1 else 's'}"
    return f"{n} of {total} row{'' if total == 1 else 's'}"


def outcome(result: CommandResult, total: int | None) -> tuple[Text, Text]:
    """(what happened, why) for one command, the three denial modes told apart."""
    command, access = result.command, result.access
    own = [p for p in result.policies if p.for_command == command and p.note is None]
    if result.denial == "missing_grant" or access.verdict == "no-privilege":
        return (
            Text("✗ denied", style="bold red"),
            Text(f"permission denied: {access.role} has no {command} grant"),
        )
    if result.denial == "with_check":
        failing = [p for p in own if p.rows == 0]
        blame = [p for p in failing if not p.permissive] or failing
        if access.verdict == "no-policy" or not own:
            why = f"no {command} policy admits new rows for {access.role} (WITH CHECK)"
        else:
            why = f"denied by WITH CHECK of {_names(blame or own)}"
        return Text("✗ denied", style="bold red"), Text(why)
    if result.denial == "filtered":
        if access.verdict == "no-policy":
            why = f"no {command} policy for {access.role}: every row silently filtered"
        else:
            why = f"USING of {_names(own) or 'the policies'} admits none of the rows"
        return Text(f"✗ {_rows(0, total)}", style="yellow"), Text(why)
    if result.denial == "error" or (result.error and not result.allowed):
        return Text("✗ error", style="bold red"), Text(result.error or "the probe failed")
    if not result.allowed:
        return Text("✗ not allowed", style="red"), Text(access.summary)
    if access.verdict == "bypass":
        why = Text(f"bypasses RLS ({access.bypass})", style="magenta")
    elif access.verdict == "no-rls":
        why = Text("RLS disabled: no policy is checked", style="red")
    elif command == "INSERT":
        passing = [p for p in own if p.rows] or own
        why = Text(f"passes WITH CHECK of {_names(passing)}")
    else:
        why = Text(", ".join(f"{p.name} ({p.rows})" if p.rows is not None else p.name for p in own))
    if command == "INSERT":
        return Text("✓ allowed", style="green"), why
    style = "green" if result.rows else "dim"
    if access.verdict in ("bypass", "no-rls") and result.rows:
        style = "bold magenta" if access.verdict == "bypass" else "bold red"
    return Text(f"✓ {_rows(result.rows, total)}", style=style), why


def table_result(result: TableResult) -> RenderableType:
    """Per-command results for one table, then the folded read predicate."""
    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for command in COMMAND_ORDER:
        what, why = outcome(result.commands[command], result.total_rows)
        grid.add_row(command, what, why)
    parts: list[RenderableType] = [grid]
    select = result.commands["SELECT"]
    if select.folded and select.access.verdict == "policies":
        where = Text("reads where ", style="dim")
        where.append(" ".join(select.folded.split()), style="cyan")
        where.no_wrap, where.overflow = True, "ellipsis"
        parts.append(where)
    insert = result.commands["INSERT"]
    if insert.note and insert.probed:
        parts.append(
            Text(f"insert probe: {insert.note}", style="dim", no_wrap=True, overflow="ellipsis")
        )
    return Group(*parts)


def explanation(result: TableResult, subject: Subject) -> RenderableType:
    """Why, per command: the verdict, the predicate with the claims folded in, each policy's part."""
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    for command in COMMAND_ORDER:
        r = result.commands[command]
        lines: list[Text] = [Text(r.access.summary)]
        if r.access.privilege_via and r.access.verdict != "no-privilege":
            lines.append(Text("privilege: " + "; ".join(r.access.privilege_via), style="dim"))
        if r.folded and r.access.verdict == "policies":
            label = "check " if command == "INSERT" else "where "
            lines.append(Text.assemble((label, "dim"), (" ".join(r.folded.split()), "cyan")))
        for p in r.policies:
            if p.note is not None and p.for_command != command:
                continue
            item = Text("· ")
            item.append(p.name, style="bold")
            if not p.permissive:
                item.append(" (restrictive)", style="magenta")
            if p.for_command != command:
                item.append(" (read filter)", style="dim")
            if p.note:
                item.append(f": {p.note}", style="yellow")
            elif p.rows is not None and command == "INSERT":
                item.append(": passes" if p.rows else ": fails", style="" if p.rows else "red")
            elif p.rows is not None:
                item.append(f": admits {p.rows} row{'' if p.rows == 1 else 's'}")
            lines.append(item)
        if r.statement:
            lines.append(Text.assemble(("probe ", "dim"), (r.statement, "dim")))
        grid.add_row(command, Group(*lines))
    head = Text("\nWhy, as ", style="bold cyan")
    head.append(subject.source, style="bold cyan")
    return Group(head, grid)


def across_cells(result: TableResult) -> list[Text]:
    """SELECT, UPDATE, DELETE rows and INSERT, as short cells."""
    cells = []
    total = result.total_rows
    for command in ("SELECT", "UPDATE", "DELETE"):
        r = result.commands[command]
        if r.denial == "missing_grant" or r.access.verdict == "no-privilege":
            cells.append(Text("no grant", style="dim"))
        elif r.denial == "error":
            cells.append(Text("error", style="red"))
        elif r.denial == "with_check":
            cells.append(Text("✗ check", style="yellow"))
        else:
            rows = f"{r.rows}" if total is None else f"{r.rows}/{total}"
            style = "green" if r.rows else "dim"
            if r.rows and r.access.verdict in ("bypass", "no-rls"):
                style = "bold red" if r.access.verdict == "no-rls" else "magenta"
            cells.append(Text(rows, style=style, justify="right"))
    r = result.commands["INSERT"]
    if r.allowed:
        cells.append(Text("✓ allowed", style="red" if r.access.verdict == "no-rls" else "green"))
    elif r.denial == "missing_grant" or r.access.verdict == "no-privilege":
        cells.append(Text("✗ no grant", style="dim"))
    elif r.denial == "with_check" and r.access.verdict == "no-policy":
        cells.append(Text("✗ no policy", style="yellow"))
    elif r.denial == "with_check":
        cells.append(Text("✗ check", style="yellow"))
    else:
        cells.append(Text("✗ " + (r.denial or "denied"), style="red"))
    return cells


@dataclass
class AcrossSummary:
    """How many tables a subject can read, update, delete from and insert into."""

    tables: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, results: list[TableResult]) -> AcrossSummary:
        summary = cls(tables=len(results))
        for command in COMMAND_ORDER:
            hits = [t.commands[command] for t in results]
            summary.counts[command] = sum(
                1 for r in hits if r.allowed and (r.rows or command == "INSERT")
            )
            summary.rows[command] = sum(r.rows for r in hits if r.allowed)
        return summary

    def text(self) -> Text:
        c, r = self.counts, self.rows
        return Text(
            f"reads {r['SELECT']} rows in {c['SELECT']} of {self.tables} tables · "
            f"updates {r['UPDATE']} rows in {c['UPDATE']} · deletes {r['DELETE']} rows in "
            f"{c['DELETE']} · may insert into {c['INSERT']}"
        )
