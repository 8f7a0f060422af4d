"""The migrations engine: files, history, states, apply / rollback / preview, lint, verify.

No UI imports here; the CLI (`workbench/cli/migrate_*.py`), the TUI timeline and
`workbench demo` are views over these functions:

Files (`files.py`, `split.py`)
    `load_project(config) -> Project` (`.baseline`, `.migrations`, `.ordered`,
    `.archive`, `.warnings`, `.get(version)`); `load_file(path, config) -> Migration`;
    `split_sql(text, file=, first_line=) -> list[Statement]` (positions in the file).

History and states (`history.py`, `state.py`)
    `read_history(conn) -> History`; `migration_status(conn, project) ->
    list[MigrationStatus]` (`.state`, `.icon`, `.applied_at`, `.duration_ms`,
    `.checksum`, `.file`, `.error`, `.to_json()`); `pending(statuses, include_all=)`.

Running (`runner.py`, `plan.py`, `preview.py`, `downs.py`, `shadow.py`)
    `apply(dsn, project, to=None, include_all=False, progress=None, expect=None) -> RunResult`;
    `plan_up(dsn, project, to=, include_all=) -> (statuses, PlanToken)`; with
    `expect=` a preview's `.token`, `apply` runs exactly what was previewed or
    raises `PreviewOutdated` (`.changes`, `.holder`) and changes nothing;
    `rollback(dsn, project, steps=1, to=None, approve=None, generate=None, progress=None)`;
    `plan_rollback(dsn, project, steps=, to=, generate=) -> list[DownStep]`;
    `preview_apply(dsn, project, to=None, include_all=False) -> Preview`;
    `preview_rollback(dsn, project, steps=1, to=None, generate=None, plan=None) -> Preview`
    (`.steps`, `.sql`, `.changes`: the differ's Change objects, `.before`, `.after`,
    `.token`);
    `shadow.down_generator(project, target_dsn)` proposes downs for migrations
    that have none (the SQL of diff(after, before) on a shadow database).

Review of a preview (`review.py`, `locks.py`, `impact.py`, `trend.py`)
    `Preview.reviews`: per migration, each statement's locks, rewrites, duration,
    what it blocks and its danger markers (`MigrationReview.to_json()`), the data
    it destroys and the access it changes; `trend.slowest(statuses)`.

Review aids (`analyze.py`, `migration_lint.py`, `verify.py`)
    `analyze_statements(statements) -> list[Action]` (plain words and facts);
    `lint(project, migrations=None, statuses=None) -> LintResult`;
    `verify(project, admin_dsn) -> VerifyResult`.
"""
