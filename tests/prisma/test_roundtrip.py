"""A schema using every modelled Prisma feature equals the database Prisma Migrate would build.

`fixtures/full.sql` is what `prisma migrate diff --from-empty` prints for
`fixtures/full.prisma`; the catalog `to_catalog` computes must compare equal
to the introspection of a database built from that SQL.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from workbench.catalog.introspect import introspect
from workbench.db import connect
from workbench.prisma.parser import load_schema, parse_text
from workbench.prisma.semantics import resolve
from workbench.prisma.to_catalog import to_catalog

from .helpers import load_prisma_catalog

FIXTURES = Path(__file__).parent / "fixtures"


def _bare_table(table):
    """What Prisma models of a table: no owner, grants, comments or statistics."""
    return dataclasses.replace(table, owner=None, grants=(), estimated_rows=None, size_bytes=None)


@pytest.fixture(scope="module")
def full_db(pg_server):
    name = pg_server.new_database(template=None, prefix="wb_prisma_full")
    dsn = pg_server.dsn(name)
    with connect(dsn, autocommit=True) as conn:
        conn.execute((FIXTURES / "full.sql").read_text())
        catalog = introspect(conn)
    yield catalog
    pg_server.drop(name)


@pytest.fixture(scope="module")
def full_prisma():
    return load_prisma_catalog(FIXTURES / "full.prisma")


def test_tables_columns_keys_and_indexes_match(full_db, full_prisma):
    assert sorted(full_prisma.tables) == sorted(full_db.tables)
    for key, expected in full_prisma.tables.items():
        actual = _bare_table(full_db.tables[key])
        assert expected.columns == actual.columns, key
        assert expected.constraints == actual.constraints, key
        assert expected.indexes == actual.indexes, key
        assert expected == actual, key


def test_enums_sequences_schemas_and_extensions_match(full_db, full_prisma):
    assert full_prisma.enums == {
        k: dataclasses.replace(e, owner=None) for k, e in full_db.enums.items()
    }
    assert full_prisma.sequences == {
        k: dataclasses.replace(s, owner=None) for k, s in full_db.sequences.items()
    }
    assert set(full_prisma.schemas) == set(full_db.schemas)
    assert set(full_prisma.extensions) == set(full_db.extensions) - {"plpgsql"}


def test_view_blocks_give_view_columns(full_db, full_prisma):
    expected = [(c.name, c.type) for c in full_prisma.views["public.UserStats"].columns]
    actual = [(c.name, c.type) for c in full_db.views["public.UserStats"].columns]
    assert expected == actual == [("userId", "integer"), ("posts", "bigint")]


def test_prisma_naming_conventions(full_prisma):
    users = full_prisma.tables["public.users"]
    assert {i.name for i in users.indexes} == {
        "users_pkey",
        "users_email_key",
        "users_short_id_uq",
        "users_name_created_at_idx",
        "users_email_idx",
        "users_created_at_idx",
    }
    long = full_prisma.tables["public.AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverAndEver"]
    assert (
        long.primary_key.name == "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverAndEve_pkey"
    )
    assert all(len(i.name.encode()) <= 63 for i in long.indexes)
    join = full_prisma.tables["public._CategoryToPost"]
    assert [(c.name, c.type) for c in join.columns] == [("A", "integer"), ("B", "bigint")]
    assert join.primary_key.name == "_CategoryToPost_AB_pkey"
    assert {fk.name: fk.on_delete for fk in join.foreign_keys} == {
        "_CategoryToPost_A_fkey": "CASCADE",
        "_CategoryToPost_B_fkey": "CASCADE",
    }


def test_default_referential_actions(full_prisma):
    post = full_prisma.tables["public.Post"]
    fks = {fk.name: (fk.on_delete, fk.on_update) for fk in post.foreign_keys}
    assert fks["Post_authorId_fkey"] == ("SET NULL", "CASCADE")  # optional relation
    assert fks["post_editor_fk"] == ("NO ACTION", "NO ACTION")  # explicit
    membership = full_prisma.tables["billing.Membership"]
    assert {fk.name: fk.on_delete for fk in membership.foreign_keys}[
        "Membership_userId_fkey"
    ] == "RESTRICT"  # required relation


def test_schema_folder_gives_the_same_catalog(tmp_path, full_prisma):
    text = (FIXTURES / "full.prisma").read_text()
    cut = text.index("model Post {")
    folder = tmp_path / "schema"
    (folder / "models").mkdir(parents=True)
    (folder / "main.prisma").write_text(text[:cut])
    (folder / "models" / "more.prisma").write_text(text[cut:])
    assert load_prisma_catalog(folder) == full_prisma


def test_relation_mode_prisma_creates_no_foreign_keys():
    text = (FIXTURES / "full.prisma").read_text().replace('"foreignKeys"', '"prisma"')
    catalog = to_catalog(resolve(parse_text(text, "full.prisma")))
    assert all(not t.foreign_keys for t in catalog.tables.values())
    assert catalog.tables["public.Post"].primary_key is not None


def test_demo_schema_parses(tmp_path):
    demo = Path(__file__).resolve().parents[2] / "prisma" / "schema.prisma"
    if not demo.exists():
        pytest.skip("the demo's prisma/schema.prisma is not there yet")
    copy = tmp_path / "schema.prisma"
    shutil.copy(demo, copy)
    catalog = load_prisma_catalog(copy)
    assert "public.users" in catalog.tables
    assert load_schema(copy).datasources[0].get("provider") is not None
