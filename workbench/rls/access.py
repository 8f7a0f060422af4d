"""Effective access: what PostgreSQL lets a role do to a table, per command.

Computed from the Catalog alone, with PostgreSQL's rules (checked against the
server in tests/rls/test_access.py):

* privileges come from table or column grants held directly, through PUBLIC,
  or through membership in roles whose privileges the role inherits, and
  need USAGE on the table's schema;
* superusers and BYPASSRLS roles bypass RLS (these attributes are not
  inherited); the table owner (or a member inheriting the owner's privileges)
  bypasses it unless FORCE ROW LEVEL SECURITY;
* a policy applies when it is for the command (or ALL) and names PUBLIC or a
  role whose privileges the role has;
* permissive policies are ORed, restrictive ones ANDed; with RLS on and no
  permissive expression, nothing is allowed;
* rows are filtered by USING; new rows (INSERT, UPDATE) are checked by WITH
  CHECK, or by USING when a policy has no WITH CHECK; a policy without the
  expression a command needs contributes nothing to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from workbench.catalog.model import Catalog, Policy, Role, Table
from workbench.rls.fold import compose

COMMANDS = ("SELECT", "INSERT", "UPDATE", "DELETE")
PUBLIC = "PUBLIC"
SUPABASE_ROLES = ("anon", "authenticated", "service_role")

# Verdicts of an Access.
NO_PRIVILEGE = "no-privilege"  # permission denied (SQLSTATE 42501)
BYPASS = "bypass"  # RLS does not apply to this role: every row
NO_RLS = "no-rls"  # RLS disabled on the table: every row
NO_POLICY = "no-policy"  # RLS on and no permissive policy admits the command
POLICIES = "policies"  # rows admitted by the composed predicate


@dataclass(frozen=True)
class AppliedPolicy:
    """A policy as it applies to one command."""

    name: str
    command: str  # the policy's own command: ALL, SELECT, ...
    permissive: bool
    using: str | None  # filters existing rows (SELECT, UPDATE, DELETE); None for INSERT
    check: str | None  # checks new rows (INSERT, UPDATE): WITH CHECK, else USING
    check_from_using: bool = False  # no WITH CHECK: USING is reused for new rows
    note: str | None = None  # why it contributes nothing (or only part)

    @property
    def effective(self) -> bool:
        return self.note is None


@dataclass(frozen=True)
class Access:
    """What `role` may do with `command` on `table`, and why."""

    table: str
    role: str
    command: str
    privilege: bool
    privilege_via: tuple[str, ...] = ()  # "table grant to X", "column grant (a, b) to X", ...
    columns: tuple[str, ...] | None = None  # None: every column; else the granted columns
    bypass: str | None = None  # "superuser" | "BYPASSRLS" | "table owner"
    rls: bool = False  # RLS on the table
    policies: tuple[AppliedPolicy, ...] = ()  # every policy for this command and role
    verdict: str = NO_PRIVILEGE
    using: str | None = None  # composed row filter
    check: str | None = None  # composed new-row check

    @property
    def allowed(self) -> bool:
        """True when the command may affect at least the rows its predicate admits."""
        return self.verdict in (BYPASS, NO_RLS, POLICIES)

    @property
    def permissive(self) -> tuple[AppliedPolicy, ...]:
        return tuple(p for p in self.policies if p.permissive and p.effective)

    @property
    def restrictive(self) -> tuple[AppliedPolicy, ...]:
        return tuple(p for p in self.policies if not p.permissive and p.effective)

    @property
    def summary(self) -> str:
        """One line: the verdict in words."""
        if self.verdict == NO_PRIVILEGE:
            return f"denied: {self.role} has no {self.command} privilege (permission denied)"
        if self.verdict == BYPASS:
            return f"every row: {self.role} bypasses RLS ({self.bypass})"
        if self.verdict == NO_RLS:
            return "every row: RLS is disabled on this table"
        if self.verdict == NO_POLICY:
            if self.command == "INSERT":
                return "denied: no permissive policy admits new rows (WITH CHECK violation)"
            return "no row: no permissive policy applies (silently filtered)"
        names = ", ".join(p.name for p in self.permissive)
        if self.command == "INSERT":
            return f"new rows must pass {names}"
        return f"rows admitted by {names}"


@dataclass
class _Roles:
    """Role lookups with memoized membership closures."""

    catalog: Catalog
    _closure: dict[str, frozenset[str]] = field(default_factory=dict)

    def get(self, name: str) -> Role:
        return self.catalog.roles.get(name) or Role(name=name)

    def privileges_of(self, name: str) -> frozenset[str]:
        """Roles whose privileges `name` holds (itself, inherited memberships, PUBLIC)."""
        if name in self._closure:
            return self._closure[name]
        result = {name, PUBLIC}
        if name != PUBLIC:
            todo = [name]
            while todo:
                current = self.get(todo.pop())
                if not current.inherit:
                    continue
                for parent in current.member_of:
                    if parent not in result:
                        result.add(parent)
                        todo.append(parent)
        self._closure[name] = frozenset(result)
        return self._closure[name]


@lru_cache(maxsize=65536)
def _policy_roles(policy: Policy) -> tuple[str, ...]:
    return tuple(PUBLIC if r.lower() == "public" else r for r in policy.roles)


def policy_applies(policy: Policy, command: str, held: frozenset[str]) -> bool:
    """True when `policy` is for `command` and names PUBLIC or a role in `held`."""
    if policy.command not in ("ALL", command):
        return False
    return any(r == PUBLIC or r in held for r in _policy_roles(policy))


def applied_policy(policy: Policy, command: str) -> AppliedPolicy:
    """How `policy` takes part in `command`, with PostgreSQL's missing-expression rules."""
    using = policy.using if command != "INSERT" else None
    check = None
    from_using = False
    if command in ("INSERT", "UPDATE"):
        check = policy.with_check
        if check is None and policy.using is not None:
            check, from_using = policy.using, True
    note = None
    if command in ("SELECT", "DELETE") and using is None:
        note = f"no USING expression: grants no {command}"
    elif command == "INSERT" and check is None:
        note = "no WITH CHECK expression: grants no INSERT"
    elif command == "UPDATE" and using is None:
        if policy.permissive:
            note = "no USING expression: admits no row to UPDATE"
        else:
            note = "no USING expression: restricts no row"
    if not policy.permissive and note is not None and command != "UPDATE":
        note = note.replace("grants no", "restricts no")
    return AppliedPolicy(
        name=policy.name,
        command=policy.command,
        permissive=policy.permissive,
        using=using,
        check=check,
        check_from_using=from_using,
        note=note,
    )


def _renamed(access: Access, positions: tuple[int, ...], table: Table, key: str) -> Access:
    """`access` (of a table with the same signature) for `table` (`key`): its key, its
    policy names."""
    if access.table == key:
        return access
    policies = []
    for applied, i in zip(access.policies, positions, strict=True):
        name = table.policies[i].name
        if name != applied.name:
            copy = object.__new__(AppliedPolicy)
            copy.__dict__.update(applied.__dict__, name=name)
            applied = copy
        policies.append(applied)
    found = object.__new__(Access)
    found.__dict__.update(access.__dict__, table=key, policies=tuple(policies))
    return found


class AccessModel:
    """Effective access for one catalog; cheap to query repeatedly."""

    def __init__(self, catalog: Catalog, *, shared: bool = True) -> None:
        self.catalog = catalog
        self._roles = _Roles(catalog)
        self._memo: dict[tuple[str, str, str], Access] = {}
        # Tables that differ only in name share their accesses (the same policies,
        # grants, owner, schema and RLS flags): computed once per distinct signature.
        # `shared=False` gives every table its own signature (nothing is shared: the
        # reference the tests compare the shared answers with).
        self.shared = shared
        self._signatures: dict[str, int] = {}  # table key -> number of its signature
        self._numbers: dict[tuple, int] = {}  # signature -> number
        # (signature, role, command) -> the access computed first, and the positions in
        # its table's policies of the policies it lists
        self._shared: dict[tuple[int, str, str], tuple[Access, tuple[int, ...]]] = {}
        self._permissive: dict[tuple[int, str, str], tuple[tuple[int, AppliedPolicy], ...]] = {}
        # grants tuples numbered (equal tuples, one number), looked up by identity first:
        # introspection shares the tuple of equal ACLs, and hashing Grants is what costs
        self._grants: dict[tuple, int] = {}
        self._grants_by_id: dict[int, tuple[int, tuple]] = {}

    def privileges_of(self, role: str) -> frozenset[str]:
        return self._roles.privileges_of(role)

    def role(self, name: str) -> Role:
        return self._roles.get(name)

    def is_owner(self, table: Table, role: str) -> bool:
        return table.owner is not None and table.owner in self.privileges_of(role)

    def bypass(self, table: Table, role: str) -> str | None:
        """Why RLS does not apply to `role` on `table`, or None."""
        info = self._roles.get(role)
        if role != PUBLIC and info.superuser:
            return "superuser"
        if role != PUBLIC and info.bypassrls:
            return "BYPASSRLS"
        if self.is_owner(table, role) and not table.rls_forced:
            return "table owner"
        return None

    def schema_usage(self, schema: str, role: str) -> bool:
        """True when `role` may look into `schema` (unknown schemas are assumed usable)."""
        info = self.catalog.schemas.get(schema)
        if info is None or (role != PUBLIC and self._roles.get(role).superuser):
            return True
        held = self.privileges_of(role)
        if info.owner is not None and info.owner in held:
            return True
        return any(g.privilege == "USAGE" and g.grantee in held for g in info.grants)

    def privilege(
        self, table: Table, role: str, command: str
    ) -> tuple[bool, tuple[str, ...], tuple[str, ...] | None]:
        """(held, how, columns): columns is None for the whole table, else the granted ones."""
        if role != PUBLIC and self._roles.get(role).superuser:
            return True, ("superuser",), None
        held = self.privileges_of(role)
        if not self.schema_usage(table.schema, role):
            return False, (f"no USAGE on schema {table.schema}",), None
        if self.is_owner(table, role) and not table.grants:
            return True, (f"owner {table.owner}",), None
        via = tuple(
            f"table grant to {g.grantee}"
            for g in table.grants
            if g.privilege == command and g.grantee in held
        )
        if via:
            return True, via, None
        if command == "DELETE":
            return False, (), None
        columns: list[str] = []
        grantees: list[str] = []
        for column in table.columns:
            for g in column.grants:
                if g.privilege == command and g.grantee in held:
                    if column.name not in columns:
                        columns.append(column.name)
                    if g.grantee not in grantees:
                        grantees.append(g.grantee)
        if columns:
            return (
                True,
                (f"column grant ({', '.join(columns)}) to {', '.join(grantees)}",),
                tuple(columns),
            )
        return False, (), None

    def access(self, table: Table | str, role: str, command: str) -> Access:
        """Effective access of `role` for `command` on `table` (a Table or its key)."""
        if isinstance(table, str):
            table = self.catalog.tables[table]
        command = command.upper()
        table_key = table.key
        key = (table_key, role, command)
        found = self._memo.get(key)
        if found is None:
            found = _renamed(*self.shared_access(table, role, command), table, table_key)
            self._memo[key] = found
        return found

    def shared_access(
        self, table: Table, role: str, command: str
    ) -> tuple[Access, tuple[int, ...]]:
        """(the access of the first table with `table`'s signature, the positions in
        `table.policies` of the policies it lists): the same for every table of the
        signature, but for the names — its `table` and policy names are the first table's."""
        shared_key = (self.signature(table), role, command)
        shared = self._shared.get(shared_key)
        if shared is None:
            found = self._access(table, role, command)
            held = self.privileges_of(role)
            positions = tuple(
                i for i, p in enumerate(table.policies) if policy_applies(p, command, held)
            )
            shared = self._shared[shared_key] = (found, positions)
        return shared

    def permissive_of(
        self, table: Table, role: str, command: str
    ) -> tuple[tuple[int, AppliedPolicy], ...]:
        """`access(...).permissive` as (position in `table.policies`, how it applies):
        shared by the tables of one signature, so a policy's name is
        `table.policies[position].name`, not the AppliedPolicy's."""
        key = (self.signature(table), role, command)
        found = self._permissive.get(key)
        if found is None:
            access, positions = self.shared_access(table, role, command)
            found = self._permissive[key] = tuple(
                (i, p)
                for p, i in zip(access.policies, positions, strict=True)
                if p.permissive and p.effective
            )
        return found

    def signature(self, table: Table) -> int:
        """Everything of `table` that `_access` reads, besides its name (numbered): tables
        with one number have the same accesses but for the names."""
        key = table.key
        found = self._signatures.get(key)
        if found is None:
            columns = tuple((c.name, c.grants) for c in table.columns if c.grants)
            policies = tuple(
                (p.command, p.permissive, p.roles, p.using, p.with_check) for p in table.policies
            )
            signature = (
                table.schema,
                table.owner,
                self._grants_number(table.grants),
                columns,
                table.rls_enabled,
                table.rls_forced,
                policies,  # without their names (`<table>_read`): those are put back
            )
            if not self.shared:
                signature = (key, signature)
            found = self._numbers.setdefault(signature, len(self._numbers))
            self._signatures[key] = found
        return found

    def _grants_number(self, grants: tuple) -> int:
        found = self._grants_by_id.get(id(grants))
        if found is None or found[1] is not grants:
            number = self._grants.setdefault(grants, len(self._grants))
            found = self._grants_by_id[id(grants)] = (number, grants)  # keeps `grants` alive
        return found[0]

    def _access(self, table: Table, role: str, command: str) -> Access:
        held, via, columns = self.privilege(table, role, command)
        bypass = self.bypass(table, role)
        held_roles = self.privileges_of(role)
        policies = tuple(
            applied_policy(p, command)
            for p in table.policies
            if policy_applies(p, command, held_roles)
        )
        base = dict(
            table=table.key,
            role=role,
            command=command,
            privilege=held,
            privilege_via=via,
            columns=columns,
            bypass=bypass,
            rls=table.rls_enabled,
            policies=policies,
        )
        if not held:
            return Access(**base, verdict=NO_PRIVILEGE)
        if not table.rls_enabled:
            return Access(**base, verdict=NO_RLS)
        if bypass:
            return Access(**base, verdict=BYPASS)
        permissive = [p for p in policies if p.permissive]
        restrictive = [p for p in policies if not p.permissive]
        using = check = None
        if command != "INSERT":
            using = compose(
                [p.using for p in permissive if p.using is not None],
                [p.using for p in restrictive if p.using is not None],
            )
        if command in ("INSERT", "UPDATE"):
            check = compose(
                [p.check for p in permissive if p.check is not None],
                [p.check for p in restrictive if p.check is not None],
            )
        admits = check if command == "INSERT" else using
        verdict = POLICIES if admits is not None else NO_POLICY
        return Access(**base, verdict=verdict, using=using, check=check)

    def table_access(self, table: Table | str, role: str) -> dict[str, Access]:
        """The four commands for one role on one table."""
        return {c: self.access(table, role, c) for c in COMMANDS}

    def roles_of_interest(self) -> list[str]:
        """anon, authenticated, service_role, PUBLIC, then roles named by policies and grants."""
        names = [r for r in SUPABASE_ROLES if r in self.catalog.roles or not self.catalog.roles]
        names.append(PUBLIC)
        others: set[str] = set()
        named: set[str] = set()  # by policies, as written
        seen: set[int] = set()  # grants tuples looked at (equal ACLs share one tuple)
        for table in self.catalog.tables.values():
            for p in table.policies:
                named.update(p.roles)
            for grants in (table.grants, *(c.grants for c in table.columns if c.grants)):
                if id(grants) not in seen:  # the catalog keeps every tuple alive meanwhile
                    seen.add(id(grants))
                    others.update(g.grantee for g in grants)
        others.update(PUBLIC if r.lower() == "public" else r for r in named)
        others.discard(PUBLIC)
        return names + sorted(others - set(names))
