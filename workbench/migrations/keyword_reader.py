"""Token-level reading of statements sqlglot returns as an opaque `Command`.

Used by `analyze`: CREATE POLICY / TRIGGER / FUNCTION / EXTENSION / TYPE, ALTER
TABLE ... ENABLE ROW LEVEL SECURITY, ALTER TYPE ... ADD VALUE, DROP POLICY, DO,
COMMENT, GRANT / REVOKE, TRUNCATE and the like are recognised by their keywords;
names are read as written (quoted identifiers keep their quotes).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot.tokens import TokenType

from workbench.migrations.split import Statement, tokenize

SCHEMA, DATA, OTHER = "schema", "data", "other"
_PUNCT = {
    TokenType.L_PAREN,
    TokenType.R_PAREN,
    TokenType.COMMA,
    TokenType.SEMICOLON,
    TokenType.EQ,
    TokenType.STRING,
}


@dataclass(frozen=True)
class Action:
    """One thing a statement does."""

    text: str  # plain words
    category: str = SCHEMA  # "schema" | "data" | "other"
    destructive: str | None = None  # why it may lose data
    rerun: str | None = None  # why running it twice fails or duplicates (None: safe)
    key: tuple[str, ...] = ()  # identifies the object, e.g. ("policy", "p", "public.t")
    statement: Statement | None = None


class Words:
    """Token-level reading of a statement sqlglot could not parse."""

    def __init__(self, sql: str) -> None:
        self.sql = sql
        self.tokens = [t for t in tokenize(sql)]
        self.raw = [sql[t.start : t.end + 1] for t in self.tokens]
        self.up = [r.upper() for r in self.raw]

    def find(self, word: str, start: int = 0) -> int:
        try:
            return self.up.index(word, start)
        except ValueError:
            return -1

    def span(self, start: int, end: int) -> str:
        """The source text of tokens start..end-1, whitespace collapsed."""
        if start >= end or start >= len(self.tokens):
            return ""
        text = self.sql[self.tokens[start].start : self.tokens[end - 1].end + 1]
        return " ".join(text.split())

    def has(self, *words: str) -> bool:
        return all(w in self.up for w in words)

    def name_at(self, i: int) -> str:
        """A possibly qualified name starting at token i."""
        parts: list[str] = []
        while 0 <= i < len(self.tokens):
            token = self.tokens[i]
            if token.token_type in _PUNCT or token.token_type == TokenType.DOT:
                break
            parts.append(self.raw[i])
            if i + 1 < len(self.tokens) and self.tokens[i + 1].token_type == TokenType.DOT:
                i += 2
                continue
            break
        return ".".join(parts) or "?"

    def name_after(self, *words: str) -> str:
        """The name after the last of `words` (skipping IF [NOT] EXISTS, ONLY, CONCURRENTLY)."""
        i = -1
        for word in words:
            i = self.find(word, i + 1)
            if i < 0:
                return "?"
        i += 1
        while i < len(self.up) and self.up[i] in ("IF", "NOT", "EXISTS", "ONLY", "CONCURRENTLY"):
            i += 1
        return self.name_at(i)


def read_command(w: Words, st: Statement) -> list[Action]:
    """Token-level reading (see the module docstring)."""
    up = w.up
    if not up:
        return []
    first = up[0]
    replace = "REPLACE" in up[:4]
    if first == "CREATE":
        if w.find("POLICY") in (1, 2):
            name, table = w.name_after("POLICY"), w.name_after("POLICY", "ON")
            command = w.name_at(w.find("FOR") + 1).upper() if w.find("FOR") > 0 else "ALL"
            return [
                Action(
                    f"creates policy {name} on {table} (for {command})",
                    rerun=f"CREATE POLICY {name} without DROP POLICY IF EXISTS before it",
                    key=("policy", name, table),
                    statement=st,
                )
            ]
        if "TRIGGER" in up[:5]:
            name, table = w.name_after("TRIGGER"), w.name_after("TRIGGER", "ON")
            rerun = None if replace else f"CREATE TRIGGER {name} without OR REPLACE"
            return [
                Action(
                    f"creates trigger {name} on {table}",
                    rerun=rerun,
                    key=("trigger", name, table),
                    statement=st,
                )
            ]
        for kind in ("FUNCTION", "PROCEDURE"):
            if kind in up[:5]:
                name = w.name_after(kind)
                rerun = None if replace else f"CREATE {kind} {name} without OR REPLACE"
                return [Action(f"creates {kind.lower()} {name}()", rerun=rerun, statement=st)]
        simple = {
            "EXTENSION": ("enables extension", True),
            "SCHEMA": ("creates schema", True),
            "SEQUENCE": ("creates sequence", True),
            "DOMAIN": ("creates domain", False),
            "TYPE": ("creates type", False),
            "ROLE": ("creates role", False),
        }
        for word, (verb, guardable) in simple.items():
            if word in up[:3]:
                name = w.name_after(word)
                guarded = guardable and w.has("IF", "NOT", "EXISTS")
                if word == "TYPE" and w.has("ENUM"):
                    verb = "creates enum type"
                rerun = None if guarded else f"CREATE {word} {name} fails when it exists"
                return [Action(f"{verb} {name}", rerun=rerun, statement=st)]
    if first == "ALTER" and len(up) > 1:
        if up[1] == "TABLE":
            table = w.name_after("TABLE")
            for verb, phrase in (
                ("ENABLE", "enables"),
                ("DISABLE", "disables"),
                ("FORCE", "forces"),
            ):
                if w.has(verb, "ROW", "LEVEL", "SECURITY"):
                    return [Action(f"{phrase} RLS on {table}", statement=st)]
            if w.has("OWNER", "TO"):
                return [Action(f"changes the owner of {table}", statement=st)]
            return [Action(f"alters table {table}", statement=st)]
        if up[1] == "TYPE" and w.has("ADD", "VALUE"):
            value = w.raw[w.find("VALUE") + 1] if w.find("VALUE") + 1 < len(w.raw) else "?"
            if value.upper() == "IF":
                value = w.raw[w.find("EXISTS") + 1]
            return [Action(f"adds value {value} to enum {w.name_after('TYPE')}", statement=st)]
        if up[1] == "POLICY":
            return [
                Action(
                    f"alters policy {w.name_after('POLICY')} on {w.name_after('POLICY', 'ON')}",
                    statement=st,
                )
            ]
        return [Action(f"alters {up[1].lower()} {w.name_at(2)}", statement=st)]
    if first == "DROP" and len(up) > 1:
        kind = "materialized view" if up[1] == "MATERIALIZED" else up[1].lower()
        word = "VIEW" if up[1] == "MATERIALIZED" else up[1]
        name = w.name_after(word)
        exists = w.has("IF", "EXISTS")
        if up[1] in ("POLICY", "TRIGGER", "RULE"):
            table = w.name_after(word, "ON")
            return [
                Action(
                    f"drops {kind} {name} on {table}",
                    rerun=None if exists else f"DROP {up[1]} {name} without IF EXISTS",
                    key=(kind, name, table),
                    statement=st,
                )
            ]
        destructive = f"drops {kind} {name}" if up[1] in ("TABLE", "SCHEMA") else None
        return [
            Action(
                f"drops {kind} {name}",
                destructive=destructive,
                rerun=None if exists else f"DROP {up[1]} {name} without IF EXISTS",
                statement=st,
            )
        ]
    if first == "DO":
        return [Action("runs a DO block", category=OTHER, statement=st)]
    if first == "COMMENT":
        kind = up[2].lower() if len(up) > 2 else "?"
        return [Action(f"sets the comment on {kind} {w.name_at(3)}", statement=st)]
    if first in ("GRANT", "REVOKE"):
        on = w.find("ON")
        if on < 0:  # GRANT role TO role
            return [
                Action(
                    f"{'grants' if first == 'GRANT' else 'revokes'} role membership", statement=st
                )
            ]
        skip = on + 2 if on + 2 < len(up) and up[on + 1] in GRANT_KINDS else on + 1
        privileges = w.span(1, on) or "privileges"
        who_at = w.find("TO" if first == "GRANT" else "FROM", on)
        who = w.span(who_at + 1, len(w.tokens)) if who_at > 0 else "?"
        verb = "grants" if first == "GRANT" else "revokes"
        prep = "to" if first == "GRANT" else "from"
        return [Action(f"{verb} {privileges} on {w.name_at(skip)} {prep} {who}", statement=st)]
    if first == "TRUNCATE":
        name = w.name_after("TABLE") if "TABLE" in up[:2] else w.name_at(1)
        return [
            Action(
                f"empties table {name}",
                category=DATA,
                destructive=f"TRUNCATE {name} deletes every row",
                statement=st,
            )
        ]
    if first in ("SET", "RESET", "SELECT", "WITH", "VALUES", "CALL", "ANALYZE", "VACUUM"):
        return [Action(f"runs {first}", category=OTHER, statement=st)]
    return [Action(f"runs {' '.join(w.raw[:2])}", category=OTHER, statement=st)]


GRANT_KINDS = {
    "TABLE",
    "SEQUENCE",
    "FUNCTION",
    "PROCEDURE",
    "SCHEMA",
    "TYPE",
    "DOMAIN",
    "DATABASE",
    "ALL",
}
