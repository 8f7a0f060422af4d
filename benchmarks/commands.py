"""The commands a user runs, as whole processes, and the references beside them.

Each tool is one command line run in a fresh process from an empty project
folder, its standard output going to a real file; what it writes with `-o` /
`-f` goes to a real file too. The time is the process's wall time, from the
interpreter's start to its exit.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks import server

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Command:
    argv: list[str]
    reports_json: bool = False  # prints one JSON line with its own timing (in-process tools)
    ok_codes: tuple[int, ...] = (0,)


# Whole processes, in the order of the report's first table.
WHOLE = (
    "wb_snapshot",
    "pg_dump",
    "schemainspect",
    "wb_from_snapshot",
    "wb_diff_sql",
    "migra",
    "wb_rls",
    "wb_validate",
)
# In-process breakdown (imports excluded): what the tools above spend in their work.
INPROC = ("workbench", "floor", "workbench_diff", "wb_load")
DIFF_TOOLS = ("wb_from_snapshot", "wb_diff_sql", "migra", "workbench_diff")
REFERENCE_TOOLS = ("schemainspect", "migra")


def workbench(*args: str) -> list[str]:
    """`workbench ARGS` as a user runs it: the installed console script (its entry point,
    `workbench.cli.main:run`), else the module."""
    script = Path(sys.executable).parent / "workbench"
    if script.is_file():
        return [str(script), *args]
    return [sys.executable, "-m", "workbench.cli.main", *args]


def compile_package() -> None:
    """Write the package's bytecode, as `pip install .` does: the measured processes then
    load it as a user's install does, also where the package is an editable checkout and
    PYTHONDONTWRITEBYTECODE is set (each process would otherwise compile every module)."""
    import compileall

    import workbench

    compileall.compile_dir(str(Path(workbench.__file__).parent), quiet=1)


def snapshot_file(work: Path, dsn_name: str) -> Path:
    return work / f"{dsn_name}.json"


def commands(
    base_dsn: str,
    drift_dsn: str | None,
    ref_python: Path | None,
    work: Path,
) -> dict[str, Command]:
    """Every tool's command line at one size. `work`: an empty folder for project and files."""
    py = sys.executable
    measure, ref = str(HERE / "measure.py"), str(HERE / "ref_measure.py")
    a, b = base_dsn, drift_dsn
    snap_a, snap_b = work / "base.json", work / "drift.json"
    cmds = {
        "wb_snapshot": Command(workbench("snapshot", "--dsn", a, "-o", str(work / "out.json"))),
        "pg_dump": Command(
            [str(server.pg_dump_path()), "--schema-only", "-d", a, "-f", str(work / "dump.sql")]
        ),
        "wb_rls": Command(workbench("rls", "--dsn", a), ok_codes=(0, 1)),
        "wb_validate": Command(workbench("validate", "--dsn", a), ok_codes=(0, 1)),
        "workbench": Command([py, measure, "introspect", a], reports_json=True),
        "floor": Command([py, measure, "floor", a], reports_json=True),
        "wb_load": Command([py, measure, "load", str(snap_a)], reports_json=True),
    }
    if b is not None:
        cmds["wb_diff_sql"] = Command(workbench("diff", "--from", a, "--to", b, "--format", "sql"))
        cmds["wb_from_snapshot"] = Command(
            workbench("diff", "--from", f"snapshot:{snap_a}", "--to", f"snapshot:{snap_b}")
            + ["--format", "sql"]
        )
        cmds["workbench_diff"] = Command([py, measure, "diff", a, b], reports_json=True)
    if ref_python is not None:
        cmds["schemainspect"] = Command([str(ref_python), ref, "schemainspect", a], True)
        if b is not None:
            migra = ref_python.parent / "migra"
            cmds["migra"] = Command([str(migra), "--unsafe", a, b], ok_codes=(0, 2))
    return cmds


def snapshot_setup(base_dsn: str, drift_dsn: str | None, work: Path) -> list[list[str]]:
    """Commands that write the snapshot files `wb_from_snapshot` and `wb_load` read."""
    out = [workbench("snapshot", "--dsn", base_dsn, "-o", str(work / "base.json"))]
    if drift_dsn is not None:
        out.append(workbench("snapshot", "--dsn", drift_dsn, "-o", str(work / "drift.json")))
    return out
