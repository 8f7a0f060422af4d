"""The RLS table list: one row per table with its RLS badge, policies and finding counts."""

from __future__ import annotations

from rich.text import Text

from workbench.rls.rls_report import RlsReport, TableState
from workbench.tui.panes.rls_detail import BADGE, LEVEL_ICON
from workbench.tui.widgets.keyed_table import KeyedTable

EMPTY_ROW = "section:empty"
MORE_ROW = "section:more"
NAME_WIDTH = 34
MAX_ROWS = 1000  # a DataTable slows down past this; the filter narrows


def display_name(state: TableState) -> str:
    """`name` for tables in public, `schema.name` elsewhere."""
    return state.table.name if state.table.schema == "public" else state.key


def haystack(state: TableState) -> str:
    """What the filter searches: the table's key, badge, finding levels and rule ids."""
    counts = state.counts()
    words = [state.key, state.badge, "rls " + state.badge]
    words += [level.lower() for level, n in counts.items() if n]
    words += ["warning" if counts["WARN"] else "", "finding" if state.findings else ""]
    words += [f.name for f in state.findings]
    return " ".join(words).lower()


def matches(text: str, needle: str) -> bool:
    """Every word of `needle` in `text` (a haystack)."""
    return all(word in text for word in needle.lower().split())


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


class RlsTableList(KeyedTable):
    """Rows of Text cells (never markup), keyed by table key."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.states: dict[str, TableState] = {}
        self._report: RlsReport | None = None
        self._haystacks: list[str] = []

    def on_mount(self) -> None:
        # Fixed widths: measuring thousands of cells is what makes a big list slow.
        self.add_column(Text(" "), key="badge", width=1)
        self.add_column(Text("table"), key="table", width=NAME_WIDTH)
        self.add_column(Text("pol", justify="right"), key="policies", width=3)
        self.add_column(Text("findings"), key="findings", width=12)

    def show(self, report: RlsReport, needle: str = "", keep: str | None = None) -> int:
        """Rebuild the rows (the cursor stays on `keep` or the current table); returns matches."""
        keep = keep or self.current_key()
        self.clear()
        self.states = {}
        if report is not self._report:
            self._report, self._haystacks = report, [haystack(s) for s in report.tables]
        if needle.strip():
            matched = [s for s, h in zip(report.tables, self._haystacks) if matches(h, needle)]
        else:
            matched = list(report.tables)
        shown = matched[:MAX_ROWS]
        if len(matched) > MAX_ROWS and keep is not None:
            # the selected table stays listed even past the cut
            shown += [s for s in matched[MAX_ROWS:] if s.key == keep]
        for state in shown:
            self._add(state)
        if len(matched) > len(shown):
            more = Text(f"… {len(matched) - len(shown)} more: type / to narrow", style="dim")
            self.add_row(Text(""), more, Text(""), Text(""), key=MORE_ROW)
        if not matched:
            message = "no matches" if report.tables else "no tables"
            self.add_row(Text(""), Text(message, style="dim"), Text(""), Text(""), key=EMPTY_ROW)
        if keep is not None:
            self.select_key(keep)
        return len(matched)

    def _add(self, state: TableState) -> None:
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

    def current_key(self) -> str | None:
        key = self.cursor_row_key()
        return key if key in self.states else None

    def current(self) -> TableState | None:
        key = self.current_key()
        return self.states.get(key) if key else None
