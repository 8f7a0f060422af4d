"""Policy expressions as syntax trees.

PostgreSQL stores a policy's USING / WITH CHECK as an expression tree and
`pg_get_expr` deparses it back to SQL. We parse that text with sqlglot's
postgres dialect (as `SELECT <expr>`) and answer the questions the access model,
the lints and the simulator ask: which auth helpers it calls and whether each
call is wrapped in a scalar sub-select, which columns and tables it reads,
whether it trusts user-writable metadata, whether it fails open, whether it is
constant true. `fold_claims` substitutes JWT claims into an expression so a
policy reads as what it means for one user.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.dialects.postgres import Postgres
from sqlglot.errors import SqlglotError

# auth.* helpers Supabase ships; all read the request's JWT claims.
AUTH_HELPERS = frozenset({"uid", "jwt", "role", "email"})
CLAIM_SETTINGS = "request.jwt.claim"  # prefix of request.jwt.claims and the legacy settings
_TEXTUAL = {
    exp.DataType.Type.TEXT,
    exp.DataType.Type.VARCHAR,
    exp.DataType.Type.CHAR,
    exp.DataType.Type.NAME,
}


@dataclass(frozen=True)
class AuthCall:
    """One call of an auth helper (`auth.uid()`, ...) or of `current_setting('request.jwt...')`."""

    name: str  # "auth.uid" | "auth.jwt" | "auth.role" | "auth.email" | "current_setting"
    wrapped: bool  # inside an uncorrelated scalar sub-select: evaluated once per statement
    sql: str  # the call as written
    setting: str | None = None  # current_setting's argument


@dataclass(frozen=True)
class ExprInfo:
    """What a policy expression reads and how; `parsed` is False when sqlglot could not parse it."""

    text: str
    parsed: bool = True
    error: str | None = None
    auth_calls: tuple[AuthCall, ...] = ()
    columns: tuple[str, ...] = ()  # columns of the policy's table (unqualified or outer references)
    owner_columns: tuple[
        str, ...
    ] = ()  # columns compared with an auth helper (`user_id = auth.uid()`)
    owner_required: tuple[
        str, ...
    ] = ()  # owner columns every row admitted must match (AND/OR aware)
    filter_columns: tuple[str, ...] = ()  # owner columns plus `col IN (subquery)` columns
    tables: tuple[tuple[str | None, str], ...] = ()  # (schema or None, name) read by sub-selects
    functions: tuple[
        tuple[str | None, str], ...
    ] = ()  # other functions called (schema or None, name)
    user_metadata: bool = False  # reads user_metadata / raw_user_meta_data
    fail_open: tuple[str, ...] = ()  # `auth.uid() IS NULL OR ...`-style disjuncts, as SQL
    constant_true: bool = False

    @property
    def unwrapped_calls(self) -> tuple[AuthCall, ...]:
        return tuple(c for c in self.auth_calls if not c.wrapped)


def _parse(text: str) -> exp.Expression:
    tree = sqlglot.parse_one(f"SELECT {text}", read="postgres")
    if not isinstance(tree, exp.Select) or len(tree.expressions) != 1:
        raise SqlglotError("not a single expression")
    item = tree.expressions[0]
    item.pop()  # detach from the wrapping SELECT: ancestors are the expression's own
    return item


def function_name(node: exp.Expression) -> tuple[str | None, str] | None:
    """(schema, name) of a call to a user-visible function, else None."""
    if (
        isinstance(node, exp.Dot)
        and isinstance(node.expression, exp.Anonymous)
        and isinstance(node.this, exp.Identifier)
    ):
        return node.this.name, node.expression.name
    if isinstance(node, exp.Anonymous) and not isinstance(node.parent, exp.Dot):
        return None, node.name
    return None


def _auth_call(node: exp.Expression) -> tuple[str, str | None] | None:
    """("auth.uid", None) / ("current_setting", "request.jwt.claims") for auth-context calls."""
    name = function_name(node)
    if name is None:
        return None
    schema, fn = name[0], name[1].lower()
    if fn in AUTH_HELPERS and (schema or "auth").lower() == "auth":
        return f"auth.{fn}", None
    if fn == "current_setting" and (schema or "pg_catalog").lower() == "pg_catalog":
        args = node.expressions if isinstance(node, exp.Anonymous) else node.expression.expressions
        setting = _literal_text(args[0]) if args else None
        if setting is not None and setting.startswith(CLAIM_SETTINGS):
            return "current_setting", setting
    return None


def _literal_text(node: exp.Expression) -> str | None:
    while isinstance(node, (exp.Cast, exp.Paren)):
        node = node.this
    if isinstance(node, exp.Literal) and node.is_string:
        return node.this
    return None


def _is_wrapped(node: exp.Expression) -> bool:
    """True when an enclosing FROM-less, uncorrelated scalar sub-select evaluates it once."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, exp.Select) and isinstance(parent.parent, exp.Subquery):
            return not parent.args.get("from_") and not any(parent.find_all(exp.Column))
        if isinstance(parent, exp.Select):
            return False
        parent = parent.parent
    return False


def _in_subquery(node: exp.Expression) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, exp.Select):
            return True
        parent = parent.parent
    return False


def _strip(node: exp.Expression) -> exp.Expression:
    while isinstance(node, exp.Paren):
        node = node.this
    return node


def _is_auth_context(node: exp.Expression) -> bool:
    """An auth call, possibly wrapped in (select ...), casts, parens or JSON field access."""
    node = _strip(node)
    if isinstance(node, exp.Subquery) and isinstance(node.this, exp.Select):
        items = node.this.expressions
        if len(items) == 1 and not node.this.args.get("from_"):
            item = items[0].this if isinstance(items[0], exp.Alias) else items[0]
            return _is_auth_context(item)
        return False
    if isinstance(node, (exp.Cast, exp.JSONExtract, exp.JSONExtractScalar)):
        return _is_auth_context(node.this)
    return _auth_call(node) is not None


def _own_column(col: exp.Column, table: str | None) -> str | None:
    qualifier = col.table
    if not qualifier and not _in_subquery(col):
        return col.name
    if qualifier and table is not None and qualifier == table:
        return col.name
    return None


def _owner_comparison(node: exp.Expression, table: str | None) -> str | None:
    """The column of `col = <auth context>` (either side), else None."""
    if not isinstance(node, exp.EQ):
        return None
    for a, b in ((node.this, node.expression), (node.expression, node.this)):
        a = _strip(a)
        while isinstance(a, exp.Cast):
            a = _strip(a.this)
        if isinstance(a, exp.Column) and _own_column(a, table) and _is_auth_context(b):
            return a.name
    return None


def _required_owners(node: exp.Expression, table: str | None) -> set[str]:
    """Columns that must equal the user's identity for the condition to hold."""
    node = _strip(node)
    if isinstance(node, exp.And):
        return _required_owners(node.this, table) | _required_owners(node.expression, table)
    if isinstance(node, exp.Or):
        return _required_owners(node.this, table) & _required_owners(node.expression, table)
    column = _owner_comparison(node, table)
    return {column} if column else set()


def _fail_open(tree: exp.Expression) -> list[str]:
    found = []
    for disj in tree.find_all(exp.Or):
        for side in (disj.this, disj.expression):
            side = _strip(side)
            if isinstance(side, exp.Is) and isinstance(side.expression, exp.Null):
                if _is_auth_context(side.this):
                    found.append(side.sql("postgres"))
    for coalesce in tree.find_all(exp.Coalesce):
        if _is_auth_context(coalesce.this) and any(
            isinstance(_strip(a), exp.Column) for a in coalesce.expressions
        ):
            found.append(coalesce.sql("postgres"))
    return found


@lru_cache(maxsize=4096)
def analyze(text: str | None, table: str | None = None) -> ExprInfo:
    """Parse a policy expression (`pg_get_expr` text); `table` is the policy's table name."""
    if text is None:
        return ExprInfo(text="", parsed=False, error="no expression")
    try:
        tree = _parse(text)
    except (SqlglotError, ValueError) as exc:
        return ExprInfo(text=text, parsed=False, error=str(exc).splitlines()[0] if str(exc) else "")
    calls: list[AuthCall] = []
    functions: list[tuple[str | None, str]] = []
    for node in tree.walk():
        auth = _auth_call(node)
        if auth is not None:
            calls.append(
                AuthCall(
                    name=auth[0],
                    wrapped=_is_wrapped(node),
                    sql=node.sql("postgres"),
                    setting=auth[1],
                )
            )
        else:
            name = function_name(node)
            if name is not None:
                functions.append(name)
    columns = []
    for col in tree.find_all(exp.Column):
        name = _own_column(col, table)
        if name is not None and name not in columns:
            columns.append(name)
    owner_columns: list[str] = []
    filter_columns: list[str] = []
    for cmp in tree.find_all(exp.EQ, exp.In):
        if isinstance(cmp, exp.In):
            col = _strip(cmp.this)
            if isinstance(col, exp.Column) and _own_column(col, table) and cmp.args.get("query"):
                filter_columns.append(col.name)
            continue
        column = _owner_comparison(cmp, table)
        if column:
            owner_columns.append(column)
    filter_columns = owner_columns + filter_columns
    required = sorted(_required_owners(tree, table))
    tables = []
    for t in tree.find_all(exp.Table):
        key = (t.db or None, t.name)
        if t.name and key not in tables:
            tables.append(key)
    metadata = any(
        isinstance(n, exp.Literal) and n.is_string and "user_metadata" in n.this
        for n in tree.walk()
    ) or any(
        isinstance(n, exp.Identifier) and n.name.lower() == "raw_user_meta_data"
        for n in tree.walk()
    )
    return ExprInfo(
        text=text,
        auth_calls=tuple(calls),
        columns=tuple(columns),
        owner_columns=tuple(dict.fromkeys(owner_columns)),
        owner_required=tuple(required),
        filter_columns=tuple(dict.fromkeys(filter_columns)),
        tables=tuple(tables),
        functions=tuple(dict.fromkeys(functions)),
        user_metadata=metadata,
        fail_open=tuple(dict.fromkeys(_fail_open(tree))),
        constant_true=_constant_true(tree),
    )


# --- constant folding --------------------------------------------------------


_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Like, exp.ILike)


def _uncast(node: exp.Expression) -> exp.Expression:
    node = _strip(node)
    while isinstance(node, exp.Cast):
        node = _strip(node.this)
    return node


def _in_predicate_position(node: exp.Expression) -> bool:
    """True when only AND / OR / parentheses lie between `node` and a WHERE or the root."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, exp.Where):
            return True
        if not isinstance(parent, (exp.And, exp.Or, exp.Paren)):
            return False
        parent = parent.parent
    return True


def _literal_value(node: exp.Expression) -> tuple[bool, Any]:
    node = _uncast(node)
    if isinstance(node, exp.Literal):
        return True, node.this if node.is_string else float(node.this)
    if isinstance(node, exp.Boolean):
        return True, node.this
    return False, None


def _fold_node(node: exp.Expression) -> exp.Expression:
    """One bottom-up step of constant folding (children are already folded)."""
    if isinstance(node, exp.Paren) and isinstance(
        node.this, (exp.Boolean, exp.Null, exp.Literal, exp.Column, exp.Paren)
    ):
        return node.this
    if isinstance(node, exp.Where) and isinstance(_strip(node.this), exp.Null):
        node.set("this", exp.false())
    if isinstance(node, exp.Cast) and isinstance(_strip(node.this), exp.Null):
        return exp.Null()
    if isinstance(node, _COMPARISONS):
        left, right = _uncast(node.this), _uncast(node.expression)
        if isinstance(left, exp.Null) or isinstance(right, exp.Null):
            return exp.Null()
        (lk, lv), (rk, rv) = _literal_value(left), _literal_value(right)
        if lk and rk and isinstance(node, (exp.EQ, exp.NEQ)) and type(lv) is type(rv):
            return exp.Boolean(this=(lv == rv) == isinstance(node, exp.EQ))
    if isinstance(node, exp.Is) and isinstance(node.expression, exp.Null):
        inner = _uncast(node.this)
        if isinstance(inner, exp.Null):
            return exp.true()
        if isinstance(inner, (exp.Literal, exp.Boolean)):
            return exp.false()
    if isinstance(node, exp.Not) and isinstance(_strip(node.this), exp.Boolean):
        return exp.Boolean(this=not _strip(node.this).this)
    if isinstance(node, (exp.And, exp.Or)):
        absorbing = isinstance(node, exp.Or)  # TRUE absorbs OR, FALSE absorbs AND
        operands = []
        for side in (node.this, node.expression):
            side_value = _strip(side)
            if isinstance(side_value, exp.Null) and _in_predicate_position(node):
                side_value = exp.false()
            if isinstance(side_value, exp.Boolean):
                if side_value.this is absorbing:
                    return exp.Boolean(this=absorbing)
                continue  # the neutral element
            operands.append(side)
        if not operands:
            return exp.Boolean(this=not absorbing)
        if len(operands) == 1:
            return operands[0]
    return node


def _fold(node: exp.Expression) -> exp.Expression:
    for key, value in list(node.args.items()):
        if isinstance(value, exp.Expression):
            node.set(key, _fold(value))
        elif isinstance(value, list):
            node.set(key, [_fold(v) if isinstance(v, exp.Expression) else v for v in value])
    return _fold_node(node)


def _simplified(tree: exp.Expression) -> exp.Expression:
    """Constant-fold a condition: literal comparisons, IS NULL, AND / OR with constants."""
    folded = _fold(tree.copy())
    if isinstance(folded, exp.Null):
        return exp.false()  # as a row filter, NULL rejects
    return _strip(folded)


def _constant_true(tree: exp.Expression) -> bool:
    if any(tree.find_all(exp.Column, exp.Subquery, exp.Anonymous, exp.Dot, exp.Func)):
        return False
    result = _simplified(tree)
    return isinstance(result, exp.Boolean) and result.this is True


def is_constant_true(text: str | None) -> bool:
    return text is not None and analyze(text).constant_true


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
    node = _strip(node)
    if isinstance(node, exp.Cast) and node.to.this in (
        exp.DataType.Type.JSONB,
        exp.DataType.Type.JSON,
    ):
        text = _literal_text(node.this)
        if text is not None:
            try:
                return True, json.loads(text)
            except ValueError:
                return False, None
    if isinstance(node, exp.Null):
        return True, None
    return False, None


def _key(node: exp.Expression) -> Any:
    text = _literal_text(node)
    if text is not None:
        return text
    node = _strip(node)
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
        tree = _parse(text)
    except (SqlglotError, ValueError):
        return text
    claims = claims or {}
    document = json.dumps(claims) if claims else None

    def substitute(node: exp.Expression) -> exp.Expression:
        auth = _auth_call(node)
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
            text_value = _literal_text(node.this)
            if text_value is not None and isinstance(_strip(node.this), exp.Literal):
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
    return to_sql(_simplified(folded))


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
