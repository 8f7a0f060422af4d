"""The schema pane through Pilot: lazy tree, filter, details, hostile names."""

from __future__ import annotations

from textual.widgets import Static
from tui_helpers import rendered

from workbench.tui.panes.schema_tree import SchemaTree

HOSTILE_SQL = """
CREATE SCHEMA "Weird Schema";
CREATE TABLE public."a[/]b" (id int PRIMARY KEY, "[red]c" text);
CREATE TABLE public."[bold]x" (id int PRIMARY KEY, ab_id int REFERENCES public."a[/]b"(id));
CREATE TABLE "Weird Schema"."select" ("user" text, "Mixed Case" int);
ALTER TABLE public."a[/]b" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "[/]p" ON public."a[/]b" FOR SELECT TO anon USING (id > 0);
COMMENT ON TABLE public."a[/]b" IS '[blink]not markup[/blink]';
CREATE TYPE public.mood AS ENUM ('sad', '[ok]');
"""


def _labels(tree: SchemaTree) -> list[str]:
    labels = []
    stack = list(tree.root.children)
    while stack:
        node = stack.pop()
        labels.append(node.label.plain)
        stack.extend(node.children)
    return labels


async def test_hostile_names_render_literally(conn, db_dsn, make_app, settle) -> None:
    conn.execute(HOSTILE_SQL)
    app = make_app(db_dsn)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        tree = app.query_one(SchemaTree)
        # The first schema is expanded with its kind groups; open the tables group.
        await pilot.press("slash")
        for key in "a[/]b":
            await pilot.press(key)
        await settle(app, pilot)
        labels = _labels(tree)
        assert "a[/]b" in labels
        await pilot.press("enter")  # back to the tree
        await pilot.press("down", "down", "down")
        await settle(app, pilot)
        node = tree.cursor_node
        assert node is not None and node.data is not None
        assert node.data.key == "public.a[/]b"
        detail = rendered(app.query_one("#schema-detail-body", Static).content)
        assert "[blink]not markup[/blink]" in detail
        assert "[red]c" in detail
        assert "[/]p" in detail


async def test_filter_narrows_and_clears(conn, db_dsn, make_app, settle) -> None:
    conn.execute(HOSTILE_SQL)
    app = make_app(db_dsn)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        tree = app.query_one(SchemaTree)
        await pilot.press("slash", "b", "o", "l", "d")
        await settle(app, pilot)
        labels = _labels(tree)
        assert "[bold]x" in labels and "a[/]b" not in labels
        await pilot.press("escape")
        await settle(app, pilot)
        assert "public" in _labels(tree)
        await pilot.press("slash", "z", "z", "z", "q")
        await settle(app, pilot)
        assert _labels(tree) == ["no matches"]


async def test_lazy_tree_expands_tables_into_members(conn, db_dsn, make_app, settle) -> None:
    conn.execute(HOSTILE_SQL)
    app = make_app(db_dsn)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        tree = app.query_one(SchemaTree)
        await pilot.press("slash", *"select")
        await settle(app, pilot)
        await pilot.press("enter")
        table_node = next(
            n for n in tree.root.children[0].children[0].children if n.label.plain == "select"
        )
        assert not table_node.children  # lazy: nothing until expanded
        table_node.expand()
        await settle(app, pilot)
        groups = [c.label.plain for c in table_node.children]
        assert groups == ["columns (2)"]
        assert [m.label.plain for m in table_node.children[0].children] == ["user", "Mixed Case"]


async def test_unreachable_target_notifies_instead_of_crashing(pg_server, make_app, settle) -> None:
    app = make_app(pg_server.dsn("database_that_does_not_exist"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert any("database_that_does_not_exist" in m for m in messages)
        # The tree says so in place of its contents.
        labels = _labels(app.query_one(SchemaTree))
        assert any("could not read the schema" in label for label in labels)


async def test_keys_switch_panes_and_help(db_dsn, make_app, settle) -> None:
    app = make_app(db_dsn)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        from textual.widgets import TabbedContent

        tabs = app.query_one(TabbedContent)
        await pilot.press("1")
        assert tabs.active == "timeline"
        await pilot.press("4")
        assert tabs.active == "rls"
        await pilot.press("2")
        assert tabs.active == "schema"
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ != "HelpScreen"


FOREIGN_SQL = """
CREATE FOREIGN DATA WRAPPER "[b]w";
CREATE SERVER "[red]srv" FOREIGN DATA WRAPPER "[b]w" OPTIONS (host 'h');
CREATE USER MAPPING FOR PUBLIC SERVER "[red]srv" OPTIONS (password 'hunter2-secret');
"""


async def test_foreign_data_node_shows_servers_mappings_and_ddl(
    conn, db_dsn, make_app, settle
) -> None:
    """Wrappers, servers and user mappings under one node; DDL in the details, no secret."""
    conn.execute(FOREIGN_SQL)
    app = make_app(db_dsn)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        tree = app.query_one(SchemaTree)
        node = next(n for n in tree.root.children if n.label.plain == "foreign data (2)")
        node.expand()
        await settle(app, pilot)
        labels = [c.label.plain for c in node.children]
        assert labels == ["wrapper [b]w", "server [red]srv"]
        mapping = node.children[1].children[0]
        assert mapping.label.plain == "user mapping for PUBLIC"
        node.children[1].expand()
        _ = tree.last_line  # lays the new lines out
        tree.move_cursor(mapping)
        await settle(app, pilot)
        detail = rendered(app.query_one("#schema-detail-body", Static).content)
        assert 'CREATE USER MAPPING FOR PUBLIC SERVER "[red]srv"' in detail
        assert "<secret: fill in>" in detail and "hunter2" not in detail
        tree.move_cursor(node.children[1])
        await settle(app, pilot)
        detail = rendered(app.query_one("#schema-detail-body", Static).content)
        assert 'CREATE SERVER "[red]srv" FOREIGN DATA WRAPPER "[b]w"' in detail
