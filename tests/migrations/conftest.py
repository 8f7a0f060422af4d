"""Fixtures for the migration tests: small throwaway projects in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ProjectFactory = Callable[..., Path]


@pytest.fixture
def make_project(tmp_path: Path) -> ProjectFactory:
    """`make_project({"0001_init.sql": "...", ...}, archive={...}, config="...")` -> project root.

    Values may be `str` (written as UTF-8) or `bytes` (written as is).
    """
    counter = iter(range(1000))

    def make(
        files: dict[str, str | bytes] | None = None,
        *,
        archive: dict[str, str | bytes] | None = None,
        config: str | None = None,
    ) -> Path:
        root = tmp_path / f"project{next(counter)}"
        (root / "migrations").mkdir(parents=True)
        for folder, entries in (("migrations", files), ("migrations_archive", archive)):
            if entries is None:
                continue
            (root / folder).mkdir(exist_ok=True)
            for name, content in entries.items():
                path = root / folder / name
                if isinstance(content, bytes):
                    path.write_bytes(content)
                else:
                    path.write_text(content, "utf-8")
        if config is not None:
            (root / "workbench.toml").write_text(config, "utf-8")
        return root

    return make


@pytest.fixture(scope="module")
def shared_db_dsn(pg_server):
    """One database for a module's tests that must leave it unchanged (cheaper than one each)."""
    with pg_server.database(prefix="wb_mig_shared") as name:
        yield pg_server.dsn(name)
