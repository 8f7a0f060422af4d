"""Running a migration's statements one by one, with errors mapped to file:line:col.

`executable(section, transactional)` gives the statements to run: `BEGIN` /
`START TRANSACTION` ... `COMMIT` / `END` blocks are absorbed when the workbench
runs the file in its own transaction; any other transaction control there is an
error. `run_statements(conn, statements)` executes them and turns a
PostgreSQL error into `SqlError` at the exact position in the file (from the
server's error position when it sends one). `run_batched` does the same with
up to BATCH statements a round trip inside a transaction (a batch that fails is
rolled back to its savepoint and run again one by one, so the error is the one
`run_statements` gives). `run_section` runs them in one transaction, or one by
one for a `-- workbench:no-transaction` file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

import psycopg

from workbench.errors import SqlError
from workbench.migrations import blockers
from workbench.migrations.files import Section
from workbench.migrations.split import Statement
from workbench.stand_ins import missing_extension_advice

_NOT_AVAILABLE = re.compile(r'^extension "(?P<name>[^"]+)" is not available$')


def missing_extension(exc: psycopg.Error) -> str | None:
    """The extension name when `exc` says the server has no such extension."""
    diag = getattr(exc, "diag", None)
    if diag is None or diag.sqlstate != "0A000" or not diag.message_primary:
        return None
    match = _NOT_AVAILABLE.match(diag.message_primary)
    return match["name"] if match else None


def _is_tx_start(statement: Statement) -> bool:
    words = statement.keywords
    if not words:
        return False
    if words[0] == "BEGIN":
        return len(words) == 1 or words[1] in ("TRANSACTION", "WORK", "ISOLATION", "READ")
    return words[0] == "START" and len(words) > 1 and words[1] == "TRANSACTION"


def _is_tx_end(statement: Statement) -> bool:
    words = statement.keywords
    return (
        bool(words)
        and words[0] in ("COMMIT", "END")
        and (len(words) == 1 or words[1] in ("TRANSACTION", "WORK", "AND"))
    )


def _is_tx_control(statement: Statement) -> bool:
    words = statement.keywords
    if not words:
        return False
    if _is_tx_start(statement) or _is_tx_end(statement):
        return True
    if words[0] in ("ROLLBACK", "ABORT"):
        return len(words) == 1 or words[1] not in ("TO",)  # ROLLBACK TO SAVEPOINT is fine
    return words[0] == "COMMIT" or (words[0] == "PREPARE" and words[1:2] == ("TRANSACTION",))


def executable(section: Section, *, transactional: bool) -> list[Statement]:
    """The statements to execute for `section`.

    In a migration the workbench runs in one transaction, `BEGIN ... COMMIT` blocks
    (around the file, or around a part of it, as Supabase templates write) are
    absorbed into that transaction: their statements stay atomic. A `COMMIT` with no
    `BEGIN`, a `BEGIN` never committed, nested blocks and `ROLLBACK` are errors.
    """
    statements = list(section.statements)
    if not transactional:
        return statements
    kept: list[Statement] = []
    opened: Statement | None = None
    for statement in statements:
        if _is_tx_start(statement) and opened is None:
            opened = statement
        elif _is_tx_end(statement) and opened is not None and _plain_end(statement):
            opened = None
        elif _is_tx_control(statement):
            raise _tx_error(statement)
        else:
            kept.append(statement)
    if opened is not None:
        raise opened.error(
            "BEGIN without a matching COMMIT in a migration the workbench runs in one "
            "transaction; add the COMMIT, or remove the BEGIN"
        )
    return kept


def _plain_end(statement: Statement) -> bool:
    """COMMIT / END [WORK|TRANSACTION], not COMMIT AND CHAIN."""
    return "CHAIN" not in statement.keywords[:4] or "NO" in statement.keywords[:4]


def _tx_error(statement: Statement):
    return statement.error(
        f"transaction control ({statement.keywords[0]}) in a migration the workbench "
        "runs in one transaction; remove it, or mark the file "
        "'-- workbench:no-transaction'"
    )


def describe_pg_error(exc: psycopg.Error) -> str:
    """PostgreSQL's message on one line: primary message, detail and hint."""
    diag = getattr(exc, "diag", None)
    primary = diag.message_primary if diag is not None else None
    if not primary:
        text = str(exc).strip().splitlines()
        return text[0] if text else type(exc).__name__
    extension = missing_extension(exc)
    if extension is not None:
        return missing_extension_advice(extension)
    parts = [primary]
    if diag.message_detail:
        parts.append(diag.message_detail)
    message = " — ".join(" ".join(p.split()) for p in parts)
    if diag.message_hint:
        message += f" (hint: {' '.join(diag.message_hint.split())})"
    if diag.sqlstate == "25001":  # active_sql_transaction: cannot run inside a transaction block
        message += " (hint: mark the file '-- workbench:no-transaction')"
    if primary.startswith("ICU is not supported"):  # ICU collations; Supabase's server has ICU
        message += " (hint: set postgres_bin to a PostgreSQL built with ICU, as Supabase's is)"
    return message


def statement_error(statement: Statement, exc: psycopg.Error) -> SqlError:
    """`SqlError` at the position PostgreSQL reports inside `statement` (else its start)."""
    diag = getattr(exc, "diag", None)
    position = None
    if diag is not None and diag.statement_position:
        try:
            position = int(diag.statement_position)
        except ValueError:
            position = None
    extension = missing_extension(exc)
    if position is None and extension is not None:
        position = _name_position(statement.sql, extension)
    return statement.error(describe_pg_error(exc), position)


def _name_position(text: str, name: str) -> int | None:
    """1-based offset of the extension's name after `EXTENSION` in `text`, if written there."""
    pattern = (
        rf'\bEXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<n>"{re.escape(name)}"|{re.escape(name)}\b)'
    )
    match = re.search(pattern, text, re.I)
    return match.start("n") + 1 if match else None


def run_statements(conn: psycopg.Connection, statements: list[Statement]) -> None:
    """Execute each statement alone; the first failure raises `SqlError` (file:line:col)."""
    for statement in statements:
        try:
            with blockers.watch(conn) as seen:
                conn.execute(statement.sql)  # no parameters: `%` is sent as is
        except psycopg.errors.LockNotAvailable as exc:
            error = statement_error(statement, exc)
            raise type(error)(
                f"{error.detail} — the lock is {seen.describe()}",
                file=error.file,
                line=error.line,
                col=error.col,
            ) from exc
        except psycopg.Error as exc:
            raise statement_error(statement, exc) from exc


BATCH = 200  # statements sent in one round trip by run_batched
# Sections that manage savepoints of their own are run one statement at a time: a batch's
# savepoint, released, would release theirs too.
_SAVEPOINT_WORDS = frozenset({"SAVEPOINT", "RELEASE", "ROLLBACK"})


def run_batched(conn: psycopg.Connection, statements: list[Statement]) -> None:
    """`run_statements`, BATCH statements a round trip when inside a transaction.

    For the shadow replay (a throwaway database): `up` keeps one statement a round trip,
    so the target's `pg_stat_activity` shows the statement running, and a timeout
    applies to each statement.

    A batch runs in a savepoint; when it fails it is rolled back and its statements
    run again one by one, so the failing one raises the same `SqlError` (file:line:col,
    the blocker of a lock named) as `run_statements`. Outside a transaction, or when the
    statements handle savepoints themselves, they run one by one."""
    in_transaction = conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
    if not in_transaction or any(
        s.keywords[:1] and s.keywords[0] in _SAVEPOINT_WORDS for s in statements
    ):
        run_statements(conn, statements)
        return
    for i in range(0, len(statements), BATCH):
        batch = statements[i : i + BATCH]
        if len(batch) > 1:
            try:
                with conn.transaction():  # a savepoint
                    conn.execute(";\n".join(s.sql for s in batch))  # no parameters: `%` as is
                continue
            except psycopg.Error as exc:
                if conn.closed or conn.broken:
                    raise statement_error(batch[0], exc) from exc
        run_statements(conn, batch)


T = TypeVar("T")
Runner = Callable[[psycopg.Connection, list[Statement]], None]


def run_section(
    conn: psycopg.Connection,
    statements: list[Statement],
    *,
    transactional: bool,
    run: Runner = run_statements,
    then: Callable[[], T] | None = None,
) -> T | None:
    """Run `statements` (with `run`) in one transaction, or one by one when not
    `transactional`; `then()` (bookkeeping) runs after them in that transaction, or in
    its own when there is none. Returns what `then` returns."""
    if transactional:
        with conn.transaction():
            run(conn, statements)
            return then() if then is not None else None
    run(conn, statements)
    if then is None:
        return None
    with conn.transaction():
        return then()


def strip_concurrently(statements: list[Statement]) -> list[Statement]:
    """For previews inside a transaction: `CREATE INDEX CONCURRENTLY` -> `CREATE INDEX`."""
    from dataclasses import replace

    from workbench.migrations.split import tokenize

    result = []
    for statement in statements:
        if "CONCURRENTLY" not in statement.sql.upper():
            result.append(statement)
            continue
        text = statement.sql
        for token in reversed(tokenize(text)):
            if text[token.start : token.end + 1].upper() == "CONCURRENTLY":
                # keep the length so error positions still map to the file
                text = text[: token.start] + " " * 12 + text[token.end + 1 :]
        result.append(replace(statement, sql=text))
    return result
