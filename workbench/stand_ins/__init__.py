"""Extension stand-ins: Supabase's extensions the embedded server lacks, as real extensions.

Each stand-in is a control file and an SQL script in `stand_ins/extension/`,
shipped as package data. The embedded (and shadow) server finds them through
PostgreSQL 18's `extension_control_path`, set to
`$system:<package>/stand_ins:<project>/.workbench/stand_ins` — `$system` first,
so a real extension (a `postgres_bin` that has it) always wins. Nothing is
written into the installed server, and nothing is installed on a `--dsn` target.

`stand_ins = ["name", ...]` in the config asks for an *empty* stand-in of any
other extension: `write_generic(state_dir, names)` generates its control file and
empty script under the project's `.workbench/stand_ins/extension/`.

A stand-in's control comment starts with "workbench stand-in", which is how
`in_use(conn)` tells which ones a database uses.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import psycopg
from psycopg import sql

from workbench.config import NOT_STOOD_IN

MARK = "workbench stand-in"
SETTING = "extension_control_path"
PROJECT_FOLDER = "stand_ins"  # under the project's .workbench/


def package_dir() -> Path:
    """The folder holding `extension/` with the shipped stand-ins."""
    return Path(str(resources.files("workbench").joinpath("stand_ins")))


def shipped() -> list[str]:
    """Names of the shipped stand-ins."""
    return sorted(p.stem for p in (package_dir() / "extension").glob("*.control"))


def project_dir(state_dir: Path) -> Path:
    """The folder holding `extension/` with the project's generated (empty) stand-ins."""
    return Path(state_dir) / PROJECT_FOLDER


def control_path(state_dir: Path) -> str:
    """The `extension_control_path` value: the real extensions first, then the stand-ins."""
    entries = ["$system", str(package_dir()), str(project_dir(state_dir).resolve())]
    return ":".join(e for e in entries if e == "$system" or ":" not in e)


def _control(comment: str) -> str:
    return (
        f"# {MARK}: see workbench's README\n"
        f"comment = '{comment}'\n"
        "default_version = '1.0'\n"
        "relocatable = true\n"
        "trusted = true\n"
    )


def write_generic(state_dir: Path, names: tuple[str, ...] | list[str]) -> Path:
    """Generate empty stand-ins for `names` (shipped ones excepted); drop stale ones."""
    folder = project_dir(state_dir) / "extension"
    ours = set(shipped())
    wanted = {n for n in names if n not in ours}
    if not wanted and not folder.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.iterdir():
        base = path.name.split("--", 1)[0].removesuffix(".control")
        if base not in wanted and path.suffix in (".control", ".sql"):
            path.unlink(missing_ok=True)
    for name in sorted(wanted):
        comment = f"{MARK}: empty, asked for by stand_ins in the config"
        files = {
            f"{name}.control": _control(comment),
            f"{name}--1.0.sql": f"-- {MARK}: an empty {name}, asked for by stand_ins\n",
        }
        for filename, text in files.items():
            path = folder / filename
            if not path.exists() or path.read_text("utf-8") != text:
                path.write_text(text, "utf-8")
    return folder


def missing_extension_advice(name: str) -> str:
    """One line for an extension the server lacks: what it is and the ways out."""
    if name in NOT_STOOD_IN:
        return (
            f'extension "{name}" is not available: PostGIS is not stood in; '
            "set postgres_bin to a PostgreSQL build with PostGIS"
        )
    if name in shipped():
        return (
            f'extension "{name}" is not available on this server '
            "(the workbench's stand-in is used only on its embedded and shadow servers)"
        )
    return (
        f'extension "{name}" is not available and has no stand-in: '
        "set postgres_bin to a PostgreSQL that has it, "
        f'or add stand_ins = ["{name}"] to the config for an empty stand-in'
    )


def _configured_value(pgdata: Path) -> str | None:
    """The value `ALTER SYSTEM` last wrote for the setting, from postgresql.auto.conf."""
    try:
        text = (Path(pgdata) / "postgresql.auto.conf").read_text("utf-8")
    except OSError:
        return None
    match = re.search(rf"^{SETTING} = '((?:[^']|'')*)'", text, re.M)
    return match[1].replace("''", "'") if match else None


def ensure_path(
    open_admin: Callable[[], psycopg.Connection], pgdata: Path, state_dir: Path
) -> None:
    """Set the embedded server's `extension_control_path` (ALTER SYSTEM + reload) if needed,
    on the autocommit connection `open_admin()` opens.

    A cheap file read when it is already right; PostgreSQL before 18 has no such
    setting, and is left alone.
    """
    value = control_path(state_dir)
    if _configured_value(pgdata) == value:
        return
    with open_admin() as conn:
        if int(conn.execute("SHOW server_version_num").fetchone()[0]) < 180000:
            return
        conn.execute(
            sql.SQL("ALTER SYSTEM SET {} = {}").format(sql.Identifier(SETTING), sql.Literal(value))
        )
        conn.execute("SELECT pg_reload_conf()")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the reload is asynchronous: wait until it is seen
            if (
                conn.execute(sql.SQL("SHOW {}").format(sql.Identifier(SETTING))).fetchone()[0]
                == value
            ):
                return
            time.sleep(0.02)


# By the control file's comment (a migration may COMMENT ON EXTENSION), or the extension's own
IN_USE = """
SELECT e.extname
FROM pg_catalog.pg_extension e
LEFT JOIN pg_catalog.pg_available_extensions a ON a.name = e.extname
WHERE pg_catalog.starts_with(coalesce(a.comment, ''), %(mark)s)
   OR pg_catalog.starts_with(coalesce(pg_catalog.obj_description(e.oid, 'pg_extension'), ''), %(mark)s)
ORDER BY 1
"""


def in_use(conn: psycopg.Connection) -> list[str]:
    """The stand-ins the connected database has created (by their comment)."""
    return [row[0] for row in conn.execute(IN_USE, {"mark": MARK}).fetchall()]
