"""The engine never imports the UI."""

from __future__ import annotations

import subprocess
import sys

ENGINE = [
    "workbench.catalog",
    "workbench.catalog.model",
    "workbench.catalog.snapshot",
    "workbench.db",
    "workbench.config",
]
OPTIONAL = [
    "workbench.catalog.introspect",
    "workbench.catalog.ddl",
    "workbench.migrations.files",
    "workbench.migrations.runner",
    "workbench.diff.differ",
    "workbench.diff.sql",
    "workbench.rls.access",
    "workbench.rls.lints",
    "workbench.rls.simulate",
    "workbench.prisma.parser",
    "workbench.schema_docs.build",
]


def test_engine_packages_do_not_import_textual() -> None:
    code = (
        "import importlib, importlib.util, sys\n"
        f"mods = {ENGINE!r} + [m for m in {OPTIONAL!r} if importlib.util.find_spec(m)]\n"
        "for m in mods: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(len(mods)); assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_engine_sources_have_no_textual_import() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "workbench"
    offenders = []
    for package in ("catalog", "migrations", "diff", "rls", "prisma", "lint", "schema_docs"):
        for path in (root / package).rglob("*.py"):
            for line in path.read_text("utf-8").splitlines():
                stripped = line.strip()
                if stripped.startswith(("import textual", "from textual")):
                    offenders.append(f"{path}: {stripped}")
    assert not offenders
