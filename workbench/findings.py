"""Findings: the one record every check produces (migration lints, verify, RLS lints, validate).

A finding names its rule, a level (ERROR = broken or exposed, WARN = likely a mistake,
INFO = worth knowing) and a one-line detail. Where it points depends on what was checked:
a file and line (migrations), or a table and policy (RLS), with the SQL that fixes it.
`to_json()` is the SPEC 7 shape: name, level, file, line, detail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR, WARN, INFO = "ERROR", "WARN", "INFO"
LEVELS = (ERROR, WARN, INFO)
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class Finding:
    """One problem (or note) a check found."""

    name: str  # rule id
    level: str  # ERROR | WARN | INFO
    file: str | None = None
    line: int | None = None
    detail: str = ""
    fix: str = ""
    schema: str = ""
    table: str = ""
    policy: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def table_key(self) -> str:
        return f"{self.schema}.{self.table}"

    def sort_key(self) -> tuple:
        """Most severe first, then by table, rule and policy."""
        return (LEVEL_RANK[self.level], self.schema, self.table, self.name, self.policy or "")

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "level": self.level,
            "file": self.file,
            "line": self.line,
            "detail": self.detail,
        }


def at_least(findings: list[Finding], level: str) -> list[Finding]:
    """The findings at `level` or more severe."""
    return [f for f in findings if LEVEL_RANK[f.level] <= LEVEL_RANK[level]]


def level_counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each level (every level present, most severe first)."""
    return {level: sum(1 for f in findings if f.level == level) for level in LEVELS}
