"""The drift pane compares the target with its applied migrations; pending ones are listed apart."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select, Static
from tui_helpers import rendered

from workbench.config import load_config
from workbench.db import Target, connect
from workbench.migrations.files import load_project
from workbench.migrations.runner import apply
from workbench.tui.app import WorkbenchApp
from workbench.tui.panes.drift import DriftPane
from workbench.tui.panes.drift_tree import DriftTree
from workbench.tui.panes.drift_work import MIGRATIONS_ALL

ITEMS = "-- migrate:up\nCREATE TABLE public.items (id integer PRIMARY KEY);\n"
PENDING = (
    "-- migrate:up\nCREATE TABLE public.orders (id integer PRIMARY KEY);\n"
    "-- migrate:down\nDROP TABLE public.orders;\n"
)


def tree_labels(app: WorkbenchApp) -> list[str]:
    tree = app.query_one(DriftTree)
    return [tree.get_node_at_line(i).label.plain for i in range(tree.last_line + 1)]


async def test_pending_migrations_are_apart_and_both_sources_offered(
    tmp_path: Path, db_dsn: str, settle
) -> None:
    root = tmp_path / "p"
    (root / "migrations").mkdir(parents=True)
    (root / "migrations" / "20250101000000_items.sql").write_text(ITEMS, "utf-8")
    (root / "migrations" / "20250102000000_orders.sql").write_text(PENDING, "utf-8")
    config = load_config(root)
    apply(db_dsn, load_project(config), to="20250101000000")
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute("ALTER TABLE public.items ADD COLUMN nickname text")
    app = WorkbenchApp(config=config, target=Target(dsn=db_dsn, name="--dsn"), initial_pane="drift")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        pane = app.query_one(DriftPane)
        assert [c.object for c in pane.result.changes] == ["public.items.nickname"]
        summary = rendered(app.query_one("#drift-summary", Static).content)
        assert "1 pending migration not applied" in summary
        labels = tree_labels(app)
        assert "1 pending migration not applied · not drift" in labels
        assert "● 20250102000000_orders" in labels
        assert app.stats.drift == 1  # the header's badge: the hand-made change only
        tree = app.query_one(DriftTree)
        tree.move_cursor_to_line(labels.index("● 20250102000000_orders"))
        await settle(app, pilot)
        body = rendered(app.query_one("#drift-body", Static).content)
        assert "20250102000000_orders" in body and "not drift" in body

        # The picker offers every file too: then the pending table is expected, and missing.
        select = app.query_one("#drift-expected", Select)
        assert MIGRATIONS_ALL in [value for _, value in select._options]
        select.value = MIGRATIONS_ALL
        await settle(app, pilot)
        assert {c.object for c in pane.result.changes} == {
            "public.items.nickname",
            "public.orders",
        }
        summary = rendered(app.query_one("#drift-summary", Static).content)
        assert "includes 1 pending migration" in summary
        assert not any("not drift" in label for label in tree_labels(app))
        assert app.stats.drift == 1  # only the applied-migrations drift sets the badge
