"""Every `-o PATH` writes through the one helper: links, FIFOs and devices are written into,
never replaced; regular files keep their mode; new files get the umask's permissions."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from workbench.db import connect
from workbench.errors import WorkbenchError
from workbench.output_files import write_output

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def small_db(db_dsn: str) -> str:
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.things (id int PRIMARY KEY, label text)")
    return db_dsn


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _snapshot(cli, dsn: str, out: Path):
    return cli("snapshot", "--dsn", dsn, "--schema", "public", "-o", out)


def _is_snapshot(text: str) -> bool:
    return text.startswith("{") and '"things"' in text and json.loads(text)["format"] != ""


def test_new_file_gets_the_umask_permissions(cli, small_db, tmp_path, umask_022):
    out = tmp_path / "snap.json"
    result = _snapshot(cli, small_db, out)
    assert result.code == 0, result.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert _is_snapshot(out.read_text("utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snap.json"]  # no temp file left


def test_existing_regular_file_keeps_its_mode(cli, small_db, tmp_path, umask_022):
    out = tmp_path / "snap.json"
    out.write_text("old", "utf-8")
    out.chmod(0o640)
    assert _snapshot(cli, small_db, out).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert _is_snapshot(out.read_text("utf-8"))


def test_symlink_is_written_through(cli, small_db, tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old", "utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert _snapshot(cli, small_db, link).code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert _is_snapshot(target.read_text("utf-8"))


def test_hard_linked_file_stays_shared(tmp_path):
    first = tmp_path / "a.txt"
    first.write_text("old", "utf-8")
    second = tmp_path / "b.txt"
    os.link(first, second)
    write_output(first, "new")
    assert second.read_text("utf-8") == "new" and first.stat().st_ino == second.stat().st_ino


def test_fifo_is_written_into(cli, small_db, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = _snapshot(cli, small_db, fifo)
    reader.join(timeout=10)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still a FIFO
    assert _is_snapshot(received[0].decode("utf-8"))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod needs root")
def test_character_device_is_written_into_not_replaced(cli, small_db, tmp_path):
    device = tmp_path / "null_device"  # our own node of the null device, in a temp folder
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    assert _snapshot(cli, small_db, device).code == 0
    info = device.lstat()
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null_device"]


def test_unwritable_folder_is_one_line_error(cli, small_db, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", "utf-8")
    out = not_a_folder / "snap.json"  # fails for root too
    result = _snapshot(cli, small_db, out)
    assert result.code == 2
    assert result.err.startswith(f"error: cannot write {out}: ")
    assert len(result.err.strip().splitlines()) == 1
    assert not_a_folder.read_text("utf-8") == "x"


def test_exclusive_refuses_existing_files_and_links(tmp_path):
    existing = tmp_path / "m.sql"
    existing.write_text("keep", "utf-8")
    with pytest.raises(WorkbenchError, match="the file exists"):
        write_output(existing, "new", exclusive=True)
    assert existing.read_text("utf-8") == "keep"
    fresh = write_output(tmp_path / "n.sql", "new", exclusive=True)
    assert fresh.read_text("utf-8") == "new"


def test_align_revert_output_through_symlink_and_fifo(cli, small_db, tmp_path):
    project = tmp_path / "project"
    (project / "migrations").mkdir(parents=True)
    target = tmp_path / "revert.sql"
    target.write_text("old", "utf-8")
    link = tmp_path / "revert-link.sql"
    link.symlink_to(target)
    result = cli("align", "--project", project, "--dsn", small_db, "--revert", "-o", link)
    assert result.code == 0, result.err
    assert link.is_symlink() and "DROP TABLE public.things" in target.read_text("utf-8")

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = cli("align", "--project", project, "--dsn", small_db, "--revert", "-o", fifo)
    reader.join(timeout=10)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert b"DROP TABLE public.things" in received[0]


def test_benchmark_out_under_a_file_is_a_usage_error(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", "utf-8")
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            *("--no-refs", "--tui-size", "0", "--state-dir", str(tmp_path / "state")),
            *("--out", str(not_a_folder / "r.md")),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("run.py: error: --out: cannot write") and "is not a folder" in last


def test_a_snapshot_that_fails_while_reading_leaves_the_old_file(cli, tmp_path, pg_server):
    """The parts are written as they are read, into a temporary file: a failure on the
    way (here: a database that does not exist) leaves FILE and its folder as they were."""
    out = tmp_path / "snap.json"
    out.write_text("old", "utf-8")
    missing = pg_server.dsn("wb_no_such_database_anywhere")
    result = _snapshot(cli, missing, out)
    assert result.code == 2 and result.err.startswith("error: ")
    assert out.read_text("utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snap.json"]


def test_large_streamed_file_is_complete_and_leaves_no_thread(tmp_path):
    """A streamed write hands the kernel what is written, a few MB at a time, from a
    background thread (ext4 then has little to write at the rename): the file is whole,
    and the thread is gone when write_output returns, also when the writer fails."""
    path = tmp_path / "big.json"
    path.write_bytes(b"old")
    chunk = bytes(range(256)) * 4096  # 1 MB

    def write_back_threads() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name == "write-back"]

    def stream(out) -> None:
        for i in range(40):
            out.write(chunk[i:] + chunk[:i])
        assert write_back_threads()  # it runs while the writer writes

    write_output(path, stream)
    data = path.read_bytes()
    assert len(data) == 40 * len(chunk)
    assert all(
        data[i * len(chunk) : (i + 1) * len(chunk)] == chunk[i:] + chunk[:i] for i in (0, 17, 39)
    )
    assert not write_back_threads()

    def failing(out) -> None:
        for _ in range(20):
            out.write(chunk)
        raise RuntimeError("the catalog could not be read")

    with pytest.raises(RuntimeError):
        write_output(path, failing)
    assert path.read_bytes() == data  # the old file, untouched
    assert not write_back_threads()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.json"]  # no temporary left
