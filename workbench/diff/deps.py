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
from collections.abc import Callable, Hashable, Iterable, Iterator
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
    """Items ordered so that each comes after what it depends on (stable, cycles tolerated).

    A depth-first walk with its own stack: no recursion limit on long chains (views over
    views), and no self-referencing closure (a reference cycle that kept whatever the
    callback holds, both catalogs, alive until the collector's next full pass)."""
    items = sorted(items, key=str)
    present = set(items)
    order: list = []
    seen: set = set()  # being visited or done: a cycle leaves an item where it is

    def after(item) -> Iterator:
        return iter(sorted((d for d in depends_on(item) if d in present and d != item), key=str))

    for root in items:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, after(root))]
        while stack:
            item, deps = stack[-1]
            for dep in deps:
                if dep not in seen:
                    seen.add(dep)
                    stack.append((dep, after(dep)))
                    break
            else:
                stack.pop()
                order.append(item)
    return order
