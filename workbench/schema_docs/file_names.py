"""Names as they appear in files: visible control characters, and one safe file name per table.

A table's page is `<schema>.<table>.md`. Characters other than ASCII letters,
digits, `_` and `-` are written `~XX` (UTF-8 bytes in hex), so `.` separates
schema and table unambiguously, links need no URL encoding and no file system
refuses the name. Names that differ only by case get `~2`, `~3`... (in key
order) so they do not collide on case-insensitive file systems; very long
names are shortened and end in a hash of the full key.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

_SAFE = re.compile(r"[A-Za-z0-9_-]")
MAX_STEM = 200  # bytes; file systems allow 255 per name
# C0 controls and DEL as the Unicode control pictures (U+2400...), so a name with a
# newline or a tab stays on one line wherever it is shown.
# C1 controls and the Unicode line and paragraph separators (line breaks to JavaScript) as U+FFFD.
_CONTROL = (
    {i: 0x2400 + i for i in range(0x20)}
    | {0x7F: 0x2421}
    | {i: 0xFFFD for i in (*range(0x80, 0xA0), 0x2028, 0x2029)}
)


_CONTROL_BUT_TAB = {k: v for k, v in _CONTROL.items() if k != 9}


def visible(text: str, *, tabs: bool = False) -> str:
    """`text` with control characters replaced by their pictures (␊, ␉, ...); `tabs` keeps tabs."""
    if text.isascii() and text.isprintable():  # the usual case, checked in C
        return text
    return text.translate(_CONTROL_BUT_TAB if tabs else _CONTROL)


def _encode(part: str) -> str:
    out = []
    for ch in part:
        if _SAFE.fullmatch(ch):
            out.append(ch)
        else:
            out.extend(f"~{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


def _stem(schema: str, name: str) -> str:
    stem = f"{_encode(schema)}.{_encode(name)}"
    if len(stem) > MAX_STEM:
        digest = hashlib.sha1(f"{schema}\0{name}".encode()).hexdigest()[:12]
        stem = f"{stem[: MAX_STEM - 14].rstrip('~')}~{digest}"
    return stem


def table_files(tables: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """`{(schema, name): file name}` for the given tables, unique even ignoring case."""
    out: dict[tuple[str, str], str] = {}
    taken: dict[str, int] = {}
    for schema, name in sorted(tables):
        stem = _stem(schema, name)
        folded = stem.lower()
        count = taken.get(folded, 0) + 1
        taken[folded] = count
        if count > 1:
            stem = f"{stem}~{count}"
            taken[stem.lower()] = 1
        out[(schema, name)] = f"{stem}.md"
    return out


def encode_part(part: str) -> str:
    """One name as a file-name fragment (for diagram pages named after a schema)."""
    encoded = _encode(part)
    if len(encoded) > MAX_STEM // 2:
        digest = hashlib.sha1(part.encode()).hexdigest()[:12]
        encoded = f"{encoded[: MAX_STEM // 2 - 14].rstrip('~')}~{digest}"
    return encoded
