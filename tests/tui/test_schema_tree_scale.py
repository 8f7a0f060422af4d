"""The schema tree stays small at first paint and restores itself after a filter."""

from __future__ import annotations

from textual.app import App, ComposeResult

from workbench.catalog.model import Catalog, Column, Schema, Table
from workbench.tui.panes.schema_tree import AUTO_EXPAND_LIMIT, MAX_FILTER_MATCHES, SchemaTree


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
        assert any("more matches" in label for label in labels)
        assert _count(tree) <= MAX_FILTER_MATCHES + 5
        tree.show(tree.catalog, "")
        await pilot.pause()
        assert _count(tree) < 10  # back as it was before filtering


async def test_small_schema_opens_its_tables() -> None:
    app = TreeApp()
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.query_one(SchemaTree)
        tree.show(_catalog(5))
        await pilot.pause()
        tables = tree.root.children[0].children[0]
        assert tables.is_expanded and len(tables.children) == 5
