"""Findings as text for a terminal or a pipe (lint, verify, validate).

On a terminal — or when `COLUMNS` asks for a width — a finding is a block: its
place (`file:line`), then its level, rule and detail wrapped under it, so
nothing is cut at 80 columns. In a pipe, one plain line per finding, the
compilers' format that editors and CI logs understand:
`file:line: LEVEL rule: detail` — no padding, no trailing spaces.
"""

from __future__ import annotations

import os
import re

from rich.console import Console, ConsoleOptions
from rich.control import STRIP_CONTROL_CODES
from rich.segment import Segment
from rich.text import Text

from workbench.findings import Finding

LEVEL_STYLE = {"ERROR": "bold red", "WARN": "yellow", "INFO": "cyan"}
LEVEL_MARK = {"ERROR": "✗", "WARN": "⚠", "INFO": "ℹ"}


def plain_output(console: Console) -> bool:
    """Plain lines: the console is not a terminal and `COLUMNS` sets no width."""
    return not console.is_terminal and not os.environ.get("COLUMNS", "").strip().isdigit()


def where(file: str | None, line: int | None) -> str:
    """`file:line` (or what of it is known)."""
    return (file or "") + (f":{line}" if file and line is not None else "")


def one_line(text: str) -> str:
    """Text on a single line (a detail with line breaks would split a record)."""
    return " ".join(text.split())


def print_finding(console: Console, finding: Finding, *, indent: int = 0) -> None:
    """One finding: a plain line in a pipe (`file:line: LEVEL name: detail`, no place
    without a file), a wrapped block on a terminal."""
    level, detail, place = (
        finding.level,
        one_line(finding.detail),
        where(finding.file, finding.line),
    )
    if plain_output(console):
        text = f"{place + ': ' if place else ''}{level} {finding.name}: {detail}"
        if isinstance(console, BatchedLines):
            console.line(text)
        else:
            console.print(Text(text), soft_wrap=True)
        return
    style = LEVEL_STYLE.get(level, "")
    mark = Text(f"{LEVEL_MARK.get(level, '?')} ", style=style)
    body = Text.assemble((level, style), " ", (finding.name, "bold"), ": ", detail)
    if place:
        print_wrapped(console, mark + Text(place, style="dim"), indent, indent + 2)
        print_wrapped(console, body, indent + 4, indent + 4)
    else:
        print_wrapped(console, mark + body, indent, indent + 4)


def print_wrapped(console: Console, text: Text, first: int, rest: int) -> None:
    """`text` wrapped to the console's width, indented, without trailing spaces.

    In a pipe (see `plain_output`) it stays on one line, indented by `first`.
    """
    if plain_output(console):
        if isinstance(console, BatchedLines):
            console.line(" " * first + text.plain)
        else:
            console.print(Text(" " * first) + text, soft_wrap=True)
        return
    width = max(20, console.width - rest)
    for index, part in enumerate(text.wrap(console, width)):
        part.rstrip()
        console.print(Text(" " * (first if index == 0 else rest)) + part, soft_wrap=True)


# what rich changes in a line it prints unwrapped: control codes it strips, tabs it expands
_NOT_VERBATIM = re.compile("[\t" + "".join(map(chr, STRIP_CONTROL_CODES)) + "]")


class _Verbatim:
    """Text rich writes as it is (one segment, no style): lines already in the form rich
    would give them (see `BatchedLines`)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions):
        yield Segment(self.text)


class BatchedLines:
    """Stands in for the console in a pipe (see `plain_output`): the lines are kept as
    strings and printed a thousand at a time, one `Console.print` each batch, as one
    verbatim segment. rich's per-line work (a `Text` built, split, rendered: ~3 ms a
    line under cProfile) dominated `rls` and `validate` on thousands of findings.

    Same bytes as printing each line as a `Text` with `soft_wrap` (as `print_finding`
    and `print_wrapped` do in a pipe): rich prints such a line unchanged, unless it
    holds a tab or a control code rich strips — such a line is printed by rich itself.
    """

    is_terminal = False
    CHUNK = 1000

    def __init__(self, console: Console) -> None:
        self.console = console
        self.width = console.width
        self.lines: list[str] = []

    def print(self, text: Text | str = "", *, soft_wrap: bool = True) -> None:
        """A line (a `str` is plain text, never markup, as `Text(str)` is)."""
        self.line(text.plain if isinstance(text, Text) else text)

    def line(self, text: str) -> None:
        """One line of plain text."""
        if _NOT_VERBATIM.search(text) is not None:
            self.flush()
            self.console.print(Text(text), soft_wrap=True)
            return
        self.lines.append(text)
        if len(self.lines) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.lines:
            self.lines.append("")  # the last line's end
            self.console.print(_Verbatim("\n".join(self.lines)), soft_wrap=True)
            self.lines = []
