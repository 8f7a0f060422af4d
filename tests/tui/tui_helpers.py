"""Helpers the TUI's Pilot tests share: a project on disk, the app on a target, widget text."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from workbench.config import load_config
from workbench.db import Target, connect
from workbench.tui.app import WorkbenchApp


def make_project(root: Path, files: dict[str, str], archive: dict[str, str] | None = None) -> Path:
    """A project folder at `root` with these migration files (and archived ones)."""
    for folder, named in (("migrations", files), ("migrations_archive", archive or {})):
        if named or folder == "migrations":
            (root / folder).mkdir(parents=True, exist_ok=True)
        for name, text in named.items():
            (root / folder / name).write_text(text, "utf-8")
    return root


def app_on(root: Path, dsn: str, pane: str) -> WorkbenchApp:
    """The workbench on the project at `root`, targeting `dsn`, opened on `pane`."""
    return WorkbenchApp(
        config=load_config(root), target=Target(dsn=dsn, name="--dsn"), initial_pane=pane
    )


def rendered(renderable, width: int = 200) -> str:
    """What a rich renderable prints, without colours."""
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def applied_versions(dsn: str) -> list[str]:
    """The versions recorded as applied on `dsn` (none before the first `up`)."""
    with connect(dsn, autocommit=True) as conn:
        if conn.execute("SELECT to_regclass('workbench.schema_migrations')").fetchone()[0] is None:
            return []
        rows = conn.execute("SELECT version FROM workbench.schema_migrations ORDER BY 1")
        return [r[0] for r in rows.fetchall()]


def notifications(app: WorkbenchApp) -> list[tuple[str, str]]:
    """(severity, message) of the notifications the app has shown."""
    return [(n.severity, n.message) for n in app._notifications]
