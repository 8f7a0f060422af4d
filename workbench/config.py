"""Project configuration: `workbench.toml` or `[tool.workbench]` in pyproject.toml."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_BASELINE = "99999999999999_master_consolidated_schema.sql"

# Extension names the config may ask an empty stand-in for (see workbench.stand_ins);
# no "--", as PostgreSQL.
STAND_IN_NAME = re.compile(r"^(?=.{1,63}$)[a-z_][a-z0-9_]*(-[a-z0-9_]+)*$")
# Not stood in: their objects are real geometry; a fake would only defer the failure.
NOT_STOOD_IN = frozenset(
    {
        "postgis",
        "postgis_raster",
        "postgis_topology",
        "postgis_sfcgal",
        "postgis_tiger_geocoder",
        "address_standardizer",
        "address_standardizer_data_us",
        "pgrouting",
    }
)


@dataclass(frozen=True)
class TargetConfig:
    """A named target: a literal DSN or the environment variable holding one."""

    name: str
    dsn: str | None = None
    dsn_env: str | None = None


@dataclass(frozen=True)
class Config:
    """The resolved configuration of one project."""

    root: Path
    migrations: str = "migrations"
    archive: str = "migrations_archive"
    baseline: str | None = DEFAULT_BASELINE
    prisma_schema: str | None = "prisma/schema.prisma"
    schemas: tuple[str, ...] | None = None
    supabase: bool = True
    postgres_bin: str | None = None
    stand_ins: tuple[str, ...] = ()  # empty extension stand-ins to generate (see stand_ins)
    lock_timeout: str = "10s"
    statement_timeout: str = "0"
    targets: dict[str, TargetConfig] = field(default_factory=dict)
    source: str | None = None  # the file the settings came from, if any
    migrations_configured: bool = False  # the config names the folder (it must then exist)

    @property
    def migrations_dir(self) -> Path:
        return self.root / self.migrations

    @property
    def archive_dir(self) -> Path:
        return self.root / self.archive

    @property
    def prisma_path(self) -> Path | None:
        return self.root / self.prisma_schema if self.prisma_schema else None

    def check_migrations_dir(self) -> None:
        """A configured migrations folder must exist (only the default one may be missing,
        in a new project: `workbench new` creates it)."""
        folder = self.migrations_dir
        if self.migrations_configured and not folder.exists():
            raise ConfigError(
                f"{self.source}: migrations folder {self.migrations!r} does not exist ({folder}); "
                "create it, or fix the setting"
            )
        if folder.exists() and not folder.is_dir():
            raise ConfigError(f"{folder} is not a folder (the 'migrations' setting)")

    @property
    def state_dir(self) -> Path:
        """Where the embedded server keeps its data (git-ignored)."""
        return self.root / ".workbench"


_STR_KEYS = {
    "migrations",
    "archive",
    "baseline",
    "prisma_schema",
    "postgres_bin",
    "lock_timeout",
    "statement_timeout",
}
_KNOWN_KEYS = _STR_KEYS | {"schemas", "supabase", "targets", "stand_ins"}
# PostgreSQL's own syntax for a time setting: a number, optional space, optional unit.
_DURATION = re.compile(r"^\s*\d+(\.\d+)?\s*(us|ms|s|min|h|d)?\s*$")
_DURATION_KEYS = ("lock_timeout", "statement_timeout")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def _layout_defaults(root: Path) -> dict[str, str]:
    """A Supabase CLI project keeps its migrations under `supabase/`: use them when
    the project has no top-level `migrations/` and the config does not say otherwise."""
    if not (root / "migrations").is_dir() and (root / "supabase" / "migrations").is_dir():
        return {"migrations": "supabase/migrations", "archive": "supabase/migrations_archive"}
    return {}


def _stand_ins(value: Any, source: str) -> tuple[str, ...]:
    """`stand_ins = ["name", ...]`: extension names (lowercase letters, digits, _ and -)."""
    if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
        raise ConfigError(f"{source}: 'stand_ins' must be a list of extension names")
    for name in value:
        if not STAND_IN_NAME.match(name):
            raise ConfigError(
                f"{source}: stand_ins: {name!r} is not an extension name "
                "(lowercase letters, digits, '_' and '-')"
            )
        if name in NOT_STOOD_IN:
            raise ConfigError(
                f"{source}: stand_ins: {name!r} cannot be stood in; "
                "set postgres_bin to a PostgreSQL with PostGIS"
            )
    return tuple(dict.fromkeys(value))


def _parse(raw: dict[str, Any], root: Path, source: str) -> Config:
    unknown = sorted(set(raw) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{source}: unknown setting {unknown[0]!r}")
    values: dict[str, Any] = dict(_layout_defaults(root))
    for key in _STR_KEYS & set(raw):
        value = raw[key]
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{source}: {key!r} must be a string")
        values[key] = value or None if key in {"baseline", "prisma_schema"} else value
    for key in _DURATION_KEYS:
        value = values.get(key)
        if value is not None and not _DURATION.match(value):
            raise ConfigError(
                f'{source}: {key!r} must be a duration such as "10s", "500ms" or "0" '
                f"(off), not {value!r}"
            )
    for key in ("migrations", "archive"):
        if key in values and not (values[key] or "").strip():
            raise ConfigError(f"{source}: {key!r} must name a folder")
    if "schemas" in raw:
        schemas = raw["schemas"]
        if not isinstance(schemas, list) or not all(isinstance(s, str) and s for s in schemas):
            raise ConfigError(f"{source}: 'schemas' must be a list of schema names")
        values["schemas"] = tuple(schemas) or None
    if "stand_ins" in raw:
        values["stand_ins"] = _stand_ins(raw["stand_ins"], source)
    if "supabase" in raw:
        if not isinstance(raw["supabase"], bool):
            raise ConfigError(f"{source}: 'supabase' must be true or false")
        values["supabase"] = raw["supabase"]
    targets: dict[str, TargetConfig] = {}
    raw_targets = raw.get("targets", {})
    if not isinstance(raw_targets, dict):
        raise ConfigError(f"{source}: 'targets' must be a table of named targets")
    for name, spec in raw_targets.items():
        if not isinstance(spec, dict):
            raise ConfigError(f"{source}: target {name!r} must be a table")
        extra = sorted(set(spec) - {"dsn", "dsn_env"})
        if extra:
            raise ConfigError(f"{source}: target {name!r}: unknown setting {extra[0]!r}")
        dsn, dsn_env = spec.get("dsn"), spec.get("dsn_env")
        if not (isinstance(dsn, str) or isinstance(dsn_env, str)):
            raise ConfigError(f"{source}: target {name!r} needs 'dsn' or 'dsn_env'")
        targets[name] = TargetConfig(name=name, dsn=dsn, dsn_env=dsn_env)
    return Config(
        root=root,
        targets=targets,
        source=source,
        migrations_configured="migrations" in raw,
        **values,
    )


def load_config(project: str | os.PathLike[str] | None = None) -> Config:
    """Load the configuration of the project at `project` (default: the current folder)."""
    root = Path(project or ".").expanduser()
    if not root.exists():
        raise ConfigError(f"project folder {str(root)!r} does not exist")
    if not root.is_dir():
        raise ConfigError(f"project folder {str(root)!r} is not a folder")
    if not os.access(root, os.R_OK | os.X_OK):
        raise ConfigError(f"project folder {str(root)!r} is not readable")
    root = root.resolve()
    own = root / "workbench.toml"
    if own.is_file():
        return _parse(_read_toml(own), root, str(own))
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        section = _read_toml(pyproject).get("tool", {}).get("workbench")
        if section is not None:
            if not isinstance(section, dict):
                raise ConfigError(f"{pyproject}: [tool.workbench] must be a table")
            return _parse(section, root, f"{pyproject} [tool.workbench]")
    return Config(root=root, **_layout_defaults(root))
