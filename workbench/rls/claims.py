"""Who a simulation runs as: a database role and the JWT claims of the request.

Presets follow what Supabase sends: the anon key (`role: anon`), a signed-in
user from `auth.users` (claims shaped as Supabase Auth builds them: sub, role,
email, aud, app_metadata, user_metadata, ...), the service key
(`role: service_role`, which bypasses RLS), or custom claims.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from workbench.catalog.model import Catalog
from workbench.errors import WorkbenchError

# The inputs of a simulation, as its messages name them; a view names them its own way
# (the CLI by its flags: cli/rls_cmd.py).
INPUTS = {
    "claims": "the claims text",
    "row": "the row",
    "user": "a user",
    "role": "the role",
    "table": "a table",
}

# The note of a signed-in subject without a user; a view adds how to pick one.
NO_USER = "no user given: auth.uid() is NULL"


class SimulationError(WorkbenchError):
    """Bad simulation input (role, claims, user, table, row) or a failed probe setup.

    Raised by `input_error`, its `template` names the inputs as `{claims}`,
    `{row}`, `{user}`, `{role}`, `{table}`: `phrase(names)` words it for a view.
    """

    template: str | None = None
    values: Mapping[str, Any] = {}

    def phrase(self, names: Mapping[str, str]) -> str:
        """The message, each input named as `names` says (neutral names otherwise)."""
        if self.template is None:
            return str(self)
        return self.template.format_map({**INPUTS, **names, **self.values})


def input_error(template: str, **values: Any) -> SimulationError:
    """A SimulationError about the inputs, neutral until a view phrases it."""
    error = SimulationError(template.format_map({**INPUTS, **values}))
    error.template, error.values = template, values
    return error


@dataclass(frozen=True)
class Subject:
    """A database role plus the JWT claims `auth.uid()` / `auth.jwt()` will read."""

    role: str
    claims: dict[str, Any] = field(default_factory=dict)
    source: str = "custom"  # "anon" | "service_role" | "user <email>" | "custom" | ...
    notes: tuple[str, ...] = ()

    @property
    def user_id(self) -> str | None:
        sub = self.claims.get("sub")
        return str(sub) if sub is not None else None


def _json_object(text: str, name: str, what: str) -> dict[str, Any]:
    """The JSON object input `name` (claims, row) holds; `what` words the expected value."""
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise input_error(f"{{{name}}} is not valid JSON: {{detail}}", detail=str(exc)) from None
    if not isinstance(value, dict):
        raise input_error(f"{{{name}}} must be {{what}}", what=what)
    return value


def parse_claims(text: str) -> dict[str, Any]:
    """The claims JSON: an object, else a clear error."""
    return _json_object(text, "claims", """a JSON object, e.g. '{"sub": "..."}'""")


def parse_row(text: str) -> dict[str, Any]:
    """The row JSON: an object of column values."""
    return _json_object(text, "row", """a JSON object of column values, e.g. '{"title": "x"}'""")


def check_role(catalog: Catalog, role: str) -> None:
    if catalog.roles and role not in catalog.roles:
        raise SimulationError(f"unknown role {role!r}")


def user_claims(user: dict[str, Any]) -> dict[str, Any]:
    """The claims Supabase Auth puts in an access token for this `auth.users` row."""
    return {
        "aud": "authenticated",
        "role": user.get("role") or "authenticated",
        "sub": str(user["id"]),
        "email": user.get("email") or "",
        "phone": user.get("phone") or "",
        "app_metadata": user.get("raw_app_meta_data") or {},
        "user_metadata": user.get("raw_user_meta_data") or {},
        "aal": "aal1",
        "is_anonymous": bool(user.get("is_anonymous") or False),
    }


def find_user(conn: psycopg.Connection, user: str) -> dict[str, Any]:
    """The `auth.users` row whose id or email is `user`."""
    exists = conn.execute("SELECT to_regclass('auth.users') IS NOT NULL").fetchone()[0]
    if not exists:
        raise input_error("{user} needs an auth.users table, and there is none")
    try:
        user_id = str(uuid.UUID(user))
    except ValueError:
        user_id = None
    query = sql.SQL(
        "SELECT to_jsonb(u) FROM auth.users AS u WHERE {} ORDER BY u.id LIMIT 1"
    ).format(sql.SQL("u.id = %s::uuid") if user_id else sql.SQL("lower(u.email) = lower(%s)"))
    row = conn.execute(query, (user_id or user,)).fetchone()
    if row is None:
        raise SimulationError(f"no user {user!r} in auth.users (give an id or an email)")
    return row[0]


def list_users(conn: psycopg.Connection, limit: int = 200) -> list[dict[str, Any]]:
    """Users to pick from (id, email), for the TUI's simulate panel."""
    exists = conn.execute("SELECT to_regclass('auth.users') IS NOT NULL").fetchone()[0]
    if not exists:
        return []
    rows = conn.execute(
        "SELECT u.id::text, u.email FROM auth.users AS u ORDER BY u.email NULLS LAST, u.id LIMIT %s",
        (limit,),
    ).fetchall()
    return [{"id": r[0], "email": r[1]} for r in rows]


def resolve_subject(
    catalog: Catalog,
    conn: psycopg.Connection | None,
    *,
    role: str | None = None,
    claims: dict[str, Any] | None = None,
    user: str | None = None,
) -> Subject:
    """The role and claims to simulate, from presets, a user, or custom claims."""
    if claims is not None and user is not None:
        raise input_error("give either {claims} or {user}, not both")
    if user is not None:
        if conn is None:
            raise input_error("{user} needs a database connection")
        row = find_user(conn, user)
        built = user_claims(row)
        notes: tuple[str, ...] = ()
        if role is not None and role != built["role"]:
            # the request's role is its token's role claim: keep the two the same
            notes = (f"claims role set to {role!r} (the user's own token says {built['role']!r})",)
            built = {**built, "role": role}
        role = role or built["role"]
        check_role(catalog, role)
        source = f"user {row.get('email') or row['id']}"
        return Subject(role=role, claims=built, source=source, notes=notes)
    if claims is not None and "role" in claims:
        claimed = claims["role"]
        if not isinstance(claimed, str) or not claimed:
            raise SimulationError("the claims' role must be a role name (a string)")
        if role is not None and role != claimed:
            raise input_error(
                "{role} {given} conflicts with the claims' role {claimed!r}: give one of them",
                given=role,
                claimed=claimed,
            )
        role = claimed
    if role is None:
        raise input_error(
            "give {role} (anon, authenticated, service_role, ...), {user}, or claims with a role"
        )
    check_role(catalog, role)
    if claims is not None:
        notes = ()
        if "role" not in claims:
            claims = {**claims, "role": role}
            notes = (f"claims had no role; added role={role!r} (as Supabase tokens carry one)",)
        return Subject(role=role, claims=claims, source="custom", notes=notes)
    if role in ("anon", "service_role"):
        return Subject(role=role, claims={"iss": "supabase", "role": role}, source=role)
    if role == "authenticated":
        return Subject(
            role=role,
            claims={"role": role, "aud": "authenticated"},
            source=role,
            notes=(NO_USER,),
        )
    return Subject(role=role, claims={"role": role}, source=role)
