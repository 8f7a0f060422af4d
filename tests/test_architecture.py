"""The layers of the code base, read from every import (function-level ones too).

Packages (and top-level modules) of `workbench`, low to high; a module imports only
its own layer's or lower ones, and within a layer only along `SIDEWAYS`:

  0 errors, config, redaction, output_files, findings
  1 supabase_env, stand_ins, db
  2 catalog
  3 diff (imports no db), rls, prisma, migrations (may import diff and rls)
  4 compare (drift sources, shadow databases, alignment, Prisma drift, verify), demo
  5 validate, schema_docs, views, cli, tui (tui never imports cli)

No cycles between packages or between modules; rich and textual only in views,
cli and tui.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "workbench"

LAYERS = (
    {"workbench", "errors", "config", "redaction", "output_files", "findings"},
    {"supabase_env", "stand_ins", "db", "embedded"},
    {"catalog"},
    {"diff", "rls", "prisma", "migrations"},
    {"compare", "demo"},
    {"validate", "schema_docs", "views", "cli", "tui"},
)
SIDEWAYS = {
    ("config", "errors"),
    ("output_files", "errors"),
    ("stand_ins", "config"),
    ("db", "supabase_env"),
    ("embedded", "db"),
    ("embedded", "supabase_env"),
    ("embedded", "stand_ins"),
    ("migrations", "diff"),
    ("migrations", "rls"),
    ("compare", "demo"),
    ("validate", "views"),
    ("schema_docs", "views"),
    ("cli", "validate"),
    ("cli", "schema_docs"),
    ("cli", "views"),
    ("cli", "tui"),
    ("tui", "validate"),
    ("tui", "schema_docs"),
    ("tui", "views"),
}
FORBIDDEN = {
    ("diff", "db"),  # layer 3 and 1, but the differ is pure: catalog in, SQL out
    ("tui", "cli"),  # the CLI starts the TUI; shared phrasing lives in views
}
UI_LIBRARIES = {"rich", "textual"}
UI_PACKAGES = {"views", "cli", "tui"}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, module: str, modules: set[str]) -> set[str]:
    """What `module` (at `path`) imports anywhere in it: project modules, and the top-level
    name of anything else."""
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            # `from package import module` imports the module, else the name's module
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names
            ]
        else:
            continue
        for name in names:
            target = name
            while target and target not in modules:
                target = target.rpartition(".")[0]
            found.add(target or name.split(".")[0])
    found.discard(module)
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module → what it imports, for every module of the package at `root`."""
    paths = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    return {m: imports(p, m, set(paths)) for m, p in paths.items()}


def package_of(module: str, root_name: str) -> str:
    parts = module.split(".")
    return parts[1] if parts[0] == root_name and len(parts) > 1 else parts[0]


def layer_of(package: str) -> int | None:
    return next((i for i, layer in enumerate(LAYERS) if package in layer), None)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph.get(node, ()):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def problems(root: Path) -> set[str]:
    """Every break of the layering rules in the package at `root`."""
    graph = import_graph(root)
    name = root.name
    found: set[str] = set()
    packages: dict[str, set[str]] = {}
    for module, targets in graph.items():
        mine = package_of(module, name)
        if layer_of(mine) is None:
            found.add(f"no layer: {module}")
            continue
        for target in targets:
            theirs = package_of(target, name)
            if theirs in UI_LIBRARIES and mine not in UI_PACKAGES:
                found.add(f"ui library: {module} -> {theirs}")
            if target not in graph or theirs == mine:
                continue
            packages.setdefault(mine, set()).add(theirs)
            low, high = layer_of(theirs), layer_of(mine)
            if (
                (mine, theirs) in FORBIDDEN
                or low is None
                or low > high
                or (low == high and (mine, theirs) not in SIDEWAYS)
            ):
                found.add(f"upward: {module} -> {target}")
    found.update(f"module cycle: {', '.join(c)}" for c in cycles(graph))
    found.update(f"package cycle: {', '.join(c)}" for c in cycles(packages))
    return found


def test_the_workbench_follows_its_layers() -> None:
    assert sorted(problems(ROOT)) == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "workbench"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _packages(*names: str) -> dict[str, str]:
    return {f"{n}/__init__.py": "" for n in names}


CLEAN = {
    **_packages("catalog", "diff", "migrations", "compare", "cli"),
    "errors.py": "",
    "catalog/model.py": "from workbench.errors import *\n",
    "diff/differ.py": "from workbench.catalog import model\n",
    "migrations/verify.py": "from .. import errors\nfrom workbench.diff.differ import diff\n",
    "compare/sources.py": "import workbench.migrations.verify\n",
    "cli/main.py": "import rich\nfrom workbench.compare import sources\n",
}


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, set()),
        (
            {"diff/up.py": "def f():\n    from workbench.compare.sources import x\n"},
            {
                "upward: workbench.diff.up -> workbench.compare.sources",
                "package cycle: compare, diff, migrations",
            },
        ),
        (
            {"diff/side.py": "from workbench.migrations import verify\n"},
            {
                "upward: workbench.diff.side -> workbench.migrations.verify",
                "package cycle: diff, migrations",
            },
        ),
        (
            {
                "diff/differ.py": "from . import render\n",
                "diff/render.py": "from .differ import x\n",
            },
            {"module cycle: workbench.diff.differ, workbench.diff.render"},
        ),
        (
            {"catalog/show.py": "if True:\n    import textual.app\n"},
            {"ui library: workbench.catalog.show -> textual"},
        ),
        (
            {"db.py": "", "diff/pure.py": "import workbench.db\n"},
            {"upward: workbench.diff.pure -> workbench.db"},
        ),
        ({"extra/__init__.py": ""}, {"no layer: workbench.extra"}),
    ],
)
def test_the_checker_reports_what_breaks_the_layers(
    tmp_path: Path, files: dict[str, str], expected: set[str]
) -> None:
    assert problems(_tree(tmp_path, {**CLEAN, **files})) == expected


def test_every_import_form_is_read(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            **_packages("diff"),
            "diff/a.py": "import os\nclass A:\n    def f(self):\n        from . import b\n",
            "diff/b.py": "from workbench.diff.c import name as other\n",
            "diff/c.py": "try:\n    import workbench.diff.a\nexcept ImportError:\n    pass\n",
        },
    )
    graph = import_graph(root)
    assert graph["workbench.diff.a"] == {"os", "workbench.diff.b"}
    assert graph["workbench.diff.b"] == {"workbench.diff.c"}
    assert cycles(graph) == [["workbench.diff.a", "workbench.diff.b", "workbench.diff.c"]]


def test_module_names_are_unique() -> None:
    """No two modules share a name (`align`, `shadow`, ...): a name says what a module does."""
    names: dict[str, list[str]] = {}
    for path in ROOT.rglob("*.py"):
        if path.name != "__init__.py":
            names.setdefault(path.stem, []).append(module_name(path, ROOT))
    shared = {n: ms for n, ms in names.items() if len(ms) > 1}
    assert not shared, shared


def dataclass_field_readers(root: Path, package: str) -> list[str]:
    """Modules of `package` (in the package at `root`) that read a dataclass's fields."""
    found = set()
    for path in sorted((root / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "dataclasses":
                reads = any(a.name == "fields" for a in node.names)
            else:
                reads = (
                    isinstance(node, ast.Attribute)
                    and node.attr == "fields"
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "dataclasses"
                )
            if reads:
                found.add(module_name(path, root))
    return sorted(found)


def test_the_differ_compares_the_fields_the_kinds_table_names(tmp_path: Path) -> None:
    """Which fields of an object a diff compares is decided once, in `catalog/kinds.py`."""
    assert dataclass_field_readers(ROOT, "diff") == []
    root = _tree(
        tmp_path,
        {
            **_packages("diff"),
            "diff/own.py": "import dataclasses\nnames = dataclasses.fields(x)\n",
            "diff/other.py": "from dataclasses import fields, replace\n",
            "diff/fine.py": "from dataclasses import replace\nx.fields\n",
        },
    )
    assert dataclass_field_readers(root, "diff") == ["workbench.diff.other", "workbench.diff.own"]
