"""The TUI header says which stand-ins the database uses."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from workbench.config import load_config
from workbench.db import Target, connect
from workbench.tui.app import WorkbenchApp


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("with_stand_ins", [True, False])
async def test_header_names_the_stand_ins(tmp_path, empty_db_dsn: str, with_stand_ins: bool):
    if with_stand_ins:
        with connect(empty_db_dsn, autocommit=True) as conn:
            conn.execute('CREATE EXTENSION "uuid-ossp"')
            conn.execute("CREATE EXTENSION pg_hashids")
            conn.execute("CREATE EXTENSION pgmq")
            conn.execute("CREATE EXTENSION citext")  # real: not named
    app = WorkbenchApp(config=load_config(tmp_path), target=Target(dsn=empty_db_dsn, name="--dsn"))
    async with app.run_test(size=(160, 40)) as pilot:
        await _settle(app, pilot)
        header = str(app.query_one("#header", Static).render())
        if with_stand_ins:
            assert header.endswith("stand-ins: pg_hashids, pgmq +1")  # last, and short
            assert app.stats.stand_ins == ("pg_hashids", "pgmq", "uuid-ossp")
        else:
            assert "stand-ins" not in header and app.stats.stand_ins == ()
