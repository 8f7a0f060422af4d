"""The command palette (ctrl+p): the current pane's actions that apply, pane switches, one Help."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from tui_helpers import app_on, applied_versions, make_project

from workbench.db import connect
from workbench.migrations.files import load_project
from workbench.migrations.runner import apply
from workbench.tui.app import WorkbenchApp
from workbench.tui.panes.timeline_list import TimelineTable
from workbench.tui.screens.confirm import ConfirmDialog

V1, V2 = "20250101000001", "20250101000002"
FILES = {
    f"{V1}_a.sql": "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n",
    f"{V2}_b.sql": "-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n",
}


def make_app(tmp_path: Path, dsn: str, pane: str) -> WorkbenchApp:
    return app_on(make_project(tmp_path / "p", FILES), dsn, pane)


def titles(app: WorkbenchApp) -> list[str]:
    return [c.title for c in app.palette_commands()]


async def run_from_palette(app: WorkbenchApp, pilot, text: str, settle) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*text)
    await pilot.pause(0.3)
    await pilot.press("down", "enter")
    await settle(app, pilot)


async def test_timeline_actions_from_the_palette(tmp_path, db_dsn, settle) -> None:
    app = make_app(tmp_path, db_dsn, "timeline")
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        table = app.query_one(TimelineTable)
        assert table.select_key(f"m:{int(V2)}")
        await pilot.pause()
        shown = titles(app)
        assert f"Timeline: preview {V2}_b" in shown
        assert f"Timeline: apply up to {V2}_b" in shown
        assert "Timeline: step back one" not in shown  # nothing applied yet
        assert "Go to Timeline" not in shown and "Go to Drift" in shown
        assert {"Refresh", "Timeline: filter"} <= set(shown)
        system = [c.title for c in app.get_system_commands(app.screen)]
        assert system.count("Help") == 1 and "Keys" not in system

        # Typed in the palette and run: the apply dialog, confirmed.
        await run_from_palette(app, pilot, "apply up to", settle)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert applied_versions(db_dsn) == [V1, V2]
        shown = titles(app)
        assert "Timeline: step back one" in shown
        assert not any(t.startswith("Timeline: apply up to") for t in shown)  # all applied

        await run_from_palette(app, pilot, "step back", settle)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert applied_versions(db_dsn) == [V1]

        await run_from_palette(app, pilot, "go to drift", settle)
        assert app.query_one("TabbedContent").active == "drift"


async def test_drift_palette_is_context_aware(tmp_path, db_dsn, settle) -> None:
    app = make_app(tmp_path, db_dsn, "drift")
    apply(db_dsn, load_project(app.config), to=V1)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        shown = titles(app)
        assert "Drift: write alignment migration" not in shown  # no drift
        assert "Drift: compare with migrations:all (+ pending)" in shown
        with connect(db_dsn, autocommit=True) as conn:
            conn.execute("CREATE TABLE c (id int)")
        await pilot.press("r")
        await settle(app, pilot)
        assert "Drift: write alignment migration" in titles(app)
        await run_from_palette(app, pilot, "compare with migrations:all", settle)
        assert app.query_one("#drift-expected").value == "migrations:all"
        assert {c.object for c in app.query_one("DriftPane").result.changes} == {
            "public.b",
            "public.c",
        }
        assert "Drift: compare with migrations (applied)" in titles(app)
