"""DDL of foreign data wrappers, foreign servers and user mappings.

Options are `name=value`; a secret's value is never known (catalog/secrets.py), so a
statement that would set one writes `PLACEHOLDER` and starts with a comment telling
the user to fill it in.
"""

from __future__ import annotations

from workbench.catalog.model import ForeignDataWrapper, ForeignServer, UserMapping
from workbench.catalog.quoting import quote_ident, quote_literal, quote_role
from workbench.catalog.secrets import PLACEHOLDER, is_redacted


def _value(value: str) -> str:
    return quote_literal(PLACEHOLDER if is_redacted(value) else value)


def _pairs(options: tuple[str, ...]) -> dict[str, str]:
    return dict(option.partition("=")[::2] for option in options)


def options_clause(options: tuple[str, ...]) -> str:
    """` OPTIONS (name 'value', ...)`, or '' without options."""
    if not options:
        return ""
    items = ", ".join(f"{quote_ident(k)} {_value(v)}" for k, v in _pairs(options).items())
    return f" OPTIONS ({items})"


def fill_in_note(options: tuple[str, ...], what: str) -> str:
    """A comment line before a statement that sets secrets, or ''."""
    secret = [k for k, v in _pairs(options).items() if is_redacted(v)]
    if not secret:
        return ""
    names = ", ".join(secret)
    return (
        f"-- fill in: {what} option(s) {names} hold a secret the workbench never reads;"
        f" replace {quote_literal(PLACEHOLDER)} before running\n"
    )


def wrapper_name(fdw: ForeignDataWrapper) -> str:
    return f"FOREIGN DATA WRAPPER {quote_ident(fdw.name)}"


def server_name(server: ForeignServer) -> str:
    return f"SERVER {quote_ident(server.name)}"


def mapping_name(mapping: UserMapping) -> str:
    return f"USER MAPPING FOR {quote_role(mapping.user)} SERVER {quote_ident(mapping.server)}"


def create_wrapper(fdw: ForeignDataWrapper) -> str:
    text = f"CREATE {wrapper_name(fdw)}"
    if fdw.handler:
        text += f" HANDLER {fdw.handler}"
    if fdw.validator:
        text += f" VALIDATOR {fdw.validator}"
    return fill_in_note(fdw.options, "wrapper") + text + options_clause(fdw.options) + ";"


def create_server(server: ForeignServer) -> str:
    text = f"CREATE {server_name(server)}"
    if server.type is not None:
        text += f" TYPE {quote_literal(server.type)}"
    if server.version is not None:
        text += f" VERSION {quote_literal(server.version)}"
    text += f" FOREIGN DATA WRAPPER {quote_ident(server.wrapper)}"
    return fill_in_note(server.options, "server") + text + options_clause(server.options) + ";"


def create_mapping(mapping: UserMapping) -> str:
    note = fill_in_note(mapping.options, "user mapping")
    return f"{note}CREATE {mapping_name(mapping)}{options_clause(mapping.options)};"


def alter_options(head: str, old: tuple[str, ...], new: tuple[str, ...], what: str) -> str | None:
    """`ALTER <head> OPTIONS (SET/ADD/DROP ...)` turning `old` into `new`, or None."""
    before, after = _pairs(old), _pairs(new)
    items = [f"DROP {quote_ident(k)}" for k in before if k not in after]
    changed = []
    for key, value in after.items():
        if key not in before:
            items.append(f"ADD {quote_ident(key)} {_value(value)}")
        elif before[key] != value:
            items.append(f"SET {quote_ident(key)} {_value(value)}")
        else:
            continue
        changed.append(f"{key}={value}")
    if not items:
        return None
    note = fill_in_note(tuple(changed), what)
    return f"{note}ALTER {head} OPTIONS ({', '.join(items)});"


def drop_wrapper(fdw: ForeignDataWrapper) -> str:
    return f"DROP {wrapper_name(fdw)};"


def drop_server(server: ForeignServer) -> str:
    return f"DROP {server_name(server)};"


def drop_mapping(mapping: UserMapping) -> str:
    return f"DROP {mapping_name(mapping)};"
