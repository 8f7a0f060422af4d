"""Generated downs: the down of a migration that has none, from a schema diff.

- `generate_down(project, status, admin_dsn)`: on a shadow database holding the
  applied migrations before it (a cached replay, see `compare.shadow`), read the
  catalog (`before`), apply the migration (`after`), and return the SQL of
  diff(after, before);
- `down_generator(project, target_dsn)`: `generate_down` bound for `runner.rollback`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from workbench.compare.shadow import read_catalog, replay, shadow_admin_dsn, shadow_database
from workbench.diff.differ import diff
from workbench.diff.sql import to_sql
from workbench.errors import WorkbenchError
from workbench.migrations.files import Migration, Project
from workbench.migrations.state import MigrationStatus

# Generated downs by what they depend on (the files replayed, the shim, the schemas):
# stepping back through the same migrations again does not replay them again.
_generated: dict[tuple, str] = {}


def generate_down(project: Project, status: MigrationStatus, admin_dsn: str) -> str:
    """The SQL of diff(after, before) for one applied migration (see module docstring)."""
    migration = status.migration
    if migration is None:
        raise WorkbenchError("its file is gone, so it cannot be replayed on a shadow database")
    number = migration.number
    earlier = tuple(m for m in project.migrations if m.number < number)
    config = project.config
    prefix = dataclasses.replace(project, migrations=earlier, archive=())
    key = (
        tuple((m.file, m.checksum) for m in [*prefix.ordered, migration]),
        config.supabase,
        config.schemas,
        admin_dsn,
    )
    if key not in _generated:
        _generated[key] = _generate(prefix, migration, admin_dsn)
    return _generated[key]


def _generate(prefix: Project, migration: Migration, admin_dsn: str) -> str:
    config = prefix.config
    with shadow_database(config, admin_dsn, prefix) as dsn:
        before = read_catalog(dsn, config)
        replay(dsn, [migration])
        after = read_catalog(dsn, config)
    changes = diff(after, before)
    return to_sql(changes, after, before).text() if changes else ""  # "": no schema change


def down_generator(project: Project, target_dsn: str | None) -> Callable[[MigrationStatus], str]:
    """`generate_down` for `runner.rollback(generate=...)`; the shadow server is found lazily."""
    cache: dict[str, str] = {}

    def generate(status: MigrationStatus) -> str:
        if "admin" not in cache:
            cache["admin"] = shadow_admin_dsn(project.config, target_dsn)
        return generate_down(project, status, cache["admin"])

    return generate
