"""In a pipe, `rls` and `validate` write their lines as strings, a thousand at a time
(`BatchedLines`, `rls_cmd._plain_report`): the same bytes as rich printing each line."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.text import Text

from workbench.catalog.introspect import introspect
from workbench.catalog.model import Catalog, Policy, Table
from workbench.cli.lines import BatchedLines, print_finding, print_wrapped
from workbench.cli.rls_cmd import _plain_report, _print_report
from workbench.db import connect
from workbench.findings import Finding
from workbench.rls.rls_report import rls_report

# what rich changes in a line (tabs, the control codes it strips) and what it leaves alone
LINES = [
    "",
    "plain",
    "  indented",
    "trailing spaces   ",
    "x" * 200 + "   ",  # longer than the width, ending in spaces
    "tab\there",
    "\ttab first",
    "bell\x07 backspace\x08 vt\x0b ff\x0c cr\r end",
    "escape \x1b[31m kept",
    "wide 表 ★ é",
    "two\nlines",
    "nul \x00 and del \x7f",
    "\u2028 line separator",
]


@pytest.fixture(autouse=True)
def _no_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, highlight=False, soft_wrap=True), out


def test_batched_lines_are_what_rich_prints_line_by_line() -> None:
    console, expected = _console()
    for line in LINES:
        console.print(Text(line), soft_wrap=True)
    batched_console, got = _console()
    lines = BatchedLines(batched_console)
    lines.CHUNK = 3  # several batches
    for line in LINES:
        lines.line(line)
    lines.print(Text("styled", style="bold"))
    lines.print("[bold]not markup[/bold]")
    lines.flush()
    console.print(Text("styled", style="bold"))
    console.print(Text("[bold]not markup[/bold]"))
    assert got.getvalue() == expected.getvalue()
    assert "\t" not in got.getvalue() and "\x07" not in got.getvalue()  # rich's own handling


def test_findings_and_wrapped_text_through_batched_lines() -> None:
    findings = [
        Finding("rule_a", "WARN", "migrations/1.sql", 3, "detail\twith tab"),
        Finding("rule_b", "ERROR", None, None, "two\nlines   "),
        Finding("rule_c", "INFO", "f.sql", None, "x" * 120),
    ]
    console, expected = _console()
    batched_console, got = _console()
    lines = BatchedLines(batched_console)
    for finding in findings:
        print_finding(console, finding, indent=4)
        print_finding(lines, finding, indent=4)  # type: ignore[arg-type]
    for text in LINES:
        print_wrapped(console, Text(text, style="dim"), 6, 8)
        print_wrapped(lines, Text(text, style="dim"), 6, 8)  # type: ignore[arg-type]
    lines.flush()
    assert got.getvalue() == expected.getvalue()


ODD = """
CREATE TABLE public.docs (id int PRIMARY KEY, user_id uuid);
CREATE TABLE public."tab\there " (id int, user_id uuid);
CREATE TABLE public."bell\x07" (id int);
CREATE TABLE public.open_t (id int);
ALTER TABLE public.docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE public."tab\there " ENABLE ROW LEVEL SECURITY;
ALTER TABLE public."tab\there " FORCE ROW LEVEL SECURITY;
CREATE POLICY "read\town" ON public.docs FOR SELECT TO authenticated
  USING ((select auth.uid()) = user_id);
CREATE POLICY everyone ON public.docs FOR SELECT USING (true);
CREATE POLICY "write " ON public.docs AS RESTRICTIVE FOR UPDATE TO authenticated, anon
  USING (auth.uid() = user_id) WITH CHECK (user_id IS NOT NULL);
CREATE POLICY p ON public."tab\there " FOR INSERT TO authenticated
  WITH CHECK (user_id = auth.uid()
    AND id > 0);
"""


def test_plain_report_is_the_rich_report_in_a_pipe(pg_server) -> None:
    with pg_server.database(sql=ODD) as name:
        with connect(pg_server.dsn(name), read_only=True) as conn:
            catalog = introspect(conn, ["public"])
    report = rls_report(catalog, ["public"])
    assert len(report.tables) == 4 and report.findings
    console, expected = _console()
    batched_console, got = _console()
    _print_report(console, report)  # each line a `Text`, printed by rich
    lines = BatchedLines(batched_console)
    _plain_report(lines, report)
    lines.flush()
    assert got.getvalue() == expected.getvalue()
    assert "tab" in got.getvalue() and "No tables." not in got.getvalue()
    empty_console, empty = _console()
    _print_report(empty_console, rls_report(catalog, ["nothing_here"]))
    lines = BatchedLines(batched_console)
    got.truncate(0)
    got.seek(0)
    _plain_report(lines, rls_report(catalog, ["nothing_here"]))
    lines.flush()
    assert got.getvalue() == empty.getvalue()
    assert got.getvalue().startswith("No tables.\n")


def test_plain_report_of_a_catalog_written_by_hand() -> None:
    """Expressions as a snapshot file may hold them (line breaks, runs of spaces, tabs)."""
    policies = (
        Policy("a\tb", "ALL", roles=("authenticated", "anon"), using="x  =\n  1", with_check="\ty"),
        Policy("r", "SELECT", permissive=False, roles=("PUBLIC",), using="true"),
    )
    table = Table(schema="public", name="t", rls_enabled=True, rls_forced=True, policies=policies)
    catalog = Catalog(tables={table.key: table, "public.u": Table(schema="public", name="u")})
    report = rls_report(catalog)
    console, expected = _console()
    batched_console, got = _console()
    _print_report(console, report)
    lines = BatchedLines(batched_console)
    _plain_report(lines, report)
    lines.flush()
    assert got.getvalue() == expected.getvalue()
    assert "      USING x = 1\n" in got.getvalue()
