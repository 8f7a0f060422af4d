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


def title(value: str):
    """A border title that shows database text literally (plain strings are markup there)."""
    from textual.content import Content

    return Content(value)
