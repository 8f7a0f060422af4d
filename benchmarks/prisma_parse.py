"""Time parsing a Prisma schema of real-world size (70+ models) into a Catalog.

    python benchmarks/prisma_parse.py [--models 80] [--repeat 20]

Prints the best and median time of each stage (tokenize+parse, resolve,
to_catalog) over the repeats. The issue's target: well under a second for 80
models (in practice a few tens of milliseconds).
"""

from __future__ import annotations

import argparse
import statistics
import time

from workbench.prisma.parser import parse_text
from workbench.prisma.semantics import resolve
from workbench.prisma.to_catalog import to_catalog

HEADER = """datasource db {
  provider  = "postgresql"
  url       = env("DATABASE_URL")
  directUrl = env("DIRECT_URL")
}

generator client {
  provider = "prisma-client-js"
}

enum Status {
  ACTIVE
  INACTIVE @map("inactive")
  ARCHIVED
}
"""


def generate_schema(models: int) -> str:
    """A schema of `models` models, each related to the previous one and to the first."""
    parts = [HEADER]
    for i in range(models):
        back = [
            f'  children{j} Model{j}[] @relation("m{j}_parent")' for j in (i + 1,) if j < models
        ]
        if i > 0:
            back.append(f'  tagged     Model0[] @relation("m{i}_tags")')
        if i == 0:
            back += [f'  tags{j}     Model{j}[] @relation("m{j}_tags")' for j in range(1, models)]
        parent = (
            f'  parentId   String?  @map("parent_id") @db.Uuid\n'
            f'  parent     Model{i - 1}? @relation("m{i}_parent", fields: [parentId], references: [id], onDelete: SetNull)\n'
            if i > 0
            else ""
        )
        parts.append(
            f"""/// Model number {i}.
model Model{i} {{
  id         String   @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  name       String   @db.VarChar(120)
  slug       String   @unique
  status     Status   @default(ACTIVE)
  count      Int      @default(0)
  total      Decimal  @default(0) @db.Decimal(12, 2)
  ratio      Float?
  flags      String[] @default([])
  data       Json     @default("{{}}")
  createdAt  DateTime @default(now()) @map("created_at") @db.Timestamptz(6)
  updatedAt  DateTime @updatedAt @map("updated_at")
{parent}{chr(10).join(back)}

  @@index([status, createdAt(sort: Desc)])
  @@index([data(ops: JsonbPathOps)], type: Gin)
  @@map("model_{i}")
}}
"""
        )
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=80)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    text = generate_schema(args.models)
    times: dict[str, list[float]] = {"parse": [], "resolve": [], "to_catalog": [], "total": []}
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        ast = parse_text(text, "schema.prisma")
        t1 = time.perf_counter()
        resolved = resolve(ast)
        t2 = time.perf_counter()
        catalog = to_catalog(resolved)
        t3 = time.perf_counter()
        for key, value in (
            ("parse", t1 - t0),
            ("resolve", t2 - t1),
            ("to_catalog", t3 - t2),
            ("total", t3 - t0),
        ):
            times[key].append(value)
    lines = text.count("\n")
    print(f"{args.models} models, {len(catalog.tables)} tables, {lines} lines, {args.repeat} runs")
    for key, values in times.items():
        print(
            f"  {key:<11} best {min(values) * 1000:7.1f} ms   median {statistics.median(values) * 1000:7.1f} ms"
        )


if __name__ == "__main__":
    main()
