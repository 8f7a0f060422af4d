"""A strict checker for the Mermaid `erDiagram` subset `workbench docs` writes.

The lexer follows Mermaid's own grammar (packages/mermaid/src/diagrams/er/
parser/erDiagram.jison): jison tries the rules of the current start condition
in order and takes the first that matches at the current position (not the
longest), case-insensitively. The rules are transcribed for the two start
conditions a diagram of ours uses (INITIAL and `block`); reaching any other
(accTitle, style, ...) is an error here. The parser accepts the statements of
the grammar that we emit, and is stricter than Mermaid where older Mermaid
versions were: attribute words must start with a letter and hold only letters,
digits, `_`, `-`, `[]`, `()`; entity names must be quoted; no `%`, `#`, `<`,
`>`, `&` anywhere (Mermaid's preprocessor reads `#name;` as an entity);
relationship ends must be declared entities; Mermaid's default limits
(50,000 characters, 500 edges) hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

I = re.IGNORECASE  # noqa: E741 - jison's case-insensitive option
A = re.ASCII  # JavaScript's \w and \b are ASCII
JS_SPACE = "\\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
JS_DOT = "[^\\n\\r\u2028\u2029]"  # JavaScript's `.`

# (pattern, token); token None: skip; "BLOCK" / "POP": enter / leave the block state;
# "UNSUPPORTED:...": a start condition or statement we never emit.
INITIAL = [
    (r'accTitle\s*":"\s*', "UNSUPPORTED:accTitle"),
    (r'accDescr\s*":"\s*', "UNSUPPORTED:accDescr"),
    (r'accDescr\s*"{"\s*', "UNSUPPORTED:accDescr"),
    (rf"{JS_DOT}*direction[{JS_SPACE}]+TB{JS_DOT}*", "UNSUPPORTED:direction"),
    (rf"{JS_DOT}*direction[{JS_SPACE}]+BT{JS_DOT}*", "UNSUPPORTED:direction"),
    (rf"{JS_DOT}*direction[{JS_SPACE}]+RL{JS_DOT}*", "UNSUPPORTED:direction"),
    (rf"{JS_DOT}*direction[{JS_SPACE}]+LR{JS_DOT}*", "UNSUPPORTED:direction"),
    (r"[ \t\r]+", None),
    (r"\n+", "NEWLINE"),
    (r'"[^"%\r\n\v\x08\\]+"', "ENTITY_NAME"),
    (r'"[^"]*"', "WORD"),
    (r"erDiagram", "ER_DIAGRAM"),
    (r"\{", "BLOCK_START"),
    (r"#", "BRKT"),
    (r",", "COMMA"),
    (r":::", "STYLE_SEPARATOR"),
    (r":", "COLON"),
    (r"\[", "SQS"),
    (r"\]", "SQE"),
    (r"style", "UNSUPPORTED:style"),
    (r"classDef", "UNSUPPORTED:classDef"),
    (r"class", "CLASS"),
    (r"subgraph", "SUBGRAPH"),
    (r"end\b\s*", "END"),
    (r"one or zero", "ZERO_OR_ONE"),
    (r"one or more", "ONE_OR_MORE"),
    (r"one or many", "ONE_OR_MORE"),
    (r"1\+", "ONE_OR_MORE"),
    (r"\|o", "ZERO_OR_ONE"),
    (r"zero or one", "ZERO_OR_ONE"),
    (r"zero or more", "ZERO_OR_MORE"),
    (r"zero or many", "ZERO_OR_MORE"),
    (r"0\+", "ZERO_OR_MORE"),
    (r"\}o", "ZERO_OR_MORE"),
    (r"many\(0\)", "ZERO_OR_MORE"),
    (r"many\(1\)", "ONE_OR_MORE"),
    (r"many", "ZERO_OR_MORE"),
    (r"\}\|", "ONE_OR_MORE"),
    (r"one", "ONLY_ONE"),
    (r"only one", "ONLY_ONE"),
    (r"[0-9]+\.[0-9]+", "DECIMAL_NUM"),
    (r"1(?=\s+[A-Za-z_\"'])", "ONLY_ONE"),
    (r"1(?=\s+[0-9])", "ONLY_ONE"),
    (r"1(?=(--|\.\.|\.-|-\.))", "ONLY_ONE"),
    (r"1", "ENTITY_ONE"),
    (r"[0-9]+", "NUM"),
    (r"\|\|", "ONLY_ONE"),
    (r"o\|", "ZERO_OR_ONE"),
    (r"o\{", "ZERO_OR_MORE"),
    (r"\|\{", "ONE_OR_MORE"),
    (r"u(?=[.\-|])", "MD_PARENT"),
    (r"\.\.", "NON_IDENTIFYING"),
    (r"--", "IDENTIFYING"),
    (r"to", "IDENTIFYING"),
    (r"optionally to", "NON_IDENTIFYING"),
    (r"\.-", "NON_IDENTIFYING"),
    (r"-\.", "NON_IDENTIFYING"),
    (r"([^\x00-\x7F]|\w|-|\*|\.)+", "UNICODE_TEXT"),
    (rf"{JS_DOT}", "CHAR"),
]
BLOCK = [
    (rf"[{JS_SPACE}]+", None),
    (r"\b((?:PK)|(?:FK)|(?:UK))\b", "ATTRIBUTE_KEY"),
    (rf"([^{JS_SPACE}]*)[~]{JS_DOT}*[~]([^{JS_SPACE}]*)", "ATTRIBUTE_WORD~"),
    (
        r"([\*A-Za-z_\u00C0-\uFFFF][A-Za-z0-9\-\_\[\]\(\)\.,\u00C0-\uFFFF\*]*)",
        "ATTRIBUTE_WORD",
    ),
    (r"`", "UNSUPPORTED:backquoted attribute"),
    (r'"[^"]*"', "COMMENT"),
    (r"\n+", None),
    (r"\}", "BLOCK_STOP"),
    (rf"{JS_DOT}", "CHAR"),
]
_COMPILED = {
    "INITIAL": [
        (re.compile(p, I | (A if ("\\w" in p or "\\b" in p) else 0)), t) for p, t in INITIAL
    ],
    "block": [(re.compile(p, I | (A if "\\b" in p else 0)), t) for p, t in BLOCK],
}
CARDINALITIES = {"ZERO_OR_ONE", "ZERO_OR_MORE", "ONE_OR_MORE", "ONLY_ONE", "MD_PARENT"}
REL_TYPES = {"NON_IDENTIFYING", "IDENTIFYING"}
STRICT_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-\[\]()]*")
MAX_TEXT = 50_000
MAX_EDGES = 500


class MermaidError(AssertionError):
    """The diagram would not parse (or leaves the subset we emit)."""


@dataclass
class Token:
    kind: str
    text: str
    line: int


@dataclass
class ErDiagram:
    entities: dict[str, list[tuple[str, str, tuple[str, ...], str | None]]] = field(
        default_factory=dict
    )  # name -> [(type, name, keys, comment)]
    relationships: list[tuple[str, str, str, str]] = field(default_factory=list)  # a, spec, b, role


def tokens(text: str) -> list[Token]:
    state, pos, line, out = "INITIAL", 0, 1, []
    while pos < len(text):
        for pattern, kind in _COMPILED[state]:
            m = pattern.match(text, pos)
            if m is None or (not m.group(0) and kind is not None):
                continue
            value = m.group(0)
            if kind is not None and kind.startswith("UNSUPPORTED"):
                raise MermaidError(f"line {line}: {kind[12:]} ({value[:40]!r})")
            if kind == "BLOCK_START":
                state = "block"
            elif kind == "BLOCK_STOP":
                state = "INITIAL"
            if kind is not None:
                out.append(Token(kind, value, line))
            line += value.count("\n")
            pos = m.end()
            break
        else:  # pragma: no cover - the CHAR rules match anything but a line break
            raise MermaidError(f"line {line}: no rule matches {text[pos : pos + 20]!r}")
    out.append(Token("EOF", "", line))
    return out


class _Parser:
    def __init__(self, toks: list[Token]) -> None:
        self.toks = toks
        self.i = 0
        self.diagram = ErDiagram()

    def peek(self) -> Token:
        return self.toks[self.i]

    def take(self, *kinds: str) -> Token:
        tok = self.toks[self.i]
        if tok.kind not in kinds:
            raise MermaidError(
                f"line {tok.line}: expected {'/'.join(kinds)}, got {tok.kind} {tok.text!r}"
            )
        self.i += 1
        return tok

    def entity_name(self) -> str:
        tok = self.take("ENTITY_NAME")
        name = tok.text[1:-1]
        for ch in "%#<>&":
            if ch in name:
                raise MermaidError(f"line {tok.line}: {ch!r} in entity name {name!r}")
        return name

    def parse(self) -> ErDiagram:
        while self.peek().kind == "NEWLINE":
            self.i += 1
        self.take("ER_DIAGRAM")
        while True:
            tok = self.peek()
            if tok.kind == "EOF":
                break
            if tok.kind == "NEWLINE":
                self.i += 1
                continue
            self.statement()
            if self.peek().kind != "EOF":
                self.take("NEWLINE")
        return self.diagram

    def statement(self) -> None:
        name = self.entity_name()
        nxt = self.peek()
        if nxt.kind == "BLOCK_START":
            self.i += 1
            if name in self.diagram.entities:
                raise MermaidError(f"line {nxt.line}: entity {name!r} declared twice")
            self.diagram.entities[name] = self.attributes()
            self.take("BLOCK_STOP")
        elif nxt.kind in CARDINALITIES:
            spec = self.take(*CARDINALITIES).text
            spec += self.take(*REL_TYPES).text
            spec += self.take(*CARDINALITIES).text
            other = self.entity_name()
            self.take("COLON")
            role = self.take("ENTITY_NAME", "WORD").text[1:-1]
            for end in (name, other):
                if end not in self.diagram.entities:
                    raise MermaidError(f"line {nxt.line}: relationship to undeclared {end!r}")
            self.diagram.relationships.append((name, spec, other, role))
        else:
            if name in self.diagram.entities:
                raise MermaidError(f"line {nxt.line}: entity {name!r} declared twice")
            self.diagram.entities[name] = []

    def attributes(self) -> list:
        out = []
        while self.peek().kind != "BLOCK_STOP":
            type_ = self.word()
            name = self.word()
            keys: list[str] = []
            if self.peek().kind == "ATTRIBUTE_KEY":
                keys.append(self.take("ATTRIBUTE_KEY").text.upper())
                while self.peek().kind == "CHAR" and self.peek().text == ",":
                    self.i += 1
                    keys.append(self.take("ATTRIBUTE_KEY").text.upper())
            comment = None
            if self.peek().kind == "COMMENT":
                comment = self.take("COMMENT").text[1:-1]
                for ch in "%#<>&":
                    if ch in comment:
                        raise MermaidError(f"{ch!r} in attribute comment {comment!r}")
            out.append((type_, name, tuple(keys), comment))
        return out

    def word(self) -> str:
        tok = self.take("ATTRIBUTE_WORD")
        if not STRICT_WORD.fullmatch(tok.text):
            raise MermaidError(f"line {tok.line}: attribute word {tok.text!r} outside the subset")
        return tok.text


def parse(text: str) -> ErDiagram:
    """The diagram's entities and relationships; MermaidError when it would not render."""
    if len(text) > MAX_TEXT:
        raise MermaidError(f"{len(text)} characters: over Mermaid's default maxTextSize")
    diagram = _Parser(tokens(text)).parse()
    if len(diagram.relationships) > MAX_EDGES:
        raise MermaidError(f"{len(diagram.relationships)} edges: over Mermaid's default maxEdges")
    return diagram


FENCE = re.compile(r"^(`{3,})mermaid\n(.*?)^\1$", re.M | re.S)


def diagrams_in(markdown: str) -> list[str]:
    """The bodies of the ```mermaid blocks of a page."""
    return [m.group(2).rstrip("\n") for m in FENCE.finditer(markdown)]
