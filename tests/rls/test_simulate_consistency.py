"""One policy, one answer: a SELECT policy shown as the read filter of an UPDATE or DELETE
admits as many rows there as the SELECT line says it does (demo, every table)."""

from __future__ import annotations

import json

import pytest

from .test_demo import demo_dsn  # noqa: F401 - the module's demo database fixture


@pytest.mark.parametrize("user", ["alice@acme.test", "bob@globex.test"])
def test_read_filter_counts_match_the_select_line(cli, demo_dsn, user):  # noqa: F811
    result = cli("rls", "simulate", "--json", "--dsn", demo_dsn, "--user", user)
    assert result.code == 0, result.err
    checked = 0
    for table in json.loads(result.out)["tables"]:
        read = {p["name"]: p["rows"] for p in table["select"]["policies"]}
        for command in ("update", "delete"):
            for policy in table[command]["policies"]:
                if policy["command"] == "SELECT" and policy["name"] in read:
                    assert policy["rows"] == read[policy["name"]], (table["table"], command)
                    checked += 1
    assert checked


def test_offers_for_alice(cli, demo_dsn):  # noqa: F811
    result = cli(
        "rls", "simulate", "--json", "--dsn", demo_dsn, "--user", "alice@acme.test",
        "--table", "offers",
    )  # fmt: skip
    offers = json.loads(result.out)["tables"][0]
    visible = offers["select"]["rows"]
    assert visible > 0
    for command in ("update", "delete"):
        assert offers[command]["rows"] == 0  # no UPDATE/DELETE policy
        (read_filter,) = [p for p in offers[command]["policies"] if p["command"] == "SELECT"]
        assert read_filter["rows"] == visible
