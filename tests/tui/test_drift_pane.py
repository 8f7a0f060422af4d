"""The drift pane through Pilot, on real databases: grouping, side by side, `w`, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
import tui_helpers
from textual.widgets import Input, Select, Static
from tui_helpers import app_on, notifications

from workbench.compare.expected_actual import drift
from workbench.compare.sources import Source
from workbench.config import load_config
from workbench.db import connect
from workbench.migrations.files import load_project
from workbench.migrations.runner import apply
from workbench.tui.app import WorkbenchApp
from workbench.tui.panes.drift import DriftPane
from workbench.tui.panes.drift_sbs import ADDED_BG, REMOVED_BG
from workbench.tui.panes.drift_tree import DriftTree
from workbench.tui.screens.confirm import ConfirmDialog

SIZE = (160, 45)
ITEMS = """-- migrate:up
CREATE TABLE public.items (id integer PRIMARY KEY, title text NOT NULL);
CREATE INDEX items_title_idx ON public.items (title);
CREATE TABLE public."a[/]b" (id integer PRIMARY KEY);
-- migrate:down
DROP TABLE public."a[/]b";
DROP TABLE public.items;
"""
POLICY = """-- migrate:up
ALTER TABLE public.items ENABLE ROW LEVEL SECURITY;
CREATE POLICY items_read ON public.items FOR SELECT TO authenticated USING (true);
-- migrate:down
DROP POLICY items_read ON public.items;
"""
FILES = {"20250101000000_items.sql": ITEMS, "20250102000000_items_policy.sql": POLICY}
HAND_CHANGE = """
ALTER TABLE public."a[/]b" ADD COLUMN "[bold]x" text;
ALTER TABLE public.items ADD COLUMN price numeric(10,2);
CREATE INDEX items_price_idx ON public.items (price);
ALTER POLICY items_read ON public.items USING (id > 0);
"""


def make_project(root: Path, files: dict[str, str] = FILES) -> Path:
    return tui_helpers.make_project(root, files)


def migrate(root: Path, dsn: str) -> None:
    apply(dsn, load_project(load_config(root)))


def execute(dsn: str, sql: str) -> None:
    with connect(dsn, autocommit=True) as conn:
        conn.execute(sql)


def drift_app(root: Path, dsn: str, pane: str = "drift") -> WorkbenchApp:
    return app_on(root, dsn, pane)


def rendered(renderable, width: int = 220) -> str:
    return tui_helpers.rendered(renderable, width)


def body_text(app: WorkbenchApp) -> str:
    return rendered(app.query_one("#drift-body", Static).content)


def tree_lines(app: WorkbenchApp) -> list[tuple[int, str]]:
    """(depth, label) of every node, in order."""
    out: list[tuple[int, str]] = []

    def walk(node, depth: int) -> None:
        for child in node.children:
            out.append((depth, child.label.plain))
            walk(child, depth + 1)

    walk(app.query_one(DriftTree).root, 0)
    return out


def select_node(app: WorkbenchApp, predicate) -> None:
    tree = app.query_one(DriftTree)
    for line in range(tree.last_line + 1):
        node = tree.get_node_at_line(line)
        if node is not None and predicate(node):
            tree.move_cursor(node)
            return
    raise AssertionError("no such node")


@pytest.fixture
def drifted(tmp_path: Path, db_dsn: str) -> tuple[Path, str]:
    """A project of two migrations, applied, then changed by hand."""
    root = make_project(tmp_path / "project")
    migrate(root, db_dsn)
    execute(db_dsn, HAND_CHANGE)
    return root, db_dsn


async def test_differences_grouped_and_shown_side_by_side(drifted, settle) -> None:
    root, dsn = drifted
    before = sorted(p.name for p in (root / "migrations").iterdir())
    app = drift_app(root, dsn, pane="schema")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        pane = app.query_one(DriftPane)
        assert pane.generation == 0 and pane.result is None  # lazy: not computed at start
        await pilot.press("3")
        await settle(app, pilot)
        assert pane.result is not None

        # Exactly the hand changes, grouped by table, with their markers (names literal).
        assert tree_lines(app) == [
            (0, "~ table public.a[/]b  (1)"),
            (1, "+ column [bold]x"),
            (0, "~ table public.items  (3)"),
            (1, "+ column price"),
            (1, "+ index items_price_idx"),
            (1, "~ policy items_read  using"),
        ]
        summary = rendered(app.query_one("#drift-summary", Static).content)
        assert "2 objects · 1 changed · 3 added · 0 removed" in summary
        assert app.stats.drift == 2
        assert "drift: 2 objects" in rendered(app._header_text())

        # A member shows its table's DDL: expected (migrations) left, actual right.
        select_node(app, lambda n: n.label.plain == "+ column price")
        await settle(app, pilot)
        text = body_text(app)
        assert "+ column price on table public.items · added" in text
        assert "expected · migrations" in text and "actual · " in text
        assert "ALTER TABLE public.items ADD COLUMN price numeric(10,2);" in text
        rows = pane.shown_rows
        price = [r for r in rows if r.right is not None and "price numeric(10,2)" in r.right.plain]
        assert len(price) == 1 and price[0].kind == "insert" and price[0].left is None
        assert price[0].right.style == ADDED_BG
        index = [r for r in rows if r.right is not None and "items_price_idx" in r.right.plain]
        assert len(index) == 1 and index[0].kind == "insert"
        equal = [r for r in rows if r.kind == "equal"]
        assert equal and all(r.left.style == "" and r.right.style == "" for r in equal)

        # The policy edit is a changed line: removed on the left, added on the right.
        select_node(app, lambda n: n.label.plain.startswith("~ policy items_read"))
        await settle(app, pilot)
        policy = [r for r in pane.shown_rows if r.kind == "replace" and "USING" in r.left.plain]
        assert len(policy) == 1, [(r.kind, r.left and r.left.plain) for r in pane.shown_rows]
        assert policy[0].left.style == REMOVED_BG and "(true)" in policy[0].left.plain
        assert policy[0].right.style == ADDED_BG and "(id > 0)" in policy[0].right.plain
        assert "ALTER POLICY items_read ON public.items" in body_text(app)

        # f unfolds the unchanged lines.
        folded = len(pane.shown_rows)
        await pilot.press("f")
        await settle(app, pilot)
        assert len(pane.shown_rows) >= folded
        assert all(r.kind != "fold" for r in pane.shown_rows)

        # Hostile names stay literal in the detail and its title.
        select_node(app, lambda n: n.label.plain == "+ column [bold]x")
        await settle(app, pilot)
        text = body_text(app)
        assert '"[bold]x" text' in text and 'public."a[/]b"' in text
        assert app.query_one("#drift-detail")._border_title.plain == "table public.a[/]b"

        # w, then cancel: nothing is written.
        await pilot.press("w")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert ("information", "cancelled: nothing was written") in notifications(app)
        assert len(pane.result.changes) == 4
    assert sorted(p.name for p in (root / "migrations").iterdir()) == before


async def test_w_writes_a_migration_that_aligns(drifted, pg_server, settle) -> None:
    root, dsn = drifted
    app = drift_app(root, dsn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        shown = rendered(dialog.body)
        assert "migrations/" in shown and "_align_a_b_and_1_more.sql" in shown
        assert "ALTER TABLE public.items ADD COLUMN price numeric(10,2);" in shown
        assert "-- migrate:down" in shown
        await pilot.click("#confirm")
        await settle(app, pilot)
        written = sorted((root / "migrations").glob("*_align_*.sql"))
        assert len(written) == 1
        assert any("wrote migrations/" in m for _, m in notifications(app))
        pane = app.query_one(DriftPane)
        assert pane.result is not None and pane.result.changes == []  # refreshed: no drift
        assert app.stats.drift == 0
        assert tree_lines(app)[0][1].startswith("✓ no drift")
    # Recorded as applied on the target.
    with connect(dsn) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM workbench.schema_migrations")]
    assert written[0].name.split("_", 1)[0] in versions
    # A fresh database built from the migrations (the new one included) matches the target.
    name = pg_server.new_database()
    try:
        migrate(root, pg_server.dsn(name))
        config = load_config(root)
        assert drift(config, dsn, Source("url", pg_server.dsn(name)), Source("db")).changes == []
    finally:
        pg_server.drop(name)


async def test_bad_inputs_show_errors_not_crashes(drifted, tmp_path, settle) -> None:
    root, dsn = drifted
    bad = tmp_path / "bad.json"
    bad.write_text('{"tables": [', "utf-8")
    app = drift_app(root, dsn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        pane = app.query_one(DriftPane)
        # A malformed snapshot file.
        app.query_one("#drift-expected", Select).value = "snapshot"
        await settle(app, pilot)
        snapshot = app.query_one("#drift-snapshot", Input)
        assert snapshot.has_focus
        snapshot.value = str(bad)
        await pilot.press("enter")
        await settle(app, pilot)
        text = body_text(app)
        assert "Cannot compute the drift" in text and "invalid JSON at line 1" in text
        assert tree_lines(app) == [(0, "drift could not be computed")]
        assert any(s == "error" and "invalid JSON" in m for s, m in notifications(app))
        # A missing one.
        snapshot.value = str(tmp_path / "missing.json")
        snapshot.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert "cannot read" in body_text(app)
        # Back to the migrations: it works again.
        app.query_one("#drift-expected", Select).value = "migrations"
        await settle(app, pilot)
        assert len(pane.result.changes) == 4
        # A migration that does not replay: the error names its file, line and column.
        # (pending, it is replayed only when every file is compared)
        broken = root / "migrations" / "20250103000000_broken.sql"
        broken.write_text("-- migrate:up\nCREATE TABLE public.c (\n    id integer,,\n);\n")
        app.query_one("#drift-expected", Select).value = "migrations:all"
        await settle(app, pilot)
        text = body_text(app)
        assert "Cannot compute the drift" in text
        assert "20250103000000_broken.sql:3:" in text and "syntax error" in text
        broken.unlink()
        app.query_one(DriftTree).focus()
        await pilot.press("r")
        await settle(app, pilot)
        assert pane.result is not None and len(pane.result.changes) == 4


async def test_prisma_source_on_the_demo(demo_project, db_dsn, settle) -> None:
    migrate(demo_project, db_dsn)
    execute(db_dsn, "ALTER TABLE public.users ADD COLUMN nickname text;")
    app = drift_app(demo_project, db_dsn, pane="schema")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        select = app.query_one("#drift-expected", Select)
        assert "prisma" in [value for _, value in select._options]
        select.value = "prisma"  # chosen before the pane is shown: only Prisma is read
        await pilot.press("3")
        await settle(app, pilot)
        pane = app.query_one(DriftPane)
        assert pane.generation == 1 and pane.result.source == "prisma"
        lines = tree_lines(app)
        assert (0, "~ table public.users  (1)") in lines and (1, "+ column nickname") in lines
        # What Prisma cannot model is listed apart, collapsed and dimmed: not drift.
        top = [label for depth, label in lines if depth == 0]
        assert top[-1].startswith("not modelled by Prisma (") and top[-1].endswith("not drift")
        assert not any("policy" in label for depth, label in lines if depth == 1)
        node = app.query_one(DriftTree).root.children[-1]
        assert not node.is_expanded and "dim" in str(node.label.style)
        assert any("RLS policies" in child.label.plain for child in node.children)
        summary = rendered(app.query_one("#drift-summary", Static).content)
        assert "not modelled by Prisma" in summary
        assert app.stats.drift is None  # the header's drift is the migrations'
        # The detail shows Prisma's side on the left.
        select_node(app, lambda n: n.label.plain == "+ column nickname")
        await settle(app, pilot)
        assert "expected · prisma (prisma/schema.prisma)" in body_text(app)
        # w is for the migrations source only.
        await pilot.press("w")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert any("choose the migrations" in m for _, m in notifications(app))


def test_rows_pair_changed_lines_and_fold_unchanged_ones() -> None:
    from workbench.tui.panes.drift_sbs import ADDED_EM, REMOVED_EM, diff_rows

    same = [f"GRANT SELECT ON public.t TO r{i};" for i in range(12)]
    expected = "\n".join(["CREATE TABLE public.t (", "    id integer", ");", *same])
    actual = "\n".join(["CREATE TABLE public.t (", "    id bigint", ");", *same, "-- [red]x"])
    rows = diff_rows(expected, actual)
    kinds = [r.kind for r in rows]
    assert kinds == ["equal", "replace", "equal", "equal", "equal", "fold", "equal"] + [
        "equal",
        "equal",
        "insert",
    ]
    changed = rows[1]
    assert (changed.left_no, changed.right_no) == (2, 2)
    # only the differing characters are stressed, never the common "    id " prefix
    for line, style in ((changed.left, REMOVED_EM), (changed.right, ADDED_EM)):
        stressed = [span for span in line.spans if span.style == style]
        assert stressed and all(span.start >= len("    id ") for span in stressed)
    assert rows[5].folded == len(same) + 1 - 6  # ");" and the grants, 3 kept each side
    assert rows[-1].right.plain == "-- [red]x"  # literal, never markup
    assert len(diff_rows(expected, actual, fold=False)) == len(same) + 4
    # an object on one side only: every line is added (or removed)
    assert {r.kind for r in diff_rows(None, actual)} == {"insert"}
    assert {r.kind for r in diff_rows(expected, None)} == {"delete"}
