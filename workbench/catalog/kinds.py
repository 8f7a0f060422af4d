"""The one table of object kinds: how each kind is named, where the catalog keeps it,
how SQL names it, and which of its fields a diff compares. The differ, the DDL writer
and the views all read it.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of schema object."""

    name: str  # as the differ reports it ("materialized_view")
    label: str  # as shown ("materialized view")
    field: str  # the Catalog field holding it, or the Table field for members
    sql_word: str | None  # what COMMENT ON / ALTER ... OWNER TO call it
    grant_on: str | None = None  # GRANT's object kind, when it has privileges
    member: bool = False  # lives in a table (or view)
    base: str | None = None  # the kind sharing its catalog field ("function" for "procedure")
    group: str | None = None  # how a list of them is headed, when not after its field

    @property
    def plain(self) -> str:
        """The kind its catalog field is named for (procedures and aggregates are functions)."""
        return self.base or self.name

    @property
    def plural(self) -> str:
        """How a list of them is headed ("tables", "foreign servers")."""
        return self.group or self.field.replace("_", " ")


# In the order changes are listed within one object.
KINDS = (
    Kind("schema", "schema", "schemas", "SCHEMA", "SCHEMA"),
    Kind("extension", "extension", "extensions", "EXTENSION"),
    Kind("collation", "collation", "collations", "COLLATION"),
    Kind("enum", "enum", "enums", "TYPE"),
    Kind("domain", "domain", "domains", "DOMAIN"),
    Kind("composite_type", "composite type", "composite_types", "TYPE", group="types"),
    Kind("range_type", "range type", "range_types", "TYPE"),
    Kind(
        "foreign_data_wrapper",
        "foreign data wrapper",
        "foreign_data_wrappers",
        "FOREIGN DATA WRAPPER",
        "FOREIGN DATA WRAPPER",
    ),
    Kind("server", "foreign server", "foreign_servers", "SERVER", "FOREIGN SERVER"),
    Kind("user_mapping", "user mapping", "user_mappings", None),
    Kind("sequence", "sequence", "sequences", "SEQUENCE", "SEQUENCE"),
    Kind("function", "function", "functions", "FUNCTION", "FUNCTION"),
    Kind("procedure", "procedure", "functions", "PROCEDURE", "FUNCTION", base="function"),
    Kind("aggregate", "aggregate", "functions", "AGGREGATE", "FUNCTION", base="function"),
    Kind("table", "table", "tables", "TABLE", "TABLE"),
    Kind("column", "column", "columns", "COLUMN", "COLUMN", member=True),
    Kind("constraint", "constraint", "constraints", "CONSTRAINT", member=True),
    Kind("index", "index", "indexes", "INDEX", member=True),
    Kind("trigger", "trigger", "triggers", "TRIGGER", member=True),
    Kind("rule", "rule", "rules", "RULE", member=True),
    Kind("policy", "policy", "policies", "POLICY", member=True),
    Kind("statistic", "statistic", "statistics", "STATISTICS", member=True),
    Kind("view", "view", "views", "VIEW", "TABLE"),
    Kind(
        "materialized_view", "materialized view", "views", "MATERIALIZED VIEW", "TABLE", base="view"
    ),
    Kind("event_trigger", "event trigger", "event_triggers", "EVENT TRIGGER"),
    Kind("publication", "publication", "publications", "PUBLICATION"),
    Kind("default_privilege", "default privileges", "default_privileges", None),
)
BY_NAME = {kind.name: kind for kind in KINDS}
# Catalog field -> the plain kind kept there (top-level objects)
BY_FIELD = {kind.field: kind for kind in KINDS if not kind.member and kind.base is None}
# Table field -> the member kind kept there
BY_MEMBER_FIELD = {kind.field: kind for kind in KINDS if kind.member}

# Fields a diff does not compare as an object's own: compared on their own (comments,
# grants, members) or not schema (order, inheritance, a constraint's backing index name).
NOT_COMPARED = frozenset(
    {
        "comment",
        "grants",
        "columns",
        "constraints",
        "indexes",
        "triggers",
        "policies",
        "rules",
        "attributes",
        "position",
        "inherited",
        "index",
        "estimated_rows",
        "size_bytes",
    }
)
# Tuple fields whose order is not schema: compared sorted.
UNORDERED = frozenset(
    {"reloptions", "options", "server_options", "tags", "tables", "schemas", "operations", "roles"}
)


@functools.cache
def compared_fields(cls: type) -> tuple[str, ...]:
    """The fields of a model class that a diff compares (worked out once per class)."""
    return tuple(
        f.name for f in dataclasses.fields(cls) if f.compare and f.name not in NOT_COMPARED
    )
