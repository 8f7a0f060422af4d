"""Shadow replay: cached as a template, errors at file:line:col, shadows always dropped."""

from __future__ import annotations

import dataclasses
import shutil
import time
import uuid
from pathlib import Path

import pytest

from workbench.compare import shadow
from workbench.config import load_config
from workbench.db import connect, create_database
from workbench.errors import SqlError

from .test_cli import FILES, make_project

BROKEN = """-- migrate:up
CREATE TABLE public.broken (id integer);

ALTER TABLE public.broken
    ADD COLUMN x integr;
"""


def shadow_databases(admin_dsn: str) -> list[str]:
    with connect(admin_dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'wb\\_shadow\\_%' "
            "AND datname NOT LIKE 'wb\\_shadow\\_tpl\\_%'"
        ).fetchall()
    return [r[0] for r in rows]


def test_second_read_reuses_the_cached_replay(pg_server, tmp_path: Path):
    files = dict(FILES)  # a file of its own, so no other test's replay is cached already
    files["20250104000000_unique.sql"] = f"SELECT 1; -- {uuid.uuid4()}\n"
    config = load_config(make_project(tmp_path / "p", files))
    admin = pg_server.admin_dsn
    before = shadow.replays
    first = shadow.migrations_catalog(config, admin)
    assert shadow.replays == before + 1
    assert "public.items" in first.tables and first.tables["public.items"].policies
    second = shadow.migrations_catalog(config, admin)
    assert shadow.replays == before + 1, "the second read replayed the migrations again"
    assert second == first
    assert shadow.template_name(shadow.replay_key(shadow.load_project(config), True)) in (
        shadow._databases(admin, shadow.TEMPLATE_PREFIX)
    )
    assert shadow_databases(admin) == []

    # an edited file is a new replay
    path = config.migrations_dir / "20250102000000_items_policy.sql"
    path.write_text(path.read_text("utf-8").replace("USING (true)", "USING (id > 0)"), "utf-8")
    third = shadow.migrations_catalog(config, admin)
    assert shadow.replays == before + 2
    assert third.tables["public.items"].policies[0].using == "(id > 0)"


def test_replay_error_names_file_line_col_and_drops_the_shadow(pg_server, tmp_path: Path):
    files = dict(FILES)
    files["20250103000000_broken.sql"] = BROKEN
    config = load_config(make_project(tmp_path / "p", files))
    with pytest.raises(SqlError) as info:
        shadow.migrations_catalog(config, pg_server.admin_dsn)
    message = str(info.value)
    assert message.startswith("migrations/20250103000000_broken.sql:5:18: "), message
    assert 'type "integr" does not exist' in message
    assert shadow_databases(pg_server.admin_dsn) == []


def test_cli_replay_error_is_one_line(cli, pg_server, tmp_path: Path, db_dsn: str):
    files = {"20250103000000_broken.sql": BROKEN}
    project = make_project(tmp_path / "p", files)
    result = cli("diff", "--project", project, "--dsn", db_dsn)
    assert result.code == 2
    assert result.err.startswith("error: migrations/20250103000000_broken.sql:5:18:")
    assert len(result.err.strip().splitlines()) == 1
    assert shadow_databases(pg_server.admin_dsn) == []


def test_interrupted_read_drops_the_shadow(pg_server, tmp_path: Path, monkeypatch):
    config = load_config(make_project(tmp_path / "p"))
    shadow.migrations_catalog(config, pg_server.admin_dsn)  # cached
    shutil.rmtree(config.state_dir / "cache" / "shadow")  # the template is copied and read

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(shadow, "introspect", interrupted)
    with pytest.raises(KeyboardInterrupt):
        shadow.migrations_catalog(config, pg_server.admin_dsn)
    assert shadow_databases(pg_server.admin_dsn) == []


def test_stale_shadows_are_cleaned(pg_server):
    old = f"wb_shadow_{int(time.time()) - 7200}_1_1"
    recent = f"wb_shadow_{int(time.time())}_1_2"
    create_database(pg_server.admin_dsn, old)
    create_database(pg_server.admin_dsn, recent)
    try:
        dropped = shadow.clean_stale(pg_server.admin_dsn)
        assert old in dropped and recent not in dropped
        assert shadow_databases(pg_server.admin_dsn) == [recent]
    finally:
        pg_server.drop(old)
        pg_server.drop(recent)


def test_generated_downs_and_verify_use_the_cached_replays(pg_server, tmp_path: Path, db_dsn: str):
    from workbench.compare.generated_downs import down_generator
    from workbench.compare.verify import verify
    from workbench.migrations.runner import apply, plan_rollback

    files = dict(FILES)  # a file of its own before the last, so its replay is not cached yet
    files["20250103000000_unique.sql"] = f"SELECT 1; -- {uuid.uuid4()}\n"
    files["20250105000000_u.sql"] = "CREATE TABLE public.u (id integer);\n"
    config = load_config(make_project(tmp_path / "p", files))
    project = shadow.load_project(config)
    apply(db_dsn, project)
    admin = shadow.shadow_admin_dsn(config, db_dsn)
    before = shadow.replays
    [step] = plan_rollback(db_dsn, project, generate=down_generator(project, db_dsn))
    assert step.source == "generated" and "DROP TABLE public.u;" in step.sql
    assert shadow.replays == before + 1  # the migrations before it, replayed once ...
    earlier = dataclasses.replace(project, migrations=project.migrations[:-1])
    assert "public.u" not in shadow.migrations_catalog(config, admin, earlier).tables
    assert shadow.replays == before + 1  # ... and cached: the drift after the rollback
    first, second = (verify(project, admin) for _ in range(2))
    assert first.findings == second.findings and "20250102000000_items_policy" in first.checked
    assert shadow.replays <= before + 2  # verify starts from one cached (empty) replay
    assert shadow_databases(admin) == []
