"""The RLS table list: one row per table with its RLS badge, policies and finding counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from workbench.rls.report import RlsReport, TableState
from workbench.tui.panes.rls_detail import BADGE, LEVEL_ICON

EMPTY_ROW = "section:empty"
NAME_WIDTH = 34


def display_name(state: TableState) -> str:
    """`name` for tables in public, `schema.name` elsewhere."""
    return state.table.name if state.table.schema == "public" else state.key


def matches(state: TableState, needle: str) -> bool:
    """Every word of `needle` in the table's name, badge or finding levels and rule ids."""
    counts = state.counts()
    words = [state.key, state.badge, "rls " + state.badge]
    words += [level.lower() for level, n in counts.items() if n]
    words += ["warning" if counts["WARN"] else "", "finding" if state.findings else ""]
    words += [f.name for f in state.findings]
    haystack = " ".join(words).lower()
    return all(word in haystack for word in needle.lower().split())


def findings_cell(state: TableState) -> Text:
    counts = state.counts()
    cell = Text()
    for level in ("ERROR", "WARN", "INFO"):
        if counts[level]:
            icon, style = LEVEL_ICON[level]
            if cell:
                cell.append(" ")
            cell.append(f"{icon}{counts[level]}", style=style if level != "INFO" else "dim")
    return cell


class RlsTableList(DataTable):
    """Rows of Text cells (never markup), keyed by table key."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.states: dict[str, TableState] = {}

    def on_mount(self) -> None:
        self.add_column(Text(" "), key="badge")
        self.add_column(Text("table"), key="table")
        self.add_column(Text("pol", justify="right"), key="policies")
        self.add_column(Text("findings"), key="findings")

    def show(self, report: RlsReport, needle: str = "", keep: str | None = None) -> int:
        """Rebuild the rows (the cursor stays on `keep` or the current table); returns rows shown."""
        keep = keep or self.current_key()
        self.clear()
        self.states = {}
        shown = [s for s in report.tables if not needle.strip() or matches(s, needle)]
        for state in shown:
            self.states[state.key] = state
            icon, style = BADGE[state.badge]
            name = Text(display_name(state))
            name.truncate(NAME_WIDTH, overflow="ellipsis")
            if state.badge == "disabled":
                name.stylize("red")
            policies = len(state.table.policies)
            self.add_row(
                Text(icon, style=style),
                name,
                Text(str(policies), style="dim" if policies else "yellow", justify="right"),
                findings_cell(state),
                key=state.key,
            )
        if not shown:
            message = "no matches" if report.tables else "no tables"
            self.add_row(Text(""), Text(message, style="dim"), Text(""), Text(""), key=EMPTY_ROW)
        if keep is not None:
            self.select_key(keep)
        return len(shown)

    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except RowDoesNotExist:
            return None
        return key if key in self.states else None

    def current(self) -> TableState | None:
        key = self.current_key()
        return self.states.get(key) if key else None

    def select_key(self, key: str) -> bool:
        try:
            index = self.get_row_index(key)
        except RowDoesNotExist:
            return False
        self.move_cursor(row=index, animate=False)
        return True
