"""Migration files: discover, parse and checksum a project's migrations.

`load_project(config) -> Project` reads `migrations/` (and the configured baseline)
and `migrations_archive/`:

- a migration is `<digits>_<name>.sql`; the version is compared as a number
  (`0001_init.sql` works; Supabase's `YYYYMMDDHHMMSS` is what `workbench new` writes);
- up and down are split by dbmate's markers `-- migrate:up` / `-- migrate:down`
  (a file without markers is all up); a sibling `<version>_<name>.down.sql` is
  also accepted as the down;
- `-- workbench:no-transaction` (or dbmate's `-- migrate:up transaction:false`)
  runs the file outside a transaction;
- the checksum is the sha256 of the up section (line endings normalised);
- the baseline (`config.baseline`) is applied first on a database with no applied
  migration, whatever its version;
- archive files are listed with whatever version can be derived from their name
  (`2025-11-05_telemetry.sql` -> `20251105`) and are never executed.

Badly named files are warned about (`Project.warnings`) and skipped; duplicate
versions, non-UTF-8 files and SQL that cannot be split raise `WorkbenchError` /
`SqlError` naming the file (and line:col).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench.config import Config
from workbench.errors import ConfigError, SqlError, WorkbenchError
from workbench.migrations.split import LineMap, Statement, split_sql, tokenize
from workbench.migrations.split_cache import SplitCache, project_cache

MIGRATION_NAME = re.compile(r"^(?P<version>\d+)_(?P<name>.+)\.sql$")
DOWN_SUFFIX = ".down.sql"
_MARKER = re.compile(r"^--[ \t]*migrate:(?P<kind>up|down)\b(?P<options>[^\n]*)$", re.M)
_NO_TRANSACTION = re.compile(r"^--[ \t]*workbench:no-transaction[ \t]*\r?$", re.M)
_LINES = re.compile(r"[\r\n]")
_ARCHIVE_NAME = re.compile(r"^(?P<prefix>[0-9][0-9-]*)_(?P<name>.+)\.sql$")


@dataclass(frozen=True)
class Section:
    """The up or down SQL of a migration and where it starts in its file."""

    sql: str
    file: str  # display path (relative to the project root when inside it)
    first_line: int = 1
    statements: Sequence[Statement] = ()  # a tuple, or a cached split (split_cache)

    @property
    def empty(self) -> bool:
        return not self.statements


@dataclass(frozen=True)
class Migration:
    """One migration file (or the baseline) of `migrations/`."""

    version: str  # digits as written in the file name
    name: str
    path: Path
    file: str  # display path
    source: str  # the whole file
    up: Section
    down: Section | None  # None: the file has no down section
    transactional: bool = True
    baseline: bool = False
    checksum: str = ""

    @property
    def number(self) -> int:
        return int(self.version)

    @property
    def id(self) -> str:
        return f"{self.version}_{self.name}"


@dataclass(frozen=True)
class ArchivedMigration:
    """A file of `migrations_archive/`: shown, never executed."""

    version: str  # digits derived from the name; "" when none
    name: str
    path: Path
    file: str
    source: str

    @property
    def number(self) -> int:
        return int(self.version) if self.version else -1

    @property
    def sort_key(self) -> tuple[int, str]:
        """Chronological where the name holds a date: `20251105` sorts as 20251105000000."""
        version = self.version
        if len(version) >= 8 and version.startswith(("19", "20")) and len(version) < 14:
            version = version.ljust(14, "0")
        return (int(version) if version else -1, self.name)


@dataclass(frozen=True)
class Project:
    """The migrations of one project, in application order."""

    config: Config
    baseline: Migration | None
    migrations: tuple[Migration, ...]  # incremental migrations by version (baseline excluded)
    archive: tuple[ArchivedMigration, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def ordered(self) -> tuple[Migration, ...]:
        """Application order on an empty database: the baseline first, then by version."""
        return ((self.baseline,) if self.baseline else ()) + self.migrations

    def get(self, version: str | int) -> Migration | None:
        """The migration (or baseline) with this version, compared as a number."""
        number = int(version)
        return next((m for m in self.ordered if m.number == number), None)


def checksum(sql: str) -> str:
    """sha256 of an up section, independent of CRLF/LF line endings."""
    return hashlib.sha256(sql.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def display_path(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def read_text(path: Path, file: str) -> str:
    """A file's text; non-UTF-8 content raises SqlError at the offending byte."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbenchError(f"{file}: cannot read: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise SqlError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            file=file,
            line=line,
            col=col,
        ) from None


def parse_migration(
    path: Path,
    *,
    root: Path,
    version: str,
    name: str,
    baseline: bool = False,
    down_path: Path | None = None,
    cache: SplitCache | None = None,
) -> Migration:
    """Read one migration file (and its sibling down file, if any).

    `cache` keeps each section's split (see split_cache) so unchanged files are not
    tokenized again."""
    file = display_path(path, root)
    source = read_text(path, file)
    up, down, options = _split_sections(source, file, cache)
    no_transaction = "workbench:no-transaction" in source and _NO_TRANSACTION.search(source)
    transactional = not (no_transaction or "transaction:false" in options)
    if down_path is not None:
        down_file = display_path(down_path, root)
        if down is not None:
            raise WorkbenchError(
                f"{file}: has both a '-- migrate:down' section and a sibling {down_file}; keep one"
            )
        down_text = read_text(down_path, down_file)
        down = _section(down_text, down_file, 1, cache)
    return Migration(
        version=version,
        name=name,
        path=path,
        file=file,
        source=source,
        up=up,
        down=down,
        transactional=transactional,
        baseline=baseline,
        checksum=checksum(up.sql),
    )


def _section(text: str, file: str, first_line: int, cache: SplitCache | None = None) -> Section:
    if cache is not None:
        statements = cache.statements(text, file=file, first_line=first_line)
    else:
        statements = tuple(split_sql(text, file=file, first_line=first_line))
    return Section(sql=text, file=file, first_line=first_line, statements=statements)


def _split_sections(
    source: str, file: str, cache: SplitCache | None = None
) -> tuple[Section, Section | None, str]:
    """(up, down or None, options of the up marker) of a file's text."""
    markers = list(_MARKER.finditer(source)) if "migrate:" in source else []
    if not markers:
        return _section(source, file, 1, cache), None, ""
    lines = LineMap(source)
    seen: dict[str, re.Match[str]] = {}
    for marker in markers:
        kind = marker["kind"]
        line, _ = lines.position(marker.start())
        if kind in seen:
            raise SqlError(f"a second '-- migrate:{kind}' marker", file=file, line=line, col=1)
        if kind == "up" and "down" in seen:
            raise SqlError("'-- migrate:up' comes after '-- migrate:down'", file=file, line=line)
        seen[kind] = marker

    def body(marker: re.Match[str], end: int) -> Section:
        start = min(marker.end() + 1, len(source))  # the line after the marker
        return _section(source[start:end], file, lines.position(marker.start())[0] + 1, cache)

    up_marker, down_marker = seen.get("up"), seen.get("down")
    first = markers[0]
    head = source[: first.start()]
    if up_marker is not None and not _blank(head) and tokenize(head, file=file):
        line, col = lines.position(_first_token_offset(head))
        raise SqlError("SQL before the '-- migrate:up' marker", file=file, line=line, col=col)
    if up_marker is None:  # only a down marker: everything before it is the up section
        up = _section(head, file, 1, cache)
    else:
        up = body(up_marker, down_marker.start() if down_marker else len(source))
    down = body(down_marker, len(source)) if down_marker else None
    return up, down, up_marker["options"] if up_marker else ""


def _blank(text: str) -> bool:
    """Nothing but blanks and `--` comments: no token (the tokenizer, and its import, spared)."""
    return all(
        not line.strip(" \t") or line.lstrip(" \t").startswith("--") for line in _LINES.split(text)
    )


def _first_token_offset(text: str) -> int:
    tokens = tokenize(text)
    return tokens[0].start if tokens else 0


def _archive_entry(path: Path, root: Path, warnings: list[str]) -> ArchivedMigration:
    file = display_path(path, root)
    try:
        source = read_text(path, file)
    except SqlError as exc:
        warnings.append(f"{exc} (archived file shown without its text)")
        source = path.read_bytes().decode("utf-8", errors="replace")
    match = _ARCHIVE_NAME.match(path.name)
    if match:
        version, name = re.sub(r"\D", "", match["prefix"]), match["name"]
    else:
        version, name = "", path.name.removesuffix(".sql")
    return ArchivedMigration(version=version, name=name, path=path, file=file, source=source)


def _baseline_path(config: Config) -> Path | None:
    if not config.baseline:
        return None
    for candidate in (config.migrations_dir / config.baseline, config.root / config.baseline):
        if candidate.is_file():
            return candidate
    return None


def load_project(config: Config) -> Project:
    """Discover and parse the project's migrations, baseline and archive."""
    root = config.root
    warnings: list[str] = []
    folder = config.migrations_dir
    config.check_migrations_dir()
    files = sorted(p for p in folder.glob("*.sql") if p.is_file()) if folder.is_dir() else []
    files = [p for p in files if not p.name.startswith(".")]
    baseline_path = _baseline_path(config)
    downs = {p.name[: -len(DOWN_SUFFIX)]: p for p in files if p.name.endswith(DOWN_SUFFIX)}
    ups = [p for p in files if not p.name.endswith(DOWN_SUFFIX)]
    if baseline_path is not None and baseline_path not in ups:
        ups.append(baseline_path)

    cache = project_cache(config.state_dir)
    parsed: list[Migration] = []
    for path in ups:
        is_baseline = baseline_path is not None and path == baseline_path
        match = MIGRATION_NAME.match(path.name)
        if not match:
            shown = display_path(path, root)
            if is_baseline:
                raise ConfigError(
                    f"baseline {shown} must be named <version>_<name>.sql "
                    "(for example 99999999999999_master_consolidated_schema.sql)"
                )
            warnings.append(f"{shown}: not named <version>_<name>.sql; skipped")
            continue
        stem = path.name[: -len(".sql")]
        parsed.append(
            parse_migration(
                path,
                root=root,
                version=match["version"],
                name=match["name"],
                baseline=is_baseline,
                down_path=downs.pop(stem, None) if path.parent == folder else None,
                cache=cache,
            )
        )
    for stem, path in sorted(downs.items()):
        warnings.append(f"{display_path(path, root)}: no migration {stem}.sql for this down file")

    by_number: dict[int, Migration] = {}
    for migration in parsed:
        other = by_number.get(migration.number)
        if other is not None:
            raise WorkbenchError(
                f"duplicate migration version {migration.version}: {other.file} and {migration.file}"
            )
        by_number[migration.number] = migration
    baseline = next((m for m in parsed if m.baseline), None)
    incremental = tuple(sorted((m for m in parsed if not m.baseline), key=lambda m: m.number))

    archive: list[ArchivedMigration] = []
    archive_dir = config.archive_dir
    if config.archive and archive_dir.is_dir():
        for path in sorted(archive_dir.glob("*.sql")):
            if (
                path.is_file()
                and not path.name.startswith(".")
                and not path.name.endswith(DOWN_SUFFIX)
            ):
                archive.append(_archive_entry(path, root, warnings))
    archive.sort(key=lambda a: a.sort_key)
    return Project(
        config=config,
        baseline=baseline,
        migrations=incremental,
        archive=tuple(archive),
        warnings=tuple(warnings),
    )


def load_file(path: Path, config: Config) -> Migration:
    """Parse one migration file given on the command line (it may live outside the project)."""
    if not path.is_file():
        raise WorkbenchError(f"{path}: no such file")
    match = MIGRATION_NAME.match(path.name)
    version, name = (match["version"], match["name"]) if match else ("0", path.stem)
    baseline_path = _baseline_path(config)
    is_baseline = baseline_path is not None and path.resolve() == baseline_path.resolve()
    sibling = path.with_name(path.name[: -len(".sql")] + DOWN_SUFFIX)
    return parse_migration(
        path,
        root=config.root,
        version=version,
        name=name,
        baseline=is_baseline,
        down_path=sibling if sibling.is_file() and sibling != path else None,
        cache=project_cache(config.state_dir),
    )
