"""`diff --format sql` between two databases reads FROM's dependency graph (and only it).

The command skips the graph queries of a side whose graph the output never reads
(TO for `sql`, both for text and JSON). These plans need FROM's graph: the
script printed through the CLI must be the one planned from fully read catalogs,
and must turn FROM into TO.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from workbench.diff.differ import diff
from workbench.diff.sql import to_sql

from .conftest import apply, execute, read

T = "CREATE TABLE public.t (id integer PRIMARY KEY, n integer);\n"
ATOMIC = (
    "CREATE FUNCTION public.total() RETURNS bigint LANGUAGE sql STABLE "
    "BEGIN ATOMIC SELECT sum(n) FROM public.v; END;\n"
)
PAIRS = {
    # only pg_depend knows the function's body uses the view: dropped before it
    "view_used_by_sql_function": (
        T + "CREATE VIEW public.v AS SELECT id, n FROM public.t;\n" + ATOMIC,
        T + "CREATE VIEW public.v AS SELECT n, id FROM public.t;\n" + ATOMIC,
    ),
    "enum_dropped_used_by_column": (
        "CREATE TYPE public.mood AS ENUM ('sad', 'ok');\n"
        "CREATE TABLE public.t (id integer PRIMARY KEY, m public.mood);\n",
        "CREATE TABLE public.t (id integer PRIMARY KEY, m text);\n",
    ),
    "key_referenced_by_foreign_key": (
        T + "CREATE TABLE public.u (id integer PRIMARY KEY, t_id integer REFERENCES public.t);\n",
        "CREATE TABLE public.t (id integer, n integer);\n"
        "CREATE TABLE public.u (id integer PRIMARY KEY, t_id integer);\n",
    ),
}


@pytest.mark.parametrize("name", sorted(PAIRS))
@pytest.mark.parametrize("reverse", [False, True], ids=["forward", "reverse"])
def test_sql_through_the_cli_is_planned_with_the_from_graph(cli, databases, name, reverse):
    first, second = PAIRS[name][::-1] if reverse else PAIRS[name]
    with databases(2) as (a_dsn, b_dsn):
        execute(a_dsn, first)
        execute(b_dsn, second)
        a, b = read(a_dsn), read(b_dsn)
        assert a.dependencies and b.dependencies
        expected = to_sql(diff(a, b), a, b).text()
        if name == "view_used_by_sql_function":  # the graph changes this plan
            assert to_sql(diff(a, b), dataclasses.replace(a, dependencies=()), b).text() != expected

        result = cli("diff", "--from", a_dsn, "--to", b_dsn, "--format", "sql")
        assert result.code == 0, result.err
        assert result.out == expected

        apply(a_dsn, to_sql(diff(a, b), a, b))
        assert diff(read(a_dsn), b) == []


def test_text_and_json_without_graphs_report_the_same_changes(cli, databases):
    first, second = PAIRS["view_used_by_sql_function"]
    with databases(2) as (a_dsn, b_dsn):
        execute(a_dsn, first)
        execute(b_dsn, second)
        changes = diff(read(a_dsn), read(b_dsn))
        assert changes
        result = cli("diff", "--from", a_dsn, "--to", b_dsn, "--format", "json")
        assert result.code == 0, result.err
        assert json.loads(result.out)["changes"] == [c.to_json() for c in changes]
        text = cli("diff", "--from", a_dsn, "--to", b_dsn)
        assert text.code == 0, text.err
        assert "view" in text.out and "public.v" in text.out
