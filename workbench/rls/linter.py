"""The RLS linter's shared state: the access model, the roles the rules reason about, and
the helpers every rule module uses (`lint_tables`, `lint_policies`, `lint_paths`).

Levels: ERROR = data is exposed or a policy is broken; WARN = likely a mistake
or a real performance problem; INFO = worth knowing, often intended.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workbench.catalog.model import Catalog, Policy, Table
from workbench.findings import Finding
from workbench.rls.access import PUBLIC, AccessModel
from workbench.rls.names import quote_ident

API_ROLES = ("anon", "authenticated")


class Linter:
    """Holds the access model and the roles the rules reason about."""

    def __init__(self, catalog: Catalog, *, shared: bool = True) -> None:
        """`shared=False`: nothing worked out for one table is reused for another (the
        reference for the tests of what is shared; see `AccessModel`)."""
        self.catalog = catalog
        self.model = AccessModel(catalog, shared=shared)
        self.roles = [r for r in self.model.roles_of_interest() if r != PUBLIC]
        self.api_roles = [r for r in API_ROLES if r in self.roles]
        # what a rule works out once per access signature (`AccessModel.signature`),
        # keyed by (rule, signature)
        self.by_signature: dict[tuple[str, int], Any] = {}

    def bypasses_always(self, role: str) -> bool:
        info = self.model.role(role)
        return info.superuser or info.bypassrls

    def subject_roles(self, table: Table) -> tuple[str, ...]:
        """Roles of interest to which RLS on `table` applies (not bypassing, not owning)."""
        key = ("subject_roles", self.model.signature(table))  # owner and FORCE are in it
        found = self.by_signature.get(key)
        if found is None:
            found = self.by_signature[key] = tuple(
                r for r in self.roles if self.model.bypass(table, r) is None
            )
        return found

    def policy_roles(self, policy: Policy) -> list[str]:
        """The roles a policy names ('PUBLIC' for public), as written."""
        return [PUBLIC if r.lower() == "public" else r for r in policy.roles]

    def reaches_api(self, policy: Policy) -> bool:
        """True when anon or authenticated (or PUBLIC) is subject to the policy."""
        names = self.policy_roles(policy)
        return PUBLIC in names or any(
            r in names or any(n in self.model.privileges_of(r) for n in names)
            for r in self.api_roles
        )


def finding(rule: str, level: str, table: Table, detail: str, fix: str, **kw) -> Finding:
    """A finding on `table` (and possibly one of its policies), with the SQL that fixes it."""
    return Finding(rule, level, detail=detail, fix=fix, schema=table.schema, table=table.name, **kw)


def roles_text(roles: Iterable[str]) -> str:
    return ", ".join(roles)


_AUTH_USERS = "auth.users"
_OWNER_NAMES = ("user_id", "owner_id", "profile_id", "created_by", "author_id")


def owner_condition(table: Table) -> tuple[str, str]:
    """(an ownership condition for `table`, a comment) for the SQL of a fix: its column that
    references auth.users, else a uuid column named like one; else `false` to replace."""
    for fk in table.foreign_keys:
        if fk.references == _AUTH_USERS and len(fk.columns) == 1:
            return f"(select auth.uid()) = {quote_ident(fk.columns[0])}", ""
    for name in _OWNER_NAMES:
        column = table.column(name)
        if column is not None and column.type == "uuid":
            return f"(select auth.uid()) = {quote_ident(name)}", ""
    return "false", "  -- no owner column found: write the condition in place of false"
