"""The RLS pane's `s` list opens inside the pane (above the simulate bar), at any size."""

from __future__ import annotations

import pytest
from textual.widgets._select import SelectOverlay

from workbench.tui.panes.rls import RlsPane

USERS = "\n".join(
    f"INSERT INTO auth.users (id, email) VALUES (gen_random_uuid(), 'user{n}@example.test');"
    for n in range(20)
)


@pytest.mark.parametrize("size", [(200, 60), (80, 24), (120, 34)])
async def test_subject_list_stays_inside_the_pane(conn, db_dsn, make_app, settle, size):
    conn.execute(USERS + "CREATE TABLE public.t (id int);")
    app = make_app(db_dsn, "rls")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        pane = app.query_one(RlsPane)
        select = app.query_one("#rls-subject")
        overlay = select.query_one(SelectOverlay)
        assert app.focused is overlay
        box, inside = overlay.region, pane.region
        assert box.height >= 1
        assert inside.y <= box.y and box.bottom <= inside.bottom, (box, inside)
        assert box.bottom <= select.region.y  # above the bar: the footer stays visible
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert pane.choice is not None
