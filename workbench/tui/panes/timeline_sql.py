"""A fast, scrollable SQL view: highlighted once, rendered only where it is visible.

A baseline has thousands of lines; rendering them all in a Static (or a rich
Syntax, which re-highlights on every render) freezes the screen for seconds.
`highlight_sections` (pure, safe in a worker thread) highlights each section once
into lines; `SqlView` (Textual's line API) turns only the visible lines into
strips. Lines are not wrapped: scroll sideways for long ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.tui.text import sql_syntax

GUTTER = 6  # "  123 " before each line


@dataclass(frozen=True)
class SqlSection:
    """A titled block of SQL lines; `first_line` is the file's number of its first line."""

    title: str
    lines: tuple[Text, ...]
    first_line: int = 1


def highlight_section(title: str, sql: str, first_line: int = 1) -> SqlSection:
    """Highlight `sql` once (pygments) and split it into lines."""
    sql = sql.rstrip("\n")
    if not sql.strip():
        return SqlSection(title, (Text("-- (empty)", style="dim"),), first_line)
    highlighted = sql_syntax(sql).highlight(sql)
    highlighted.rstrip()
    return SqlSection(title, tuple(highlighted.split("\n", allow_blank=True)), first_line)


class SqlView(ScrollView, can_focus=True):
    """Sections of highlighted SQL with the file's line numbers; only visible lines render."""

    DEFAULT_CSS = """
    SqlView { height: 1fr; min-height: 4; }
    SqlView:focus { background-tint: $foreground 3%; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._rows: list[tuple[str | None, Text]] = []  # (line number or None for titles, text)
        self._strips: dict[int, Strip] = {}

    def show(self, sections: list[SqlSection]) -> None:
        """Replace the content and scroll to the top."""
        rows: list[tuple[str | None, Text]] = []
        for index, section in enumerate(sections):
            if index:
                rows.append((None, Text("")))
            rows.append((None, Text(section.title, style="bold cyan")))
            for offset, line in enumerate(section.lines):
                rows.append((str(section.first_line + offset), line))
        self._rows = rows
        self._strips.clear()
        width = max((GUTTER + text.cell_len for _, text in rows), default=0)
        self.virtual_size = Size(width, len(rows))
        self.scroll_to(0, 0, animate=False)
        self.refresh()

    def plain_lines(self) -> list[str]:
        """What is shown, as plain text (numbers included), for tests and copying."""
        return [
            (f"{number:>{GUTTER - 1}} " if number else "") + text.plain
            for number, text in self._rows
        ]

    def _strip(self, index: int) -> Strip:
        strip = self._strips.get(index)
        if strip is None:
            number, text = self._rows[index]
            segments: list[Segment] = []
            if number is not None:
                segments.append(Segment(f"{number:>{GUTTER - 1}} ", Style(dim=True)))
            segments += [s for s in text.render(self.app.console, end="") if s.text != "\n"]
            strip = Strip(segments)
            self._strips[index] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.rich_style
        if index >= len(self._rows):
            return Strip.blank(width, style)
        return self._strip(index).crop_extend(scroll_x, scroll_x + width, style).apply_style(style)
