"""The documentation directory: compare it with the pages, or bring it up to date in place.

Files are written in place (opened, truncated, written), never replaced by
renaming a temporary file over them: a path that is a symlink, a directory or
anything but a regular file is refused rather than followed or replaced.
Pages that are already identical are not touched. The directory belongs to
`workbench docs`: Markdown files in it that are no longer generated (a dropped
table's page) are extra; writing removes them, checking lists them.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import WorkbenchError


@dataclass
class Comparison:
    """How a directory differs from the pages (relative paths, sorted)."""

    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    same: int = 0

    @property
    def clean(self) -> bool:
        return not (self.changed or self.missing or self.extra)


def usable_directory(directory: Path) -> None:
    """Refuse an output path that exists and is not a directory."""
    if directory.is_symlink() and not directory.exists():
        raise WorkbenchError(f"{directory}: a broken symbolic link, not a directory")
    if directory.exists() and not directory.is_dir():
        raise WorkbenchError(f"{directory}: not a directory")


def _regular(path: Path, rel: str) -> bool:
    """True when `path` is a regular file; False when absent; an error for anything else."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise WorkbenchError(f"cannot read {rel}: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise WorkbenchError(f"{path}: not a regular file (refusing to follow or replace it)")
    return True


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise WorkbenchError(f"cannot read {path}: {exc.strerror}") from None


def _existing_pages(directory: Path) -> list[str]:
    """Markdown files under `directory`, as sorted relative POSIX paths."""
    if not directory.is_dir():
        return []
    found = []
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        for name in files:
            if name.endswith(".md"):
                found.append(Path(root, name).relative_to(directory).as_posix())
    return sorted(found)


def compare(directory: Path, pages: dict[str, str]) -> Comparison:
    """What `write` would change in `directory`; nothing is written."""
    usable_directory(directory)
    result = Comparison()
    for rel, text in pages.items():
        path = directory / rel
        if not _regular(path, rel):
            result.missing.append(rel)
        elif _read(path) != text.encode("utf-8"):
            result.changed.append(rel)
        else:
            result.same += 1
    result.extra = [rel for rel in _existing_pages(directory) if rel not in pages]
    return result


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise WorkbenchError(f"cannot write {path}: {exc.strerror}") from None


def write(directory: Path, pages: dict[str, str]) -> Comparison:
    """Bring `directory` up to date: write changed and missing pages, remove extra ones."""
    result = compare(directory, pages)
    for rel in result.missing + result.changed:
        _write(directory / rel, pages[rel].encode("utf-8"))
    for rel in result.extra:
        try:
            (directory / rel).unlink()
        except OSError as exc:
            raise WorkbenchError(f"cannot remove {directory / rel}: {exc.strerror}") from None
    return result
