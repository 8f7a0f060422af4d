"""The SQL planner's lookups (`diff/sql.py`) give what a plain scan gives, on a real catalog."""

from __future__ import annotations

import pytest

from workbench.diff import sql
from workbench.diff.sql import Planner, _same


def _scan_dependents(catalog, pid):
    """What depends on `pid` by reading every edge (what `pg_dependents` indexes)."""
    table = pid[0] == "table" and len(pid) == 2
    return [
        (dk, dkey, dm) if dm else (dk, dkey)
        for dk, dkey, dm, rk, rkey, rm in catalog.dependencies
        if rkey == pid[1] and ((table and rk == "column") or _same(pid, rk, rm))
    ]


def test_indexed_edges_give_the_scans_answer(mixed_catalog):
    cat = mixed_catalog
    plan = Planner([], cat, cat)
    pids = {(rk, rkey, rm) if rm else (rk, rkey) for _, _, _, rk, rkey, rm in cat.dependencies}
    pids |= {("table", key) for key in cat.tables}
    found_any = False
    for pid in sorted(pids):
        expected = _scan_dependents(cat, pid)
        assert plan.pg_dependents(pid) == expected, pid
        assert plan.pg_dependents(pid) is plan.pg_dependents(pid)  # looked up once
        found_any = found_any or bool(expected)
    assert found_any


@pytest.mark.parametrize("scans", [0, 1, 1000])
def test_mentioning_scans_and_index_agree(mixed_catalog, monkeypatch, scans):
    """Whether a name is looked up by a scan or through the word index (past `_SCANS`
    names), the dependents mentioning it and their order are the same."""
    monkeypatch.setattr(sql, "_SCANS", scans)
    reference = Planner([], mixed_catalog, mixed_catalog).word_index()
    plan = Planner([], mixed_catalog, mixed_catalog)
    words = sorted(reference) + ["no_such_name"]
    assert len(words) > 20
    for word in words:
        assert plan.mentioning(word) == reference.get(word, []), word
    assert (plan._by_name is None) == (scans >= len(words))
