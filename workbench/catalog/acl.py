"""PostgreSQL ACLs (`aclitem[]` as text) parsed into `Grant`s.

The catalog query reads each object's ACL as its text items instead of
exploding it on the server (one row per privilege); objects created under the
same default privileges share their ACL, so the caller parses each distinct
ACL once (`Members` keeps a dict of them).

An item is `grantee=privileges/grantor`: an empty grantee is PUBLIC; role names
that need it are double-quoted with `""` for a quote; a `*` after a privilege
letter means WITH GRANT OPTION (see `aclitemout` in PostgreSQL's acl.c).
"""

from __future__ import annotations

from workbench.catalog.model import Grant
from workbench.errors import WorkbenchError

# The privilege letters of `aclitemout` (ACL_ALL_RIGHTS_STR) and the names
# `aclexplode` and GRANT use for them.
PRIVILEGES: dict[str, str] = {
    "a": "INSERT",
    "r": "SELECT",
    "w": "UPDATE",
    "d": "DELETE",
    "D": "TRUNCATE",
    "x": "REFERENCES",
    "t": "TRIGGER",
    "X": "EXECUTE",
    "U": "USAGE",
    "C": "CREATE",
    "T": "TEMPORARY",
    "c": "CONNECT",
    "s": "SET",
    "A": "ALTER SYSTEM",
    "m": "MAINTAIN",
}


class AclError(WorkbenchError):
    """An ACL item that is not in PostgreSQL's `aclitem` text format."""


def _role(text: str, start: int, stop_at: str) -> tuple[str, int]:
    """The role name at `start` (quoted or not) and the index just after it."""
    if start < len(text) and text[start] == '"':
        out = []
        i = start + 1
        while True:
            end = text.find('"', i)
            if end < 0:
                raise AclError(f"unterminated quoted role name in ACL item {text!r}")
            out.append(text[i:end])
            if text.startswith('"', end + 1):  # "" is a quote inside the name
                out.append('"')
                i = end + 2
                continue
            return "".join(out), end + 1
    end = text.find(stop_at, start) if stop_at else len(text)
    if end < 0:
        raise AclError(f"expected {stop_at!r} in ACL item {text!r}")
    return text[start:end], end


def parse_item(item: str) -> list[Grant]:
    """The grants of one `aclitem` text, in the order of its privilege letters."""
    grantee, i = _role(item, 0, "=")
    if not item.startswith("=", i):
        raise AclError(f"expected '=' after the grantee in ACL item {item!r}")
    slash = item.find("/", i + 1)
    if slash < 0:
        raise AclError(f"expected '/' before the grantor in ACL item {item!r}")
    letters = item[i + 1 : slash]
    grantor, end = _role(item, slash + 1, "")
    if end != len(item):
        raise AclError(f"unexpected text after the grantor in ACL item {item!r}")
    grantee = grantee or "PUBLIC"
    grants = []
    for n, letter in enumerate(letters):
        if letter == "*":
            continue
        privilege = PRIVILEGES.get(letter)
        if privilege is None:
            raise AclError(f"unknown privilege letter {letter!r} in ACL item {item!r}")
        grantable = letters.startswith("*", n + 1)
        grants.append(Grant(grantee, privilege, grantable, grantor))
    return grants


def parse_acl(items: list[str] | tuple[str, ...]) -> tuple[Grant, ...]:
    """The grants of an ACL, ordered by grantee, privilege and grantor."""
    grants = [g for item in items for g in parse_item(item)]
    grants.sort(key=lambda g: (g.grantee, g.privilege, g.grantor or ""))
    return tuple(grants)
