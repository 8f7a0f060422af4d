"""A policy in plain words, from its parsed expressions (`workbench.rls.expr.analyze`).

The words say who the policy is for, what it lets them do, and which rows:
"rows whose `user_id` is the signed-in user", "rows found through
`public.members`", "every row". What the analysis cannot phrase is left to the
SQL shown next to it. Dead halves (a SELECT policy without USING, ...) are
named with the access model's own notes (`workbench.rls.access.applied_policy`).
"""

from __future__ import annotations

from workbench.catalog.model import Policy, Table
from workbench.rls.access import COMMANDS, applied_policy
from workbench.rls.expr import ExprInfo, analyze
from workbench.schema_docs.markdown import code, text

VERBS = {"SELECT": "read", "INSERT": "insert", "UPDATE": "update", "DELETE": "delete"}


def _roles(policy: Policy) -> str:
    names = [r for r in policy.roles if r.lower() != "public"]
    if len(names) < len(policy.roles):
        return "everyone (PUBLIC)" + (f", {', '.join(map(code, names))}" if names else "")
    return ", ".join(map(code, names)) or "everyone (PUBLIC)"


def _commands(policy: Policy) -> list[str]:
    return list(COMMANDS) if policy.command == "ALL" else [policy.command]


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def rows(info: ExprInfo) -> str:
    """Which rows an expression admits, in words."""
    if not info.parsed:
        return "rows for which the expression below is true"
    if info.constant_true:
        return "every row"
    parts = []
    if info.owner_required:
        cols = _join([code(c) for c in info.owner_required])
        verb = "is" if len(info.owner_required) == 1 else "are"
        parts.append(f"rows whose {cols} {verb} the signed-in user")
    elif info.owner_columns:
        cols = _join([code(c) for c in info.owner_columns])
        parts.append(
            f"rows whose {cols} matches the signed-in user, or that meet the other conditions"
        )
    if info.tables:
        found = _join([code(f"{s}.{n}" if s else n) for s, n in info.tables])
        parts.append(f"rows found through {found}")
    if info.functions:
        called = _join([code(f"{s}.{n}" if s else n) for s, n in info.functions])
        parts.append(f"as decided by {called}")
    if not parts:
        return "rows for which the expression below is true"
    return "; ".join(parts)


def cautions(info: ExprInfo) -> list[str]:
    out = []
    if info.fail_open:
        out.append(
            "it also admits rows when no user is signed in: " + ", ".join(map(code, info.fail_open))
        )
    if info.user_metadata:
        out.append("it trusts user_metadata, which users can edit themselves")
    return out


def describe(table: Table, policy: Policy) -> list[str]:
    """Sentences (Markdown) saying what `policy` does."""
    kind = "Permissive" if policy.permissive else "Restrictive"
    verbs = _join([VERBS[c] for c in _commands(policy)])
    lead = (
        f"{kind}: lets {_roles(policy)} {verbs}"
        if policy.permissive
        else (
            f"{kind}: limits what {_roles(policy)} may {verbs}; every row must pass it as well as a permissive policy"
        )
    )
    sentences = [lead + "."]
    using = analyze(policy.using, table.name) if policy.using is not None else None
    check = analyze(policy.with_check, table.name) if policy.with_check is not None else None
    if using is not None:
        sentences.append(f"Existing rows it admits: {rows(using)}.")
    if check is not None:
        sentences.append(f"New rows it accepts: {rows(check)}.")
    elif using is not None and any(c in ("INSERT", "UPDATE") for c in _commands(policy)):
        sentences.append("New rows are checked with the same condition (it has no WITH CHECK).")
    notes = dict.fromkeys(
        note for c in _commands(policy) if (note := applied_policy(policy, c).note) is not None
    )
    for note in notes:
        sentences.append(f"Note: {text(note)}.")
    for info in (using, check):
        if info is not None:
            for caution in cautions(info):
                sentences.append(f"Caution: {caution}.")
    if policy.comment:
        sentences.append(f"Comment: {text(policy.comment)}")
    return list(dict.fromkeys(sentences))
