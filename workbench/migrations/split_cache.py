"""A cache of `split_sql` results, one small file per SQL text, keyed by its checksum.

Tokenizing a migration (sqlglot's pure-Python tokenizer) is the cost of loading a
large project: 7 MB of SQL take ~40 s. An unchanged text splits the same way every
time, so `SplitCache(folder).split(text, file=..., first_line=...)` stores where each
statement starts and ends, and its keywords, under `<folder>/<sha256 of the text>`
and rebuilds the statements from the text the next time without tokenizing.

The key is the text itself (any edit is a miss) and the splitter's format version.
A cache file that cannot be read, decoded or does not fit the text is ignored and
rewritten; a folder that cannot be written leaves the cache off. Texts that fail to
split (unterminated literals) are never cached: they raise as before.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import msgspec

from workbench.migrations.split import LineMap, Statement, has_statement, split_sql, statement_at
from workbench.output_files import replace_quietly

FORMAT = "split-v1"
# Texts shorter than this split faster than a cache file is read.
MIN_CACHED = 4096

_Entry = tuple[int, int, tuple[str, ...]]  # start, end (exclusive), keywords
_decoder = msgspec.msgpack.Decoder(list[_Entry])
_encoder = msgspec.msgpack.Encoder()


class SplitCache:
    """`split_sql` with its results kept under `folder` (None: no cache)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def split(self, text: str, *, file: str | None = None, first_line: int = 1) -> list[Statement]:
        """The statements of `text`, as `split_sql` returns them."""
        return list(self.statements(text, file=file, first_line=first_line))

    def statements(
        self, text: str, *, file: str | None = None, first_line: int = 1
    ) -> Sequence[Statement]:
        """The statements of `text`: a tuple, or a sequence built on first use.

        A hit knows its length at once (`Section.empty`, all `status` asks) and builds the
        `Statement`s only when one is read. A miss that `has_statement` vouches for (it
        surely splits, into at least one statement) is tokenized only when one is read:
        a first `status` of a freshly cloned project tokenizes nothing."""
        if self.folder is None or len(text) < MIN_CACHED:
            return tuple(split_sql(text, file=file, first_line=first_line))
        path = self.folder / _key(text)
        entries = _read(path, len(text))
        if entries is not None:
            self.hits += 1
            return CachedStatements(text, entries, file, first_line)
        if has_statement(text):  # surely splits, surely not empty: split when first read
            return DeferredSplit(self, text, path, file, first_line)
        return self.split_and_store(text, path, file, first_line)

    def split_and_store(
        self, text: str, path: Path, file: str | None, first_line: int
    ) -> tuple[Statement, ...]:
        """Tokenize `text` and store its split at `path` (a miss)."""
        self.misses += 1
        statements = tuple(split_sql(text, file=file, first_line=first_line))
        _write(path, [(s.start, s.start + len(s.sql), s.keywords) for s in statements])
        return statements


class _LazyStatements(Sequence[Statement]):
    """Behaves as the tuple of a text's statements, built on first use by `_build`."""

    _built: tuple[Statement, ...] | None = None

    def _build(self) -> tuple[Statement, ...]:
        raise NotImplementedError

    def _all(self) -> tuple[Statement, ...]:
        if self._built is None:
            self._built = self._build()
        return self._built

    def __len__(self) -> int:
        return len(self._all())

    def __bool__(self) -> bool:
        return bool(self._all())

    def __getitem__(self, index):  # type: ignore[override]
        return self._all()[index]

    def __iter__(self) -> Iterator[Statement]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _LazyStatements | tuple | list):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


class CachedStatements(_LazyStatements):
    """A cached split: behaves as the tuple of statements, built on first use."""

    def __init__(self, text: str, entries: list[_Entry], file: str | None, first_line: int) -> None:
        self._text, self._entries, self._file, self._first_line = text, entries, file, first_line

    def _build(self) -> tuple[Statement, ...]:
        text, file = self._text, self._file
        lines = LineMap(text, self._first_line)
        paused = gc.isenabled()
        gc.disable()  # tens of thousands of new objects, no cycles: spare the collector
        try:
            return tuple(_statement(text, e, lines, file) for e in self._entries)
        finally:
            if paused:
                gc.enable()

    def __len__(self) -> int:
        return len(self._entries)

    def __bool__(self) -> bool:
        return bool(self._entries)


class DeferredSplit(_LazyStatements):
    """A text not in the cache that surely holds a statement (`has_statement`): split,
    and the split stored, only when a statement is read (`status` reads none)."""

    def __init__(
        self, cache: SplitCache, text: str, path: Path, file: str | None, first_line: int
    ) -> None:
        self._cache, self._text, self._path = cache, text, path
        self._file, self._first_line = file, first_line

    def _build(self) -> tuple[Statement, ...]:
        return self._cache.split_and_store(self._text, self._path, self._file, self._first_line)

    def __bool__(self) -> bool:
        return True


def project_cache(state_dir: Path) -> SplitCache:
    """The cache of a project: `.workbench/cache/split/`."""
    return SplitCache(Path(state_dir) / "cache" / "split")


def _key(text: str) -> str:
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _read(path: Path, length: int) -> list[_Entry] | None:
    """The entries stored at `path`, or None when missing, unreadable or not fitting."""
    try:
        entries = _decoder.decode(path.read_bytes())
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None
    previous = 0
    for start, end, _ in entries:  # ordered, disjoint, inside the text
        if not previous <= start < end <= length:
            return None
        previous = end
    return entries


def _write(path: Path, entries: list[_Entry]) -> None:
    """Store the entries (atomically); a folder that cannot be written is skipped."""
    replace_quietly(path, _encoder.encode(entries))


def _statement(text: str, entry: _Entry, lines: LineMap, file: str | None) -> Statement:
    start, end, keywords = entry
    return statement_at(text, start, end, tuple(keywords), lines, file)
