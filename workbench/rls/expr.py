"""Policy expressions as syntax trees.

PostgreSQL stores a policy's USING / WITH CHECK as an expression tree and
`pg_get_expr` deparses it back to SQL. We parse that text with sqlglot's
postgres dialect (as `SELECT <expr>`) and answer the questions the access model,
the lints and the simulator ask: which auth helpers it calls and whether each
call is wrapped in a scalar sub-select, which columns and tables it reads,
whether it trusts user-writable metadata, whether it fails open, whether it is
constant true. `fold.py` substitutes JWT claims into an expression.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

# auth.* helpers Supabase ships; all read the request's JWT claims.
AUTH_HELPERS = frozenset({"uid", "jwt", "role", "email"})
CLAIM_SETTINGS = "request.jwt.claim"  # prefix of request.jwt.claims and the legacy settings


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


def parse_expression(text: str) -> exp.Expression:
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


def auth_call(node: exp.Expression) -> tuple[str, str | None] | None:
    """("auth.uid", None) / ("current_setting", "request.jwt.claims") for auth-context calls."""
    name = function_name(node)
    if name is None:
        return None
    schema, fn = name[0], name[1].lower()
    if fn in AUTH_HELPERS and (schema or "auth").lower() == "auth":
        return f"auth.{fn}", None
    if fn == "current_setting" and (schema or "pg_catalog").lower() == "pg_catalog":
        args = node.expressions if isinstance(node, exp.Anonymous) else node.expression.expressions
        setting = literal_text(args[0]) if args else None
        if setting is not None and setting.startswith(CLAIM_SETTINGS):
            return "current_setting", setting
    return None


def literal_text(node: exp.Expression) -> str | None:
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


def strip_parens(node: exp.Expression) -> exp.Expression:
    while isinstance(node, exp.Paren):
        node = node.this
    return node


def _is_auth_context(node: exp.Expression) -> bool:
    """An auth call, possibly wrapped in (select ...), casts, parens or JSON field access."""
    node = strip_parens(node)
    if isinstance(node, exp.Subquery) and isinstance(node.this, exp.Select):
        items = node.this.expressions
        if len(items) == 1 and not node.this.args.get("from_"):
            item = items[0].this if isinstance(items[0], exp.Alias) else items[0]
            return _is_auth_context(item)
        return False
    if isinstance(node, (exp.Cast, exp.JSONExtract, exp.JSONExtractScalar)):
        return _is_auth_context(node.this)
    return auth_call(node) is not None


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
        a = strip_parens(a)
        while isinstance(a, exp.Cast):
            a = strip_parens(a.this)
        if isinstance(a, exp.Column) and _own_column(a, table) and _is_auth_context(b):
            return a.name
    return None


def owner_sources(text: str | None, table: str | None = None) -> dict[str, str]:
    """{column: SQL of the auth context it is compared with} for each `col = auth.uid()`-style
    comparison of a policy expression (so a probe can fill the column as the user would)."""
    if not text:
        return {}
    try:
        facts = _facts(text)
    except (SqlglotError, ValueError):
        return {}
    found: dict[str, str] = {}
    for node in facts.eq_nodes:
        for a, b in ((node.this, node.expression), (node.expression, node.this)):
            a = strip_parens(a)
            while isinstance(a, exp.Cast):
                a = strip_parens(a.this)
            if isinstance(a, exp.Column) and _own_column(a, table) and _is_auth_context(b):
                found.setdefault(a.name, b.sql("postgres"))
    return found


def _required_owners(node: exp.Expression, table: str | None) -> set[str]:
    """Columns that must equal the user's identity for the condition to hold."""
    node = strip_parens(node)
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
            side = strip_parens(side)
            if isinstance(side, exp.Is) and isinstance(side.expression, exp.Null):
                if _is_auth_context(side.this):
                    found.append(side.sql("postgres"))
    for coalesce in tree.find_all(exp.Coalesce):
        if _is_auth_context(coalesce.this) and any(
            isinstance(strip_parens(a), exp.Column) for a in coalesce.expressions
        ):
            found.append(coalesce.sql("postgres"))
    return found


@dataclass(frozen=True)
class _Facts:
    """What an expression says whatever table it is on (computed once per text)."""

    tree: exp.Expression
    auth_calls: tuple[AuthCall, ...]
    functions: tuple[tuple[str | None, str], ...]
    tables: tuple[tuple[str | None, str], ...]
    column_nodes: tuple[exp.Column, ...]
    eq_nodes: tuple[exp.EQ, ...]
    in_nodes: tuple[exp.In, ...]
    user_metadata: bool
    fail_open: tuple[str, ...]
    constant_true: bool


@lru_cache(maxsize=16384)
def _facts(text: str) -> _Facts:
    tree = parse_expression(text)
    calls: list[AuthCall] = []
    functions: list[tuple[str | None, str]] = []
    tables: list[tuple[str | None, str]] = []
    columns: list[exp.Column] = []
    eqs: list[exp.EQ] = []
    ins: list[exp.In] = []
    metadata = False
    constant = True
    for node in tree.walk():  # one pass over the tree
        if isinstance(node, (exp.Column, exp.Subquery, exp.Anonymous, exp.Dot)) or (
            isinstance(node, exp.Func) and not isinstance(node, exp.Cast)
        ):
            constant = False
        auth = auth_call(node)
        if auth is not None:
            calls.append(
                AuthCall(auth[0], _is_wrapped(node), node.sql("postgres"), setting=auth[1])
            )
        elif (name := function_name(node)) is not None:
            functions.append(name)
        if isinstance(node, exp.Column):
            columns.append(node)
        elif isinstance(node, exp.EQ):
            eqs.append(node)
        elif isinstance(node, exp.In):
            ins.append(node)
        elif isinstance(node, exp.Table):
            key = (node.db or None, node.name)
            if node.name and key not in tables:
                tables.append(key)
        elif isinstance(node, exp.Literal):
            metadata = metadata or (node.is_string and "user_metadata" in node.this)
        elif isinstance(node, exp.Identifier):
            metadata = metadata or node.name.lower() == "raw_user_meta_data"
    if constant:
        result = simplified(tree)
        constant = isinstance(result, exp.Boolean) and result.this is True
    return _Facts(
        tree=tree,
        auth_calls=tuple(calls),
        functions=tuple(dict.fromkeys(functions)),
        tables=tuple(tables),
        column_nodes=tuple(columns),
        eq_nodes=tuple(eqs),
        in_nodes=tuple(ins),
        user_metadata=metadata,
        fail_open=tuple(dict.fromkeys(_fail_open(tree))) if calls else (),
        constant_true=constant,
    )


@lru_cache(maxsize=16384)
def _qualified(text: str) -> bool:
    """True when a column of the expression names its table (`t.owner_id`)."""
    return any(col.table for col in _facts(text).tree.find_all(exp.Column))


@lru_cache(maxsize=16384)
def analyze(text: str | None, table: str | None = None) -> ExprInfo:
    """Parse a policy expression (`pg_get_expr` text); `table` is the policy's table name."""
    if text is None:
        return ExprInfo(text="", parsed=False, error="no expression")
    try:
        facts = _facts(text)
    except (SqlglotError, ValueError) as exc:
        return ExprInfo(text=text, parsed=False, error=str(exc).splitlines()[0] if str(exc) else "")
    if table is not None and not _qualified(text):
        return analyze(text, None)  # the table's name matters only to qualified columns
    columns: list[str] = []
    for node in facts.column_nodes:
        own = _own_column(node, table)
        if own is not None and own not in columns:
            columns.append(own)
    owner_columns = [c for node in facts.eq_nodes if (c := _owner_comparison(node, table))]
    in_columns = [
        col.name
        for node in facts.in_nodes
        if isinstance(col := strip_parens(node.this), exp.Column)
        and _own_column(col, table)
        and node.args.get("query")
    ]
    return ExprInfo(
        text=text,
        auth_calls=facts.auth_calls,
        columns=tuple(columns),
        owner_columns=tuple(dict.fromkeys(owner_columns)),
        owner_required=tuple(sorted(_required_owners(facts.tree, table))) if owner_columns else (),
        filter_columns=tuple(dict.fromkeys(owner_columns + in_columns)),
        tables=facts.tables,
        functions=facts.functions,
        user_metadata=facts.user_metadata,
        fail_open=facts.fail_open,
        constant_true=facts.constant_true,
    )


# --- constant folding --------------------------------------------------------


_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Like, exp.ILike)


def _uncast(node: exp.Expression) -> exp.Expression:
    node = strip_parens(node)
    while isinstance(node, exp.Cast):
        node = strip_parens(node.this)
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
    if isinstance(node, exp.Where) and isinstance(strip_parens(node.this), exp.Null):
        node.set("this", exp.false())
    if isinstance(node, exp.Cast) and isinstance(strip_parens(node.this), exp.Null):
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
    if isinstance(node, exp.Not) and isinstance(strip_parens(node.this), exp.Boolean):
        return exp.Boolean(this=not strip_parens(node.this).this)
    if isinstance(node, (exp.And, exp.Or)):
        absorbing = isinstance(node, exp.Or)  # TRUE absorbs OR, FALSE absorbs AND
        operands = []
        for side in (node.this, node.expression):
            side_value = strip_parens(side)
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


def simplified(tree: exp.Expression) -> exp.Expression:
    """Constant-fold a condition: literal comparisons, IS NULL, AND / OR with constants."""
    folded = _fold(tree.copy())
    if isinstance(folded, exp.Null):
        return exp.false()  # as a row filter, NULL rejects
    return strip_parens(folded)


def is_constant_true(text: str | None) -> bool:
    return text is not None and analyze(text).constant_true
