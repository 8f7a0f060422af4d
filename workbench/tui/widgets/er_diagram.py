"""A table's neighbourhood drawn with box characters: what it references, what references it.

Three columns when there is room (the tables it references on the left, the
table in the middle with its key columns, the tables referencing it on the
right, each foreign key an arrow from the referencing side), one column
otherwise. Every name is plain text in a `rich.text.Text` (never markup),
cut to its box by terminal cells, with control characters made visible.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widgets import Static

from workbench.catalog.model import Catalog
from workbench.schema_docs.file_names import visible
from workbench.schema_docs.graph import key_columns

BOX_HEIGHT = 4  # top border, name, columns, bottom border
CONNECTOR = 4
MIN_SIDE = 14  # narrower than this per side: one column
BORDER, SELECTED, CENTER = "dim", "bold reverse", "bold"


@dataclass(frozen=True)
class Neighbour:
    """One foreign key seen from the table in the middle."""

    key: str  # the other table
    label: str  # `schema.name`
    short: str  # `name` when in the same schema as the table in the middle, else `schema.name`
    columns: str  # `referencing columns → referenced columns`
    constraint: str
    outgoing: bool  # the table in the middle references it


@dataclass(frozen=True)
class Neighbourhood:
    key: str
    label: str
    lines: tuple[str, ...]  # the key columns: `PK id`, `FK user_id`, ...
    references: tuple[Neighbour, ...]
    referenced_by: tuple[Neighbour, ...]

    @property
    def neighbours(self) -> tuple[Neighbour, ...]:
        return self.references + self.referenced_by


def neighbourhood(catalog: Catalog, key: str) -> Neighbourhood:
    """The foreign keys in and out of table `key` (one neighbour per foreign key)."""
    table = catalog.tables[key]

    def label(other: str) -> str:
        found = catalog.tables.get(other)
        return f"{found.schema}.{found.name}" if found else other

    def short(other: str) -> str:
        found = catalog.tables.get(other)
        return found.name if found and found.schema == table.schema else label(other)

    def cols(fk) -> str:
        return f"{', '.join(fk.columns)} → {', '.join(fk.ref_columns)}"

    out = tuple(
        Neighbour(
            fk.references, label(fk.references), short(fk.references), cols(fk), fk.name, True
        )
        for fk in table.foreign_keys
        if fk.references
    )
    incoming = sorted(catalog.referenced_by.get(key, ()), key=lambda pair: (pair[0], pair[1].name))
    into = tuple(
        Neighbour(child, label(child), short(child), cols(fk), fk.name, False)
        for child, fk in incoming
    )
    marks = key_columns(table)
    lines = tuple(f"{'/'.join(m)} {name}" for name, m in marks.items())
    return Neighbourhood(key, f"{table.schema}.{table.name}", lines, out, into)


def fit(text: str, width: int) -> str:
    """`text` padded or cut (with …) to exactly `width` cells."""
    text = visible(text)
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, max(0, width - 1)) + "…"


def _box_row(n: Neighbour | None, sub: int, width: int, selected: bool) -> Text:
    if n is None:
        return Text(" " * width)
    inner = width - 2
    if sub == 0:
        return Text("┌" + "─" * inner + "┐", style=SELECTED if selected else BORDER)
    if sub == BOX_HEIGHT - 1:
        return Text("└" + "─" * inner + "┘", style=SELECTED if selected else BORDER)
    body = fit(n.short if sub == 1 else n.columns, inner)
    row = Text("│", style=BORDER)
    row.append(body, style=SELECTED if selected else ("bold" if sub == 1 else "cyan"))
    row.append("│", style=BORDER)
    return row


def _center_row(view: Neighbourhood, row: int, height: int, width: int) -> tuple[str, str]:
    inner = width - 2
    if row == 0:
        return "┌" + "─" * inner + "┐", CENTER
    if row == height - 1:
        return "└" + "─" * inner + "┘", CENTER
    lines = (view.label, *view.lines)
    index = row - 1
    if index < len(lines):
        return fit(lines[index], inner), CENTER if index == 0 else ""
    if index == len(lines) and not view.neighbours:
        return fit("no foreign keys", inner), "dim"
    return " " * inner, ""


def _center_height(view: Neighbourhood) -> int:
    """Borders, the name, the key columns, a blank line (or the "no foreign keys" note)."""
    return len(view.lines) + 4


def draw(view: Neighbourhood, width: int, selected: int | None) -> tuple[Text, list[int]]:
    """The diagram at `width` cells, and the first line of each neighbour's box."""
    side = (width - 2 * CONNECTOR - min(30, max(18, width // 3))) // 2
    if side < MIN_SIDE:
        return _draw_narrow(view, width, selected)
    center = width - 2 * side - 2 * CONNECTOR
    left, right = view.references, view.referenced_by
    height = max(BOX_HEIGHT * len(left), BOX_HEIGHT * len(right), _center_height(view))
    head = Text(style="dim")
    head.append(fit("references →", side + CONNECTOR))
    head.append(fit("", center))
    head.append(fit("", CONNECTOR))
    head.append(fit("← referenced by", side))
    rows = [head]
    for r in range(height):
        i, sub = divmod(r, BOX_HEIGHT)
        ln = left[i] if i < len(left) else None
        rn = right[i] if i < len(right) else None
        line = Text()
        line.append_text(_box_row(ln, sub, side, selected == i))
        attach_left = ln is not None and sub == 1
        attach_right = rn is not None and sub == 1
        line.append("◀" + "─" * (CONNECTOR - 1) if attach_left else " " * CONNECTOR, style="cyan")
        body, style = _center_row(view, r, height, center)
        if 0 < r < height - 1:
            line.append("┤" if attach_left else "│", style=CENTER)
            line.append(body, style=style)
            line.append("├" if attach_right else "│", style=CENTER)
        else:
            line.append(body, style=style)
        line.append("◀" + "─" * (CONNECTOR - 1) if attach_right else " " * CONNECTOR, style="cyan")
        line.append_text(_box_row(rn, sub, side, selected == len(left) + i))
        rows.append(line)
    starts = [1 + BOX_HEIGHT * i for i in range(len(left))]
    starts += [1 + BOX_HEIGHT * i for i in range(len(right))]
    return Text("\n").join(rows), starts


def _draw_narrow(view: Neighbourhood, width: int, selected: int | None) -> tuple[Text, list[int]]:
    rows: list[Text] = []
    starts: list[int] = []

    def boxes(items: tuple[Neighbour, ...], offset: int) -> None:
        for i, n in enumerate(items):
            starts.append(len(rows))
            rows.extend(
                _box_row(n, sub, width, selected == offset + i) for sub in range(BOX_HEIGHT)
            )

    rows.append(Text(fit("references ↓", width), style="dim"))
    boxes(view.references, 0)
    height = _center_height(view)
    for r in range(height):
        body, style = _center_row(view, r, height, width)
        rows.append(Text(body if r in (0, height - 1) else f"│{body}│", style=style or CENTER))
    rows.append(Text(fit("referenced by ↑", width), style="dim"))
    boxes(view.referenced_by, len(view.references))
    return Text("\n").join(rows), starts


class ErDiagram(Static):
    """The drawing, redrawn at the widget's width; `selected` indexes `view.neighbours`."""

    DEFAULT_CSS = "ErDiagram { width: 1fr; height: auto; }"

    def __init__(self, view: Neighbourhood, **kwargs) -> None:
        super().__init__(**kwargs)
        self.view = view
        self.selected: int | None = 0 if view.neighbours else None
        self.starts: list[int] = []

    def show(self, view: Neighbourhood) -> None:
        self.view = view
        self.selected = 0 if view.neighbours else None
        self.redraw()

    def select(self, index: int) -> None:
        if self.view.neighbours:
            self.selected = max(0, min(index, len(self.view.neighbours) - 1))
            self.redraw()

    def redraw(self) -> None:
        width = self.size.width or (self.app.size.width - 6)
        text, self.starts = draw(self.view, max(width, 20), self.selected)
        self.update(text)

    def on_mount(self) -> None:
        self.redraw()

    def on_resize(self) -> None:
        self.redraw()

    @property
    def current(self) -> Neighbour | None:
        if self.selected is None:
            return None
        return self.view.neighbours[self.selected]
