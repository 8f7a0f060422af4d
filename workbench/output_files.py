"""Writing a command's output file (`-o PATH`) safely, whatever PATH is.

`write_output(path, text)` is the one way every `-o` writes:

- a symlink is followed: its target is written, the link stays a link;
- an existing non-regular file (a FIFO, a terminal, a device) is opened and
  written into, never replaced;
- an existing regular file is replaced atomically (a temporary file renamed over
  it), keeping its permission bits; one with other hard links is rewritten in
  place, so the links keep sharing it;
- a new file gets the usual permissions (0666 minus the umask);
- `exclusive=True` refuses to replace an existing file (new migration files).

Failures are one-line `WorkbenchError`s naming the path.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from workbench.errors import WorkbenchError


def _fail(path: Path, reason: str) -> WorkbenchError:
    return WorkbenchError(f"cannot write {path}: {reason}")


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOTDIR:
        return "a parent of it is not a folder"
    return exc.strerror or str(exc)


Content = bytes | Callable[[BinaryIO], None]  # the bytes, or a writer streaming them


def _write_fd(fd: int, data: Content, *, write_back: bool = False) -> None:
    with os.fdopen(fd, "wb", buffering=1 << 20, closefd=True) as fh:
        if callable(data):
            if write_back and hasattr(os, "posix_fadvise"):
                with _WriteBack(fh) as out:
                    data(out)
            else:
                data(fh)
        else:
            fh.write(data)


class _WriteBack:
    """A file whose written data the kernel starts writing to disk in the background, a
    few MB at a time, while the writer goes on.

    Renaming a new file over an existing one makes ext4 write the new file's delayed
    data out first (`auto_da_alloc`: the replacement survives a crash without fsync);
    for a 100 MB snapshot that is ~0.06 s at the end. Started as the data is written
    (`posix_fadvise(DONTNEED)` from a thread, which releases the GIL), little is left
    for the rename: same safety, less waiting.
    """

    STEP = 8 << 20

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._fd = fh.fileno()
        self._written = 0
        self._wake = threading.Condition()
        self._upto = 0  # handed to the thread so far (changed by the writer only)
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="write-back", daemon=True)

    def __enter__(self) -> _WriteBack:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._thread.join()

    def write(self, data: bytes) -> int:
        written = self._fh.write(data)
        self._written += len(data)
        if self._written - self._upto >= self.STEP:
            self._fh.flush()
            with self._wake:
                self._upto = self._written
                self._wake.notify()
        return written

    def flush(self) -> None:
        self._fh.flush()

    def fileno(self) -> int:
        return self._fd

    def _run(self) -> None:
        done = 0
        while True:
            with self._wake:
                while self._upto == done and not self._closed:
                    self._wake.wait()
                if self._upto == done:
                    return
                upto = self._upto
            try:
                os.posix_fadvise(self._fd, done, upto - done, os.POSIX_FADV_DONTNEED)
            except OSError:  # a hint only
                return
            done = upto


def _write_into(path: Path, data: Content, *, truncate: bool) -> None:
    """Write into an existing file (FIFO, device, hard-linked file) without replacing it."""
    flags = os.O_WRONLY | (os.O_TRUNC if truncate else 0)
    _write_fd(os.open(path, flags), data)


def _write_replacing(path: Path, data: Content, mode: int | None, *, exclusive: bool) -> None:
    """Write a temporary file next to `path`, then rename (or link, if exclusive) it there."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        _write_fd(fd, data, write_back=True)
        if exclusive:
            _link_exclusively(tmp, path, data)
        else:
            os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def replace_quietly(path: Path, data: Content) -> bool:
    """Write `path` atomically (a temporary file, then a rename), creating its folder;
    False, leaving nothing behind, when that fails (for caches that can do without)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_replacing(path, data, None, exclusive=False)
    except OSError:
        return False
    return True


def _link_exclusively(tmp: Path, path: Path, data: Content) -> None:
    try:
        os.link(tmp, path)  # fails if the path exists meanwhile
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
            raise
        _write_fd(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), data)
    os.unlink(tmp)


def check_output(path: str | os.PathLike[str], *, parents: bool = False) -> None:
    """Fail early (before any slow work) when `path` can clearly not be written."""
    path = Path(path)
    real = Path(os.path.realpath(path))
    if real.is_dir():
        raise _fail(path, "it is a directory")
    if real.exists():
        return
    parent = real.parent
    while parents and not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise _fail(path, f"{parent} is not a folder")
    if not parent.exists():
        raise _fail(path, f"folder {parent} does not exist")


def write_output(
    path: str | os.PathLike[str],
    text: str | Callable[[BinaryIO], None],
    *,
    exclusive: bool = False,
    parents: bool = False,
) -> Path:
    """Write `text` (UTF-8; or a function writing bytes to the file it is given, for large
    outputs streamed as they are made) to `path` (see the module docstring); return the
    path written."""
    path = Path(path)
    data = text if callable(text) else text.encode("utf-8")
    real = Path(os.path.realpath(path))  # through symlinks: write their target
    try:
        info: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _fail(path, _reason(exc)) from None
    if info is not None and exclusive:
        raise _fail(path, "the file exists")
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise _fail(path, "it is a directory")
    try:
        if info is not None and not stat.S_ISREG(info.st_mode):
            _write_into(real, data, truncate=False)
        elif info is not None and info.st_nlink > 1:
            _write_into(real, data, truncate=True)
        else:
            if parents and not real.parent.exists():
                check_output(path, parents=True)
                real.parent.mkdir(parents=True, exist_ok=True)
            if not real.parent.is_dir():
                if real.parent.exists():
                    raise _fail(path, f"{real.parent} is not a folder")
                raise _fail(path, f"folder {real.parent} does not exist")
            mode = stat.S_IMODE(info.st_mode) if info is not None else None
            _write_replacing(real, data, mode, exclusive=exclusive)
    except FileExistsError:
        raise _fail(path, "the file exists" if exclusive else "a parent of it is a file") from None
    except OSError as exc:
        raise _fail(path, _reason(exc)) from None
    return path
