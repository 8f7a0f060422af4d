"""Two snapshots read together (`snapshot.load_pair`, `diff --from snapshot: --to snapshot:`):
the same catalogs as reading each file alone, with what they have in common shared."""

from __future__ import annotations

import dataclasses
import gc

import pytest

from workbench.catalog import snapshot
from workbench.catalog.snapshot import SnapshotError
from workbench.diff.differ import diff
from workbench.diff.sql import to_sql


@pytest.fixture(autouse=True)
def _unfrozen():
    yield
    gc.unfreeze()  # load_pair freezes what it read (as load does)


def _identity_sequence(catalog):
    return next(s for s in catalog.sequences.values() if s.identity)


def _with(catalog, **fields):
    return dataclasses.replace(catalog, **fields)


def _write(path, catalog, indent=2):
    snapshot.save(catalog, path, indent=indent)
    return path


def test_same_catalogs_as_loading_each_file(tmp_path, mixed_catalog):
    seq = _identity_sequence(mixed_catalog)
    table = next(iter(mixed_catalog.tables.values()))
    changed = _with(
        mixed_catalog,
        tables={**mixed_catalog.tables, table.key: dataclasses.replace(table, comment="new")},
        sequences={**mixed_catalog.sequences, seq.key: dataclasses.replace(seq, increment=7)},
        dependencies=mixed_catalog.dependencies[1:],
    )
    path_a = _write(tmp_path / "a.json", mixed_catalog)
    path_b = _write(tmp_path / "b.json", changed)
    a, b = snapshot.load_pair(path_a, path_b)
    assert a == snapshot.load(path_a) and b == snapshot.load(path_b)
    assert a.dependencies == mixed_catalog.dependencies
    assert b.dependencies == changed.dependencies
    assert b.tables[table.key].comment == "new" and b.tables[table.key] is not a.tables[table.key]
    assert b.sequences[seq.key].increment == 7
    # everything else is the first file's own objects, edges included
    for key, obj in b.tables.items():
        assert (obj is a.tables[key]) == (key != table.key)
    assert b.sequences[seq.key] is not a.sequences[seq.key]
    assert all(b.views[k] is a.views[k] for k in b.views)
    assert all(x is y for x, y in zip(b.dependencies, a.dependencies[1:], strict=True))


def test_shared_objects_diff_like_loaded_ones(tmp_path, mixed_catalog):
    """An equal table whose identity sequence changed (the table object shared) still
    reports the identity options, with the same SQL as catalogs loaded one by one."""
    seq = _identity_sequence(mixed_catalog)
    changed = _with(
        mixed_catalog,
        sequences={**mixed_catalog.sequences, seq.key: dataclasses.replace(seq, increment=7)},
    )
    path_a = _write(tmp_path / "a.json", mixed_catalog)
    path_b = _write(tmp_path / "b.json", changed)
    a, b = snapshot.load_pair(path_a, path_b)
    table_key = seq.owned_by.rsplit(".", 1)[0]
    assert a.tables[table_key] is b.tables[table_key]
    changes = diff(a, b)
    assert [c.fields for c in changes] == [("identity_options",)]
    alone_a, alone_b = snapshot.load(path_a), snapshot.load(path_b)
    assert to_sql(changes, a, b).text() == to_sql(diff(alone_a, alone_b), alone_a, alone_b).text()
    assert "INCREMENT BY 7" in to_sql(changes, a, b).text()
    assert diff(a, a) == [] and diff(*snapshot.load_pair(path_a, path_a)) == []


def test_files_written_differently_are_read_alike(tmp_path, mixed_catalog):
    """Nothing in common textually (compact against indented): nothing shared, same result."""
    path_a = _write(tmp_path / "a.json", mixed_catalog, indent=None)
    path_b = _write(tmp_path / "b.json", mixed_catalog, indent=2)
    a, b = snapshot.load_pair(path_a, path_b)
    assert a == b == mixed_catalog
    assert a.dependencies == b.dependencies == mixed_catalog.dependencies
    assert not any(b.tables[k] is a.tables[k] for k in a.tables)


@pytest.mark.parametrize("broken", ["a", "b"])
def test_a_broken_file_gives_loads_error(tmp_path, mixed_catalog, broken):
    paths = {n: _write(tmp_path / f"{n}.json", mixed_catalog) for n in "ab"}
    text = snapshot.encode(mixed_catalog, indent=2)
    paths[broken].write_bytes(text.replace(b'"tables"', b'"tablez"', 1))
    with pytest.raises(SnapshotError) as alone:
        snapshot.load(paths[broken])
    with pytest.raises(SnapshotError) as paired:
        snapshot.load_pair(paths["a"], paths["b"])
    assert str(paired.value) == str(alone.value)
    assert str(alone.value).startswith(f"{paths[broken]}: ")


def test_a_misplaced_object_gives_loads_error(tmp_path, mixed_catalog):
    table = next(iter(mixed_catalog.tables.values()))
    moved = _with(mixed_catalog, tables={**mixed_catalog.tables, "x.elsewhere": table})
    path_a = _write(tmp_path / "a.json", mixed_catalog)
    path_b = _write(tmp_path / "b.json", moved)
    with pytest.raises(SnapshotError, match="the object under 'x.elsewhere'"):
        snapshot.load_pair(path_a, path_b)


def test_two_snapshots_through_the_cli(cli, tmp_path, mixed_catalog):
    seq = _identity_sequence(mixed_catalog)
    changed = _with(
        mixed_catalog,
        sequences={**mixed_catalog.sequences, seq.key: dataclasses.replace(seq, increment=7)},
    )
    path_a = _write(tmp_path / "a.json", mixed_catalog)
    path_b = _write(tmp_path / "b.json", changed)
    sources = ("--from", f"snapshot:{path_a}", "--to", f"snapshot:{path_b}")
    result = cli("diff", *sources, "--format", "sql")
    assert result.code == 0, result.err
    assert "INCREMENT BY 7" in result.out
    assert gc.isenabled()  # the command paused the collector only while it ran
    missing = cli("diff", "--from", f"snapshot:{path_a}", "--to", f"snapshot:{tmp_path}/no.json")
    assert missing.code == 2 and "no.json: cannot read" in missing.err
