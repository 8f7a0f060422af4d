"""Rows of queries/foreign.sql -> foreign data wrappers, servers and user mappings."""

from __future__ import annotations

from workbench.catalog.acl import parse_acl
from workbench.catalog.model import ForeignDataWrapper, ForeignServer, UserMapping


def foreign(
    rows: list[tuple],
) -> tuple[dict[str, ForeignDataWrapper], dict[str, ForeignServer], dict[str, UserMapping]]:
    """Wrappers, servers and user mappings, each by key."""
    wrappers: dict[str, ForeignDataWrapper] = {}
    servers: dict[str, ForeignServer] = {}
    mappings: dict[str, UserMapping] = {}
    for kind, name, other, handler, validator, type_, version, options, owner, comment, acl in rows:
        options = tuple(options or ())
        grants = parse_acl(tuple(acl)) if acl else ()
        if kind == "w":
            wrappers[name] = ForeignDataWrapper(
                name, handler, validator, options, owner, comment, grants
            )
        elif kind == "s":
            servers[name] = ForeignServer(
                name, other, type_, version, options, owner, comment, grants
            )
        else:
            mapping = UserMapping("PUBLIC" if name == "public" else name, other, options)
            mappings[mapping.key] = mapping
    return wrappers, servers, mappings
