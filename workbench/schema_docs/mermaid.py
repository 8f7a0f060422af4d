"""Mermaid `erDiagram` text that Mermaid's parser takes, whatever the database names are.

Entities are written as quoted names (`"public.users" { ... }`), the form
Mermaid has accepted since 9.2. Inside quotes Mermaid refuses `"`, `%`, `\\`
and line breaks, its preprocessor turns `#name;` into an HTML entity, labels
may be read as HTML, and its lexer takes any line containing `direction TB`
(or BT, RL, LR) as a direction statement; so those characters are replaced by
look-alikes (＂ ％ ＼ ＃ ＜ ＞ ＆, control pictures) and such a `direction`
loses its space. Two names that end up alike get ` (2)`, ` (3)`...

Attributes are `type name [PK, FK, UK] ["comment"]`, where type and name must be
words Mermaid's attribute lexer takes (a letter, then letters, digits, `_`,
`-`, `[]`, `()`); a name that is not is written as such a word and the real
name goes in the comment. The page around the diagram shows every name exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from workbench.schema_docs.file_names import visible
from workbench.schema_docs.graph import Relationship

INDENT = "    "
_LOOKALIKE = str.maketrans(
    {
        '"': "\uff02",
        "%": "\uff05",
        "\\": "\uff3c",
        "#": "\uff03",
        "<": "\uff1c",
        ">": "\uff1e",
        "&": "\uff06",
        "~": "\u223c",  # the attribute lexer reads `~...~` as a generic type
    }
)
# JavaScript's \s (what Mermaid's lexer uses), spelled out.
_JS_SPACE = "\\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_DIRECTION = re.compile(rf"(direction)[{_JS_SPACE}]+(?=(?:tb|bt|rl|lr))", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-\[\]()]*")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_NOT_WORD = re.compile(r"[^A-Za-z0-9_\-\[\]()]+")
# The attribute lexer reads PK, FK, UK (any case) as key markers when a non-word follows.
_KEY_PREFIX = re.compile(r"(?:pk|fk|uk)(?![A-Za-z0-9_])", re.IGNORECASE)


def quoted(value: str) -> str:
    """A quoted entity name or relationship label Mermaid takes."""
    text = visible(value).translate(_LOOKALIKE)
    text = _DIRECTION.sub(r"\1_", text)
    return f'"{text or "_"}"'


def _comment(value: str) -> str:
    return '"' + visible(value).translate(_LOOKALIKE) + '"'


def word(value: str, prefix: str) -> str:
    """`value` as an attribute word: kept if it is one, else made one (never a key marker)."""
    if _WORD.fullmatch(value) and not _KEY_PREFIX.match(value):
        return value
    cleaned = _NOT_WORD.sub("_", value).strip("_") or "x"
    if not cleaned[0].isascii() or not cleaned[0].isalpha() or _KEY_PREFIX.match(cleaned):
        cleaned = f"{prefix}_{cleaned}"
    return cleaned


def type_word(type_name: str) -> str:
    """A column type as an attribute word: `character varying(20)` → `character_varying(20)`."""
    return word(type_name.replace(" ", "_").replace(",", "_"), "t")


@dataclass(frozen=True)
class Attribute:
    name: str
    type: str
    keys: tuple[str, ...] = ()

    def line(self) -> str:
        return attribute_line(self.name, self.type, self.keys)


@lru_cache(maxsize=65536)
def attribute_line(name: str, type_name: str, keys: tuple[str, ...]) -> str:
    """`type name [keys] ["real name"]` (column names and types repeat across tables: cached)."""
    literal = _NAME.fullmatch(name) is not None and not _KEY_PREFIX.match(name)
    parts = [type_word(type_name), name if literal else word(name, "c")]
    if keys:
        parts.append(", ".join(keys))
    if not literal:
        parts.append(_comment(name))
    return " ".join(parts)


class Labels:
    """One distinct quoted label per table key."""

    def __init__(self) -> None:
        self._by_key: dict[str, str] = {}
        self._taken: set[str] = set()

    def __call__(self, key: str, display: str) -> str:
        label = self._by_key.get(key)
        if label is None:
            label = quoted(display)
            n = 1
            while label in self._taken:
                n += 1
                label = quoted(f"{display} ({n})")
            self._by_key[key] = label
            self._taken.add(label)
        return label


def entity(label: str, attributes: Iterable[Attribute]) -> list[str]:
    lines = [a.line() for a in attributes]
    if not lines:
        return [f"{INDENT}{label}"]
    return [f"{INDENT}{label} {{", *(f"{INDENT * 2}{line}" for line in lines), f"{INDENT}}}"]


def cardinality(rel: Relationship) -> str:
    """`parent-side` `--|..` `child-side`, read from the parent to the child."""
    parent = "|o" if rel.optional else "||"
    child = "o|" if rel.unique else "o{"
    line = "--" if rel.identifying else ".."
    return f"{parent}{line}{child}"


def relationship(parent: str, child: str, rel: Relationship) -> str:
    role = quoted(", ".join(rel.columns) or rel.name)
    return f"{INDENT}{parent} {cardinality(rel)} {child} : {role}"


def diagram(lines: Iterable[str]) -> str:
    return "\n".join(["erDiagram", *lines])
