"""`workbench down` of migrations without a down section: the generated down runs and the
database dumps (pg_dump --schema-only) exactly as before the migrations were applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from .judge import difference, dump

BASE = "CREATE TABLE public.t (id int PRIMARY KEY, code text NOT NULL);\n"

SCENARIOS = {
    "realtime_membership": [
        "CREATE TABLE public.room (id int PRIMARY KEY, name text);\n"
        "ALTER PUBLICATION supabase_realtime ADD TABLE public.room;\n"
        "ALTER PUBLICATION supabase_realtime ADD TABLE public.t;\n",
    ],
    "type_used_by_column": [
        "CREATE TYPE public.status AS ENUM ('new', 'done');\n"
        "ALTER TABLE public.t ADD COLUMN s public.status DEFAULT 'new';\n"
        "CREATE FUNCTION public.is_done(x public.status) RETURNS boolean LANGUAGE sql\n"
        "  IMMUTABLE AS $$ SELECT x = 'done' $$;\n",
    ],
    "key_referenced_by_a_later_fk": [
        "ALTER TABLE public.t ADD CONSTRAINT t_code_key UNIQUE (code);\n",
        "CREATE TABLE public.u (id int PRIMARY KEY, code text REFERENCES public.t (code));\n",
    ],
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_generated_down_restores_the_schema(cli, tmp_path: Path, db_dsn: str, name: str) -> None:
    steps = SCENARIOS[name]
    root = tmp_path / "project"
    (root / "migrations").mkdir(parents=True)
    (root / "migrations" / "0001_base.sql").write_text(BASE, "utf-8")
    for i, sql in enumerate(steps, start=2):
        (root / "migrations" / f"{i:04d}_step.sql").write_text(sql, "utf-8")
    args = ("--project", root, "--dsn", db_dsn, "--yes")
    assert cli("up", *args, "--to", "0001").code == 0
    before = dump(db_dsn)
    done = cli("up", *args)
    assert done.code == 0, done.err
    assert difference(before, dump(db_dsn)), "the migrations change nothing"
    back = cli("down", *args, "--steps", str(len(steps)))
    assert back.code == 0, back.err + back.out
    assert not difference(before, dump(db_dsn))
