"""The Mermaid writer on names alone: every output passes the checker, distinct names stay distinct."""

from __future__ import annotations

import pytest

from workbench.schema_docs import mermaid
from workbench.schema_docs.file_names import table_files
from workbench.schema_docs.graph import Relationship

from .mermaid_check import MermaidError, parse

NAMES = [
    "plain", 'a"b', "a\uff02b", "50%", "back\\slash", "#lt;", "<b>x</b>", "a & b", "x~y~z",
    "direction TB", "DIRECTION\u00a0lr", "new\nline", "tab\there", "a[/]b", "ünï", "日本",
    "l" * 63, "é" * 31, "end", "one", "to", "u", "1", "erDiagram", "style", "accTitle: x",
    "%%{init}%%", " spaced ", "`tick`", "a|b", "\u2028", "PK", "fk", "Uk-1", "select",
]  # fmt: skip


def _relationship(child: str, parent: str, column: str) -> Relationship:
    return Relationship(child, parent, "fk", (column,), ("id",), False, True, False)


def test_every_name_gives_a_valid_diagram() -> None:
    labels = mermaid.Labels()
    lines: list[str] = []
    for i, name in enumerate(NAMES):
        attrs = [mermaid.Attribute(name, name, ("PK",)), mermaid.Attribute("id", "integer")]
        lines += mermaid.entity(labels(f"k{i}", name), attrs)
    for i, name in enumerate(NAMES[1:], 1):
        rel = _relationship(f"k{i}", "k0", name)
        lines.append(mermaid.relationship(labels("k0", ""), labels(f"k{i}", ""), rel))
    diagram = parse(mermaid.diagram(lines))
    assert len(diagram.entities) == len(NAMES)  # none merged, none lost to a keyword
    assert len(diagram.relationships) == len(NAMES) - 1
    assert "a\uff02b" in diagram.entities and "a\uff02b (2)" in diagram.entities


@pytest.mark.parametrize("name", NAMES)
def test_attribute_words(name: str) -> None:
    line = mermaid.attribute_line(name, name, ("PK", "FK"))
    (attribute,) = parse(
        mermaid.diagram(mermaid.entity('"t"', [mermaid.Attribute(name, name)]))
    ).entities["t"]
    assert attribute[1] == name or attribute[3] is not None  # the real name kept in the comment
    assert parse(f'erDiagram\n    "t" {{\n        {line}\n    }}').entities["t"][0][2] == (
        "PK",
        "FK",
    )


def test_checker_rejects_what_mermaid_rejects() -> None:
    for bad in (
        'erDiagram\n    "a" {\n        int pk\n    }',  # key marker as a name
        'erDiagram\n    "a direction TB"',  # read as a direction statement
        'erDiagram\n    "a%b"',  # % ends the quoted name
        'erDiagram\n    "a" {\n        int x "y~z~"\n    }',  # generic type
        'erDiagram\n    "a" ||--o{ "b" : "x"',  # undeclared ends
    ):
        with pytest.raises(MermaidError):
            parse(bad)


def test_table_files_are_distinct_and_safe() -> None:
    tables = [("public", n) for n in NAMES] + [("public", "Users"), ("public", "users")]
    tables += [("a.b", "c"), ("a", "b.c")]
    files = table_files(tables)
    assert len(set(files.values())) == len(tables)
    assert len({f.lower() for f in files.values()}) == len(tables)
    assert all(len(f.encode()) <= 255 and "/" not in f for f in files.values())
