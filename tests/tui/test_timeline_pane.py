"""The timeline pane through Pilot: every state, preview, apply, step back, failures, hostile names."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static
from tui_helpers import app_on, applied_versions, make_project, notifications, rendered

from workbench.config import load_config
from workbench.db import connect
from workbench.migrations.files import load_project
from workbench.migrations.lock import LOCK_KEY
from workbench.migrations.runner import apply
from workbench.tui.app import WorkbenchApp
from workbench.tui.panes.timeline import TimelinePane
from workbench.tui.panes.timeline_list import TimelineTable
from workbench.tui.panes.timeline_sql import SqlView
from workbench.tui.screens.confirm import ConfirmDialog

SIZE = (120, 34)  # small enough to render fast, wide enough for the list and the detail
V1, V2, V3 = "20250101000001", "20250101000002", "20250101000003"
A = "-- migrate:up\nCREATE TABLE a (id int PRIMARY KEY);\n-- migrate:down\nDROP TABLE a;\n"
B = (
    "-- migrate:up\nALTER TABLE a ADD COLUMN note text;\n"
    "CREATE INDEX a_note_idx ON a (note);\n"
    "-- migrate:down\nDROP INDEX a_note_idx;\nALTER TABLE a DROP COLUMN note;\n"
)
C = (
    "-- migrate:up\nCREATE TABLE c (id int);\n"
    "ALTER TABLE c ENABLE ROW LEVEL SECURITY;\n"
    "CREATE POLICY c_read ON c FOR SELECT USING (true);\n"
    "-- migrate:down\nDROP TABLE c;\n"
)
THREE = {f"{V1}_create_a.sql": A, f"{V2}_note.sql": B, f"{V3}_create_c.sql": C}


def timeline_app(root: Path, dsn: str) -> WorkbenchApp:
    return app_on(root, dsn, "timeline")


def apply_up_to(root: Path, dsn: str, to: str | None = None) -> None:
    apply(dsn, load_project(load_config(root)), to=to)


def tables(dsn: str) -> set[str]:
    with connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    return {r[0] for r in rows}


def columns(dsn: str, table: str) -> list[str]:
    with connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "ORDER BY ordinal_position",
            (table,),
        ).fetchall()
    return [r[0] for r in rows]


def detail_text(app: WorkbenchApp) -> str:
    return rendered(app.query_one("#timeline-body", Static).content)


def sql_text(app: WorkbenchApp) -> str:
    return "\n".join(app.query_one(SqlView).plain_lines())


def states(app: WorkbenchApp) -> dict[str, str]:
    """{version or name: state} of the rows shown."""
    table = app.query_one(TimelineTable)
    return {(s.version or s.name): s.state for s in table.entries.values()}


async def select(app: WorkbenchApp, pilot, version: str) -> None:
    table = app.query_one(TimelineTable)
    assert table.select_key(f"m:{int(version)}"), version
    await pilot.pause()


async def test_every_state_is_listed_with_its_icon(tmp_path, db_dsn, settle) -> None:
    baseline = "99999999999999_master_consolidated_schema.sql"
    root = make_project(
        tmp_path / "p",
        {
            baseline: "CREATE TABLE IF NOT EXISTS base (id int);\n",
            "20250101000001_one.sql": A,
            "20250101000002_two.sql": "CREATE TABLE two (id int);\n",
            "20250101000003_three.sql": "CREATE TABLE three (id int);\n",
            "20250101000005_five.sql": "CREATE TABLE five (id int);\n",
        },
        archive={"20240101000000_initial_schema.sql": "CREATE TABLE old (id int);\n"},
    )
    apply_up_to(root, db_dsn)
    migrations = root / "migrations"
    (migrations / "20250101000002_two.sql").write_text("CREATE TABLE two (id bigint);\n")
    (migrations / "20250101000003_three.sql").unlink()
    (migrations / "20250101000004_four.sql").write_text("CREATE TABLE four (id int);\n")
    (migrations / "20250101000006_six.sql").write_text("CREATE TABLE five (id int);\n")
    (migrations / "20250101000007_seven.sql").write_text("CREATE TABLE seven (id int);\n")
    with pytest.raises(Exception, match="already exists"):
        apply_up_to(root, db_dsn)

    app = timeline_app(root, db_dsn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert states(app) == {
            "99999999999999": "baseline",
            "20250101000001": "applied",
            "20250101000002": "modified",
            "20250101000003": "missing",
            "20250101000004": "out-of-order",
            "20250101000005": "applied",
            "20250101000006": "failed",
            "20250101000007": "pending",
            "20240101000000": "archived",
        }
        table = app.query_one(TimelineTable)
        icons = {s.version: table.get_row(key)[0].plain for key, s in table.entries.items()}
        assert icons == {
            "99999999999999": "◆",
            "20250101000001": "✓",
            "20250101000002": "✎",
            "20250101000003": "?",
            "20250101000004": "↯",
            "20250101000005": "✓",
            "20250101000006": "✗",
            "20250101000007": "●",
            "20240101000000": "▫",
        }
        # The archive is its own section, after every migration.
        keys = [row.value for row in table.rows]
        assert keys.index("section:archive") == len(keys) - 2
        # The header shows the counts.
        assert (app.stats.applied, app.stats.pending) == (5, 3)
        # It opens on what needs attention; the failed one explains why.
        await select(app, pilot, "20250101000006")
        text = detail_text(app)
        assert "last attempt failed" in text and 'relation "five" already exists' in text
        await select(app, pilot, "20250101000003")
        assert "its file is gone" in detail_text(app)
        # The filter narrows by name or state.
        await pilot.press("slash", *"missing")
        await settle(app, pilot)
        assert states(app) == {"20250101000003": "missing"}
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(states(app)) == 9


async def test_detail_and_preview_change_nothing(tmp_path, db_dsn, settle) -> None:
    root = make_project(tmp_path / "p", THREE)
    apply_up_to(root, db_dsn, V1)
    app = timeline_app(root, db_dsn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await select(app, pilot, V3)
        text = detail_text(app)
        assert "pending · 3 statements · transactional" in text
        assert "creates table c" in text  # names as written
        assert "enables RLS on c" in text
        assert "creates policy c_read on c (for SELECT)" in text
        assert "What its down section does" in text and "drops table c" in text
        # The SQL with its file's line numbers, down section included.
        sql = sql_text(app)
        assert f"SQL · migrations/{V3}_create_c.sql" in sql
        assert "    2 CREATE TABLE c (id int);" in sql
        assert "    6 DROP TABLE c;" in sql
        assert str(app.query_one("#timeline-detail").border_title) == f"{V3}_create_c"

        # `p` on a pending migration: the schema diff of applying it, in a dry run.
        await select(app, pilot, V2)
        await pilot.press("p")
        await settle(app, pilot)
        text = detail_text(app)
        assert "Preview (dry run" in text
        assert "+ column public.a.note" in text
        assert "+ index public.a.a_note_idx" in text
        assert applied_versions(db_dsn) == [V1]
        assert columns(db_dsn, "a") == ["id"]
        # On an applied migration, `p` previews rolling it back.
        await select(app, pilot, V1)
        await pilot.press("p")
        await settle(app, pilot)
        assert "− table public.a" in detail_text(app)
        assert tables(db_dsn) == {"a"} and applied_versions(db_dsn) == [V1]


async def test_apply_after_review_and_cancel(tmp_path, db_dsn, settle) -> None:
    root = make_project(tmp_path / "p", THREE)
    app = timeline_app(root, db_dsn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await select(app, pilot, V2)
        await pilot.press("u")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        body = rendered(dialog.body)
        assert "Runs 2 migrations in order" in body
        assert "CREATE TABLE a (id int PRIMARY KEY);" in body
        assert "CREATE INDEX a_note_idx ON a (note);" in body
        assert "+ table public.a" in body  # its columns and index come with it
        assert "Target:" in body
        # Cancel (escape, then the button): nothing changes.
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert applied_versions(db_dsn) == [] and tables(db_dsn) == set()
        await pilot.press("u")
        await settle(app, pilot)
        await pilot.click("#cancel")
        await settle(app, pilot)
        assert applied_versions(db_dsn) == [] and tables(db_dsn) == set()
        assert states(app)[V1] == "pending"
        assert app.query_one(TimelinePane).busy is None
        # Confirm: both run, the list and the header follow.
        await pilot.press("u")
        await settle(app, pilot)
        await pilot.click("#confirm")
        await settle(app, pilot)
        assert applied_versions(db_dsn) == [V1, V2]
        assert columns(db_dsn, "a") == ["id", "note"]
        assert states(app)[V2] == "applied" and states(app)[V3] == "pending"
        assert (app.stats.applied, app.stats.pending) == (2, 1)
        assert any("applied 2 migrations" in m for _, m in notifications(app))


async def test_apply_the_baseline_alone_then_an_out_of_order_one(tmp_path, db_dsn, settle) -> None:
    baseline = "99999999999999_master_consolidated_schema.sql"
    root = make_project(
        tmp_path / "p",
        {baseline: "CREATE TABLE IF NOT EXISTS base (id int);\n", f"{V1}_create_a.sql": A},
    )
    app = timeline_app(root, db_dsn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert states(app) == {"99999999999999": "pending", V1: "pending"}
        # The baseline sorts after every version, but "up to the baseline" is the baseline alone.
        await select(app, pilot, "99999999999999")
        await pilot.press("u")
        await settle(app, pilot)
        assert "Runs 1 migration in order" in rendered(app.screen.body)
        await pilot.click("#confirm")
        await settle(app, pilot)
        assert applied_versions(db_dsn) == ["99999999999999"]
        assert tables(db_dsn) == {"base"}

        # A file older than the newest applied one: out-of-order, applied on request.
        (root / "migrations" / f"{V3}_create_c.sql").write_text(C)
        apply_up_to(root, db_dsn)
        (root / "migrations" / f"{V2}_note.sql").write_text(B)
        await pilot.press("r")
        await settle(app, pilot)
        assert states(app)[V2] == "out-of-order"
        await select(app, pilot, V2)
        await pilot.press("u")
        await settle(app, pilot)
        assert "ALTER TABLE a ADD COLUMN note text;" in rendered(app.screen.body)
        await pilot.click("#confirm")
        await settle(app, pilot)
        assert states(app)[V2] == "applied"
        assert columns(db_dsn, "a") == ["id", "note"]


async def test_step_back_twice(tmp_path, db_dsn, conn, settle) -> None:
    root = make_project(tmp_path / "p", THREE)
    apply_up_to(root, db_dsn)
    app = timeline_app(root, db_dsn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert str(dialog.title_text) == f"Roll back {V3}_create_c?"
        body = rendered(dialog.body)
        assert "Runs the down section recorded when it was applied" in body
        assert "DROP TABLE c;" in body
        assert "− table public.c" in body
        await pilot.click("#confirm")
        await settle(app, pilot)
        assert applied_versions(db_dsn) == [V1, V2]
        assert tables(db_dsn) == {"a"}
        assert states(app)[V3] == "pending"
        # The cursor follows the migration that was rolled back.
        assert app.query_one(TimelineTable).current().version == V3

        await pilot.press("d")
        await settle(app, pilot)
        assert str(app.screen.title_text) == f"Roll back {V2}_note?"
        assert "ALTER TABLE a DROP COLUMN note;" in rendered(app.screen.body)
        # Another run holds the migration lock: the rollback waits, says who, then proceeds.
        conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        await pilot.click("#confirm")
        for _ in range(100):
            if any("waiting up to" in m for _, m in notifications(app)):
                break
            await pilot.pause(0.1)
        waiting = [m for _, m in notifications(app) if "waiting up to" in m]
        assert waiting and f"pid {conn.info.backend_pid}" in waiting[0]
        assert applied_versions(db_dsn) == [V1, V2]
        conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
        await settle(app, pilot)
        assert applied_versions(db_dsn) == [V1]
        assert columns(db_dsn, "a") == ["id"]
        assert (app.stats.applied, app.stats.pending) == (1, 2)


async def test_step_back_without_down_offers_a_generated_down(tmp_path, db_dsn, settle) -> None:
    root = make_project(
        tmp_path / "p", {f"{V1}_create_a.sql": A, f"{V2}_no_down.sql": "CREATE TABLE n (id int);\n"}
    )
    apply_up_to(root, db_dsn)
    app = timeline_app(root, db_dsn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "GENERATED" in str(dialog.title_text)
        body = rendered(dialog.body)
        assert "GENERATED down" in body and "DROP TABLE" in body and "− table public.n" in body
        await pilot.click("#confirm")
        await settle(app, pilot)
        assert applied_versions(db_dsn) == [V1]
        assert tables(db_dsn) == {"a"}


async def test_failing_migration_notifies_and_changes_nothing(tmp_path, db_dsn, settle) -> None:
    bad = "-- migrate:up\nCREATE TABLE b (id int);\nALTER TABLE a\n  ADD COLUMN x nosuchtype;\n"
    root = make_project(tmp_path / "p", {f"{V1}_create_a.sql": A, f"{V2}_bad.sql": bad})
    apply_up_to(root, db_dsn, V1)
    app = timeline_app(root, db_dsn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await select(app, pilot, V2)
        await pilot.press("u")
        await settle(app, pilot)
        # The dry run already fails: no dialog, the error at file:line:col.
        assert not isinstance(app.screen, ConfirmDialog)
        errors = [m for severity, m in notifications(app) if severity == "error"]
        assert errors == [f'migrations/{V2}_bad.sql:4:16: type "nosuchtype" does not exist']
        assert applied_versions(db_dsn) == [V1] and tables(db_dsn) == {"a"}
        assert app.query_one(TimelinePane).busy is None


async def test_failure_after_confirmation_leaves_the_database_as_before(
    tmp_path, db_dsn, conn, settle
) -> None:
    root = make_project(tmp_path / "p", THREE)
    apply_up_to(root, db_dsn, V2)
    app = timeline_app(root, db_dsn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await select(app, pilot, V3)
        await pilot.press("u")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        conn.execute("CREATE TABLE c (other text)")  # someone else got there first
        await pilot.click("#confirm")
        await settle(app, pilot)
        errors = [m for severity, m in notifications(app) if severity == "error"]
        assert errors == [f'migrations/{V3}_create_c.sql:2:1: relation "c" already exists']
        assert applied_versions(db_dsn) == [V1, V2]
        assert columns(db_dsn, "c") == ["other"]
        assert states(app)[V3] == "failed"


async def test_hostile_names_render_literally(tmp_path, db_dsn, settle) -> None:
    hostile = (
        '-- migrate:up\nCREATE TABLE "a[/]b" (id int); -- [/] not markup [bold]\n'
        '-- migrate:down\nDROP TABLE "a[/]b";\n'
    )
    root = make_project(tmp_path / "p", {"20250101000000_[bold]x.sql": hostile})
    app = timeline_app(root, db_dsn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.query_one(TimelineTable)
        assert [table.get_row(k)[2].plain for k in table.entries] == ["[bold]x"]
        await select(app, pilot, "20250101000000")
        text = detail_text(app)
        assert 'creates table "a[/]b"' in text
        assert "-- [/] not markup [bold]" in sql_text(app)
        # (border_title reads back as markup; the stored Content is what is shown)
        title = app.query_one("#timeline-detail")._border_title
        assert title.plain == "20250101000000_[bold]x"
        await pilot.press("u")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        box = dialog.query_one("Vertical")
        assert box._border_title.plain == "Apply 20250101000000_[bold]x?"
        assert '"a[/]b"' in rendered(dialog.body)
        await pilot.click("#confirm")
        await settle(app, pilot)
        assert tables(db_dsn) == {"a[/]b"}


async def test_unreachable_target_is_shown_not_crashing(tmp_path, pg_server, settle) -> None:
    root = make_project(tmp_path / "p", THREE)
    app = timeline_app(root, pg_server.dsn("no_such_database_for_timeline"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.is_running
        text = detail_text(app)
        assert "Cannot read the timeline" in text and "no_such_database_for_timeline" in text
        await pilot.press("u", "d", "p")
        await settle(app, pilot)
        assert app.is_running


async def test_bad_migration_files_are_shown_clearly(tmp_path, db_dsn, settle) -> None:
    files = {f"{V1}_a.sql": A, f"{V1}_again.sql": A, "notes.sql": "SELECT 1;"}
    root = make_project(tmp_path / "p", files)
    app = timeline_app(root, db_dsn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        text = " ".join(detail_text(app).split())
        assert f"duplicate migration version {V1}" in text
        errors = [m for severity, m in notifications(app) if severity == "error"]
        assert any("duplicate migration version" in m for m in errors)
        # Fixed on disk, `r` reads it again; the badly named file is skipped with a warning.
        (root / "migrations" / f"{V1}_again.sql").unlink()
        await pilot.press("r")
        await settle(app, pilot)
        assert states(app) == {V1: "pending"}
        warnings = [m for severity, m in notifications(app) if severity == "warning"]
        assert any("notes.sql" in m and "skipped" in m for m in warnings)
        assert applied_versions(db_dsn) == []
