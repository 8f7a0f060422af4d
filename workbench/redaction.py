"""Password redaction: every message and label the workbench prints goes through here.

`redact(text)` hides the passwords written in `text` (URLs, key=value conninfo, query
parameters); `redact_error(text)` also hides any password of a DSN the workbench was
given (`remember_secrets`), wherever an error message repeats it.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import psycopg
from psycopg.conninfo import conninfo_to_dict

# The password of a URL runs to its LAST `@` (libpq stops at the first and echoes the rest
# as a host name; a `/` in it ends libpq's authority): hide all of it, spaces included.
_URL_PASSWORD = re.compile(
    r"(?P<head>\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^?#\n]*)(?P<tail>@)", re.I
)
# key=value and ?password= forms; a colon right before a space is the message's, not the value's.
_KV_PASSWORD = re.compile(
    r"(?P<head>\bpassword\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*'?|[^\s&#]+?(?=:?(?:\s|$|&|#)))",
    re.I,
)
REDACTED = "••••"
_MIN_SECRET = 3  # shorter fragments would garble unrelated text; the patterns cover them
_secrets: set[str] = set()


def remember_secrets(dsn: str) -> None:
    """Note the passwords of a DSN (as written, decoded, and the pieces libpq may echo as a
    host or option), so that `redact_error` hides them wherever a message repeats them."""
    found: list[str] = []
    for match in _URL_PASSWORD.finditer(dsn):
        password = match["pw"]
        found += [password, unquote(password), *re.split(r"[@/\s]", password)]
    for match in _KV_PASSWORD.finditer(dsn):
        password = match["pw"]
        found += [password, password.strip("'"), *password.strip("'").split()]
    try:
        parsed = conninfo_to_dict(dsn).get("password")
    except psycopg.Error:
        parsed = None
    if parsed:
        found.append(str(parsed))
    _secrets.update(f for f in found if len(f) >= _MIN_SECRET)


def redact(text: str) -> str:
    """Hide every password in `text` (URLs, key=value conninfo, query parameters)."""
    text = _URL_PASSWORD.sub(lambda m: m["head"] + (REDACTED if m["pw"] else "") + m["tail"], text)
    return _KV_PASSWORD.sub(lambda m: m["head"] + REDACTED, text)


def redact_error(text: str) -> str:
    """`redact`, and also any password of a DSN the workbench was given, wherever an error
    message repeats it (a driver echoing part of a malformed URL). For messages only: data
    (JSON, names) would lose every word that happens to equal a weak password."""
    text = redact(text)
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text
