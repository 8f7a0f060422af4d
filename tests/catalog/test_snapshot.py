"""`workbench snapshot` and loading snapshots back (workbench.catalog.snapshot)."""

from __future__ import annotations

import json
import socket

import pytest

from workbench.catalog import snapshot
from workbench.catalog.introspect import introspect
from workbench.catalog.snapshot import SnapshotError
from workbench.db import connect


def test_snapshot_file_round_trips_every_kind(cli, shared_mixed_dsn, tmp_path):
    mixed_dsn = shared_mixed_dsn
    out = tmp_path / "catalog.json"
    result = cli("snapshot", "--dsn", mixed_dsn, "-o", out)
    assert result.code == 0, result.err
    assert f"wrote {out}" in result.out and "tables" in result.out
    loaded = snapshot.load(out)
    with connect(mixed_dsn) as conn:
        live = introspect(conn)
    assert loaded == live
    # every kind is really in there (the comparison is not vacuous)
    for field in (
        "schemas",
        "tables",
        "views",
        "functions",
        "enums",
        "domains",
        "sequences",
        "extensions",
        "composite_types",
        "range_types",
        "collations",
        "event_triggers",
        "publications",
        "default_privileges",
        "roles",
    ):
        assert getattr(loaded, field), field
    assert loaded.tables["app.members"].policies == live.tables["app.members"].policies


def test_snapshot_to_stdout_is_the_catalog_json(cli, shared_mixed_dsn):
    mixed_dsn = shared_mixed_dsn
    result = cli("snapshot", "--dsn", mixed_dsn)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["format"] == "workbench-catalog"
    with connect(mixed_dsn) as conn:
        assert snapshot.from_dict(data) == introspect(conn)


def test_snapshot_json_flag_with_output_reports_counts(cli, shared_mixed_dsn, tmp_path):
    mixed_dsn = shared_mixed_dsn
    out = tmp_path / "c.json"
    result = cli("snapshot", "--dsn", mixed_dsn, "-o", out, "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["file"] == str(out) and report["tables"] >= 8
    assert snapshot.load(out).tables


def test_snapshot_schema_filter(cli, shared_mixed_dsn):
    mixed_dsn = shared_mixed_dsn
    result = cli("snapshot", "--dsn", mixed_dsn, "--schema", "auth", "--schema", "public")
    assert result.code == 0, result.err
    catalog = snapshot.loads(result.out)
    assert set(catalog.schemas) == {"auth", "public"}
    assert "auth.users" in catalog.tables
    assert {t.schema for t in catalog.tables.values()} == {"auth"}  # public has none


def test_snapshot_uses_config_schemas(cli, shared_mixed_dsn, tmp_path):
    mixed_dsn = shared_mixed_dsn
    (tmp_path / "workbench.toml").write_text('schemas = ["app"]\n', "utf-8")
    result = cli("snapshot", "--project", tmp_path, "--dsn", mixed_dsn)
    assert result.code == 0, result.err
    assert set(snapshot.loads(result.out).schemas) == {"app"}


def test_snapshot_connection_is_read_only(cli, shared_mixed_dsn, monkeypatch):
    mixed_dsn = shared_mixed_dsn
    seen = []
    import workbench.cli.snapshot_cmd as cmd

    real = cmd.connect

    def spy(dsn, **kwargs):
        seen.append(kwargs)
        return real(dsn, **kwargs)

    monkeypatch.setattr(cmd, "connect", spy)
    assert cli("snapshot", "--dsn", mixed_dsn).code == 0
    assert seen == [{"read_only": True}]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "dsn, message",
    [
        ("postgresql://u:secret@/db?bogus_option=1", "malformed database URL"),
        ("not a dsn at all", "malformed database URL"),
        ("", "empty database URL"),
    ],
)
def test_snapshot_malformed_dsn(cli, dsn, message):
    result = cli("snapshot", "--dsn", dsn)
    assert result.code == 2
    assert result.err.startswith("error: ") and message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "secret" not in result.err and "Traceback" not in result.err
    assert result.out == ""


def test_snapshot_unreachable_server(cli, tmp_path):
    out = tmp_path / "never.json"
    dsn = f"postgresql://u:secret@127.0.0.1:{_free_port()}/db?connect_timeout=3"
    result = cli("snapshot", "--dsn", dsn, "-o", out)
    assert result.code == 2
    assert result.err.startswith("error: cannot connect")
    assert len(result.err.strip().splitlines()) == 1
    assert "secret" not in result.err
    assert not out.exists()


def test_snapshot_output_errors(cli, shared_mixed_dsn, tmp_path):
    mixed_dsn = shared_mixed_dsn
    result = cli("snapshot", "--dsn", mixed_dsn, "-o", tmp_path)
    assert result.code == 2 and "is a directory" in result.err
    missing = tmp_path / "no" / "such" / "dir.json"
    result = cli("snapshot", "--dsn", mixed_dsn, "-o", missing)
    assert result.code == 2 and result.err.startswith(f"error: cannot write {missing}")
    assert len(result.err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


# --- malformed snapshot files ------------------------------------------------------


@pytest.fixture
def good_snapshot(mixed_catalog) -> dict:
    return snapshot.to_dict(mixed_catalog)


def _load_text(tmp_path, content: bytes | str):
    path = tmp_path / "snap.json"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(format="something-else"), "not a workbench catalog"),
        (lambda d: d.pop("format"), "not a workbench catalog"),
        (lambda d: d.update(version=99), "unsupported version 99"),
        (lambda d: d.update(tables=[]), "snapshot.tables: expected an object"),
        (
            lambda d: d["tables"]["app.members"].update(rls_enabled="yes"),
            "snapshot.tables.app.members.rls_enabled: expected bool, got str",
        ),
        (
            lambda d: d["tables"]["app.members"]["columns"][0].update(position="1"),
            "columns[0].position: expected int, got str",
        ),
        (
            lambda d: d["tables"]["app.members"]["columns"][0].update(colour="red"),
            "unknown field 'colour'",
        ),
        (lambda d: d.update(extra_kind={}), "snapshot: unknown field 'extra_kind'"),
        (
            lambda d: d["tables"]["app.members"].pop("name"),
            "snapshot.tables.app.members:",
        ),
        (
            lambda d: d["tables"]["app.members"].update(grants="all"),
            "grants: expected a list",
        ),
        (
            lambda d: d["tables"]["app.members"].update(name="other"),
            "snapshot.tables: the object under 'app.members' is 'app.other'",
        ),
        (
            lambda d: d["tables"]["app.members"]["columns"].append(None),
            "columns[6]: expected an object",
        ),
    ],
)
def test_malformed_snapshot_gives_clear_error(tmp_path, good_snapshot, mutate, message):
    mutate(good_snapshot)
    path = _load_text(tmp_path, json.dumps(good_snapshot))
    with pytest.raises(SnapshotError) as info:
        snapshot.load(path)
    text = str(info.value)
    assert message in text and text.startswith(str(path))
    assert "\n" not in text


def test_snapshot_not_json_or_not_utf8(tmp_path):
    with pytest.raises(SnapshotError, match=r"invalid JSON at line 1, column 1"):
        snapshot.load(_load_text(tmp_path, "tables: nope"))
    with pytest.raises(SnapshotError, match="not valid UTF-8"):
        snapshot.load(_load_text(tmp_path, b'{"format": "\xff\xfe"}'))
    with pytest.raises(SnapshotError, match="expected a JSON object"):
        snapshot.load(_load_text(tmp_path, "[1, 2]"))
    with pytest.raises(SnapshotError, match="nested too deeply"):
        snapshot.load(_load_text(tmp_path, "[" * 100_000 + "]" * 100_000))
    with pytest.raises(SnapshotError, match="cannot read"):
        snapshot.load(tmp_path / "missing.json")


def test_snapshot_is_a_diff_source_end_to_end(cli, shared_mixed_dsn, tmp_path):
    """A snapshot compared with the database it came from shows no drift."""
    out = tmp_path / "snap.json"
    assert cli("snapshot", "--dsn", shared_mixed_dsn, "-o", out).code == 0
    result = cli(
        "diff", "--dsn", shared_mixed_dsn, "--from", f"snapshot:{out}", "--to", "db", "--exit-code"
    )
    assert result.code == 0, result.out + result.err


def test_malformed_snapshot_through_the_cli(cli, shared_mixed_dsn, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"format": "workbench-catalog", "version": 1, "tables": {"a.b": 3}}')
    result = cli("diff", "--dsn", shared_mixed_dsn, "--from", f"snapshot:{bad}", "--to", "db")
    assert result.code == 2
    assert (
        result.err.startswith("error: ") and "snapshot.tables.a.b: expected an object" in result.err
    )
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
