"""`build_docs(catalog)`: every page of the documentation, as `{relative path: text}`.

Deterministic: pages depend only on the catalog (sorted keys, no clock), so the
same database gives the same bytes, and `--check` can compare them.
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench.catalog.model import Catalog
from workbench.rls.linter import Linter
from workbench.rls.lints import lint_catalog
from workbench.schema_docs.diagram_groups import split
from workbench.schema_docs.diagrams import whole
from workbench.schema_docs.file_names import encode_part, table_files
from workbench.schema_docs.graph import Graph, documented_keys
from workbench.schema_docs.pages import Site, table_page
from workbench.schema_docs.readme import diagram_file, diagram_page, readme
from workbench.supabase_env import MANAGED_SCHEMAS


def _schemas(
    catalog: Catalog, keys: list[str], wanted: set[str] | None
) -> list[tuple[str, str | None]]:
    names = {catalog.tables[k].schema for k in keys}
    if wanted is not None:
        names |= wanted & set(catalog.schemas)
    else:
        names |= {s for s in catalog.schemas if s not in MANAGED_SCHEMAS}
    return [
        (n, catalog.schemas[n].comment if n in catalog.schemas else None) for n in sorted(names)
    ]


def build_docs(catalog: Catalog, schemas: Iterable[str] | None = None) -> dict[str, str]:
    """The documentation of the tables of `schemas` (default: all but Supabase-managed ones)."""
    wanted = set(schemas) if schemas is not None else None
    keys = documented_keys(catalog, wanted)
    graph = Graph(catalog, keys)
    linter = Linter(catalog)
    findings: dict[str, list] = {}
    for f in lint_catalog(catalog, wanted, linter=linter):
        findings.setdefault(f.table_key, []).append(f)
    names = table_files((catalog.tables[k].schema, catalog.tables[k].name) for k in keys)
    site = Site(
        graph=graph,
        files={k: names[(catalog.tables[k].schema, catalog.tables[k].name)] for k in keys},
        model=linter.model,
        interest=linter.model.roles_of_interest(),
        findings=findings,
    )
    out: dict[str, str] = {}
    diagram = whole(graph)
    groups: list = []
    if diagram is None:
        split_groups = split(graph)
        numbers: dict[str, int] = {}
        width = len(str(len(split_groups)))
        for g in split_groups:
            numbers[g.schema] = numbers.get(g.schema, 0) + 1
            groups.append((diagram_file(encode_part(g.schema), numbers[g.schema], width), g))
        for i, (file, g) in enumerate(groups, 1):
            out[file] = diagram_page(site, file, g, i, len(groups))
    out["README.md"] = readme(site, _schemas(catalog, keys, wanted), diagram, groups)
    for key in keys:
        out[site.files[key]] = table_page(site, catalog.tables[key])
    return dict(sorted(out.items()))
