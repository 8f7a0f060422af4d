"""What the linter works out once per access signature (`Linter()`: the command rules, the
write checks, the roles RLS applies to) gives the same findings as working it all out for
each table (`Linter(shared=False)`), on tables that share a signature and on tables that
differ from them in what matters: policies naming their own table, column grants, FORCE
ROW LEVEL SECURITY, owners, restrictive policies, names needing quotes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.rls.test_lint import CASES, _case
from workbench.catalog.introspect import introspect
from workbench.db import connect
from workbench.rls.access import COMMANDS, AccessModel
from workbench.rls.linter import Linter
from workbench.rls.lints import lint_catalog

# each rule's case twice (`docs_<i>` and its twin `docs_<i+100>`: equal but for the names),
# then copies of one table that differ from each other in one thing each
VARIANTS = """
CREATE TABLE public.{t} (id int PRIMARY KEY, user_id uuid, org_id int, body text);
ALTER TABLE public.{t} ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.{t} TO anon, authenticated;
CREATE POLICY {t}_read ON public.{t} FOR SELECT TO authenticated
  USING ((select auth.uid()) = user_id);
CREATE POLICY {t}_write ON public.{t} FOR ALL TO authenticated
  USING ((select auth.uid()) = user_id) WITH CHECK ((select auth.uid()) = user_id);
CREATE POLICY {t}_add ON public.{t} FOR INSERT TO authenticated
  WITH CHECK (org_id IS NOT NULL);
"""
READ_ONLY = "DROP POLICY {t}_write ON public.{t}; DROP POLICY {t}_add ON public.{t};"
COPIES = {
    "same_a": "",
    "same_b": "",  # shares everything with same_a but the names
    "Same C": "",  # a name that needs quotes
    "forced": "ALTER TABLE public.{t} FORCE ROW LEVEL SECURITY;",
    "owned": "ALTER TABLE public.{t} OWNER TO authenticated;",
    "owned_forced": "ALTER TABLE public.{t} OWNER TO authenticated;"
    "ALTER TABLE public.{t} FORCE ROW LEVEL SECURITY;",
    "no_select": "REVOKE SELECT ON public.{t} FROM authenticated;",
    "column_select": "REVOKE SELECT ON public.{t} FROM authenticated;"
    "GRANT SELECT (id, body) ON public.{t} TO authenticated;",
    "read_only": READ_ONLY,
    "read_only_column": READ_ONLY
    + "REVOKE INSERT, UPDATE, DELETE ON public.{t} FROM authenticated;"
    "GRANT UPDATE (body) ON public.{t} TO authenticated;",
    "restrictive": "CREATE POLICY {t}_only_org ON public.{t} AS RESTRICTIVE FOR SELECT"
    " TO authenticated USING (org_id = 1);",
    # a policy reading its own table by name: its text differs from the other copies'
    "own_name": "CREATE POLICY {t}_team ON public.{t} FOR SELECT TO authenticated USING"
    " (EXISTS (SELECT 1 FROM public.{t} d WHERE d.org_id = {t}.org_id"
    " AND d.user_id = (select auth.uid())));",
}


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"' if name != name.lower() or " " in name else name


def _sql() -> str:
    parts = []
    rules = sorted(CASES)
    for i, rule in enumerate(rules):
        parts.append(_case(i, rule)[0])
        twin = _case(i + 100, rule)[0]
        for other in ("public.open_t", "public.measures"):  # tables besides docs
            twin = twin.replace(other, other + "_twin")
        parts.append(twin)
    for name, extra in COPIES.items():
        t = _quoted(name)
        parts.append(VARIANTS.format(t=t) + extra.format(t=t))
    # policy names are built from the table's: quoted names keep their case and space
    return "\n".join(
        p.replace('"Same C"_read', '"Same C_read"')
        .replace('"Same C"_write', '"Same C_write"')
        .replace('"Same C"_team', '"Same C_team"')
        .replace('"Same C"_add', '"Same C_add"')
        for p in parts
    )


@pytest.fixture(scope="module")
def catalog(pg_server) -> Iterator:
    with pg_server.database(sql=_sql()) as name:
        with connect(pg_server.dsn(name), read_only=True) as conn:
            found = introspect(conn, ["public"])
    yield found


def test_shared_findings_equal_the_ones_worked_out_per_table(catalog) -> None:
    shared, alone = Linter(catalog), Linter(catalog, shared=False)
    found = lint_catalog(catalog, linter=shared)
    expected = lint_catalog(catalog, linter=alone)
    assert [f.to_json() for f in found] == [f.to_json() for f in expected]
    # something was shared (twins and copies) and something was not (the variants)
    tables = list(catalog.tables.values())
    signatures = {shared.model.signature(t) for t in tables}
    assert len(signatures) < len(tables) - 10
    assert len({alone.model.signature(t) for t in tables}) == len(tables)
    plans = [k for k in shared.by_signature if k[0] == "command_rules"]
    assert len(plans) < len([t for t in tables if t.rls_enabled and t.policies])


def _rules(findings, table: str) -> set[tuple[str, str | None]]:
    return {(f.name, f.policy) for f in findings if f.table == table}


def test_tables_sharing_a_signature_are_named_in_their_own_findings(catalog) -> None:
    lint = Linter(catalog)
    findings = lint_catalog(catalog, linter=lint)
    a, b, c = (catalog.tables[f"public.{n}"] for n in ("same_a", "same_b", "Same C"))
    assert lint.model.signature(a) == lint.model.signature(b) == lint.model.signature(c)
    on_a = _rules(findings, "same_a")
    assert on_a == {
        ("multiple_permissive_policies", None),
        ("write_check_weaker_than_read", "same_a_add"),
        ("policy_column_unindexed", None),
    }
    assert _rules(findings, "same_b") == {
        (n, p.replace("same_a", "same_b") if p else p) for n, p in on_a
    }
    multiple = {
        (f.table, f.extra["command"]): f.detail
        for f in findings
        if f.name == "multiple_permissive_policies"
    }
    assert "(same_b_read, same_b_write)" in multiple[("same_b", "SELECT")]
    assert "(Same C_add, Same C_write)" in multiple[("Same C", "INSERT")]
    weaker = next(
        f for f in findings if f.table == "Same C" and f.name == "write_check_weaker_than_read"
    )
    assert weaker.policy == "Same C_add"
    assert "check of 'Same C_add'" in weaker.detail


def test_variants_get_their_own_answers(catalog) -> None:
    lint = Linter(catalog)
    findings = lint_catalog(catalog, linter=lint)
    signature = lint.model.signature(catalog.tables["public.same_a"])
    for name in set(COPIES) - {"same_a", "same_b", "Same C"}:
        assert lint.model.signature(catalog.tables[f"public.{name}"]) != signature, name

    def rules(table: str) -> set[str]:
        return {n for n, _ in _rules(findings, table)}

    # owned by authenticated: it bypasses RLS there, unless FORCE ROW LEVEL SECURITY
    assert "authenticated" not in lint.subject_roles(catalog.tables["public.owned"])
    assert "authenticated" in lint.subject_roles(catalog.tables["public.owned_forced"])
    assert rules("owned") == {"policy_column_unindexed"}
    assert rules("owned_forced") == rules("same_a")
    # UPDATE and DELETE without SELECT, unless SELECT is granted on some columns
    assert ("update_delete_without_select", "no_select_write") in _rules(findings, "no_select")
    assert "update_delete_without_select" not in rules("column_select")
    # no policy for the writes: all three denied, or only UPDATE when it is all that is granted
    denied = {f.table: f.extra["commands"] for f in findings if f.name == "command_silently_denied"}
    assert denied["read_only"] == ["INSERT", "UPDATE", "DELETE"]
    assert denied["read_only_column"] == ["UPDATE"]
    assert "policy_recursion_risk" in rules("own_name")


def test_permissive_policies_by_position_equal_each_tables_own(catalog) -> None:
    shared, fresh = AccessModel(catalog), AccessModel(catalog, shared=False)
    for table in catalog.tables.values():
        for role in ("anon", "authenticated", "service_role", "PUBLIC"):
            for command in COMMANDS:
                expected = fresh._access(table, role, command).permissive
                got = shared.permissive_of(table, role, command)
                assert [table.policies[i].name for i, _ in got] == [p.name for p in expected]
                assert [p.check for _, p in got] == [p.check for p in expected]
                assert [p.using for _, p in got] == [p.using for p in expected]
                assert (
                    shared.access(table, role, command)
                    == expected_access(fresh, table, role)[command]
                )


def expected_access(model: AccessModel, table, role: str) -> dict:
    return {c: model._access(table, role, c) for c in COMMANDS}
