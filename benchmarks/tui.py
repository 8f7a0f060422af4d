"""The TUI at scale: first paint, filter keystrokes and scrolling, measured with Pilot.

    python benchmarks/tui.py --dsn DSN [--repeats 3] [--json]

Runs `WorkbenchApp` headless (`run_test(size=(160, 45))`) on the database at
DSN, in an empty temporary project. A "paint" is the app handing a screen
update to its driver (`App._display`); the update is also rendered to terminal
escape sequences, as a real terminal driver would, so its cost is counted.
Textual refreshes the screen on a timer, so paints land on frame boundaries
(about 16 ms at 60 fps).

- first paint: from the catalog read returning (in the worker) to the first
  paint that shows table names in the schema tree;
- keystroke: from pressing a key in the schema filter to the first paint after
  the tree was rebuilt for the new text;
- clear filter: escape in the filter, back to the full tree;
- page down: in the tree, from the key to the next paint (the details pane
  follows the highlighted object, so its rendering is included).

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

from workbench.config import Config  # noqa: E402
from workbench.db import Target  # noqa: E402
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


async def one_run(dsn: str, project: Path) -> dict[str, list[float]]:
    app = WorkbenchApp(config=Config(root=project), target=Target(dsn=dsn, name="--dsn"))
    out: dict[str, list[float]] = {"first_paint": [], "keystroke": [], "page_down": []}
    PROBE.paints.clear()
    PROBE.catalog_read_at = None
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(lambda: PROBE.paint_after(PROBE.catalog_read_at or 1e18, "item_0000"), 600)
        out["first_paint"].append(
            PROBE.paint_after(PROBE.catalog_read_at, "item_0000") - PROBE.catalog_read_at
        )
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        for ch in FILTER_TEXT:
            start = time.perf_counter()
            await pilot.press(ch)
            await wait_for(lambda s=start: (PROBE.tree_shown_at or 0) > s)
            shown = PROBE.tree_shown_at
            await wait_for(lambda s=shown: PROBE.paint_after(s) is not None)
            out["keystroke"].append(PROBE.paint_after(shown) - start)
        start = time.perf_counter()
        await pilot.press("escape")
        await wait_for(lambda s=start: (PROBE.tree_shown_at or 0) > s)
        shown = PROBE.tree_shown_at
        await wait_for(lambda s=shown: PROBE.paint_after(s, "item_0000") is not None)
        out["clear_filter"] = [PROBE.paint_after(shown, "item_0000") - start]
        tree = app.query_one(SchemaTree)
        tree.focus()
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
            out["page_down"].append(PROBE.paint_after(start) - start)
            if tree.cursor_line == line:
                break
        out["tables"] = [len(app.catalog.tables) if app.catalog else 0]
    return out


def summarize(runs: list[dict[str, list[float]]]) -> dict:
    result: dict = {"repeats": len(runs), "tables": runs[0]["tables"][0]}
    for key in ("first_paint", "keystroke", "clear_filter", "page_down"):
        values = [v for run in runs for v in run.get(key, [])]
        if values:
            result[key] = {
                "median": statistics.median(values),
                "max": max(values),
                "min": min(values),
                "n": len(values),
            }
    result["notes"] = [
        f"filter typed: {FILTER_TEXT!r}, one key at a time ({len(FILTER_TEXT)} keystrokes a run)",
        f"page down pressed up to {PAGE_DOWNS} times a run in the tree",
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
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args(argv)
    result = asyncio.run(main_async(args))
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:14} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
