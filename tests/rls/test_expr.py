"""Policy expressions as PostgreSQL deparses them (pg_get_expr), parsed into syntax trees."""

from __future__ import annotations

import pytest

from workbench.rls.expr import analyze, is_constant_true
from workbench.rls.fold import compose, fold_claims

ALICE = "11111111-1111-1111-1111-111111111111"
CLAIMS = {"sub": ALICE, "role": "authenticated", "app_metadata": {"tier": "pro"}}


def test_wrapped_and_bare_auth_calls() -> None:
    wrapped = analyze("(( SELECT auth.uid() AS uid) = user_id)", "t")
    assert [(c.name, c.wrapped) for c in wrapped.auth_calls] == [("auth.uid", True)]
    bare = analyze("(auth.uid() = user_id)", "t")
    assert [(c.name, c.wrapped) for c in bare.auth_calls] == [("auth.uid", False)]
    assert bare.owner_columns == ("user_id",) and bare.columns == ("user_id",)
    correlated = analyze(
        "(EXISTS ( SELECT 1 FROM public.m WHERE ((m.org = t.org) AND (m.user_id = auth.uid()))))",
        "t",
    )
    assert [c.wrapped for c in correlated.auth_calls] == [False]
    assert correlated.tables == (("public", "m"),)
    setting = analyze(
        "(((current_setting('request.jwt.claims'::text, true))::jsonb ->> 'sub'::text)"
        " = (user_id)::text)"
    )
    assert [(c.name, c.setting) for c in setting.auth_calls] == [
        ("current_setting", "request.jwt.claims")
    ]


def test_a_string_mentioning_auth_is_not_a_call() -> None:
    info = analyze("(note = 'auth.uid()'::text)", "t")
    assert info.auth_calls == () and info.columns == ("note",)


@pytest.mark.parametrize(
    "text",
    [
        "((auth.uid() IS NULL) OR (user_id = auth.uid()))",
        "((( SELECT auth.uid() AS uid) IS NULL) OR (user_id = ( SELECT auth.uid() AS uid)))",
        "(COALESCE(auth.uid(), user_id) = user_id)",
    ],
)
def test_fail_open_patterns(text: str) -> None:
    assert analyze(text, "t").fail_open


def test_not_fail_open() -> None:
    assert not analyze("((user_id IS NULL) OR (user_id = auth.uid()))", "t").fail_open


def test_user_metadata() -> None:
    assert analyze(
        "(((auth.jwt() -> 'user_metadata'::text) ->> 'role'::text) = 'admin'::text)"
    ).user_metadata
    assert analyze("((auth.jwt() #>> '{user_metadata,role}'::text[]) = 'x'::text)").user_metadata
    assert not analyze(
        "(((auth.jwt() -> 'app_metadata'::text) ->> 'role'::text) = 'x'::text)"
    ).user_metadata


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("(1 = 1)", True), ("('a'::text = 'a'::text)", True), ("(NOT false)", True),
     ("(1 = 2)", False), ("is_active", False), ("(auth.role() = 'anon'::text)", False)],
)  # fmt: skip
def test_constant_true(text: str, expected: bool) -> None:
    assert is_constant_true(text) is expected


def test_required_owner_columns_follow_and_or() -> None:
    both = analyze("((owner_id = ( SELECT auth.uid() AS uid)) AND (org_id = 1))", "t")
    assert both.owner_required == ("owner_id",)
    either = analyze("((owner_id = ( SELECT auth.uid() AS uid)) OR public.is_member(id))", "t")
    assert either.owner_required == () and either.owner_columns == ("owner_id",)


def test_fold_claims() -> None:
    assert fold_claims("(( SELECT auth.uid() AS uid) = user_id)", CLAIMS, "authenticated") == (
        f"'{ALICE}'::uuid = user_id"
    )
    assert (
        fold_claims("(( SELECT auth.uid() AS uid) = user_id)", {"role": "anon"}, "anon") == "FALSE"
    )
    assert fold_claims("((auth.uid() IS NULL) OR (user_id = auth.uid()))", {}, "anon") == "TRUE"
    jwt = "((((auth.jwt() -> 'app_metadata'::text) ->> 'tier'::text) = 'pro'::text) AND (x > 1))"
    assert fold_claims(jwt, CLAIMS, "authenticated") == "x > 1"
    assert fold_claims("(auth.role() = 'authenticated'::text)", CLAIMS, "authenticated") == "TRUE"
    assert fold_claims("(CURRENT_USER = 'anon'::name)", {}, "anon") == "TRUE"
    assert fold_claims("not valid sql (((", CLAIMS, "anon") == "not valid sql ((("


def test_compose() -> None:
    assert compose([], ["(a)"]) is None
    assert compose(["(a = 1)"], []) == "(a = 1)"
    assert compose(["(a = 1)", "b"], ["(c)"]) == "((a = 1) OR (b)) AND (c)"
    assert compose(["(a) OR (b)"], []) == "((a) OR (b))"


def test_table_name_matters_only_to_qualified_columns():
    plain = "(owner_id = ( SELECT auth.uid() AS uid))"
    assert analyze(plain, "a") is analyze(plain, "b") is analyze(plain, None)
    assert analyze(plain, "a").owner_columns == ("owner_id",)
    qualified = "(a.owner_id = ( SELECT auth.uid() AS uid))"
    assert analyze(qualified, "a").owner_columns == ("owner_id",)
    assert analyze(qualified, "b").owner_columns == ()
