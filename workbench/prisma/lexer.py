"""Tokenizer for Prisma schema files.

Newlines are tokens (a field ends at the end of its line); `//` comments are
dropped and `///` doc comments kept as DOC tokens so they can attach to the
declaration below them. `/* ... */` block comments (Prisma 6.2+; not nested,
like C) count as whitespace wherever whitespace may stand; one that spans
lines also ends the line it starts on.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from workbench.prisma.ast import Pos, PrismaError

# Token kinds
IDENT = "identifier"
STRING = "string"
NUMBER = "number"
PUNCT = "punctuation"
NEWLINE = "newline"
DOC = "doc comment"
EOF = "end of file"


class Token(NamedTuple):
    kind: str
    text: str  # identifier/punctuation text, the decoded string, the number, the doc text
    pos: Pos

    def describe(self) -> str:
        if self.kind == NEWLINE:
            return "end of line"
        if self.kind == EOF:
            return "end of file"
        if self.kind == STRING:
            return f"string {self.text!r}"
        if self.kind == DOC:
            return "doc comment"
        return repr(self.text)


_TOKEN_RE = re.compile(
    r"""
    [ \t\r\f\v\ufeff]*
    (?:
        (?P<nl>\n)
      | (?P<block>/\*)
      | (?P<doc>///[^\n]*)
      | (?P<comment>//[^\n]*)
      | (?P<number>-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
      | (?P<ident>[A-Za-z_][A-Za-z0-9_\-]*)
      | (?P<punct>@@|[@{}()\[\],:=?.])
      | (?P<quote>")
      | (?P<end>\Z)
    )
    """,
    re.VERBOSE,
)
_KINDS = {"number": NUMBER, "ident": IDENT, "punct": PUNCT}

_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "b": "\b",
    "f": "\f",
    "'": "'",
    "0": "\0",
}


def _read_string(text: str, start: int, pos: Pos) -> tuple[str, int]:
    """Decode the string literal whose opening quote is at `start`; returns (value, end)."""
    out: list[str] = []
    i = start + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            return "".join(out), i + 1
        if ch == "\n":
            break
        if ch == "\\":
            nxt = text[i + 1 : i + 2]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            if nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", text[i + 2 : i + 6]):
                out.append(chr(int(text[i + 2 : i + 6], 16)))
                i += 6
                continue
            line_start = text.rfind("\n", 0, i) + 1
            raise PrismaError(
                f"unknown escape sequence '\\{nxt}' in string",
                Pos(pos.file, pos.line, i - line_start + 1),
            )
        out.append(ch)
        i += 1
    raise PrismaError("unterminated string (missing closing '\"')", pos)


def tokenize(text: str, file: str) -> list[Token]:
    """Split `text` into tokens; raises PrismaError at the first character it cannot read."""
    tokens: list[Token] = []
    append = tokens.append
    line, line_start, i = 1, 0, 0
    match = _TOKEN_RE.match
    while True:
        m = match(text, i)
        if m is None:
            j = i + len(text[i:]) - len(text[i:].lstrip(" \t\r\f\v\ufeff"))
            raise PrismaError(
                f"unexpected character {text[j]!r}", Pos(file, line, j - line_start + 1)
            )
        kind = m.lastgroup
        start = m.start(kind)
        i = m.end()
        if kind in _KINDS:
            append(Token(_KINDS[kind], m.group(kind), Pos(file, line, start - line_start + 1)))
        elif kind == "nl":
            append(Token(NEWLINE, "\n", Pos(file, line, start - line_start + 1)))
            line += 1
            line_start = i
        elif kind == "block":
            close = text.find("*/", i)
            if close < 0:
                raise PrismaError(
                    "unterminated block comment (missing '*/')",
                    Pos(file, line, start - line_start + 1),
                )
            newlines = text.count("\n", i, close)
            if newlines:
                append(Token(NEWLINE, "\n", Pos(file, line, start - line_start + 1)))
                line += newlines
                line_start = text.rfind("\n", i, close) + 1
            i = close + 2
        elif kind == "doc":
            append(Token(DOC, m.group(kind)[3:].strip(), Pos(file, line, start - line_start + 1)))
        elif kind == "quote":
            pos = Pos(file, line, start - line_start + 1)
            value, i = _read_string(text, start, pos)
            append(Token(STRING, value, pos))
        elif kind == "end":
            append(Token(EOF, "", Pos(file, line, start - line_start + 1)))
            return tokens
