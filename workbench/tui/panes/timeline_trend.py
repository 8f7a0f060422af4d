"""Execution-time tracking in the timeline: a sparkline of applied durations."""

from __future__ import annotations

from statistics import median

from rich.text import Text

from workbench.migrations.state import MigrationStatus
from workbench.migrations.trend import applied_durations, levels, slowest

BLOCKS = "▁▂▃▄▅▆▇█"
MAX_BARS = 60  # the newest ones, so the line fits beside the list at 80 columns


def _ms(value: int) -> str:
    return f"{value} ms" if value < 10_000 else f"{value / 1000:.1f} s"


def slow_versions(statuses: list[MigrationStatus]) -> set[str]:
    """Versions whose duration stands out (shown bold in the list)."""
    return {s.version for s in slowest(statuses)}


def trend_line(statuses: list[MigrationStatus], selected: MigrationStatus | None) -> Text | None:
    """`Durations ▁▂█▁ (oldest → newest) · median 3 ms · slowest …`; the selected bar stands out."""
    timed = applied_durations(statuses)[-MAX_BARS:]
    if len(timed) < 2:
        return None
    line = Text("Durations ", style="bold")
    slow = slow_versions(statuses)
    for status, level in zip(timed, levels([s.duration_ms for s in timed])):
        style = "bold yellow" if status.version in slow else "cyan"
        if selected is not None and status.version == selected.version:
            style = "reverse " + style
        line.append(BLOCKS[level], style=style)
    line.append(f"  median {_ms(int(median(s.duration_ms for s in timed)))}", style="dim")
    top = slowest(statuses)
    if top:
        names = ", ".join(f"{s.name} {_ms(s.duration_ms)}" for s in top)
        line.append(" · slowest: ", style="dim")
        line.append(names, style="yellow")
    return line
