"""The snapshot codec (msgspec): output shape, round trips, and broken files."""

from __future__ import annotations

import dataclasses
import gc
import io
import json

import pytest

from workbench.catalog import snapshot
from workbench.catalog.model import Catalog
from workbench.catalog.snapshot import SnapshotError


def _stdlib_text(catalog: Catalog) -> bytes:
    """What the snapshot looked like when it was written with json.dumps(indent=2)."""
    body = json.loads(snapshot.encode(catalog, indent=None))
    return json.dumps(body, indent=2, ensure_ascii=False).encode("utf-8")


def test_indented_output_is_byte_identical_to_the_old_format(mixed_catalog):
    assert snapshot.encode(mixed_catalog, indent=2) == _stdlib_text(mixed_catalog)


def test_long_lists_written_in_chunks_are_byte_identical(mixed_catalog, monkeypatch):
    assert len(mixed_catalog.dependencies) > 7
    whole = _stdlib_text(mixed_catalog)
    compact = json.dumps(json.loads(whole), separators=(",", ":"), ensure_ascii=False).encode()
    monkeypatch.setattr(snapshot, "_CHUNK", 3)  # several chunks, the last one short
    assert snapshot.encode(mixed_catalog, indent=2) == whole
    assert snapshot.encode(mixed_catalog, indent=None) == compact


def test_compact_and_indented_hold_the_same_data(mixed_catalog):
    compact = snapshot.encode(mixed_catalog, indent=None)
    assert b"\n" not in compact
    data = json.loads(compact)
    assert list(data)[:2] == ["format", "version"]
    assert data == json.loads(snapshot.encode(mixed_catalog, indent=2))
    assert snapshot.loads(compact) == mixed_catalog


def test_empty_catalog_round_trips():
    empty = Catalog()
    for indent in (None, 2):
        assert snapshot.loads(snapshot.encode(empty, indent=indent)) == empty
    assert snapshot.encode(Catalog(), indent=2) == _stdlib_text(Catalog())


def test_unicode_and_hostile_text_round_trip(mixed_catalog):
    table = next(iter(mixed_catalog.tables.values()))
    odd = 'naïve "quoted" \\ back\nslash\ttab \u2028 ☃ \x01'
    changed = Catalog(
        **{
            **{f: getattr(mixed_catalog, f) for f in mixed_catalog.__dataclass_fields__},
            "tables": {table.key: dataclasses.replace(table, comment=odd)},
        }
    )
    for indent in (None, 2):
        text = snapshot.encode(changed, indent=indent)
        assert snapshot.loads(text).tables[table.key].comment == odd
        assert "☃".encode() in text  # UTF-8, not \\u escapes


def test_write_streams_to_a_binary_file(mixed_catalog, tmp_path):
    path = tmp_path / "s.json"
    snapshot.save(mixed_catalog, path)
    assert path.read_bytes() == snapshot.encode(mixed_catalog, indent=2) + b"\n"
    assert snapshot.load(path) == mixed_catalog
    out = io.BytesIO()
    snapshot.write(mixed_catalog, out, indent=None)
    assert snapshot.loads(out.getvalue()) == mixed_catalog


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "invalid JSON at line 1, column 1"),
        (b"\xef\xbb\xbf{}", "invalid JSON"),  # a byte-order mark is not JSON
        (b"null", "expected a JSON object"),
        (b'"a string"', "expected a JSON object"),
        (b"{}", "not a workbench catalog (format None)"),
        (b'{"format": "workbench-catalog"}', "unsupported version None"),
        (b'{"format": "workbench-catalog", "version": "1"}', "unsupported version '1'"),
        (b'{"format": "workbench-catalog", "version": 2}', "unsupported version 2"),
        (b'{"format": "workbench-catalog", "version": 1, "roles": 5}', "snapshot.roles: expected"),
        (
            b'{"format": "workbench-catalog", "version": 1, "tables": {"a.b": {"schema": "a"}}}',
            "snapshot.tables.a.b:",
        ),
        (b'{"format": "workbench-catalog", "version": 1, "tables": {', "invalid JSON at line 1"),
        (b'{"format": "workbench-catalog", "version": 1}}', "invalid JSON at line 1"),
        (
            b'{"format": "workbench-catalog", "version": 1, "server_version": NaN}',
            "server_version: expected str",
        ),
    ],
)
def test_broken_snapshot_files(tmp_path, content, message):
    path = tmp_path / "snap.json"
    path.write_bytes(content)
    with pytest.raises(SnapshotError) as info:
        snapshot.load(path)
    text = str(info.value)
    assert text.startswith(f"{path}: ") and message in text, text
    assert "\n" not in text


def test_truncated_snapshot_names_where_it_stops(tmp_path, mixed_catalog):
    text = snapshot.encode(mixed_catalog, indent=2)
    path = tmp_path / "cut.json"
    path.write_bytes(text[: len(text) // 2])
    with pytest.raises(SnapshotError, match=r"invalid JSON at line \d+, column \d+"):
        snapshot.load(path)


def test_truncated_snapshot_through_the_cli(cli, tmp_path, shared_mixed_dsn, mixed_catalog):
    path = tmp_path / "cut.json"
    path.write_bytes(snapshot.encode(mixed_catalog)[:-100])
    result = cli("diff", "--dsn", shared_mixed_dsn, "--from", f"snapshot:{path}", "--to", "db")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(f"error: {path}: invalid JSON at line 1")
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err


def test_a_loaded_catalog_is_kept_out_of_the_collectors_way(mixed_catalog):
    gc.unfreeze()
    loaded = snapshot.loads(snapshot.encode(mixed_catalog))
    try:
        assert gc.get_freeze_count() > 0
        assert loaded == mixed_catalog
    finally:
        gc.unfreeze()


def test_field_order_names_every_catalog_field_once():
    names = [f.name for f in dataclasses.fields(Catalog)]
    assert sorted(snapshot.FIELD_ORDER) == sorted(names)


def test_fields_given_in_any_order_give_the_same_bytes(mixed_catalog):
    """`introspect(..., ready=)` hands the writer each part as it is built: parts given
    early wait for their turn; the file is the one `write` makes."""
    whole = snapshot.encode(mixed_catalog, indent=2)
    out = io.BytesIO()
    writer = snapshot.FieldWriter(out, indent=2)
    for name in reversed(snapshot.FIELD_ORDER):
        writer.add(name, getattr(mixed_catalog, name))
    writer.close()
    assert out.getvalue() == whole


@pytest.mark.parametrize("fields", [("tables", "tables"), ("nonsense",)])
def test_field_writer_refuses_unknown_or_repeated_fields(fields):
    writer = snapshot.FieldWriter(io.BytesIO())
    with pytest.raises(ValueError, match="unknown or given twice"):
        for name in fields:
            writer.add(name, {})


def test_field_writer_refuses_to_close_an_incomplete_catalog(mixed_catalog):
    writer = snapshot.FieldWriter(io.BytesIO())
    writer.add("schemas", mixed_catalog.schemas)
    with pytest.raises(ValueError, match="'functions' was not given"):
        writer.close()
