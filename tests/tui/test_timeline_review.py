"""The timeline shows the review of a preview (locks, dangers, data loss) and the durations
trend, at 80×24."""

from __future__ import annotations

import re

import tui_helpers
from textual.widgets import Static
from tui_helpers import app_on, make_project

from workbench.config import load_config
from workbench.db import connect
from workbench.migrations.files import load_project
from workbench.migrations.runner import apply
from workbench.tui.app import WorkbenchApp
from workbench.tui.panes.timeline_list import TimelineTable
from workbench.tui.screens.confirm import ConfirmDialog

SIZE = (80, 24)
V1, V2, V3 = "20250101000001", "20250101000002", "20250101000003"
A = (
    "-- migrate:up\nCREATE TABLE a (id int PRIMARY KEY);\nINSERT INTO a VALUES (1), (2), (3);\n"
    "-- migrate:down\nDROP TABLE a;\n"
)
B = (
    "-- migrate:up\nALTER TABLE a ADD COLUMN note text;\n"
    "CREATE INDEX a_note_idx ON a (note);\n"
    "UPDATE a SET note = 'x' WHERE id <= 2;\n"
    "-- migrate:down\nDROP INDEX a_note_idx;\nALTER TABLE a DROP COLUMN note;\n"
)


def rendered(renderable, width: int = 78) -> str:
    return " ".join(tui_helpers.rendered(renderable, width).split())  # wrapped lines joined


def detail(app: WorkbenchApp) -> str:
    return rendered(app.query_one("#timeline-body", Static).content)


async def select(app: WorkbenchApp, pilot, version: str) -> None:
    assert app.query_one(TimelineTable).select_key(f"m:{int(version)}"), version
    await pilot.pause()


def note_values(dsn: str) -> list:
    with connect(dsn, autocommit=True) as conn:
        has = conn.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'a'"
            " AND column_name = 'note'"
        ).fetchone()[0]
        return conn.execute("SELECT note FROM a ORDER BY id").fetchall() if has else []


async def test_preview_and_dialogs_show_locks_and_data_loss(tmp_path, db_dsn, settle) -> None:
    root = make_project(tmp_path / "p", {f"{V1}_a.sql": A, f"{V2}_note.sql": B})
    apply(db_dsn, load_project(load_config(root)), to=V1)
    app = app_on(root, db_dsn, "timeline")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await select(app, pilot, V2)
        await pilot.press("p")
        await settle(app, pilot)
        text = detail(app)
        assert "What each statement locks" in text and "L2 ALTER TABLE" in text
        # never analyzed: no row estimate, but its size on the target
        assert re.search(
            r"AccessExclusiveLock public\.a · \? rows, [0-9.]+ kB · blocks reads and writes", text
        )
        assert "ShareLock public.a" in text and "blocks writes (not reads)" in text
        assert "RowExclusiveLock public.a" in text
        assert "→ use CREATE INDEX CONCURRENTLY" in text
        assert note_values(db_dsn) == []  # the preview changed nothing

        await pilot.press("u")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        body = rendered(dialog.body)
        assert "Locks, data and access" in body
        assert "AccessExclusiveLock public.a" in body and "blocks reads and writes" in body
        assert "Data lost on the target: none" in body
        dialog.query_one("#confirm").press()  # the button may be below the fold at 80×24
        await settle(app, pilot)
        assert note_values(db_dsn) == [("x",), ("x",), (None,)]

        await pilot.press("d")
        await settle(app, pilot)
        body = rendered(app.screen.body)
        assert "✗ 2 non-null values of public.a.note (column dropped)" in body
        await pilot.press("escape")
        await settle(app, pilot)
        assert note_values(db_dsn) == [("x",), ("x",), (None,)]


async def test_durations_trend_and_the_slowest(tmp_path, db_dsn, settle) -> None:
    slow = "-- migrate:up\nSELECT pg_sleep(0.4);\nCREATE TABLE s (id int);\n"
    files = {f"{V1}_a.sql": A, f"{V2}_slow.sql": slow, f"{V3}_b.sql": B}
    root = make_project(tmp_path / "p", files)
    apply(db_dsn, load_project(load_config(root)))
    app = app_on(root, db_dsn, "timeline")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.query_one(TimelineTable).slow == {V2}
        await select(app, pilot, V2)
        await settle(app, pilot)
        text = detail(app)
        assert "Durations " in text and "slowest: slow 4" in text
        bars = text.split("Durations ")[1].split()[0]
        assert len(bars) == 3 and set(bars) <= set("▁▂▃▄▅▆▇█") and bars[1] == "█"
