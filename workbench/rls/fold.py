"""Claims folded into policy expressions, and predicates composed as PostgreSQL does.

`fold_claims` replaces the request context (`auth.uid()`, `auth.jwt()`,
`current_setting('request.jwt.claims')`, `current_user`) by one subject's
values and constant-folds the result, so that a policy reads as what it means
for that user. `compose` ORs permissive and ANDs restrictive expressions.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from sqlglot import exp
from sqlglot.dialects.postgres import Postgres
from sqlglot.errors import SqlglotError

from workbench.rls.expr import auth_call, literal_text, parse_expression, simplified, strip_parens


class _Generator(Postgres.Generator):
    """PostgreSQL SQL with `x::type` casts, closer to what pg_get_expr prints."""

    def cast_sql(self, expression: exp.Cast, safe_prefix: str | None = None) -> str:
        inner = expression.this
        text = self.sql(inner)
        if not isinstance(inner, (exp.Literal, exp.Column, exp.Paren, exp.Null, exp.Boolean)):
            text = f"({text})"
        return f"{text}::{self.sql(expression, 'to').lower()}"


def to_sql(node: exp.Expression) -> str:
    return _Generator().generate(node)


def _json_literal(value: Any) -> exp.Expression:
    if value is None:
        return exp.Null()
    return exp.Cast(this=exp.Literal.string(json.dumps(value)), to=exp.DataType.build("jsonb"))


def _text_literal(value: Any) -> exp.Expression:
    if value is None:
        return exp.Null()
    if not isinstance(value, str):
        value = json.dumps(value)
    return exp.Literal.string(value)


def _json_value(node: exp.Expression) -> tuple[bool, Any]:
    """(True, value) when `node` is a folded jsonb literal."""
    node = strip_parens(node)
    if isinstance(node, exp.Cast) and node.to.this in (
        exp.DataType.Type.JSONB,
        exp.DataType.Type.JSON,
    ):
        text = literal_text(node.this)
        if text is not None:
            try:
                return True, json.loads(text)
            except ValueError:
                return False, None
    if isinstance(node, exp.Null):
        return True, None
    return False, None


def _key(node: exp.Expression) -> Any:
    text = literal_text(node)
    if text is not None:
        return text
    node = strip_parens(node)
    if isinstance(node, exp.Literal) and not node.is_string:
        return int(node.this) if node.this.lstrip("-").isdigit() else None
    if isinstance(node, exp.JSONPath):  # sqlglot may turn the key into a path
        parts = [p.this for p in node.expressions if isinstance(p, exp.JSONPathKey)]
        return parts[0] if len(parts) == 1 else None
    return None


def fold_claims(text: str, claims: dict[str, Any] | None, role: str) -> str:
    """The expression with the request context replaced by the given claims, simplified.

    `auth.uid()` becomes the `sub` claim, `auth.jwt()` the claims document,
    `auth.role()` the `role` claim, `current_user` the role; JSON field access
    on a folded document is evaluated. Returns the input when it cannot be parsed.
    """
    try:
        tree = parse_expression(text)
    except (SqlglotError, ValueError):
        return text
    claims = claims or {}
    document = json.dumps(claims) if claims else None

    def substitute(node: exp.Expression) -> exp.Expression:
        auth = auth_call(node)
        if auth is not None:
            name, setting = auth
            if name == "auth.uid":
                sub = claims.get("sub")
                return (
                    exp.Null()
                    if sub is None
                    else exp.Cast(this=exp.Literal.string(str(sub)), to=exp.DataType.build("uuid"))
                )
            if name == "auth.jwt":
                return _json_literal(claims or None)
            if name in ("auth.role", "auth.email"):
                return _text_literal(claims.get(name.split(".")[1]))
            if setting == "request.jwt.claims":
                return _text_literal(document)
            return exp.Null()  # legacy request.jwt.claim.* settings are cleared
        if isinstance(node, (exp.CurrentUser, exp.SessionUser)) or (
            isinstance(node, exp.Column) and node.name.upper() == "CURRENT_ROLE" and not node.table
        ):
            return exp.Literal.string(role)
        if isinstance(node, exp.Cast) and node.to.this == exp.DataType.Type.JSONB:
            text_value = literal_text(node.this)
            if text_value is not None and isinstance(strip_parens(node.this), exp.Literal):
                return exp.Cast(this=exp.Literal.string(text_value), to=node.to.copy())
        if isinstance(node, (exp.JSONExtract, exp.JSONExtractScalar)):
            known, value = _json_value(node.this)
            key = _key(node.expression)
            if known and key is not None:
                if isinstance(value, dict):
                    value = value.get(key) if isinstance(key, str) else None
                elif isinstance(value, list) and isinstance(key, int):
                    value = value[key] if -len(value) <= key < len(value) else None
                else:
                    value = None
                if isinstance(node, exp.JSONExtractScalar):
                    return _text_literal(value)
                return _json_literal(value)
        if isinstance(node, exp.Subquery) and isinstance(node.this, exp.Select):
            select = node.this
            if len(select.expressions) == 1 and not select.args.get("from_"):
                item = select.expressions[0]
                item = item.this if isinstance(item, exp.Alias) else item
                if not any(item.find_all(exp.Column, exp.Anonymous, exp.Dot)):
                    return item.copy()
        return node

    # transform() rewrites parents before children; repeat until nothing changes
    # so that JSON access on a folded auth.jwt() is evaluated too.
    folded = tree
    for _ in range(8):
        before = folded.sql("postgres")
        folded = folded.transform(substitute)
        if folded.sql("postgres") == before:
            break
    return to_sql(simplified(folded))


@lru_cache(maxsize=16384)
def _enclosed(text: str) -> bool:
    """True when `text` is one parenthesized group, `(...)`, quotes respected."""
    text = text.strip()
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth, quote = 0, None
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return depth == 0


def parenthesize(text: str) -> str:
    return text if _enclosed(text) else f"({text})"


def compose(permissive: list[str], restrictive: list[str]) -> str | None:
    """`(p1 OR p2) AND r1 AND r2` as PostgreSQL combines them; None when nothing permits."""
    if not permissive:
        return None
    combined = " OR ".join(parenthesize(p) for p in permissive)
    if restrictive:
        first = f"({combined})" if len(permissive) > 1 else combined
        combined = " AND ".join([first] + [parenthesize(r) for r in restrictive])
    return combined
