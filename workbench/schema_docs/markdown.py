"""Database text written literally in Markdown (GitHub Flavored): names, comments, SQL.

Names go in code spans, free text is backslash-escaped, and everything that
lands in a table cell has its `|` escaped and its line breaks made visible, so
a name like ``a|b`` or a comment with `<script>` stays what it is.
"""

from __future__ import annotations

import re

from workbench.schema_docs.file_names import visible

# Characters that start or end Markdown or HTML constructs inline (GitHub's math too: `$`);
# `_` only where it can start or end emphasis, `|` in table cells only (see `row`).
_SPECIAL = re.compile(r"([\\`*\[\]<>~&$!]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
# What makes a line a heading, list item, quote or rule when it starts it.
_BLOCK_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))")
_BACKTICKS = re.compile(r"`+")


def text(value: str | None) -> str:
    """Free text (a comment), on one line, every Markdown/HTML construct escaped."""
    if not value:
        return ""
    one_line = " ".join(value.split("\n")).strip()  # leading spaces would start a code block
    escaped = _SPECIAL.sub(r"\\\1", visible(one_line))
    return _BLOCK_START.sub(_escape_block_start, escaped)


def _escape_block_start(match: re.Match) -> str:
    mark = match.group(2)
    return match.group(1) + (mark + "\\" if mark[0].isdigit() else "\\" + mark)


def code(value: str) -> str:
    """`value` as an inline code span that shows it exactly (backticks, spaces, `|`)."""
    value = visible(value)
    if "`" not in value and value[:1] != " " and value[-1:] != " ":
        return f"`{value}`"
    longest = max((len(m) for m in _BACKTICKS.findall(value)), default=0)
    fence = "`" * (longest + 1)
    if value.startswith(("`", " ")) or value.endswith(("`", " ")):
        value = f" {value} "
    return f"{fence}{value}{fence}"


def link(label: str, href: str) -> str:
    """A link whose label is already Markdown; `href` is a file name made of safe characters."""
    return f"[{label}]({href})"


def row(*cells: str) -> str:
    """A table row; `|` is escaped in every cell, also inside code spans, as GFM requires."""
    return "| " + " | ".join([c.replace("|", "\\|") if c else " " for c in cells]) + " |"


def table(headings: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """A GFM table; cells are Markdown already (escaped with `text`/`code`)."""
    lines = [row(*headings), "|" + "|".join("---" for _ in headings) + "|"]
    lines += [row(*r) for r in rows]
    return lines


def fenced(body: str, language: str = "") -> list[str]:
    """A fenced code block that no line of `body` can close."""
    longest = max((len(m) for m in re.findall(r"^\s*(`{3,})", body, re.M)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{language}", *visible_lines(body), fence]


def visible_lines(body: str) -> list[str]:
    """The lines of `body`, control characters other than tabs made visible."""
    return [visible(line, tabs=True) for line in body.split("\n")]
