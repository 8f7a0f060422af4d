"""New migration file names: `<version>_<slug>.sql`, shared by `workbench new` and `align`."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

from workbench.migrations.files import MIGRATION_NAME


def slug(text: str) -> str:
    """Letters (any script) and digits joined by `_`: `héllo wörld` -> `héllo_wörld`."""
    text = unicodedata.normalize("NFC", text.strip().lower())
    return re.sub(r"[\W_]+", "_", text).strip("_")[:80].rstrip("_")


def new_version(folder: Path) -> int:
    """A version after every dated one in `folder` (now, UTC, unless that is taken)."""
    taken = {int(m["version"]) for p in folder.glob("*.sql") if (m := MIGRATION_NAME.match(p.name))}
    version = int(datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S"))
    newest = max((v for v in taken if len(str(v)) == 14 and v < 99999999999999), default=0)
    version = max(version, newest + 1)
    while version in taken:
        version += 1
    return version
