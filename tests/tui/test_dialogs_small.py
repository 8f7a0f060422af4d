"""Every confirmation dialog is usable at 80×24: buttons on screen, body scrollable, y/n/escape."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Button
from tui_helpers import applied_versions, make_project

from workbench.config import load_config
from workbench.db import Target, connect
from workbench.migrations.files import load_project
from workbench.migrations.runner import apply
from workbench.tui.app import WorkbenchApp
from workbench.tui.panes.timeline_list import TimelineTable
from workbench.tui.screens.confirm import ConfirmDialog

SMALL = (80, 24)
V1, V2 = "20250101000001", "20250101000002"
# Long enough that the dialogs' bodies are several screens tall at 80×24.
COLUMNS = ",\n".join(f"    c{i:02d} text" for i in range(60))
WIDE = f"-- migrate:up\nCREATE TABLE wide (\n    id int PRIMARY KEY,\n{COLUMNS}\n);\n"
WIDE += "-- migrate:down\nDROP TABLE wide;\n"
SMALL_ONE = "-- migrate:up\nCREATE TABLE small (id int);\n-- migrate:down\nDROP TABLE small;\n"
FILES = {f"{V1}_wide.sql": WIDE, f"{V2}_small.sql": SMALL_ONE}


def assert_usable(app: App) -> ConfirmDialog:
    """The dialog's buttons lie wholly inside the screen, and its body scrolls."""
    dialog = app.screen
    assert isinstance(dialog, ConfirmDialog)
    screen = dialog.region
    for button in dialog.query(Button):
        region = button.region
        assert region.height == 3 and screen.contains_region(region), (button.id, region)
    return dialog


async def test_a_long_body_keeps_the_buttons_on_screen_and_scrolls() -> None:
    results: list[bool] = []
    app = App()
    async with app.run_test(size=SMALL) as pilot:
        for key, expected in (("y", True), ("n", False), ("escape", False)):
            app.push_screen(ConfirmDialog("Long", "\n".join(map(str, range(300)))), results.append)
            await pilot.pause()
            dialog = assert_usable(app)
            body = dialog.query_one("#confirm-body")
            assert body.max_scroll_y > 0  # the rest of the body is reachable
            await pilot.press("pagedown")
            await pilot.pause()
            assert body.scroll_y > 0
            await pilot.press(key)
            await pilot.pause()
            assert results[-1] is expected
        # A short body: a short dialog, the buttons right under it.
        app.push_screen(ConfirmDialog("Short", "one line"), results.append)
        await pilot.pause()
        dialog = assert_usable(app)
        assert dialog.query_one("#confirm-body").region.height == 1
        await pilot.click("#confirm")
        await pilot.pause()
        assert results[-1] is True


async def test_timeline_apply_and_step_back_at_80x24(tmp_path, db_dsn, settle) -> None:
    root = make_project(tmp_path / "p", FILES)
    app = WorkbenchApp(
        config=load_config(root), target=Target(dsn=db_dsn, name="--dsn"), initial_pane="timeline"
    )
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        assert app.query_one(TimelineTable).select_key(f"m:{int(V2)}")
        await pilot.pause()
        await pilot.press("u")
        await settle(app, pilot)
        assert_usable(app)
        await pilot.press("n")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConfirmDialog) and applied_versions(db_dsn) == []
        await pilot.press("u")
        await settle(app, pilot)
        assert_usable(app)
        await pilot.click("#confirm")  # a click where the button is on screen
        await settle(app, pilot)
        assert applied_versions(db_dsn) == [V1, V2]

        await pilot.press("d")
        await settle(app, pilot)
        assert_usable(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert applied_versions(db_dsn) == [V1, V2]
        await pilot.press("d")
        await settle(app, pilot)
        assert_usable(app)
        await pilot.press("y")
        await settle(app, pilot)
        assert applied_versions(db_dsn) == [V1]


async def test_drift_write_alignment_at_80x24(tmp_path, db_dsn, settle) -> None:
    root = make_project(tmp_path / "p", FILES)
    apply(db_dsn, load_project(load_config(root)))
    drift = ";\n".join(f"ALTER TABLE wide ADD COLUMN extra{i:02d} text" for i in range(30))
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute(drift)
    app = WorkbenchApp(
        config=load_config(root), target=Target(dsn=db_dsn, name="--dsn"), initial_pane="drift"
    )
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        assert_usable(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not list((root / "migrations").glob("*_align_*.sql"))
        await pilot.press("w")
        await settle(app, pilot)
        assert_usable(app)
        await pilot.click("#confirm")
        await settle(app, pilot)
        assert len(list((root / "migrations").glob("*_align_*.sql"))) == 1
