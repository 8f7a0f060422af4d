"""A neutral judge: do two databases dump the same schema under `pg_dump --schema-only`?

The differ's own tests compare catalogs with the differ itself, so whatever the
catalog does not model is invisible to them. `pg_dump` is PostgreSQL's own
account of a schema: two databases whose normalized dumps are equal (as
multisets of statements) have the same schema, ownership and privileges.
Two things are not judged: the order of a table's columns (a dropped column
can only be added back last) and the order of an ACL's items
or of a table's storage options.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from workbench.embedded import _import_embedded

_HEADER = re.compile(r"^--\n-- (?:Name|Data for Name): .*\n--\n", re.MULTILINE)
_NOISE = re.compile(r"^(?:--.*|SET .*|SELECT pg_catalog\.set_config\(.*|\\(?:un)?restrict .*)$")


_WITH = re.compile(r"^WITH \((.*)\)")


def _sorted_options(match: re.Match) -> str:
    return "WITH (" + ", ".join(sorted(match.group(1).split(", "))) + ")"


def pg_dump_bin() -> Path:
    _, commands, _ = _import_embedded()
    return Path(commands.POSTGRES_BIN_PATH) / "pg_dump"


T = TypeVar("T")


@lru_cache(maxsize=1)
def _pg_dump() -> str:
    return str(pg_dump_bin())


def dump(dsn: str, *options: str) -> str:
    """The raw `pg_dump --schema-only` of a database (more pg_dump options may follow)."""
    return dump_while(dsn, lambda: None, *options)[0]


def dump_while(dsn: str, work: Callable[[], T], *options: str) -> tuple[str, T]:
    """`(dump(dsn), work())`, the work done while pg_dump runs (both only read `dsn`)."""
    proc = subprocess.Popen(
        [_pg_dump(), "--schema-only", *options, dsn],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        result = work()
    except BaseException:
        proc.kill()
        proc.communicate()
        raise
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    if proc.returncode != 0:
        raise AssertionError(f"pg_dump failed: {err.strip()}")
    return out, result


def statements(text: str) -> Counter[str]:
    """The dump as a multiset of statements: one per TOC entry, noise lines removed."""
    return Counter(_statements(text))


@lru_cache(maxsize=16)  # a case's target dump is compared more than once
def _statements(text: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for block in _HEADER.split(text):
        lines = [ln.rstrip() for ln in block.splitlines()]
        kept = [
            _WITH.sub(_sorted_options, ln) for ln in lines if ln.strip() and not _NOISE.match(ln)
        ]
        if kept and kept[0].startswith("CREATE TABLE ") and kept[0].endswith("("):
            kept = _columns_sorted(kept)
        if kept and all(ln.startswith(("GRANT ", "REVOKE ")) for ln in kept):
            kept.sort()  # the order of an ACL's items means nothing
        if kept:
            out["\n".join(kept)] += 1
    return out


def _columns_sorted(lines: list[str]) -> list[str]:
    """A CREATE TABLE with its column lines sorted: a column dropped and added back can only
    come back last (PostgreSQL has no column reordering), so order is not judged."""
    end = next((i for i, ln in enumerate(lines) if ln.startswith(")")), None)
    if end is None:
        return lines
    body = sorted(ln.rstrip(",") for ln in lines[1:end])
    return [lines[0], *body, *lines[end:]]


def difference(left: str, right: str) -> str:
    """'' when the two dumps agree; otherwise the statements only one side has."""
    a, b = _statements(left), _statements(right)
    only_a, only_b = a - b, b - a
    if not only_a and not only_b:
        return ""
    parts = [f"- {s}" for s in sorted(only_a.elements())]
    parts += [f"+ {s}" for s in sorted(only_b.elements())]
    return "\n".join(parts)
