"""Discovering and parsing migration files: names, sections, baseline, archive, bad files."""

from __future__ import annotations

import pytest

from workbench.config import load_config
from workbench.errors import SqlError, WorkbenchError
from workbench.migrations.files import checksum, load_project

BASELINE = "99999999999999_master_consolidated_schema.sql"


def test_discovers_sections_baseline_and_archive(make_project) -> None:
    root = make_project(
        {
            "0002_second.sql": "-- header comment\n-- migrate:up\nCREATE TABLE b (id int);\n"
            "-- migrate:down\nDROP TABLE b;\n",
            "1_first.sql": "CREATE TABLE a (id int);",
            "0003_index.sql": "-- workbench:no-transaction\nCREATE INDEX CONCURRENTLY i ON a (id);",
            "0003_index.down.sql": "DROP INDEX i;",
            "0004_dbmate.sql": "-- migrate:up transaction:false\nSELECT 1;\n-- migrate:down\n",
            BASELINE: "CREATE TABLE IF NOT EXISTS a (id int);",
            "README.md": "not a migration",
        },
        archive={
            "2025-11-05_telemetry.sql": "select 1;",
            "000000000800_upsert_functions.sql": "select 2;",
            "notes.sql": "select 3;",
        },
    )
    project = load_project(load_config(root))
    assert project.warnings == ()
    assert [m.id for m in project.migrations] == [
        "1_first",
        "0002_second",
        "0003_index",
        "0004_dbmate",
    ]
    assert project.baseline is not None and project.baseline.baseline
    assert project.ordered[0] is project.baseline
    first, second, index, dbmate = project.migrations
    assert first.down is None and first.transactional
    assert [s.sql for s in first.up.statements] == ["CREATE TABLE a (id int)"]
    assert second.up.first_line == 3 and second.up.statements[0].line == 3
    assert [s.sql for s in second.down.statements] == ["DROP TABLE b"]
    assert second.down.statements[0].line == 5
    assert second.checksum == checksum("CREATE TABLE b (id int);\n")
    assert not index.transactional
    assert index.down.file == "migrations/0003_index.down.sql"
    assert not dbmate.transactional and dbmate.down is not None and dbmate.down.empty
    assert project.get("2") is second and project.get(3) is index
    assert [(a.version, a.name) for a in project.archive] == [
        ("", "notes"),
        ("000000000800", "upsert_functions"),
        ("20251105", "telemetry"),
    ]


def test_checksum_ignores_line_endings_only(make_project) -> None:
    assert checksum("a;\r\nb;\n") == checksum("a;\nb;\n")
    assert checksum("a;\n") != checksum("a; \n")


def test_badly_named_files_are_warned_about_and_skipped(make_project) -> None:
    root = make_project(
        {
            "0001_ok.sql": "select 1;",
            "init.sql": "select 2;",
            "2025-01-01_dashes.sql": "select 3;",
            "0002.sql": "select 4;",
            "0009_orphan.down.sql": "select 5;",
        }
    )
    project = load_project(load_config(root))
    assert [m.id for m in project.migrations] == ["0001_ok"]
    text = "\n".join(project.warnings)
    for name in ("init.sql", "2025-01-01_dashes.sql", "0002.sql", "0009_orphan.down.sql"):
        assert name in text


def test_duplicate_versions_are_an_error(make_project) -> None:
    root = make_project({"0001_a.sql": "select 1;", "1_b.sql": "select 2;"})
    with pytest.raises(WorkbenchError, match=r"duplicate migration version 1.*0001_a.sql.*1_b.sql"):
        load_project(load_config(root))


def test_non_utf8_file_is_an_error_with_position(make_project) -> None:
    root = make_project({"0001_latin1.sql": "select 1;\nselect 'caf\xe9';".encode("latin-1")})
    with pytest.raises(SqlError) as info:
        load_project(load_config(root))
    assert str(info.value).startswith("migrations/0001_latin1.sql:2:12: not valid UTF-8")


def test_non_utf8_archive_file_is_only_a_warning(make_project) -> None:
    root = make_project({}, archive={"20240101000000_old.sql": b"select '\xff';"})
    project = load_project(load_config(root))
    assert project.archive[0].name == "old"
    assert "not valid UTF-8" in project.warnings[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("-- migrate:up\nselect $$ oops;\n", "migrations/0001_bad.sql:2:8: unterminated dollar"),
        (
            "-- migrate:up\nselect 1;\n-- migrate:down\nselect 'x;\n",
            "0001_bad.sql:4:8: unterminated",
        ),
        (
            "select 1;\n-- migrate:up\nselect 2;\n",
            "0001_bad.sql:1:1: SQL before the '-- migrate:up'",
        ),
        ("-- migrate:up\n-- migrate:up\n", "0001_bad.sql:2:1: a second '-- migrate:up'"),
        ("-- migrate:down\nx;\n-- migrate:up\ny;\n", "0001_bad.sql:3: '-- migrate:up' comes after"),
    ],
)
def test_unparsable_files_name_file_line_col(make_project, content: str, message: str) -> None:
    root = make_project({"0001_bad.sql": content})
    with pytest.raises(SqlError) as info:
        load_project(load_config(root))
    assert message in str(info.value)


def test_down_in_both_places_is_an_error(make_project) -> None:
    root = make_project(
        {"0001_a.sql": "select 1;\n-- migrate:down\nselect 2;", "0001_a.down.sql": "select 3;"}
    )
    with pytest.raises(WorkbenchError, match="both a '-- migrate:down' section and a sibling"):
        load_project(load_config(root))


def test_only_a_down_marker_makes_the_head_the_up_section(make_project) -> None:
    root = make_project({"0001_a.sql": "create table t ();\n-- migrate:down\ndrop table t;\n"})
    migration = load_project(load_config(root)).migrations[0]
    assert [s.sql for s in migration.up.statements] == ["create table t ()"]
    assert [s.sql for s in migration.down.statements] == ["drop table t"]


def test_baseline_from_config_and_bad_baseline_name(make_project) -> None:
    root = make_project(
        {"0001_a.sql": "select 1;", "0000_base.sql": "select 0;"},
        config='baseline = "0000_base.sql"\n',
    )
    project = load_project(load_config(root))
    assert project.baseline.id == "0000_base"
    assert [m.id for m in project.migrations] == ["0001_a"]
    root = make_project({"base.sql": "select 0;"}, config='baseline = "base.sql"\n')
    with pytest.raises(WorkbenchError, match="baseline migrations/base.sql must be named"):
        load_project(load_config(root))


def test_missing_migrations_folder_is_an_empty_project(tmp_path) -> None:
    project = load_project(load_config(tmp_path))
    assert project.migrations == () and project.baseline is None and project.archive == ()
