"""The TUI at scale: first paint, filter keystrokes and scrolling, measured with Pilot.

    python benchmarks/tui.py --dsn DSN [--repeats 3] [--json]

Runs `WorkbenchApp` headless (`run_test(size=(160, 45))`) on the database at
DSN, in an empty temporary project. A "paint" is the app handing a screen
update to its driver (`App._display`); the update is also rendered to terminal
escape sequences, as a real terminal driver would, so its cost is counted.
Textual refreshes the screen on a timer, so paints land on frame boundaries
(about 16 ms at 60 fps).

- first paint: from the catalog read returning (in the worker) to the first
  paint after the schema tree was built from it;
- expand tables: if the tree left `public` → `tables` closed (big groups wait
  to be opened), space on it, to the first paint after its children were added;
- page down: in the tree, from the key to the next paint (the details pane
  follows the highlighted object, so its rendering is included);
- keystroke: from pressing a key in the schema filter to the first paint after
  the tree was rebuilt for the new text;
- clear filter: escape in the filter, to the paint of the restored tree.

The catalog is read from the database once; later repeats reuse it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import arguments  # noqa: E402
from workbench.config import Config  # noqa: E402
from workbench.db import Target, connect  # noqa: E402
from workbench.errors import WorkbenchError  # noqa: E402
from workbench.tui import app as app_module  # noqa: E402
from workbench.tui.app import WorkbenchApp  # noqa: E402
from workbench.tui.panes.schema_tree import SchemaTree  # noqa: E402

FILTER_TEXT = "item_0421"
PAGE_DOWNS = 10
SIZE = (160, 45)


class Probe:
    """Timestamps of catalog reads, tree rebuilds and paints."""

    def __init__(self) -> None:
        self.catalog_read_at: float | None = None
        self.tree_shown_at: float | None = None
        self.populated_at: float | None = None  # a node's children were added
        self.paints: list[tuple[float, str]] = []  # (time, rendered text)
        self.cached_catalog = None

    def paint_after(self, since: float, needle: str | None = None) -> float | None:
        for at, text in self.paints:
            if at >= since and (needle is None or needle in text):
                return at
        return None


PROBE = Probe()


def install_probes() -> None:
    """Wrap the catalog read, the tree rebuild and the app's display."""
    real_read = app_module.read_catalog

    def read_catalog(target, schemas):
        if PROBE.cached_catalog is None:
            PROBE.cached_catalog = real_read(target, schemas)
        PROBE.catalog_read_at = time.perf_counter()
        return PROBE.cached_catalog

    app_module.read_catalog = read_catalog

    real_show = SchemaTree.show

    def show(self, catalog, filter_text=""):
        real_show(self, catalog, filter_text)
        PROBE.tree_shown_at = time.perf_counter()

    SchemaTree.show = show

    real_populate = SchemaTree._populate

    def populate(self, node):
        real_populate(self, node)
        PROBE.populated_at = time.perf_counter()

    SchemaTree._populate = populate

    real_display = WorkbenchApp._display

    def display(self, screen, renderable):
        real_display(self, screen, renderable)
        if renderable is None:
            return
        text = ""
        render = getattr(renderable, "render_segments", None)
        if render is not None:
            text = render(self.console)  # what a terminal driver would write
        PROBE.paints.append((time.perf_counter(), text))

    WorkbenchApp._display = display


async def wait_for(predicate, timeout: float = 60.0, step: float = 0.001) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the TUI did not get there in time")
        await asyncio.sleep(step)


def _tables_group(tree: SchemaTree, schema: str = "public"):
    """The `tables (N)` node under `schema`, or None."""
    for node in tree.root.children:
        ref = node.data
        if ref is not None and ref.kind == "schema" and ref.key == schema:
            for child in node.children:
                if child.data is not None and child.data.member_kind == "tables":
                    return child
    return None


async def _painted_after(key: str, since_attr: str, start: float, out: dict) -> None:
    """Wait for the probe `since_attr` to pass `start`, then for the next paint; record it."""
    await wait_for(lambda: (getattr(PROBE, since_attr) or 0) > start)
    done = getattr(PROBE, since_attr)
    await wait_for(lambda: PROBE.paint_after(done) is not None)
    out.setdefault(key, []).append(PROBE.paint_after(done) - start)


async def one_run(dsn: str, project: Path) -> dict[str, list[float]]:
    """First paint, expanding the tables, paging down, filtering, clearing the filter."""
    app = WorkbenchApp(config=Config(root=project), target=Target(dsn=dsn, name="--dsn"))
    out: dict[str, list[float]] = {}
    PROBE.paints.clear()
    PROBE.catalog_read_at = PROBE.tree_shown_at = PROBE.populated_at = None
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(lambda: PROBE.catalog_read_at is not None, 600)
        read = PROBE.catalog_read_at
        await _painted_after("first_paint", "tree_shown_at", read, out)
        await pilot.pause()
        tree = app.query_one(SchemaTree)
        tree.focus()
        await pilot.pause()

        # Open public's tables group, if the first paint left it closed.
        group = _tables_group(tree)
        if group is not None and not group.is_expanded:
            tree.move_cursor(group)
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("space")
            await _painted_after("expand_tables", "populated_at", start, out)
            await pilot.pause()

        for _ in range(PAGE_DOWNS):
            line = tree.cursor_line
            start = time.perf_counter()
            await pilot.press("pagedown")
            try:
                await wait_for(lambda s=start: PROBE.paint_after(s) is not None, timeout=2)
            except TimeoutError:
                if tree.cursor_line == line:
                    break  # at the bottom: nothing to paint
                raise
            out.setdefault("page_down", []).append(PROBE.paint_after(start) - start)
            if tree.cursor_line == line:
                break

        await pilot.press("slash")
        await pilot.pause()
        for ch in FILTER_TEXT:
            start = time.perf_counter()
            await pilot.press(ch)
            await _painted_after("keystroke", "tree_shown_at", start, out)
        start = time.perf_counter()
        await pilot.press("escape")
        await _painted_after("clear_filter", "tree_shown_at", start, out)
        out["tables"] = [len(app.catalog.tables) if app.catalog else 0]
        out["public_tables"] = [len(group.children) if group is not None else 0]
    return out


def summarize(runs: list[dict[str, list[float]]]) -> dict:
    result: dict = {
        "repeats": len(runs),
        "tables": runs[0]["tables"][0],
        "public_tables": runs[0]["public_tables"][0],
    }
    for key in ("first_paint", "expand_tables", "page_down", "keystroke", "clear_filter"):
        values = [v for run in runs for v in run.get(key, [])]
        if values:
            result[key] = {
                "median": statistics.median(values),
                "max": max(values),
                "min": min(values),
                "n": len(values),
            }
    per_key = [[run["keystroke"][i] for run in runs] for i in range(len(FILTER_TEXT))]
    result["per_keystroke"] = [
        {"text": FILTER_TEXT[: i + 1], "median": statistics.median(v)}
        for i, v in enumerate(per_key)
    ]
    result["notes"] = [
        "scenario: first paint; open `public` → `tables` if it is closed "
        f"({result['public_tables']:,} tables); page down up to {PAGE_DOWNS} times; "
        f"type {FILTER_TEXT!r} in the filter one key at a time; escape",
    ]
    return result


async def main_async(args) -> dict:
    install_probes()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeats):
            runs.append(await one_run(args.dsn, Path(tmp)))
    return summarize(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--repeats", type=arguments.positive_int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args(argv)
    try:  # the app would only show the error in a notification and wait forever
        connect(args.dsn).close()
    except WorkbenchError as exc:
        print(f"tui.py: error: {exc}", file=sys.stderr)
        return 2
    result = asyncio.run(main_async(args))
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:14} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
