"""Messages posted by workers; only handlers on the UI thread change state."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from workbench.catalog.model import Catalog


@dataclass
class CatalogLoaded(Message):
    """A fresh catalog of the target was read."""

    catalog: Catalog
    server_version: str


@dataclass
class HeaderStats(Message):
    """Counts for the header: applied / pending migrations, drift."""

    applied: int | None = None
    pending: int | None = None
    drift: int | None = None
    stand_ins: tuple[str, ...] | None = None  # extensions that are the workbench's stand-ins
