"""The schema tree stays small at first paint and restores itself after a filter."""

from __future__ import annotations

from textual.app import App, ComposeResult

from workbench.catalog.model import Catalog, Column, Schema, Table
from workbench.tui.panes.schema_tree import (
    AUTO_EXPAND_LIMIT,
    FIRST_MATCHES_MIN,
    MORE_MATCHES,
    SchemaTree,
)


def _catalog(n: int) -> Catalog:
    cols = (Column("id", "integer", position=1),)
    tables = {f"public.t{i}": Table("public", f"t{i}", columns=cols) for i in range(n)}
    return Catalog(schemas={"public": Schema("public")}, tables=tables)


class TreeApp(App[None]):
    def compose(self) -> ComposeResult:
        yield SchemaTree()


def _count(tree: SchemaTree) -> int:
    stack, total = list(tree.root.children), 0
    while stack:
        node = stack.pop()
        total += 1
        stack.extend(node.children)
    return total


async def test_big_schema_paints_collapsed_and_filter_is_capped() -> None:
    app = TreeApp()
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.query_one(SchemaTree)
        tree.show(_catalog(AUTO_EXPAND_LIMIT + 1))
        await pilot.pause()
        # schema + kind groups only: the big tables group waits for the user
        assert _count(tree) < 10
        tree.show(tree.catalog, "t")
        await pilot.pause()
        labels = [n.label.plain for n in tree.root.children]
        assert labels[-1].startswith(f"… {AUTO_EXPAND_LIMIT + 1 - _shown(tree):,} more")
        assert FIRST_MATCHES_MIN <= _shown(tree) <= tree.size.height  # about a screenful
        tree.show(tree.catalog, "")
        await pilot.pause()
        assert _count(tree) < 10  # back as it was before filtering


def _shown(tree: SchemaTree) -> int:
    """Objects (tables) the filtered tree holds."""
    return sum(len(g.children) for s in tree.root.children for g in s.children)


def _names(tree: SchemaTree) -> list[str]:
    return [n.label.plain for s in tree.root.children for g in s.children for n in g.children]


async def test_more_matches_are_added_on_enter() -> None:
    app = TreeApp()
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.query_one(SchemaTree)
        tree.focus()
        n = 600
        tree.show(_catalog(n), "t")
        await pilot.pause()
        first = _shown(tree)
        more = tree.root.children[-1]
        assert more.label.plain == f"… {n - first:,} more (enter)"
        tree.move_cursor(more)
        await pilot.press("enter")
        await pilot.pause()
        assert _shown(tree) == first + MORE_MATCHES
        # The cursor goes on to where the list ended.
        assert tree.cursor_node is not None and tree.cursor_node.data.kind == "tables"
        assert _names(tree).index(tree.cursor_node.label.plain) == first
        for _ in range(2):
            tree.move_cursor(tree.root.children[-1])
            await pilot.press("enter")
            await pilot.pause()
        assert _shown(tree) == n  # everything, and no "more" node left
        assert tree.root.children[-1].data.kind == "schema"


async def test_filter_ranks_names_that_start_with_the_text_first() -> None:
    app = TreeApp()
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.query_one(SchemaTree)
        cols = (Column("id", "integer", position=1),)
        names = [f"a_{i:03}_order" for i in range(100)] + ["order_items", "orders"]
        catalog = Catalog(
            schemas={"public": Schema("public")},
            tables={f"public.{n}": Table("public", n, columns=cols) for n in names},
        )
        tree.show(catalog, "order")
        await pilot.pause()
        shown = _names(tree)
        assert {"order_items", "orders"} <= set(shown)  # found, though last in the catalog
        assert len(shown) < 102
        # Narrowing as the user types, then widening again (backspace), stays exact.
        for text, expected in (
            ("orders", ["orders"]),
            ("ordersx", []),
            ("order_i", ["order_items"]),
        ):
            tree.show(catalog, text)
            await pilot.pause()
            assert _names(tree) == expected, text
        tree.show(catalog, "_05")
        await pilot.pause()
        assert _names(tree) == [f"a_{i:03}_order" for i in range(50, 60)]


async def test_small_schema_opens_its_tables() -> None:
    app = TreeApp()
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.query_one(SchemaTree)
        tree.show(_catalog(5))
        await pilot.pause()
        tables = tree.root.children[0].children[0]
        assert tables.is_expanded and len(tables.children) == 5
