"""Reading generated docs back: pages, diagrams, access matrices."""

from __future__ import annotations

import re
from pathlib import Path

from .mermaid_check import ErDiagram, diagrams_in, parse


def pages(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def all_diagrams(directory: Path) -> dict[str, list[ErDiagram]]:
    """Every Mermaid block of every page, parsed (fails on the first invalid one)."""
    out = {}
    for rel, data in pages(directory).items():
        out[rel] = [parse(d) for d in diagrams_in(data.decode("utf-8"))]
    return out


_ROW = re.compile(r"^\| `([^`]*)` \| (.*) \|$")


def access_matrix(page: str) -> dict[str, dict[str, bool]]:
    """`{role: {command: reaches rows}}` from the page's access matrix."""
    section = page.split("### Access matrix", 1)[1].split("###", 1)[0]
    out = {}
    for line in section.splitlines():
        m = _ROW.match(line)
        if m:
            cells = [c.strip() for c in m.group(2).split(" | ")]
            out[m.group(1)] = {
                cmd: cell.startswith("✓")
                for cmd, cell in zip(("SELECT", "INSERT", "UPDATE", "DELETE"), cells)
            }
    return out


def links(markdown: str) -> list[str]:
    return re.findall(r"\]\(([^)\s]+\.md)\)", markdown)
