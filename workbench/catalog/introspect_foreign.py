"""Rows of queries/foreign.sql -> foreign data wrappers, servers, user mappings, and the
options of foreign tables' columns."""

from __future__ import annotations

import dataclasses

from workbench.catalog.acl import parse_acl
from workbench.catalog.model import ForeignDataWrapper, ForeignServer, Table, UserMapping, qualified

# (schema, table) -> column -> its options (`name=value`, secrets redacted)
ColumnOptions = dict[tuple[str, str], dict[str, tuple[str, ...]]]


def foreign(
    rows: list[tuple],
) -> tuple[
    dict[str, ForeignDataWrapper], dict[str, ForeignServer], dict[str, UserMapping], ColumnOptions
]:
    """Wrappers, servers and user mappings, each by key; the foreign tables' column options."""
    wrappers: dict[str, ForeignDataWrapper] = {}
    servers: dict[str, ForeignServer] = {}
    mappings: dict[str, UserMapping] = {}
    columns: ColumnOptions = {}
    for kind, name, other, handler, validator, type_, version, options, owner, comment, acl in rows:
        options = tuple(options or ())
        grants = parse_acl(tuple(acl)) if acl else ()
        if kind == "w":
            wrappers[name] = ForeignDataWrapper(
                name, handler, validator, options, owner, comment, grants, member_of=type_
            )
        elif kind == "s":
            servers[name] = ForeignServer(
                name, other, type_, version, options, owner, comment, grants
            )
        elif kind == "c":
            columns.setdefault((type_, other), {})[name] = options
        else:
            mapping = UserMapping("PUBLIC" if name == "public" else name, other, options)
            mappings[mapping.key] = mapping
    return wrappers, servers, mappings, columns


def with_column_options(tables: dict[str, Table], options: ColumnOptions) -> dict[str, Table]:
    """`tables` with the options of their foreign tables' columns set (the others as they are;
    tables outside the schemas read are not there and are skipped)."""
    for (schema, name), by_column in options.items():
        key = qualified(schema, name)
        table = tables.get(key)
        if table is None:
            continue
        columns = tuple(
            dataclasses.replace(c, options=by_column[c.name]) if c.name in by_column else c
            for c in table.columns
        )
        tables[key] = dataclasses.replace(table, columns=columns)
    return tables
