"""Lint findings for the selected migration, from the engine's migration lint.

`lint_lines(migration, project, statuses)` runs `workbench.migrations.migration_lint.lint`
(project rules plus squawk-cli, which is a subprocess: call it from a worker)
and returns (line, mark, text) per finding, shown literally in a gutter.
"""

from __future__ import annotations

from rich.text import Text

from workbench.migrations.files import Migration, Project
from workbench.migrations.migration_lint import lint
from workbench.migrations.state import MigrationStatus

LEVELS = {"ERROR": ("✗", "red"), "WARN": ("⚠", "yellow"), "INFO": ("·", "dim")}


def lint_lines(
    migration: Migration, project: Project, statuses: list[MigrationStatus]
) -> list[tuple[int | None, Text, Text]]:
    """(line, mark, text) for each finding of one migration (empty: no findings)."""
    result = lint(project, [migration], statuses=statuses)
    rows = []
    for finding in result.findings:
        icon, style = LEVELS.get(finding.level, ("⚠", "yellow"))
        text = Text(finding.name, style=f"bold {style}")
        text.append(": ")
        text.append(finding.detail)
        if finding.file and finding.file != migration.file:
            text.append(f"  ({finding.file})", style="dim")
        rows.append((finding.line, Text(icon, style=style), text))
    rows += [(None, Text("·", style="dim"), Text(w, style="dim")) for w in result.warnings]
    return rows
