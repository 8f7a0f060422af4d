"""Apply exactly what was previewed: `apply(expect=preview.token)` refuses when anything changed."""

from __future__ import annotations

import pytest
from migration_helpers import catalog, history_rows

from workbench.config import load_config
from workbench.migrations.files import load_project
from workbench.migrations.plan import BadVersion, PreviewOutdated
from workbench.migrations.preview import preview_apply
from workbench.migrations.runner import apply, plan_up

A = "-- migrate:up\nCREATE TABLE a (id int PRIMARY KEY);\n-- migrate:down\nDROP TABLE a;\n"
B = "-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n"


def project_of(root):
    return load_project(load_config(root))


def test_a_file_edited_after_the_preview_is_refused_and_nothing_changes(make_project, db_dsn):
    root = make_project({"0001_a.sql": A, "0002_b.sql": B})
    preview = preview_apply(db_dsn, project_of(root))
    assert [s.version for s in preview.steps] == ["0001", "0002"]
    (root / "migrations" / "0002_b.sql").write_text(B.replace("id int", "id bigint"))
    before = catalog(db_dsn)

    with pytest.raises(PreviewOutdated) as refused:
        apply(db_dsn, project_of(root), expect=preview.token)

    assert refused.value.changes == ["0002_b: edited"]
    assert str(refused.value) == (
        "the migrations changed since the preview; nothing was applied (0002_b: edited)"
    )
    assert catalog(db_dsn) == before and history_rows(db_dsn) == []


def test_a_new_pending_file_or_a_run_elsewhere_is_refused(make_project, db_dsn):
    root = make_project({"0002_b.sql": B})
    preview = preview_apply(db_dsn, project_of(root))
    (root / "migrations" / "0001_a.sql").write_text(A)
    with pytest.raises(PreviewOutdated, match=r"\(0001_a: pending too\)"):
        apply(db_dsn, project_of(root), expect=preview.token)
    assert history_rows(db_dsn) == []

    # previewed up to 0001; meanwhile another run applied 0001 and 0002 was added
    first = preview_apply(db_dsn, project_of(root), to="0001")
    apply(db_dsn, project_of(root), to="0001")
    with pytest.raises(PreviewOutdated) as refused:
        apply(db_dsn, project_of(root), expect=first.token)
    assert refused.value.changes == ["0001_a: no longer pending", "0002_b: pending too"]
    assert [r[0] for r in history_rows(db_dsn)] == ["0001"]


def test_an_unchanged_preview_applies_exactly_its_migrations(make_project, db_dsn):
    root = make_project({"0001_a.sql": A, "0002_b.sql": B})
    project = project_of(root)
    preview = preview_apply(db_dsn, project, to="0001")
    result = apply(db_dsn, project, to="0001", expect=preview.token)
    assert [s.version for s in result.steps] == ["0001"]
    chosen, token = plan_up(db_dsn, project)
    assert [s.version for s in chosen] == ["0002"]
    assert [s.version for s in apply(db_dsn, project, expect=token).steps] == ["0002"]
    # everything previewed was applied since: nothing left to run is not an error
    assert apply(db_dsn, project, expect=token).steps == []


def test_engine_argument_errors_name_no_cli_flag(make_project, db_dsn):
    project = project_of(make_project({"0001_a.sql": A}))
    with pytest.raises(BadVersion) as bad:
        preview_apply(db_dsn, project, to="x1")
    assert str(bad.value) == "version 'x1': a version is digits only (YYYYMMDDHHMMSS)"
    with pytest.raises(BadVersion, match="^version 999: no migration with this version$"):
        apply(db_dsn, project, to="999")
    assert history_rows(db_dsn) == []
