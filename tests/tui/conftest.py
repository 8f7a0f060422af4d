"""Helpers for Pilot tests of the TUI."""

from __future__ import annotations

import pytest
from textual.notifications import Notification
from tui_helpers import app_on

from workbench.tui.app import WorkbenchApp


async def _settle(app: WorkbenchApp, pilot) -> None:
    """Let workers finish and the screen catch up."""
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause(0.15)  # debounced detail rendering
    await pilot.pause()


@pytest.fixture(autouse=True)
def lasting_notifications(monkeypatch):
    """Notifications stay until the test reads them: on a loaded machine a test can take
    longer than their 5 s timeout, and an expired one looked like one never sent."""
    monkeypatch.setattr(Notification, "has_expired", property(lambda self: False))


@pytest.fixture
def settle():
    return _settle


@pytest.fixture
def make_app(tmp_path):
    def make(dsn: str, pane: str = "schema") -> WorkbenchApp:
        return app_on(tmp_path, dsn, pane)

    return make
