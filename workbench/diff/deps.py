"""Which objects depend on which, read from their definitions.

The catalog keeps PostgreSQL's deparsed text, not `pg_depend`, so dependencies
are found by the names a definition mentions: an identifier (quoted or not, or
inside a `'schema.name'::regclass` literal) equal to the other object's name.
That over-approximates (a view mentioning a column called `id` may be rebuilt
needlessly), which is safe: a dependent dropped and recreated ends up exactly
as in the TO catalog.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from functools import lru_cache

_IDENT = re.compile(r'"((?:[^"]|"")*)"|([A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)')


@lru_cache(maxsize=65536)
def names(text: str | None) -> frozenset[str]:
    """Every identifier-like word of `text` (quoted identifiers unquoted)."""
    if not text:
        return frozenset()
    found = set()
    for quoted, bare in _IDENT.findall(text):
        if bare:
            found.add(bare)
            found.add(bare.lower())
        else:
            found.add(quoted.replace('""', '"'))
    return frozenset(found)


def names_of(*texts: str | None) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for text in texts:
        out |= names(text)
    return out


def topological(
    items: Iterable[Hashable], depends_on: Callable[[Hashable], Iterable[Hashable]]
) -> list:
    """Items ordered so that each comes after what it depends on (stable, cycles tolerated)."""
    items = sorted(items, key=str)
    present = set(items)
    order: list = []
    state: dict = {}

    def visit(item) -> None:
        mark = state.get(item)
        if mark is not None:
            return  # done, or a cycle: leave it where it is
        state[item] = False
        for dep in sorted((d for d in depends_on(item) if d in present and d != item), key=str):
            visit(dep)
        state[item] = True
        order.append(item)

    for item in items:
        visit(item)
    return order
