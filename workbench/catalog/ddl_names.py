"""How each object is named in SQL (COMMENT ON, OWNER TO, GRANT), and the statements
giving a new object its owner, privileges and comment."""

from __future__ import annotations

from typing import Any

from workbench.catalog import grants as G
from workbench.catalog.ddl_schema_objects import function_signature
from workbench.catalog.kinds import KINDS
from workbench.catalog.model import Catalog, Function, Table, View
from workbench.catalog.quoting import quote_ident, quote_literal, quote_qualified

# kind -> the word COMMENT ON / ALTER ... OWNER TO use
SQL_WORD = {k.name: k.sql_word for k in KINDS if k.sql_word}
# kind -> GRANT's object kind (for grants.default_acl)
GRANT_KIND = {k.name: k.grant_on for k in KINDS if k.grant_on}


def function_kind(func: Function) -> str:
    return {"procedure": "procedure", "aggregate": "aggregate"}.get(func.kind, "function")


def view_kind(view: View) -> str:
    return "materialized_view" if view.materialized else "view"


def name_sql(kind: str, obj: Any, parent: Any = None) -> str:
    """The object's name as SQL (schema-qualified and quoted; `member ON table` for members)."""
    if kind in (
        "schema",
        "extension",
        "event_trigger",
        "publication",
        "foreign_data_wrapper",
        "server",
    ):
        return quote_ident(obj.name)
    if kind in ("function", "procedure", "aggregate"):
        return function_signature(obj)
    if kind == "column":
        return f"{quote_qualified(parent.schema, parent.name)}.{quote_ident(obj.name)}"
    if kind in ("constraint", "trigger", "policy", "rule"):
        return f"{quote_ident(obj.name)} ON {quote_qualified(parent.schema, parent.name)}"
    if kind == "index":
        return quote_qualified(parent.schema, obj.name)
    return quote_qualified(obj.schema, obj.name)


def table_word(table: Table) -> str:
    return "FOREIGN TABLE" if table.kind == "foreign" else "TABLE"


def comment_statement(kind: str, obj: Any, parent: Any, text: str | None) -> str:
    word = SQL_WORD[kind]
    if kind == "table":
        word = table_word(obj)
    if kind == "constraint" and parent is not None and not isinstance(parent, (Table, View)):
        word = "CONSTRAINT"  # domain constraints are not commented by the catalog
    value = "NULL" if text is None else quote_literal(text)
    return f"COMMENT ON {word} {name_sql(kind, obj, parent)} IS {value};"


def owner_statement(kind: str, obj: Any, owner: str) -> str:
    word = SQL_WORD[kind]
    if kind == "table":
        word = table_word(obj)
    return f"ALTER {word} {name_sql(kind, obj, None)} OWNER TO {quote_ident(owner)};"


def grant_on(kind: str, obj: Any, parent: Any = None) -> str:
    """The `ON ...` object of GRANT/REVOKE."""
    if kind == "column":
        return f"TABLE {quote_qualified(parent.schema, parent.name)}"
    if kind in ("table", "view", "materialized_view"):
        return f"TABLE {quote_qualified(obj.schema, obj.name)}"
    if kind in ("function", "procedure", "aggregate"):
        word = "PROCEDURE" if kind == "procedure" else "FUNCTION"
        return f"{word} {function_signature(obj)}"
    if kind == "server":
        return f"FOREIGN SERVER {quote_ident(obj.name)}"
    return f"{SQL_WORD[kind]} {name_sql(kind, obj)}"


def effective_grants(kind: str, obj: Any, version: str | None) -> G.GrantSet:
    return G.effective(GRANT_KIND[kind], getattr(obj, "owner", None), obj.grants, version)


def finishing(
    kind: str,
    obj: Any,
    parent: Any,
    *,
    creator: str | None,
    defaults: Catalog,
    version: str | None,
    show_owner: bool = False,
) -> list[tuple[str, str]]:
    """("owner" | "grant" | "comment", statement) giving a newly created object its owner,
    privileges and comment; `creator` runs the CREATE under `defaults`' default privileges.
    """
    out = []
    owner = getattr(obj, "owner", None)
    if (
        owner
        and (show_owner or owner != creator)
        and kind in SQL_WORD
        and kind != "column"
        and not getattr(obj, "member_of", None)  # an extension's wrapper keeps its owner
    ):
        out.append(("owner", owner_statement(kind, obj, owner)))
    if kind in GRANT_KIND and hasattr(obj, "grants"):
        new = effective_grants(kind, obj, version)
        schema = getattr(obj, "schema", None)
        old = G.initial_grants(defaults, GRANT_KIND[kind], owner, creator, schema, version)
        columns = quote_ident(obj.name) if kind == "column" else None
        on = grant_on(kind, obj, parent)
        out += [("grant", s) for s in G.grant_statements(on, old, new, columns=columns)]
    if getattr(obj, "comment", None) is not None:
        out.append(("comment", comment_statement(kind, obj, parent, obj.comment)))
    return out
