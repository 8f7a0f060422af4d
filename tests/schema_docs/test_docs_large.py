"""5,000 tables: the whole-schema diagram is split into diagrams Mermaid can render, with an index."""

from __future__ import annotations

from pathlib import Path

from .helpers import all_diagrams, links
from .test_docs_relations import fk_count

N = 5000
# Like the benchmark's schema: tables in two schemas (every 5th in `ops`), each referencing
# the previous one, every 25th the hub; plus a few with two foreign keys and self references.
PROLOGUE = "CREATE SCHEMA ops; CREATE TABLE public.hub (id int PRIMARY KEY);"
CHUNK_SQL = """
DO $$
DECLARE
    i int;
    target text;
BEGIN
    FOR i IN %(first)s..%(last)s LOOP
        IF i = 1 OR i %% 25 = 0 THEN
            target := 'public.hub';
        ELSE
            target := format('%%I.%%I', CASE WHEN (i - 1) %% 5 = 0 THEN 'ops' ELSE 'public' END,
                             'item_' || lpad((i - 1)::text, 5, '0'));
        END IF;
        EXECUTE format(
            'CREATE TABLE %%I.%%I (id int PRIMARY KEY, parent_id int REFERENCES %%s(id)%%s)',
            CASE WHEN i %% 5 = 0 THEN 'ops' ELSE 'public' END,
            'item_' || lpad(i::text, 5, '0'),
            target,
            CASE WHEN i %% 100 = 0 THEN ', hub_id int REFERENCES public.hub(id), '
                 || 'self_id int REFERENCES ' || CASE WHEN i %% 5 = 0 THEN 'ops' ELSE 'public' END
                 || '.item_' || lpad(i::text, 5, '0') || '(id)' ELSE '' END);
    END LOOP;
END $$;
"""


def test_five_thousand_tables_split_into_renderable_diagrams(
    cli, conn, db_dsn, tmp_path: Path
) -> None:
    conn.execute(PROLOGUE)
    for first in range(1, N + 1, 1000):  # one transaction per 1,000 tables (lock table size)
        conn.execute(CHUNK_SQL % {"first": first, "last": first + 999})
    result = cli("docs", "--dsn", db_dsn, "-o", tmp_path)
    assert result.code == 0, result.err
    diagrams = all_diagrams(tmp_path)  # each one passes the checker: size and edge limits too
    readme = (tmp_path / "README.md").read_text("utf-8")
    assert "## ER diagrams" in readme and not diagrams["README.md"]
    index = [target for target in links(readme) if target.startswith("diagrams/")]
    split = {rel: ds[0] for rel, ds in diagrams.items() if rel.startswith("diagrams/")}
    assert all(len(diagrams[rel]) == 1 for rel in split)
    assert sorted(index) == sorted(split) and len(split) >= N // 100
    drawn: list[str] = []
    relationships = 0
    for rel, diagram in split.items():
        assert len(diagram.entities) <= 100, rel
        page = (tmp_path / rel).read_text("utf-8")
        tables = [t for t in links(page) if t != "../README.md"]
        drawn += tables
        assert all(diagram.entities[t[3:-3]] for t in tables if t != "../public.hub.md")
        relationships += len(diagram.relationships)
    # every table drawn with its columns in exactly one diagram, every FK in exactly one
    assert len(drawn) == len(set(drawn)) == N + 1
    assert relationships == fk_count(db_dsn, ["public", "ops"]) == N + 2 * (N // 100)
    assert len(diagrams) == N + 1 + 1 + len(split)
