"""Two DDL texts side by side: expected left, actual right, changed lines highlighted.

`diff_rows` aligns the lines with difflib's SequenceMatcher (pure, testable):
equal lines side by side, lines only in the expected text red, lines only in
the actual text green, changed lines paired with the changed characters
emphasised. Long unchanged stretches fold into one "⋯ N unchanged lines" row.
`render` turns the rows into a rich Table (line numbers and a +/− marker in
each gutter, so the difference does not rely on colour alone). The SQL is
highlighted once per text; database text is never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from rich.box import Box
from rich.style import Style
from rich.table import Table
from rich.text import Span, Text

from workbench.tui.text import sql_syntax

REMOVED_BG = "on #4f1d1f"
REMOVED_EM = "bold on #8c2b30"
ADDED_BG = "on #173f22"
ADDED_EM = "bold on #2c7a3e"
CONTEXT = 3  # unchanged lines kept around each change when folding
# Column rules only (and one under the headers): gutter │ text │ gutter │ text.
RULES = Box("    \n  │ \n ─┼ \n  │ \n    \n    \n  │ \n    \n")


@dataclass(frozen=True)
class Row:
    """One aligned row. `kind`: equal, delete (expected only), insert (actual only), replace, fold."""

    kind: str
    left_no: int | None = None
    left: Text | None = None
    right_no: int | None = None
    right: Text | None = None
    folded: int = 0  # for "fold": how many unchanged lines it stands for

    @property
    def changed(self) -> bool:
        return self.kind in ("delete", "insert", "replace")


def _lines(text: str | None) -> list[Text]:
    if not text:
        return []
    text = text.rstrip("\n")
    highlighted = _without_background(sql_syntax(text).highlight(text))
    highlighted.rstrip()
    lines = list(highlighted.split("\n", allow_blank=True))
    plain = text.split("\n")
    # keep exactly one Text per source line (highlight may drop a trailing empty one)
    while len(lines) < len(plain):
        lines.append(Text(""))
    return lines[: len(plain)]


def _without_background(text: Text) -> Text:
    """Token colours only, so the diff's line colours show through."""

    def strip(style: str | Style) -> str | Style:
        if isinstance(style, str):
            style = Style.parse(style)
        return Style(
            color=style.color, bold=style.bold, italic=style.italic, underline=style.underline
        )

    text.spans = [Span(s.start, s.end, strip(s.style)) for s in text.spans]
    text.style = ""
    return text


def _painted(line: Text, base: str) -> Text:
    out = line.copy()
    out.style = base
    out.justify = "left"  # pads the line, so its colour fills the cell
    return out


def _emphasise(left: Text, right: Text) -> tuple[Text, Text]:
    """Stress the characters that differ between two paired lines."""
    left, right = _painted(left, REMOVED_BG), _painted(right, ADDED_BG)
    matcher = SequenceMatcher(None, left.plain, right.plain, autojunk=False)
    if matcher.ratio() < 0.4:  # mostly different: the line colour says enough
        return left, right
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            left.stylize(REMOVED_EM, i1, i2)
        if j2 > j1:
            right.stylize(ADDED_EM, j1, j2)
    return left, right


def diff_rows(expected: str | None, actual: str | None, *, fold: bool = True) -> list[Row]:
    """The aligned rows of two texts; unchanged stretches folded when `fold`."""
    a_lines, b_lines = _lines(expected), _lines(actual)
    a_plain, b_plain = [t.plain for t in a_lines], [t.plain for t in b_lines]
    rows: list[Row] = []
    matcher = SequenceMatcher(None, a_plain, b_plain, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                rows.append(Row("equal", i + 1, a_lines[i], j + 1, b_lines[j]))
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            left, right = _emphasise(a_lines[i1 + k], b_lines[j1 + k])
            rows.append(Row("replace", i1 + k + 1, left, j1 + k + 1, right))
        for i in range(i1 + paired, i2):
            rows.append(Row("delete", left_no=i + 1, left=_painted(a_lines[i], REMOVED_BG)))
        for j in range(j1 + paired, j2):
            rows.append(Row("insert", right_no=j + 1, right=_painted(b_lines[j], ADDED_BG)))
    if fold and any(r.changed for r in rows):
        rows = _fold(rows)
    return rows


def _fold(rows: list[Row]) -> list[Row]:
    out: list[Row] = []
    i = 0
    while i < len(rows):
        if rows[i].changed:
            out.append(rows[i])
            i += 1
            continue
        j = i
        while j < len(rows) and not rows[j].changed:
            j += 1
        keep_head = CONTEXT if i > 0 else 0
        keep_tail = CONTEXT if j < len(rows) else 0
        if (j - i) > keep_head + keep_tail + 1:
            out.extend(rows[i : i + keep_head])
            out.append(Row("fold", folded=(j - i) - keep_head - keep_tail))
            out.extend(rows[j - keep_tail : j])
        else:
            out.extend(rows[i:j])
        i = j
    return out


def _gutter(number: int | None, mark: str, style: str) -> Text:
    if number is None:
        return Text("")
    text = Text()
    text.append(f"{number:>4}", style="dim")
    text.append(f" {mark}" if mark else "  ", style=style)
    return text


def render(rows: list[Row], left_title: Text, right_title: Text) -> Table:
    """The rows as a two-sided table with line numbers; headers name both sides."""
    table = Table(
        box=RULES,
        expand=True,
        padding=(0, 0),
        show_edge=False,
        pad_edge=False,
        border_style="dim",
    )
    table.add_column(no_wrap=True, width=6)
    table.add_column(left_title, ratio=1, overflow="fold")
    table.add_column(no_wrap=True, width=6)
    table.add_column(right_title, ratio=1, overflow="fold")
    for row in rows:
        if row.kind == "fold":
            noun = "line" if row.folded == 1 else "lines"
            note = Text(f" ⋯ {row.folded} unchanged {noun}", style="dim italic")
            table.add_row("", note, "", note.copy())
            continue
        left_mark = "−" if row.kind in ("delete", "replace") else ""
        right_mark = "+" if row.kind in ("insert", "replace") else ""
        table.add_row(
            _gutter(row.left_no, left_mark, "bold red"),
            row.left if row.left is not None else Text(""),
            _gutter(row.right_no, right_mark, "bold green"),
            row.right if row.right is not None else Text(""),
        )
    return table
