"""The ER view (`e` in the schema pane) through Pilot at 80×24: open, navigate, close, hostile names."""

from __future__ import annotations

from tui_helpers import rendered

from workbench.tui.panes.schema_tree import SchemaTree
from workbench.tui.screens.er_view import ErViewScreen
from workbench.tui.widgets.er_diagram import ErDiagram

SQL = """
CREATE TABLE public.orgs (id int PRIMARY KEY);
CREATE TABLE public."a[/]b" (id int PRIMARY KEY, org int REFERENCES public.orgs(id));
CREATE TABLE public."[bold]child ""q"" x" (
    id int PRIMARY KEY,
    "[red]ab" int REFERENCES public."a[/]b"(id)
);
CREATE SCHEMA "Weird ünï";
CREATE TABLE "Weird ünï"."select" (id int PRIMARY KEY, ab int REFERENCES public."a[/]b"(id));
CREATE TABLE public.lonely (id int);
"""


async def _open_on(app, pilot, settle, name: str) -> None:
    await settle(app, pilot)
    await pilot.press("slash", *name, "enter")
    await settle(app, pilot)
    tree = app.query_one(SchemaTree)
    while tree.cursor_node.data is None or tree.cursor_node.data.kind != "tables":
        await pilot.press("down")
    await pilot.press("e")
    await settle(app, pilot)


async def test_er_view_opens_navigates_and_closes(conn, db_dsn, make_app, settle) -> None:
    conn.execute(SQL)
    app = make_app(db_dsn)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_on(app, pilot, settle, "a[/]b")
        assert isinstance(app.screen, ErViewScreen)
        text = rendered(app.screen.query_one(ErDiagram).content)
        # the table in the middle, what it references, what references it, with the columns
        assert "a[/]b" in text and "orgs" in text and "org → id" in text
        assert '[bold]child "q" x' in text  # markup-like names shown as they are
        assert "Weird ünï.select" in text and "ab → id" in text
        assert "[red]ab → id" in text
        assert all(len(line) <= 80 for line in text.splitlines())
        assert "┌" in text and "◀───┤" in text
        # neighbours: what a[/]b references, then what references it (by schema, name)
        await pilot.press("down", "down")
        await settle(app, pilot)
        status = rendered(app.screen.query_one("#er-status").content)
        assert '[bold]child "q" x' in status
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.query_one(SchemaTree).cursor_node.data.key == 'public.[bold]child "q" x'
        assert "[bold]child" in str(app.screen.query_one(ErDiagram).view.label)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ErViewScreen)
        assert app.query_one(SchemaTree).cursor_node.data.key == 'public.[bold]child "q" x'


async def test_er_view_sides_and_other_schemas(conn, db_dsn, make_app, settle) -> None:
    conn.execute(SQL)
    app = make_app(db_dsn)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_on(app, pilot, settle, "a[/]b")
        diagram = app.screen.query_one(ErDiagram)
        assert diagram.current.key == "public.orgs"
        await pilot.press("right")
        assert not diagram.current.outgoing
        assert diagram.current.key == "Weird ünï.select"
        await pilot.press("down")
        assert diagram.current.key == 'public.[bold]child "q" x'
        await pilot.press("left")
        assert diagram.current.key == "public.orgs"
        await pilot.press("right", "enter")  # into another schema: the tree follows
        await settle(app, pilot)
        assert app.query_one(SchemaTree).cursor_node.data.key == "Weird ünï.select"
        await pilot.press("escape")


async def test_er_view_table_without_foreign_keys(conn, db_dsn, make_app, settle) -> None:
    conn.execute(SQL)
    app = make_app(db_dsn)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_on(app, pilot, settle, "lonely")
        text = rendered(app.screen.query_one(ErDiagram).content)
        assert "lonely" in text and "no foreign keys" in text
        await pilot.press("enter")  # nothing to go to: stays open
        assert isinstance(app.screen, ErViewScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        # on a schema node, e explains instead of opening
        tree = app.query_one(SchemaTree)
        tree.move_cursor_to_line(0)
        await pilot.press("e")
        await settle(app, pilot)
        assert not isinstance(app.screen, ErViewScreen)
