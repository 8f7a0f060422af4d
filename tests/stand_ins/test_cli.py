"""Stand-ins through the CLI: the missing-extension error, `stand_ins` config, reporting."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from workbench.db import connect
from workbench.embedded import EmbeddedServer


@pytest.fixture
def project():
    """A Supabase CLI layout project with its own embedded server (stopped after).

    Not under pytest's tmp_path: a concurrent pytest session resets its folder's
    permissions, which the server's own user needs.
    """
    root = Path(tempfile.mkdtemp(prefix="workbench-stand-ins-"))
    (root / "supabase" / "migrations").mkdir(parents=True)
    yield root
    EmbeddedServer(root / ".workbench").stop()
    shutil.rmtree(root, ignore_errors=True)


def write(root: Path, name: str, text: str) -> None:
    (root / "supabase" / "migrations" / name).write_text(text)


def test_unknown_extension_is_one_line_with_the_ways_out(cli, project: Path):
    write(project, "20250101000000_base.sql", 'create extension if not exists "uuid-ossp";\n')
    write(
        project,
        "20250102000000_foo.sql",
        "create table before_foo (id int);\ncreate extension if not exists foo with schema public;\n",
    )
    result = cli("--project", project, "up", "--yes")
    assert result.code == 2
    lines = [ln for ln in result.err.splitlines() if ln.strip()]
    error = [ln for ln in lines if ln.startswith("error:")]
    assert len(error) == 1, result.err
    assert "20250102000000_foo.sql:2:32" in error[0]
    assert 'extension "foo"' in error[0]
    assert "postgres_bin" in error[0] and 'stand_ins = ["foo"]' in error[0]
    # the failed migration left nothing behind, and is not recorded
    status = json.loads(cli("--project", project, "status", "--json").out)
    states = {m["version"]: m["state"] for m in status["migrations"]}
    assert states == {
        "20250101000000": "applied",
        "20250102000000": "failed",
    }  # logged, not applied
    assert "uuid-ossp" in status["stand_ins"] and "foo" not in status["stand_ins"]
    dsn = json.loads(cli("--project", project, "db", "url", "--json").out)["dsn"]
    with connect(dsn) as conn:
        assert conn.execute("SELECT to_regclass('public.before_foo')").fetchone()[0] is None

    # the second way out: an empty stand-in asked for in the config
    (project / "workbench.toml").write_text('stand_ins = ["foo"]\n')
    result = cli("--project", project, "up", "--yes")
    assert result.code == 0, result.err
    status = json.loads(cli("--project", project, "status", "--json").out)
    used = status["stand_ins"]
    assert "foo" in used and "uuid-ossp" in used and used == sorted(used)
    text = cli("--project", project, "status")
    assert f"Stand-ins: {', '.join(used)}" in text.out
    url = cli("--project", project, "db", "url")
    assert url.out.strip() == dsn and f"stand-ins: {', '.join(used)}" in url.err
    assert json.loads(cli("--project", project, "db", "url", "--json").out)["stand_ins"] == used


def test_postgis_says_use_postgres_bin(cli, project: Path):
    write(
        project,
        "20250101000000_gis.sql",
        "-- maps\nCREATE EXTENSION postgis WITH SCHEMA extensions;\n",
    )
    result = cli("--project", project, "up", "--yes")
    assert result.code == 2
    assert "20250101000000_gis.sql:2:18" in result.err
    assert "PostGIS" in result.err and "postgres_bin" in result.err
    assert "stand_ins" not in result.err


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"foo"', "'stand_ins' must be a list of extension names"),
        ("[1]", "'stand_ins' must be a list of extension names"),
        ('["foo bar"]', "'foo bar' is not an extension name"),
        ('["../x"]', "'../x' is not an extension name"),
        ('["Foo"]', "'Foo' is not an extension name"),
        ('["a--b"]', "'a--b' is not an extension name"),
        ('[""]', "'' is not an extension name"),
        ('["postgis"]', "'postgis' cannot be stood in"),
    ],
)
def test_malformed_stand_ins_config(cli, project: Path, value: str, message: str):
    (project / "workbench.toml").write_text(f"stand_ins = {value}\n")
    result = cli("--project", project, "status")
    assert result.code == 2
    assert result.err.startswith("error:") and message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (project / ".workbench").exists()  # nothing started, nothing written


def test_advice_for_a_stood_in_extension_missing_on_another_server():
    from workbench.stand_ins import missing_extension_advice

    text = missing_extension_advice("pgcrypto")
    assert 'extension "pgcrypto"' in text and "embedded and shadow servers" in text
    assert "\n" not in text
    assert "postgres_bin" in missing_extension_advice("postgis_topology")


def test_in_use_survives_a_comment_on_the_extension(empty_db_dsn: str):
    from workbench.db import connect
    from workbench.stand_ins import in_use

    with connect(empty_db_dsn, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION pg_graphql")
        conn.execute("CREATE EXTENSION citext")
        conn.execute("COMMENT ON EXTENSION pg_graphql IS 'pg_graphql: GraphQL support'")
        assert in_use(conn) == ["pg_graphql"]
