"""Regenerate the README screenshots from the real app on the demo database.

python screenshots/take.py            # all panes
python screenshots/take.py schema     # one pane
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from workbench.config import load_config
from workbench.db import Target
from workbench.demo import prepare_demo
from workbench.tui.app import WorkbenchApp

HERE = Path(__file__).resolve().parent
PANES = ("timeline", "schema", "drift", "rls", "er")
PENDING = "20250124090000"  # the demo's pending migration: its preview shows the review


async def _wait_idle(app: WorkbenchApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def shoot(dsn: str, pane: str) -> Path:
    config = load_config(HERE.parent)
    app = WorkbenchApp(
        config=config,
        target=Target(dsn=dsn, name="demo", embedded=True),
        initial_pane="schema" if pane == "er" else pane,
    )
    async with app.run_test(size=(160, 45)) as pilot:
        await _wait_idle(app, pilot)
        if pane == "timeline":
            from workbench.tui.panes.timeline_list import TimelineTable

            app.query_one(TimelineTable).select_key(f"m:{int(PENDING)}")
            await _wait_idle(app, pilot)
            await pilot.press("p")  # the preview: locks, rewrites, data and access
        if pane in ("schema", "er"):
            # Show a table with policies and foreign keys.
            await pilot.press("slash")
            for key in "organization_members":
                await pilot.press(key)
            await pilot.press("enter")
            for _ in range(3):
                await pilot.press("down")
        if pane == "er":
            await _wait_idle(app, pilot)
            await pilot.press("e")  # the table's neighbourhood
        await _wait_idle(app, pilot)
        path = HERE / f"{pane}.svg"
        app.save_screenshot(filename=path.name, path=str(HERE))
    return path


def main(argv: list[str]) -> int:
    panes = argv or list(PANES)
    dsn = prepare_demo(load_config(HERE.parent), lambda msg: print(f"demo: {msg}", file=sys.stderr))
    for pane in panes:
        print(asyncio.run(shoot(dsn, pane)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
