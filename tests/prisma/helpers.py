"""Helpers the Prisma tests share."""

from __future__ import annotations

import os
from pathlib import Path

from workbench.catalog.model import Catalog
from workbench.prisma.parser import load_schema
from workbench.prisma.semantics import resolve
from workbench.prisma.to_catalog import to_catalog


def load_prisma_catalog(path: str | os.PathLike[str]) -> Catalog:
    """Parse, validate and convert the Prisma schema file or folder at `path`."""
    return to_catalog(resolve(load_schema(Path(path))))
