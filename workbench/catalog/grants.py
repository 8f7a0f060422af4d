"""Privileges as sets: PostgreSQL's implicit defaults made explicit, default
privileges, and GRANT/REVOKE text (the one place for all three).

The catalog reports no grants for an object whose ACL is NULL (the built-in
defaults). To compare two objects the differ turns that into what PostgreSQL
would report (`acldefault`): the owner holds every privilege, and PUBLIC may
execute functions. The grantor is not compared: it follows whoever ran the
GRANT.
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench.catalog.model import Catalog, DefaultPrivilege, Grant
from workbench.catalog.quoting import quote_ident, quote_role

# (grantee, privilege, grantable)
GrantSet = frozenset[tuple[str, str, bool]]

PRIVILEGE_ORDER = (
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "TRUNCATE",
    "REFERENCES",
    "TRIGGER",
    "MAINTAIN",
    "USAGE",
    "CREATE",
    "EXECUTE",
    "TEMPORARY",
    "CONNECT",
)

_RELATION = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")

# Object kinds as GRANT spells them.
TABLE, SEQUENCE, FUNCTION, SCHEMA, COLUMN, TYPE = (
    "TABLE",
    "SEQUENCE",
    "FUNCTION",
    "SCHEMA",
    "COLUMN",
    "TYPE",
)

FOREIGN_DATA_WRAPPER, FOREIGN_SERVER = "FOREIGN DATA WRAPPER", "FOREIGN SERVER"

# pg_default_acl object types, in both spellings the catalog may use.
DEFAULT_OBJECT_TYPES = {
    "r": "TABLES",
    "S": "SEQUENCES",
    "f": "FUNCTIONS",
    "T": "TYPES",
    "n": "SCHEMAS",
}


def major_version(version: str | None) -> int:
    try:
        return int(str(version).split(".")[0])
    except (TypeError, ValueError):
        return 18


def owner_privileges(objkind: str, version: str | None = None) -> tuple[str, ...]:
    """What the owner of a new object holds without any GRANT."""
    if objkind in (TABLE, "TABLES"):
        return _RELATION + (("MAINTAIN",) if major_version(version) >= 17 else ())
    if objkind in (SEQUENCE, "SEQUENCES"):
        return ("SELECT", "UPDATE", "USAGE")
    if objkind in (FUNCTION, "FUNCTIONS"):
        return ("EXECUTE",)
    if objkind in (SCHEMA, "SCHEMAS"):
        return ("CREATE", "USAGE")
    if objkind in (TYPE, "TYPES", FOREIGN_DATA_WRAPPER, FOREIGN_SERVER):
        return ("USAGE",)
    return ()


def public_privileges(objkind: str) -> tuple[str, ...]:
    """What PUBLIC holds on a new object without any GRANT."""
    if objkind in (FUNCTION, "FUNCTIONS"):
        return ("EXECUTE",)
    if objkind in (TYPE, "TYPES"):
        return ("USAGE",)
    return ()


def default_acl(objkind: str, owner: str | None, version: str | None = None) -> GrantSet:
    """PostgreSQL's `acldefault` for an object kind and owner."""
    items = {("PUBLIC", p, False) for p in public_privileges(objkind)}
    if owner:
        items |= {(owner, p, False) for p in owner_privileges(objkind, version)}
    return frozenset(items)


def as_set(grants: Iterable[Grant]) -> GrantSet:
    return frozenset((g.grantee, g.privilege.upper(), bool(g.grantable)) for g in grants)


def effective(
    objkind: str, owner: str | None, grants: tuple[Grant, ...], version: str | None = None
) -> GrantSet:
    """The privileges an object really has (NULL ACL = the defaults)."""
    if not grants and objkind != COLUMN:
        return default_acl(objkind, owner, version)
    return as_set(grants)


def change_owner(grants: GrantSet, old_owner: str | None, new_owner: str | None) -> GrantSet:
    """The ACL after `ALTER ... OWNER TO new_owner` (the old owner's entries move over)."""
    if not old_owner or not new_owner or old_owner == new_owner:
        return grants
    moved: dict[tuple[str, str], bool] = {}
    for grantee, privilege, grantable in grants:
        grantee = new_owner if grantee == old_owner else grantee
        moved[(grantee, privilege)] = moved.get((grantee, privilege), False) or grantable
    return frozenset((g, p, ga) for (g, p), ga in moved.items())


def default_privilege_type(entry: DefaultPrivilege) -> str:
    return DEFAULT_OBJECT_TYPES.get(entry.object_type, entry.object_type.upper())


def effective_default(entry: DefaultPrivilege | None, key: str, version: str | None) -> GrantSet:
    """Privileges of a default-privileges entry; a missing global entry means acldefault."""
    if entry is not None:
        return as_set(entry.grants)
    role_name, schema, objtype = key.split(":", 2)
    if schema != "*":
        return frozenset()
    objtype = DEFAULT_OBJECT_TYPES.get(objtype, objtype)
    return default_acl(objtype, role_name, version)


def _ordered(privileges: Iterable[str]) -> list[str]:
    rank = {p: i for i, p in enumerate(PRIVILEGE_ORDER)}
    return sorted(set(privileges), key=lambda p: (rank.get(p, 99), p))


def _by_grantee(items: Iterable[tuple[str, str, bool]]) -> dict[tuple[str, bool], list[str]]:
    grouped: dict[tuple[str, bool], list[str]] = {}
    for grantee, privilege, grantable in items:
        grouped.setdefault((grantee, grantable), []).append(privilege)
    return grouped


def grant_statements(
    on: str,
    old: GrantSet,
    new: GrantSet,
    *,
    columns: str | None = None,
    prefix: str = "",
) -> list[str]:
    """REVOKE and GRANT statements turning `old` into `new` on `on` (`TABLE x.y`).

    `columns` is the quoted column list for column privileges; `prefix` is
    `ALTER DEFAULT PRIVILEGES ...` for default privileges (where `on` is `TABLES`).
    """
    col = f" ({columns})" if columns else ""
    old_pairs = {(g, p): ga for g, p, ga in old}
    new_pairs = {(g, p): ga for g, p, ga in new}
    revoke = [(g, p, False) for (g, p) in old_pairs if (g, p) not in new_pairs]
    revoke_option = [
        (g, p, False)
        for (g, p), ga in new_pairs.items()
        if not ga and old_pairs.get((g, p)) is True
    ]
    grant = [
        (g, p, ga)
        for (g, p), ga in new_pairs.items()
        if (g, p) not in old_pairs or (ga and not old_pairs[(g, p)])
    ]
    statements = []
    for (grantee, _), privileges in sorted(_by_grantee(revoke).items()):
        statements.append(
            f"{prefix}REVOKE {', '.join(p + col for p in _ordered(privileges))} "
            f"ON {on} FROM {quote_role(grantee)};"
        )
    for (grantee, _), privileges in sorted(_by_grantee(revoke_option).items()):
        statements.append(
            f"{prefix}REVOKE GRANT OPTION FOR {', '.join(p + col for p in _ordered(privileges))} "
            f"ON {on} FROM {quote_role(grantee)};"
        )
    for (grantee, grantable), privileges in sorted(_by_grantee(grant).items()):
        option = " WITH GRANT OPTION" if grantable else ""
        statements.append(
            f"{prefix}GRANT {', '.join(p + col for p in _ordered(privileges))} "
            f"ON {on} TO {quote_role(grantee)}{option};"
        )
    return statements


def describe(on: str, grants: GrantSet, *, columns: str | None = None, prefix: str = "") -> str:
    """The privileges as GRANT statements (for display)."""
    return "\n".join(grant_statements(on, frozenset(), grants, columns=columns, prefix=prefix))


def default_privileges_entry(
    entries: dict[str, DefaultPrivilege], role: str | None, schema: str | None, objtype: str
) -> DefaultPrivilege | None:
    """The ALTER DEFAULT PRIVILEGES entry of `role` in `schema` (None: everywhere)."""
    for entry in entries.values():
        if (
            entry.role == role
            and entry.schema == schema
            and default_privilege_type(entry) == objtype
        ):
            return entry
    return None


_DEFAULT_TYPE = {TABLE: "TABLES", SEQUENCE: "SEQUENCES", FUNCTION: "FUNCTIONS"}


def initial_grants(
    defaults: Catalog,
    objkind: str,
    owner: str | None,
    creator: str | None,
    schema: str | None,
    version: str | None,
) -> GrantSet:
    """What a new object's ACL holds right after `creator` runs CREATE (and OWNER TO
    `owner`), under the default privileges of `defaults`."""
    if objkind == COLUMN:
        return frozenset()
    owner = owner or creator
    if objkind in (FOREIGN_DATA_WRAPPER, FOREIGN_SERVER):  # no default privileges apply
        return default_acl(objkind, owner, version)
    objtype = _DEFAULT_TYPE.get(objkind, "SCHEMAS")
    entries = defaults.default_privileges
    glob = entries.get(f"{creator}:*:{objtype}") or default_privileges_entry(
        entries, creator, None, objtype
    )
    acl = set(default_acl(objkind, creator, version) if glob is None else as_set(glob.grants))
    if objkind != SCHEMA and schema:
        local = default_privileges_entry(entries, creator, schema, objtype)
        if local is not None:
            acl |= as_set(local.grants)
    if owner != creator:
        acl = {(owner if g == creator else g, p, ga) for g, p, ga in acl}
    return frozenset(acl)


def default_privileges_prefix(entry: DefaultPrivilege) -> str:
    """`ALTER DEFAULT PRIVILEGES FOR ROLE r [IN SCHEMA s] ` for an entry's statements."""
    text = f"ALTER DEFAULT PRIVILEGES FOR ROLE {quote_ident(entry.role)}"
    if entry.schema:
        text += f" IN SCHEMA {quote_ident(entry.schema)}"
    return text + " "
