"""What a migration's statements do, in plain words, plus the facts the lints need.

`analyze_statements(statements) -> list[Action]` gives the timeline's summary: "creates table
public.x", "adds column locale text to public.users", "adds index i on public.t",
"enables RLS on public.w", "creates policy p on public.t", "creates function
public.f()", "creates trigger tr on public.t", ...

`analyze(statement) -> list[Action]` gives, for each thing a statement does, its
words and whether it changes the schema or the data, can destroy data
(`destructive`), or fails/duplicates when run twice (`rerun`, for baselines).
sqlglot (postgres dialect) reads what it parses (CREATE TABLE / INDEX, ALTER
TABLE actions, DROP, INSERT / UPDATE / DELETE, COMMENT, GRANT); for what it
returns as an opaque `Command` (CREATE POLICY, most CREATE FUNCTION, DO, ALTER
TABLE ... ENABLE ROW LEVEL SECURITY, ...) the statement's tokens are read instead.
"""

from __future__ import annotations

import logging

import sqlglot
from sqlglot import exp

from workbench.migrations.keyword_reader import DATA, Action, Words, read_command
from workbench.migrations.split import Statement


def _parse(sql: str) -> exp.Expression | None:
    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        return sqlglot.parse_one(sql, read="postgres")
    except Exception:  # sqlglot gives up in many ways; the token reader takes over
        return None
    finally:
        logger.setLevel(level)


def _table(node: exp.Expression | None) -> str:
    if isinstance(node, exp.Schema):
        node = node.this
    if isinstance(node, exp.Table):
        parts = [p.sql(dialect="postgres") for p in (node.args.get("db"), node.this) if p]
        return ".".join(parts)
    return node.sql(dialect="postgres") if node is not None else "?"


def _create(node: exp.Create, words: Words, st: Statement) -> list[Action]:
    kind = (node.args.get("kind") or "").upper()
    exists, replace = bool(node.args.get("exists")), bool(node.args.get("replace"))
    if kind == "TABLE":
        name = _table(node.this)
        rerun = None if exists else f"CREATE TABLE {name} without IF NOT EXISTS"
        return [Action(f"creates table {name}", rerun=rerun, key=("table", name), statement=st)]
    if kind == "INDEX":
        index = node.this
        name = index.this.sql(dialect="postgres") if index.this else "(unnamed)"
        table = _table(index.args.get("table"))
        unique = "unique " if node.args.get("unique") else ""
        rerun = None if exists else f"CREATE INDEX {name} without IF NOT EXISTS"
        return [
            Action(
                f"adds {unique}index {name} on {table}",
                rerun=rerun,
                key=("index", name),
                statement=st,
            )
        ]
    if kind == "VIEW" and words.has("MATERIALIZED"):
        name = _table(node.this)
        rerun = None if exists else f"CREATE MATERIALIZED VIEW {name} without IF NOT EXISTS"
        return [Action(f"creates materialized view {name}", rerun=rerun, statement=st)]
    if kind == "VIEW":
        name = _table(node.this)
        rerun = None if replace else f"CREATE VIEW {name} without OR REPLACE"
        return [Action(f"creates view {name}", rerun=rerun, statement=st)]
    return read_command(words, st)


def _alter_table(node: exp.Alter, words: Words, st: Statement) -> list[Action]:
    table = _table(node.this)
    actions: list[Action] = []
    for action in node.args.get("actions") or []:
        if isinstance(action, exp.ColumnDef):
            column = action.this.sql(dialect="postgres")
            kind = action.args.get("kind")
            typed = f" {kind.sql(dialect='postgres').lower()}" if kind is not None else ""
            rerun = (
                None if action.args.get("exists") else f"ADD COLUMN {column} without IF NOT EXISTS"
            )
            actions.append(
                Action(f"adds column {column}{typed} to {table}", rerun=rerun, statement=st)
            )
        elif isinstance(action, exp.Drop):
            what = (action.args.get("kind") or "").lower() or "column"
            names = ", ".join(t.sql(dialect="postgres") for t in action.args.get("tables") or [])
            destructive = f"drops column {names} of {table}" if what == "column" else None
            rerun = (
                None
                if action.args.get("exists")
                else f"DROP {what.upper()} {names} without IF EXISTS"
            )
            actions.append(
                Action(
                    f"drops {what} {names} from {table}",
                    destructive=destructive,
                    rerun=rerun,
                    key=(what, names, table),
                    statement=st,
                )
            )
        elif isinstance(action, exp.AddConstraint):
            for constraint in action.expressions:
                name = constraint.this.sql(dialect="postgres") if constraint.this else ""
                actions.append(
                    Action(
                        f"adds constraint {name} to {table}".replace("  ", " "),
                        rerun=f"ADD CONSTRAINT {name} (no IF NOT EXISTS in PostgreSQL)",
                        key=("constraint", name, table),
                        statement=st,
                    )
                )
        elif isinstance(action, exp.AlterColumn):
            column = action.this.sql(dialect="postgres")
            dtype = action.args.get("dtype")
            if dtype is not None:
                new = dtype.sql(dialect="postgres").lower()
                actions.append(
                    Action(
                        f"changes the type of column {column} of {table} to {new}",
                        destructive=f"ALTER COLUMN {column} TYPE rewrites {table} and may fail or lose precision",
                        statement=st,
                    )
                )
            elif action.args.get("allow_null") is False:
                actions.append(Action(f"makes column {column} of {table} NOT NULL", statement=st))
            elif action.args.get("drop") and action.args.get("allow_null") is None:
                actions.append(Action(f"changes column {column} of {table}", statement=st))
            elif "default" in action.args:
                actions.append(
                    Action(f"sets the default of column {column} of {table}", statement=st)
                )
            else:
                actions.append(Action(f"changes column {column} of {table}", statement=st))
        elif isinstance(action, exp.RenameColumn):
            old, new = (
                action.this.sql(dialect="postgres"),
                action.args["to"].sql(dialect="postgres"),
            )
            actions.append(
                Action(
                    f"renames column {old} of {table} to {new}",
                    rerun="a rename fails the second time",
                    statement=st,
                )
            )
        elif isinstance(action, exp.AlterRename):
            actions.append(
                Action(
                    f"renames table {table} to {_table(action.this)}",
                    rerun="a rename fails the second time",
                    statement=st,
                )
            )
        else:
            actions.append(Action(f"alters table {table}", statement=st))
    return actions or read_command(words, st)


def _dml(node: exp.Expression, st: Statement) -> list[Action]:
    if isinstance(node, exp.Insert):
        target = node.this.this if isinstance(node.this, exp.Schema) else node.this
        rerun = None if node.args.get("conflict") else "INSERT without ON CONFLICT adds rows again"
        return [Action(f"inserts rows into {_table(target)}", DATA, rerun=rerun, statement=st)]
    table = _table(node.this)
    where = node.args.get("where") is not None
    if isinstance(node, exp.Update):
        return [Action(f"updates rows of {table}", DATA, statement=st)]
    destructive = None if where else f"DELETE without WHERE removes every row of {table}"
    return [Action(f"deletes rows from {table}", DATA, destructive=destructive, statement=st)]


def analyze(statement: Statement) -> list[Action]:
    """What one statement does (see the module docstring)."""
    node = _parse(statement.sql)
    words = Words(statement.sql)
    if isinstance(node, exp.Create):
        return _create(node, words, statement)
    if isinstance(node, exp.Alter) and (node.args.get("kind") or "").upper() == "TABLE":
        return _alter_table(node, words, statement)
    if isinstance(node, (exp.Insert, exp.Update, exp.Delete)):
        return _dml(node, statement)
    if isinstance(node, exp.Drop) and (node.args.get("kind") or "").upper() == "TABLE":
        names = ", ".join(_table(t) for t in node.args.get("tables") or [])
        exists = bool(node.args.get("exists"))
        return [
            Action(
                f"drops table {names}",
                destructive=f"DROP TABLE {names} deletes the table and its rows",
                rerun=None if exists else f"DROP TABLE {names} without IF EXISTS",
                statement=statement,
            )
        ]
    return read_command(words, statement)


def analyze_statements(statements: list[Statement] | tuple[Statement, ...]) -> list[Action]:
    """`analyze` over a script; a CREATE POLICY / TRIGGER / ADD CONSTRAINT preceded by the
    matching DROP ... IF EXISTS counts as re-runnable."""
    actions: list[Action] = []
    dropped: set[tuple[str, ...]] = set()
    for statement in statements:
        for action in analyze(statement):
            if action.text.startswith("drops ") and action.key and action.rerun is None:
                dropped.add(action.key)
            elif action.key and action.key in dropped and action.rerun:
                action = Action(
                    action.text,
                    action.category,
                    action.destructive,
                    None,
                    action.key,
                    action.statement,
                )
            actions.append(action)
    return actions
