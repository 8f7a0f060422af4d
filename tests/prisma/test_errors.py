"""Each malformed schema gives one clear error at its `file:line:col`."""

from __future__ import annotations

import pytest

from workbench.errors import WorkbenchError
from workbench.prisma.ast import PrismaError
from workbench.prisma.parser import load_schema, parse_text
from workbench.prisma.semantics import resolve

from .helpers import load_prisma_catalog

DS = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'
REL = "model B {\n  id Int @id\n  as A[]\n}\n"

# (case, schema text, line, col, part of the message)
CASES = [
    (
        "unterminated string",
        DS + 'model A {\n  id Int @id\n  n String @default("x)\n}\n',
        7,
        21,
        "unterminated string",
    ),
    ("unclosed block", DS + "model A {\n  id Int @id\n", 5, 1, "model 'A' is not closed"),
    ("bad character", DS + "model A {\n  id Int @id $\n}\n", 6, 14, "unexpected character '$'"),
    ("unknown block", DS + "table A {\n}\n", 5, 1, "expected a block"),
    ("field without type", DS + "model A {\n  id\n}\n", 6, 5, "field 'id' needs a type"),
    (
        "unknown field attribute",
        DS + "model A {\n  id Int @id @primary\n}\n",
        6,
        14,
        "attribute not known: @primary",
    ),
    (
        "unknown block attribute",
        DS + "model A {\n  id Int @id\n  @@foo([id])\n}\n",
        7,
        3,
        "attribute not known: @@foo",
    ),
    (
        "unknown field type",
        DS + "model A {\n  id Int @id\n  b Strin\n}\n",
        7,
        5,
        'type "Strin" is neither a built-in type',
    ),
    (
        "missing opposite relation field",
        DS
        + "model A {\n  id Int @id\n  bId Int\n  b B @relation(fields: [bId], references: [id])\n}\n"
        "model B {\n  id Int @id\n}\n",
        8,
        3,
        "missing an opposite relation field on B",
    ),
    (
        "relation without fields",
        DS + "model A {\n  id Int @id\n  b B\n}\n" + REL,
        7,
        3,
        "must specify fields: and references:",
    ),
    (
        "bad default literal",
        DS + 'model A {\n  id Int @id @default("one")\n}\n',
        6,
        23,
        "is not a valid default for an Int field",
    ),
    (
        "now() on an Int",
        DS + "model A {\n  id Int @id @default(now())\n}\n",
        6,
        23,
        "now() needs a DateTime field",
    ),
    (
        "native type on the wrong scalar",
        DS + "model A {\n  id Int @id @db.VarChar(3)\n}\n",
        6,
        14,
        "VarChar is not compatible with Int",
    ),
    (
        "native type arguments",
        DS + "model A {\n  id String @id @db.VarChar(1, 2)\n}\n",
        6,
        17,
        "takes 0 or 1 arguments, not 2",
    ),
    (
        "index on an unknown field",
        DS + "model A {\n  id Int @id\n  @@index([nope])\n}\n",
        7,
        12,
        "model A has no field 'nope'",
    ),
    (
        "unknown index type",
        DS + "model A {\n  id Int @id\n  @@index([id], type: Fast)\n}\n",
        7,
        23,
        "'type' must be one of BTree",
    ),
    (
        "unknown referential action",
        DS
        + "model A {\n  id Int @id\n  bId Int\n  b B @relation(fields: [bId], references: [id], onDelete: Explode)\n}\n"
        + REL,
        8,
        60,
        "'onDelete' must be one of Cascade",
    ),
    (
        "composite type used on PostgreSQL",
        DS + "type Address {\n  street String\n}\nmodel U {\n  id Int @id\n  a Address\n}\n",
        10,
        5,
        "only supported on MongoDB",
    ),
    (
        "other provider",
        'datasource db {\n  provider = "mysql"\n  url = env("X")\n}\n',
        2,
        14,
        "provider 'mysql' is not supported",
    ),
    ("no datasource", "model A {\n  id Int @id\n}\n", 1, 1, "no datasource block"),
    ("model without id", DS + "model A {\n  name String\n}\n", 5, 1, "needs a unique criteria"),
    (
        "unknown enum value default",
        DS + "enum S {\n  A\n}\nmodel M {\n  id Int @id\n  s S @default(B)\n}\n",
        10,
        16,
        "'B' is not a value of enum S",
    ),
    (
        "misspelled argument",
        DS + 'model A {\n  id Int @id\n  @@unique([id], nmae: "x")\n}\n',
        7,
        18,
        "@@unique has no argument 'nmae'",
    ),
    (
        "duplicate field",
        DS + "model A {\n  id Int @id\n  id String\n}\n",
        7,
        3,
        "field 'id' is already defined",
    ),
    (
        "@@schema without schemas",
        DS + 'model A {\n  id Int @id\n  @@schema("auth")\n}\n',
        7,
        3,
        "schemas to be listed in the datasource",
    ),
    (
        "ambiguous relations",
        DS
        + "model A {\n  id Int @id\n  b1Id Int\n  b2Id Int\n  b1 B @relation(fields: [b1Id], references: [id])\n"
        "  b2 B @relation(fields: [b2Id], references: [id])\n}\nmodel B {\n  id Int @id\n  a1 A[]\n  a2 A[]\n}\n",
        10,
        3,
        "ambiguous relation",
    ),
    (
        "unknown datasource property",
        'datasource db {\n  provider = "postgresql"\n  urll = env("X")\n}\n',
        3,
        3,
        "unknown datasource property 'urll'",
    ),
    (
        "optional list",
        DS + "model A {\n  id Int @id\n  t String[]?\n}\n",
        7,
        13,
        "optional lists are not supported",
    ),
    (
        "references not unique",
        DS
        + "model A {\n  id Int @id\n  bName String\n  b B @relation(fields: [bName], references: [name])\n}\n"
        "model B {\n  id Int @id\n  name String\n  as A[]\n}\n",
        8,
        3,
        "must be an id or a unique criteria of B",
    ),
    (
        "unterminated block comment",
        DS + "model A {\n  id Int @id /* never\n closed\n}\n",
        6,
        14,
        "unterminated block comment",
    ),
    (
        "where with an unknown field",
        DS + "model A {\n  id Int @id\n  @@index(id, where: { nope: true })\n}\n",
        7,
        22,
        "has no scalar field 'nope'",
    ),
    (
        "where with an unknown filter",
        DS + "model A {\n  id Int @id\n  @@index([id], where: { id: { like: 1 } })\n}\n",
        7,
        30,
        "unknown filter 'like'",
    ),
    (
        "where that is a number",
        DS + "model A {\n  id Int @id\n  @@unique([id], where: 3)\n}\n",
        7,
        25,
        'where: must be raw("SQL")',
    ),
    (
        "unclosed object",
        DS + "model A {\n  id Int @id\n  @@index([id], where: { id: 1 )\n}\n",
        7,
        32,
        "expected ',' or '}' in an object",
    ),
    (
        "single field shorthand naming no field",
        DS + "model A {\n  id Int @id\n  @@index(nope)\n}\n",
        7,
        11,
        "has no field 'nope'",
    ),
]


@pytest.mark.parametrize(
    ("case", "text", "line", "col", "message"), CASES, ids=[c[0] for c in CASES]
)
def test_malformed_schema_reports_file_line_col(case, text, line, col, message):
    with pytest.raises(PrismaError) as info:
        resolve(parse_text(text, "prisma/schema.prisma"))
    error = info.value
    assert isinstance(error, WorkbenchError)
    assert (error.file, error.line, error.col) == ("prisma/schema.prisma", line, col)
    assert str(error).startswith(f"prisma/schema.prisma:{line}:{col}: ")
    assert message in str(error)
    assert "\n" not in str(error)


def test_error_in_a_schema_folder_names_the_file(tmp_path):
    folder = tmp_path / "schema"
    folder.mkdir()
    (folder / "a.prisma").write_text(DS)
    (folder / "b.prisma").write_text("model A {\n  id Int @id\n  n Nope\n}\n")
    with pytest.raises(PrismaError) as info:
        load_prisma_catalog(folder)
    assert info.value.file.endswith("b.prisma")
    assert (info.value.line, info.value.col) == (3, 5)


def test_non_utf8_and_missing_files(tmp_path):
    bad = tmp_path / "schema.prisma"
    bad.write_bytes(DS.encode() + b"model A {\n  id Int @id // caf\xe9\n}\n")
    with pytest.raises(PrismaError, match=r"schema.prisma:6:20: file is not valid UTF-8"):
        load_schema(bad)
    with pytest.raises(PrismaError, match="Prisma schema not found"):
        load_schema(tmp_path / "missing.prisma")
    (tmp_path / "empty").mkdir()
    with pytest.raises(PrismaError, match="no .prisma files"):
        load_schema(tmp_path / "empty")
