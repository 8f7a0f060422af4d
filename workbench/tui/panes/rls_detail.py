"""The selected table explained: RLS state, who may do what, policy cards, findings.

Every piece is a Rich renderable built from the catalog, the RLS report and the
access model (no database access); database text is always literal.
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table as RichTable
from rich.text import Text

from workbench.catalog.model import Policy, Table
from workbench.findings import LEVEL_RANK, Finding
from workbench.rls.access import COMMANDS, PUBLIC, SUPABASE_ROLES, AccessModel
from workbench.rls.expr import ExprInfo, analyze
from workbench.rls.rls_report import TableState
from workbench.tui.text import literal, sql_syntax

LEVEL_ICON = {"ERROR": ("✗", "bold red"), "WARN": ("⚠", "yellow"), "INFO": ("ℹ", "cyan")}
BADGE = {
    "enabled": ("●", "green"),
    "forced": ("◉", "bold green"),
    "disabled": ("✗", "bold red"),
    "no policy": ("◌", "yellow"),
}
# Access verdicts as short cells: (text, style).
VERDICT_CELL = {
    "no-privilege": ("✗ no grant", "dim"),
    "bypass": ("● bypass", "magenta"),
    "no-rls": ("● every row", "bold red"),
    "no-policy": ("∅ no policy", "yellow"),
    "policies": ("◐ policies", "green"),
}
# auth helpers as written in pg_get_expr text, in order of appearance.
_AUTH_CALL = re.compile(
    r"\bauth\s*\.\s*(uid|jwt|role|email)\s*\(\s*\)|\bcurrent_setting\s*\(", re.IGNORECASE
)
_WRAPPED_BEFORE = re.compile(r"\(\s*select\s+$", re.IGNORECASE)


def section(title: str) -> Text:
    return Text(f"\n{title}", style="bold cyan")


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


# -- state and access ---------------------------------------------------------


def state_line(state: TableState) -> Text:
    """`RLS enabled · not forced · 3 policies (1 restrictive)`, with a warning where it matters."""
    table = state.table
    icon, style = BADGE[state.badge]
    line = Text(f"{icon} ", style=style)
    policies = table.policies
    restrictive = sum(1 for p in policies if not p.permissive)
    count = plural(len(policies), "policy", "policies")
    if restrictive:
        count += f" ({restrictive} restrictive)"
    if not table.rls_enabled:
        line.append("RLS disabled", style="bold red")
        line.append(f" · {count}")
        if policies:
            line.append(" · the policies do nothing until RLS is enabled", style="red")
        else:
            line.append(" · every role with a grant reads and writes every row", style="red")
    elif not policies:
        line.append("RLS enabled, no policy", style="yellow")
        line.append(" · roles other than the owner get no row at all", style="dim")
    else:
        line.append("RLS enabled", style="green")
        line.append(" · forced (the owner too)" if table.rls_forced else " · not forced")
        line.append(f" · {count}")
    if table.owner:
        line.append(" · owner ", style="dim")
        line.append(table.owner, style="dim")
    if table.kind != "table":
        line.append(f" · {table.kind}", style="dim")
    return line


_ROLES: WeakKeyDictionary[AccessModel, list[str]] = WeakKeyDictionary()


def grid_roles(model: AccessModel) -> list[str]:
    """Supabase's API roles; on plain PostgreSQL, the roles policies and grants name."""
    if model not in _ROLES:
        roles = [r for r in SUPABASE_ROLES if r in model.catalog.roles or not model.catalog.roles]
        if not roles:
            roles = [
                r for r in model.roles_of_interest() if r != PUBLIC and not model.role(r).superuser
            ][:6]
        _ROLES[model] = roles
    return _ROLES[model]


def access_grid(model: AccessModel, table: Table) -> RichTable:
    """Who may do what: one row per API role, one column per command (static, from the catalog)."""
    grid = RichTable(box=None, padding=(0, 2), show_edge=False, header_style="bold dim")
    grid.add_column("role")
    for command in COMMANDS:
        grid.add_column(command)
    for role in grid_roles(model):
        cells = []
        for command in COMMANDS:
            access = model.access(table, role, command)
            text, style = VERDICT_CELL.get(access.verdict, (access.verdict, ""))
            if access.verdict == "policies" and access.columns is not None:
                text += " (some columns)"
            cells.append(Text(text, style=style))
        grid.add_row(literal(role), *cells)
    return grid


# -- policy cards -------------------------------------------------------------


def _auth_spans(text: str, info: ExprInfo) -> list[tuple[int, int, bool]]:
    """(start, end, wrapped) for each auth helper call in `text`."""
    found = list(_AUTH_CALL.finditer(text))
    calls = list(info.auth_calls)
    if len(found) == len(calls):
        return [(m.start(), m.end(), c.wrapped) for m, c in zip(found, calls)]
    # Could not pair them up: wrapped means written as `(SELECT auth.uid() ...)`.
    return [(m.start(), m.end(), bool(_WRAPPED_BEFORE.search(text[: m.start()]))) for m in found]


def _position(text: str, offset: int) -> tuple[int, int]:
    """Rich Syntax positions: 1-based line, 0-based column."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1)


def expression(text: str, info: ExprInfo) -> Syntax:
    """The expression highlighted, unwrapped auth calls marked."""
    syntax = sql_syntax(text)
    for start, end, wrapped in _auth_spans(text, info):
        if not wrapped:
            syntax.stylize_range(
                "bold black on yellow", _position(text, start), _position(text, end)
            )
    return syntax


def expression_issues(info: ExprInfo, clause: str) -> list[Text]:
    """What is worth knowing about one expression, as marked lines."""
    out = []
    for call in info.unwrapped_calls:
        name = call.sql if call.name != "current_setting" else f"current_setting({call.setting!r})"
        out.append(
            _issue(
                "WARN",
                f"{clause}: {name} runs for every row; write (select {name}) to run it once",
            )
        )
    if info.constant_true:
        what = "admits every row" if clause == "USING" else "lets any row be written"
        out.append(_issue("WARN", f"{clause} is always true: it {what}"))
    for disjunct in info.fail_open:
        out.append(_issue("ERROR", f"{clause} fails open without a signed-in user: {disjunct}"))
    if info.user_metadata:
        out.append(_issue("ERROR", f"{clause} trusts user_metadata, which users can edit"))
    if not info.parsed and info.error:
        out.append(_issue("INFO", f"{clause} could not be analyzed: {info.error}"))
    return out


def _issue(level: str, message: str) -> Text:
    icon, style = LEVEL_ICON[level]
    return Text.assemble((f"{icon} ", style), (message, style if level == "ERROR" else ""))


def _dead_note(policy: Policy) -> str | None:
    if policy.command in ("SELECT", "DELETE") and policy.using is None:
        return f"no USING expression: this policy grants no {policy.command}"
    if policy.command == "INSERT" and policy.with_check is None:
        return "no WITH CHECK expression: this policy grants no INSERT"
    if policy.command in ("UPDATE", "ALL") and policy.using is None:
        return "no USING expression: it admits no existing row"
    return None


def policy_card(table: Table, policy: Policy, findings: list[Finding]) -> Panel:
    """One policy as a bordered card: kind, command, roles, USING and WITH CHECK, issues."""
    head = Text()
    head.append(policy.name, style="bold")
    head.append(" (", style="dim")
    head.append(
        "PERMISSIVE" if policy.permissive else "RESTRICTIVE",
        style="dim" if policy.permissive else "bold magenta",
    )
    head.append(f" · {policy.command} · ", style="dim")
    head.append(", ".join(policy.roles) or "PUBLIC", style="dim")
    head.append(") ", style="dim")
    body = RichTable.grid(padding=(0, 1))
    body.add_column(style="bold", no_wrap=True)
    body.add_column(ratio=1)
    issues: list[Text] = []
    for clause, text in (("USING", policy.using), ("WITH CHECK", policy.with_check)):
        if text is None:
            continue
        info = analyze(text, table.name)
        label = Text(clause, style="green" if clause == "USING" else "yellow")
        body.add_row(label, expression(text, info))
        issues += expression_issues(info, clause)
    if policy.command in ("UPDATE", "ALL") and policy.with_check is None and policy.using:
        body.add_row(Text("WITH CHECK", style="dim"), Text("(none: USING checks new rows)", "dim"))
    dead = _dead_note(policy)
    if dead:
        issues.append(_issue("WARN", dead))
    if policy.comment:
        body.add_row(Text("comment", style="dim"), literal(policy.comment, "italic"))
    parts: list[RenderableType] = [body]
    if issues:
        parts.append(Group(*issues))
    mine = [f for f in findings if f.policy == policy.name]
    worst = min((LEVEL_RANK[f.level] for f in mine), default=None)
    border = {0: "red", 1: "yellow", 2: "cyan"}.get(worst, "bright_black")
    if mine:
        names = Text("findings: ", style="dim")
        for i, f in enumerate(sorted(mine, key=Finding.sort_key)):
            icon, style = LEVEL_ICON[f.level]
            names.append(("" if i == 0 else "  ") + f"{icon} {f.name}", style=style)
        parts.append(names)
    return Panel(Group(*parts), title=head, title_align="left", border_style=border, expand=True)


# -- findings -----------------------------------------------------------------


def finding_lines(findings: list[Finding]) -> RenderableType:
    """Level icon, rule id and policy; then the message and the fix, with a hanging indent."""
    if not findings:
        return Text("  ✓ no findings", style="green")
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(width=1)
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1)
    for f in sorted(findings, key=Finding.sort_key):
        icon, style = LEVEL_ICON[f.level]
        head = Text()
        head.append(f"{f.level} ", style=style)
        head.append(f.name, style="bold")
        if f.policy:
            head.append("  policy ", style="dim")
            head.append(f.policy)
        grid.add_row(Text(""), Text(icon, style=style), head)
        grid.add_row(Text(""), Text(""), literal(f.detail))
        grid.add_row(Text(""), Text(""), Text.assemble(("fix: ", "dim"), (f.fix, "green")))
    return grid


def render(state: TableState, model: AccessModel | None) -> RenderableType:
    """Everything above the simulate panel for one table."""
    table = state.table
    findings = list(state.findings)
    parts: list[RenderableType] = [state_line(state)]
    if table.comment:
        parts.append(literal(table.comment, "italic dim"))
    if model is not None and grid_roles(model):
        parts += [section("Who may do what (from grants and policies)"), access_grid(model, table)]
    parts.append(section(f"Policies ({len(table.policies)})"))
    if table.policies:
        parts += [policy_card(table, p, findings) for p in table.policies]
    else:
        parts.append(Text("  (none)", style="dim"))
    counts = state.counts()
    summary = ", ".join(
        f"{counts[level]} {level.lower()}" for level in ("ERROR", "WARN", "INFO") if counts[level]
    )
    parts.append(section(f"Findings ({summary})" if summary else "Findings"))
    parts.append(finding_lines(findings))
    return Group(*parts)
