"""Names Mermaid and Markdown cannot take literally still give valid diagrams and literal pages."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import LONG, UNICODE_LONG
from .helpers import all_diagrams, links, pages
from .test_docs_relations import fk_count


def test_hostile_names_give_valid_mermaid(cli, hostile_dsn, tmp_path: Path) -> None:
    result = cli("docs", "--dsn", hostile_dsn, "-o", tmp_path)
    assert result.code == 0, result.err
    diagrams = all_diagrams(tmp_path)  # every block parses with Mermaid's lexer rules
    (whole,) = diagrams["README.md"]
    assert len(whole.relationships) == fk_count(hostile_dsn, ["public", 'we"ird schema']) == 6
    # one entity per table, all distinct, whatever had to be replaced in the label
    assert len(whole.entities) == 10
    assert "we\uff02ird schema.select" in whole.entities
    assert (
        "public.direction_TB" in whole.entities
    )  # Mermaid would read `direction TB` as a statement
    assert f"public.{LONG}" in whole.entities and f"public.{UNICODE_LONG}" in whole.entities
    select = whole.entities["we\uff02ird schema.select"]
    assert ("integer", "user", ("PK",), None) in select
    pk = whole.entities["public.a[/]b"]
    assert ("integer", "c_uk", ("FK",), "uk") in pk  # `uk` alone would be read as a key marker
    # the table's own page draws all its columns
    (own,) = diagrams["we~22ird~20schema.select.md"]
    columns = {a[3] or a[1]: a for a in own.entities["we\uff02ird schema.select"]}
    assert columns["pk"][1] == "c_pk"  # would be read as a key marker
    assert columns["FK-1"][1] == "c_FK-1"
    assert columns["a b"][1] == "a_b"
    assert "x\u223cy\u223cz" in columns  # `~` would start a generic type
    assert "50\uff05" in columns  # `%` starts a Mermaid comment
    assert all(len(d) == 1 for rel, d in diagrams.items() if rel != "README.md")


def test_hostile_names_are_literal_in_pages(cli, hostile_dsn, tmp_path: Path) -> None:
    assert cli("docs", "--dsn", hostile_dsn, "-o", tmp_path).code == 0
    files = pages(tmp_path)
    names = [f for f in files if f != "README.md"]
    assert len(names) == 10
    # safe, distinct even ignoring case, short enough for any file system
    assert all(re.fullmatch(r"[A-Za-z0-9_~.\-]+\.md", f) and len(f.encode()) <= 255 for f in names)
    assert len({f.lower() for f in names}) == len(names)
    for rel, data in files.items():
        for target in links(data.decode("utf-8")):
            assert (tmp_path / target).is_file(), (rel, target)
    page = files["public.a~5B~2F~5Db.md"].decode("utf-8")
    assert page.splitlines()[2] == "# `public.a[/]b`"
    comment = (
        "\\[blink\\]not markup\\[/blink\\] | \\<script\\>x\\</script\\> \\*no\\* \\_emphasis\\_"
    )
    assert comment in page.splitlines()
    assert "<script>" not in page
    assert "| `[red]c` | `text` | yes |" in page
    assert "\\# not a heading" in page
    # a name with a newline, a backtick and a pipe: one line, code span that shows it exactly
    (tick,) = [f for f in names if f.startswith("public.back")]
    tick_page = files[tick].decode("utf-8")
    assert "# ``public.back`tick|pipe``" in tick_page
    assert "| `new\u240aline` |" in tick_page
    readme = files["README.md"].decode("utf-8")
    assert "``public.back`tick\\|pipe``" in readme  # `|` escaped inside the table cell
