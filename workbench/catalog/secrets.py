"""Secrets in the options of wrappers, servers, user mappings and foreign tables.

An option whose name contains password, passwd, secret, token or key holds a secret,
unless the name says it only names, points to or switches one: it ends in `_id`,
`_name`, `_required`, `_column`, `_path` or `_file` (Wrappers' `api_key_id` and
`api_key_name` are the id and name of a Vault secret, postgres_fdw's
`password_required` is a boolean), or it is libpq's `sslkey` (a file name).
Introspection never reads its value (queries/foreign.sql replaces it on the server;
foreign tables' options are replaced here): the catalog keeps `<redacted:` + 16 hex
digits of the value's SHA-256 + `>`, a fingerprint that tells a changed secret from
an unchanged one without showing it. Every output (DDL, diff, snapshot, docs, TUI)
writes a redacted value as `PLACEHOLDER`, and the generated SQL that would set one
says in a comment that the user must fill it in.
"""

from __future__ import annotations

import hashlib
import re

# The same two patterns and the one exact name are in queries/foreign.sql (a test checks).
SECRET_PATTERN = "(password|passwd|secret|token|key)"
NOT_SECRET_PATTERN = "(_id|_name|_required|_column|_path|_file)$"
NOT_SECRET_NAMES = frozenset({"sslkey"})
SECRET_NAME = re.compile(SECRET_PATTERN, re.IGNORECASE)
NOT_SECRET_NAME = re.compile(NOT_SECRET_PATTERN, re.IGNORECASE)
REDACTED_PREFIX = "<redacted:"
PLACEHOLDER = "<secret: fill in>"


def is_secret(name: str) -> bool:
    """True when an option of this name holds a secret."""
    return (
        SECRET_NAME.search(name) is not None
        and NOT_SECRET_NAME.search(name) is None
        and name.lower() not in NOT_SECRET_NAMES
    )


def is_redacted(value: str) -> bool:
    return value.startswith(REDACTED_PREFIX)


def fingerprint(value: str) -> str:
    """The redacted form of a secret value (as the catalog query computes it)."""
    return f"{REDACTED_PREFIX}{hashlib.sha256(value.encode('utf-8')).hexdigest()[:16]}>"


def redact_options(options: tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """`name=value` options with every secret value replaced by its fingerprint."""
    out = []
    for option in options or ():
        name, _, value = option.partition("=")
        if is_secret(name) and not is_redacted(value):
            option = f"{name}={fingerprint(value)}"
        out.append(option)
    return tuple(out)
