"""Migration lints: project rules plus squawk-cli's DDL safety findings.

`lint(project, migrations=None, statuses=None) -> LintResult` checks the given
migrations (default: the baseline and every migration of the project):

- `applied_file_modified` (ERROR): an applied file whose up section changed since
  it was applied (needs the target's `statuses`);
- `baseline_sorts_last` (WARN): the baseline's version sorts after incremental
  migrations, so tools that order by version (Supabase CLI) run it last;
- `baseline_not_idempotent` (WARN): a baseline statement that fails or duplicates
  rows when the baseline runs twice (CREATE TABLE / INDEX without IF NOT EXISTS,
  CREATE FUNCTION without OR REPLACE, CREATE POLICY without a DROP POLICY IF
  EXISTS before it, INSERT without ON CONFLICT, ...); statements inside DO blocks
  are assumed guarded;
- `mixed_schema_and_data` (WARN): schema changes and data changes in one file;
- `destructive_statement` (WARN): DROP TABLE / COLUMN, TRUNCATE, DELETE without
  WHERE, ALTER COLUMN TYPE in an up section;
- `empty_migration` (WARN): no statement in the up section (`up` refuses it);
- `missing_down` (INFO): a migration without a down section;
- `squawk:<rule>` (WARN/ERROR): squawk's findings on the up sections, with the
  file's own line numbers (skipped with a warning when squawk is not installed).

Findings (`workbench.findings.Finding`) serialize to SPEC 7's shape: name, level, file,
line, detail.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from workbench.config import Config
from workbench.findings import ERROR, INFO, LEVEL_RANK, WARN, Finding
from workbench.migrations.files import Migration, Project
from workbench.migrations.state import MigrationStatus


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. squawk not installed

    @property
    def ok(self) -> bool:
        """No ERROR or WARN finding (INFO findings are advice)."""
        return not any(f.level in (ERROR, WARN) for f in self.findings)


def _project_rules(
    migration: Migration, project: Project, statuses: dict[int, MigrationStatus]
) -> list[Finding]:
    findings: list[Finding] = []
    file = migration.file
    status = statuses.get(migration.number)
    if status is not None and status.state == "modified":
        findings.append(
            Finding(
                "applied_file_modified",
                ERROR,
                file,
                migration.up.first_line,
                f"the up section changed since it was applied ({status.applied.checksum[:12]}… "
                f"recorded, {migration.checksum[:12]}… now); the database does not have these "
                "edits — write a new migration instead",
            )
        )
    if migration.up.empty:
        findings.append(
            Finding(
                "empty_migration",
                WARN,
                file,
                migration.up.first_line,
                "no statement in its up section: `up` refuses to apply it (write its SQL; "
                "if it is meant to do nothing, say so with `SELECT 1;`)",
            )
        )
    # sqlglot (analyze, keyword_reader) is imported when a migration is linted, not by `status`
    from workbench.migrations.analyze import analyze_statements
    from workbench.migrations.keyword_reader import DATA, SCHEMA

    actions = analyze_statements(migration.up.statements)
    schema = next((a for a in actions if a.category == SCHEMA), None)
    data = next((a for a in actions if a.category == DATA), None)
    if schema is not None and data is not None:
        findings.append(
            Finding(
                "mixed_schema_and_data",
                WARN,
                file,
                data.statement.line if data.statement else None,
                f"schema changes (line {schema.statement.line}: {schema.text}) and data changes "
                f"(line {data.statement.line}: {data.text}) in one file; split them so each can "
                "be reviewed, re-run and rolled back on its own",
            )
        )
    if migration.baseline:
        earlier = [m for m in project.migrations if m.number < migration.number]
        if earlier:
            findings.append(
                Finding(
                    "baseline_sorts_last",
                    WARN,
                    file,
                    1,
                    f"the baseline's version {migration.version} sorts after {len(earlier)} "
                    "incremental migration(s): tools that order by version (Supabase CLI) run "
                    "it last on a fresh database; the workbench runs it first",
                )
            )
        for action in actions:
            if action.rerun:
                findings.append(
                    Finding(
                        "baseline_not_idempotent",
                        WARN,
                        file,
                        action.statement.line if action.statement else None,
                        f"{action.rerun}: the baseline must be safe to run again",
                    )
                )
    else:
        for action in actions:
            if action.destructive:
                findings.append(
                    Finding(
                        "destructive_statement",
                        WARN,
                        file,
                        action.statement.line if action.statement else None,
                        f"{action.destructive}; make sure the data is not needed or backed up",
                    )
                )
        if migration.down is None:
            findings.append(
                Finding(
                    "missing_down",
                    INFO,
                    file,
                    None,
                    "no down section ('-- migrate:down' or a sibling .down.sql): a rollback will "
                    "have to use a generated down",
                )
            )
    return findings


def squawk_binary() -> str | None:
    """squawk-cli's binary: next to this Python's executable, else on PATH."""
    beside = Path(sys.executable).parent / "squawk"
    if beside.is_file():
        return str(beside)
    return shutil.which("squawk")


def _up_only(migration: Migration) -> str:
    """The file's text with its down section blanked (line numbers kept)."""
    down = migration.down
    if down is None or down.file != migration.file:
        return migration.source
    lines = migration.source.split("\n")
    marker = down.first_line - 1  # the `-- migrate:down` line, 1-based
    return "\n".join(lines[: marker - 1] + [""] * (len(lines) - marker + 1))


def _excluded_rules(config: Config) -> list[str]:
    """Rules the runner already satisfies (it sets the configured timeouts itself)."""
    excluded = []
    if config.lock_timeout and config.lock_timeout.strip() not in ("0", ""):
        excluded.append("require-lock-timeout")
    if config.statement_timeout and config.statement_timeout.strip() not in ("0", ""):
        excluded.append("require-statement-timeout")
    return excluded


def squawk_findings(
    migrations: list[Migration], config: Config, binary: str
) -> tuple[list[Finding], list[str]]:
    """Run squawk on the up sections; findings at the files' own lines."""
    findings: list[Finding] = []
    warnings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="workbench-squawk-") as tmp:
        groups: dict[bool, dict[str, Migration]] = {True: {}, False: {}}
        for index, migration in enumerate(migrations):
            folder = Path(tmp) / str(index)
            folder.mkdir()
            path = folder / migration.path.name
            path.write_text(_up_only(migration), encoding="utf-8")
            groups[migration.transactional][str(path)] = migration
        for transactional, paths in groups.items():
            if not paths:
                continue
            command = [binary, "--reporter", "json"]
            if transactional:
                command.append("--assume-in-transaction")
            excluded = _excluded_rules(config)
            if excluded:
                command.append(f"--exclude={','.join(excluded)}")
            try:
                proc = subprocess.run(
                    [*command, *paths], capture_output=True, text=True, timeout=120
                )
                items = json.loads(proc.stdout or "[]")
            except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
                detail = getattr(exc, "strerror", None) or str(exc)
                warnings.append(f"squawk failed ({detail}); its DDL safety checks were skipped")
                continue
            for item in items:
                migration = paths.get(item.get("file", ""))
                if migration is None:
                    continue
                message = " ".join(str(item.get("message") or "").split())
                hint = item.get("help")
                if hint:
                    message += f" ({' '.join(str(hint).split())})"
                line = item.get("line")
                findings.append(
                    Finding(
                        f"squawk:{item.get('rule_name', 'finding')}",
                        ERROR if str(item.get("level", "")).lower() == "error" else WARN,
                        migration.file,
                        int(line) + 1 if isinstance(line, int) else None,
                        message,
                    )
                )
    return findings, warnings


def lint(
    project: Project,
    migrations: list[Migration] | None = None,
    *,
    statuses: list[MigrationStatus] | None = None,
    squawk: bool = True,
) -> LintResult:
    """Lint `migrations` (default: the whole project); see the module docstring."""
    chosen = list(project.ordered) if migrations is None else list(migrations)
    by_number = {int(s.version): s for s in statuses or [] if s.version and s.migration is not None}
    result = LintResult()
    for migration in chosen:
        result.findings.extend(_project_rules(migration, project, by_number))
    if squawk and chosen:
        binary = squawk_binary()
        if binary is None:
            result.warnings.append(
                "squawk is not installed (pip install squawk-cli): DDL safety checks skipped"
            )
        else:
            found, warnings = squawk_findings(chosen, project.config, binary)
            result.findings.extend(found)
            result.warnings.extend(warnings)
    order = {m.file: i for i, m in enumerate(chosen)}
    result.findings.sort(
        key=lambda f: (order.get(f.file, len(order)), f.line or 0, LEVEL_RANK[f.level], f.name)
    )
    return result
