"""Lint findings for the selected migration, from the engine's migration lint.

`lint_lines(migration, project, statuses)` runs `workbench.migrations.lint.lint`
(project rules plus squawk-cli, which is a subprocess: call it from a worker)
and returns one line per finding (`⚠ line 4  squawk:require-concurrent-index-creation: ...`),
shown literally.
"""

from __future__ import annotations

from rich.text import Text

from workbench.migrations.files import Migration, Project
from workbench.migrations.lint import lint
from workbench.migrations.state import MigrationStatus

LEVELS = {"ERROR": ("✗", "red"), "WARN": ("⚠", "yellow"), "INFO": ("·", "dim")}


def lint_lines(
    migration: Migration, project: Project, statuses: list[MigrationStatus]
) -> list[Text]:
    """The findings of one migration as lines (empty: no findings)."""
    result = lint(project, [migration], statuses=statuses)
    lines = []
    for finding in result.findings:
        icon, style = LEVELS.get(finding.level, ("⚠", "yellow"))
        line = Text(f"  {icon} ", style=style)
        if finding.line:
            line.append(f"line {finding.line}  ", style="dim")
        line.append(finding.name, style=f"bold {style}")
        line.append(": ")
        line.append(finding.detail)
        if finding.file and finding.file != migration.file:
            line.append(f"  ({finding.file})", style="dim")
        lines.append(line)
    lines += [Text(f"  · {warning}", style="dim") for warning in result.warnings]
    return lines
