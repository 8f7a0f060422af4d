"""The floor: the raw catalog rows any introspector must read, and nothing more.

A handful of set-based queries, one per catalog concern, each calling the
server's deparse function once per object (`format_type`, `pg_get_expr`,
`pg_get_constraintdef`, `pg_get_indexdef`, `pg_get_functiondef`,
`pg_get_triggerdef`, `pg_get_viewdef`), fetched with psycopg as plain tuples:
no model, no per-row Python work. Like `workbench.catalog.introspect`, they run
in one `REPEATABLE READ READ ONLY` transaction with `search_path = pg_catalog`
(the deparsed text is the same, schema-qualified), over every non-system
schema.

`python benchmarks/floor.py DSN` prints the row counts per query.
"""

from __future__ import annotations

import sys

import psycopg

# Non-system schemas, as a subquery of namespace oids.
_USER_NSP = """(SELECT oid FROM pg_namespace
   WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema')"""

FLOOR_QUERIES: dict[str, str] = {
    # pg_class + pg_namespace: every relation, with its ACL and view definition.
    "relations": f"""
SELECT c.oid, n.nspname, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity,
       c.relowner, c.relacl, c.reloptions,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relnamespace IN {_USER_NSP} AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'c', 'S')""",
    # pg_attribute: columns with their types and defaults.
    "columns": f"""
SELECT a.attrelid, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod),
       a.attnotnull, a.attidentity, a.attgenerated, a.attcollation,
       pg_get_expr(ad.adbin, ad.adrelid)
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE c.relnamespace IN {_USER_NSP} AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'c')
  AND a.attnum > 0 AND NOT a.attisdropped""",
    # pg_constraint: table constraints, deparsed once each.
    "constraints": f"""
SELECT con.conrelid, con.conname, con.contype, con.conkey, con.confrelid, con.confkey,
       pg_get_constraintdef(con.oid)
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
WHERE c.relnamespace IN {_USER_NSP} AND con.contype <> 'n'""",
    # pg_index: every index, deparsed once.
    "indexes": f"""
SELECT i.indrelid, i.indexrelid, i.indisunique, i.indisprimary, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
WHERE c.relnamespace IN {_USER_NSP}""",
    # pg_policy: RLS policies with their expressions.
    "policies": f"""
SELECT p.polrelid, p.polname, p.polcmd, p.polpermissive, p.polroles,
       pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
WHERE c.relnamespace IN {_USER_NSP}""",
    # pg_proc: functions and procedures, their full definition.
    "functions": f"""
SELECT p.oid, p.pronamespace, p.proname, p.prokind, p.proacl,
       CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END
FROM pg_proc p
WHERE p.pronamespace IN {_USER_NSP}""",
    # pg_trigger: user triggers, deparsed.
    "triggers": f"""
SELECT t.tgrelid, t.tgname, t.tgenabled, pg_get_triggerdef(t.oid)
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE c.relnamespace IN {_USER_NSP} AND NOT t.tgisinternal""",
    # pg_type + pg_enum: enum labels in order.
    "enums": f"""
SELECT t.oid, t.typnamespace, t.typname, e.enumlabel, e.enumsortorder
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
WHERE t.typnamespace IN {_USER_NSP}""",
    # pg_description: every comment on a user object.
    "comments": """
SELECT d.objoid, d.classoid, d.objsubid, d.description
FROM pg_description d
WHERE d.objoid >= 16384""",
}


def read_floor(conn: psycopg.Connection) -> dict[str, list[tuple]]:
    """Run the floor queries in one read-only snapshot; the raw rows per query."""
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    cur.execute("SELECT set_config('search_path', 'pg_catalog', true)")
    rows: dict[str, list[tuple]] = {}
    for name, query in FLOOR_QUERIES.items():
        cur.execute(query, prepare=False)
        rows[name] = cur.fetchall()
    cur.execute("ROLLBACK")
    cur.close()
    return rows


def main(argv: list[str]) -> int:
    with psycopg.connect(argv[1]) as conn:
        rows = read_floor(conn)
    for name, got in rows.items():
        print(f"{name:12} {len(got):8d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
