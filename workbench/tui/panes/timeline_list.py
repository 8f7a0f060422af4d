"""The timeline list: one row per migration, the archive in its own section at the end."""

from __future__ import annotations

from rich.text import Text

from workbench.migrations.state import MigrationStatus
from workbench.tui.panes.timeline_detail import STATE_STYLES, duration, when
from workbench.tui.panes.timeline_trend import slow_versions
from workbench.tui.widgets.keyed_table import KeyedTable

NAME_WIDTH = 26
ARCHIVE_ROW = "section:archive"
EMPTY_ROW = "section:empty"


def row_key(status: MigrationStatus) -> str:
    """A stable key for a timeline entry (archived files by file, others by version)."""
    if status.archived is not None:
        return f"a:{status.archived.file}"
    return f"m:{int(status.version) if status.version.isdigit() else status.version}"


def matches(status: MigrationStatus, needle: str) -> bool:
    haystack = f"{status.version} {status.name} {status.state} {status.file or ''}".lower()
    return all(word in haystack for word in needle.lower().split())


def _name(status: MigrationStatus) -> Text:
    name = Text(status.name, style="bold" if status.state in ("pending", "failed") else "")
    name.truncate(NAME_WIDTH, overflow="ellipsis")
    return name


class TimelineTable(KeyedTable):
    """Rows of Text cells (never markup); `entry(key)` gives the status behind a row."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.entries: dict[str, MigrationStatus] = {}
        self.slow: set[str] = set()  # versions whose duration stands out

    def on_mount(self) -> None:
        self.add_column(Text(" "), key="icon")
        self.add_column(Text("version"), key="version")
        self.add_column(Text("name"), key="name")
        self.add_column(Text("applied"), key="applied")
        self.add_column(Text("took", justify="right"), key="took")

    def show(
        self,
        statuses: list[MigrationStatus],
        needle: str = "",
        keep: str | None = None,
        empty: str = "no migrations",
    ) -> None:
        """Rebuild the rows; the cursor stays on `keep` (or the current row) when it is shown."""
        keep = keep or self.current_key()
        self.clear()
        self.entries = {}
        self.slow = slow_versions(statuses)
        shown = [s for s in statuses if not needle.strip() or matches(s, needle)]
        active = [s for s in shown if s.state != "archived"]
        archived = [s for s in shown if s.state == "archived"]
        for status in active:
            self._add(status)
        if archived:
            total = sum(1 for s in statuses if s.state == "archived")
            label = (
                f"archive ({len(archived)})"
                if len(archived) == total
                else (f"archive ({len(archived)} of {total})")
            )
            self.add_row(
                Text(""),
                Text(label, style="bold dim"),
                Text(""),
                Text(""),
                Text(""),
                key=ARCHIVE_ROW,
            )
            for status in archived:
                self._add(status)
        if not shown:
            message = "no matches" if statuses else empty
            self.add_row(
                Text(""), Text(message, style="dim"), Text(""), Text(""), Text(""), key=EMPTY_ROW
            )
        if keep is not None:
            self.select_key(keep)

    def _add(self, status: MigrationStatus) -> None:
        style = STATE_STYLES[status.state]
        key = row_key(status)
        self.entries[key] = status
        self.add_row(
            Text(status.icon, style=style),
            Text(status.version or "—", style=style if status.state != "applied" else ""),
            _name(status),
            Text(when(status.applied_at), style="dim"),
            Text(
                duration(status.duration_ms),
                style="bold yellow" if status.version in self.slow else "dim",
                justify="right",
            ),
            key=key,
        )

    def current_key(self) -> str | None:
        return self.cursor_row_key()

    def current(self) -> MigrationStatus | None:
        key = self.current_key()
        return self.entries.get(key) if key else None
