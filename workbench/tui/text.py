"""Helpers that keep database text literal: names like `[bold]x` are never markup."""

from __future__ import annotations

from rich.syntax import Syntax
from rich.text import Text


def literal(value: object, style: str = "") -> Text:
    """Database text as a Text that is never parsed as markup."""
    return Text("" if value is None else str(value), style=style)


def sql_syntax(sql: str, *, line_numbers: bool = False) -> Syntax:
    """Read-only SQL, highlighted by pygments' postgresql lexer."""
    return Syntax(
        sql,
        "postgresql",
        theme="ansi_dark",
        line_numbers=line_numbers,
        word_wrap=True,
        background_color="default",
    )


def human_bytes(size: int | None) -> str:
    if size is None:
        return "?"
    value = float(size)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def title(value: str):
    """A border title that shows database text literally (plain strings are markup there)."""
    from textual.content import Content

    return Content(value)
