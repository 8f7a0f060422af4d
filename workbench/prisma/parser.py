"""Parse Prisma schema text into the syntax tree of `workbench.prisma.ast`.

`load_schema(path)` reads a single `schema.prisma` or a schema folder (every
`*.prisma` file under it, as Prisma's multi-file schemas do) and returns one
`Schema`. Syntax errors raise PrismaError with `file:line:col`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from workbench.prisma import lexer
from workbench.prisma.ast import (
    Argument,
    ArrayValue,
    Attribute,
    ConfigBlock,
    ConstantValue,
    Enum,
    EnumValue,
    Expression,
    Field,
    FieldType,
    FunctionCall,
    Model,
    NumberValue,
    ObjectValue,
    Pos,
    PrismaError,
    Property,
    Schema,
    StringValue,
)
from workbench.prisma.lexer import DOC, EOF, IDENT, NEWLINE, NUMBER, PUNCT, STRING, Token

BLOCK_KINDS = ("datasource", "generator", "model", "view", "type", "enum")


class _Parser:
    """Recursive descent over the token list of one file."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0  # inside (...) or [...]: newlines are insignificant

    # -- token helpers ---------------------------------------------------------------

    def peek(self) -> Token:
        tok = self.tokens[self.i]
        if self.depth:
            while tok.kind in (NEWLINE, DOC):
                self.i += 1
                tok = self.tokens[self.i]
        return tok

    def next(self) -> Token:
        tok = self.peek()
        if tok.kind != EOF:
            self.i += 1
        return tok

    def at(self, text: str) -> bool:
        tok = self.peek()
        return tok.kind == PUNCT and tok.text == text

    def expect(self, text: str, what: str | None = None) -> Token:
        tok = self.peek()
        if tok.kind == PUNCT and tok.text == text:
            return self.next()
        raise PrismaError(f"expected {what or repr(text)}, found {tok.describe()}", tok.pos)

    def ident(self, what: str) -> Token:
        tok = self.peek()
        if tok.kind != IDENT:
            raise PrismaError(f"expected {what}, found {tok.describe()}", tok.pos)
        return self.next()

    def skip_blank(self) -> str | None:
        """Skip newlines; return the doc comment lines just before the next token, if any."""
        doc: list[str] = []
        while True:
            tok = self.tokens[self.i]
            if tok.kind == NEWLINE:
                if doc and self.tokens[self.i - 1].kind == NEWLINE:
                    doc = []  # a blank line detaches a doc comment
                self.i += 1
            elif tok.kind == DOC:
                doc.append(tok.text)
                self.i += 1
            else:
                return "\n".join(doc) if doc else None

    def end_of_line(self, what: str) -> None:
        tok = self.tokens[self.i]
        if tok.kind in (NEWLINE, DOC):
            self.i += 1
            return
        if tok.kind == PUNCT and tok.text == "}" or tok.kind == EOF:
            return
        raise PrismaError(f"unexpected {tok.describe()} after {what}", tok.pos)

    # -- grammar -----------------------------------------------------------------------

    def schema(self, schema: Schema) -> None:
        while True:
            doc = self.skip_blank()
            tok = self.peek()
            if tok.kind == EOF:
                return
            if tok.kind != IDENT or tok.text not in BLOCK_KINDS:
                raise PrismaError(
                    f"expected a block (model, enum, view, type, datasource or generator), "
                    f"found {tok.describe()}",
                    tok.pos,
                )
            self.next()
            if tok.text in ("datasource", "generator"):
                block = self.config_block(tok)
                (schema.datasources if tok.text == "datasource" else schema.generators).append(
                    block
                )
            elif tok.text == "enum":
                schema.enums.append(self.enum_block(tok, doc))
            else:
                schema.models.append(self.model_block(tok, doc))

    def block_name(self, kind: Token) -> Token:
        name = self.peek()
        if name.kind != IDENT:
            raise PrismaError(
                f"expected a name after '{kind.text}', found {name.describe()}", name.pos
            )
        self.next()
        self.expect("{", "'{'")
        return name

    def config_block(self, kind: Token) -> ConfigBlock:
        name = self.block_name(kind)
        props: list[Property] = []
        while True:
            self.skip_blank()
            if self.at("}"):
                self.next()
                break
            key = self.peek()
            if key.kind == EOF:
                raise PrismaError(
                    f"{kind.text} {name.text!r} is not closed (missing '}}')", kind.pos
                )
            if key.kind != IDENT:
                raise PrismaError(f"expected a property name, found {key.describe()}", key.pos)
            self.next()
            self.expect("=", f"'=' after property {key.text!r}")
            props.append(Property(key.text, self.expression(), key.pos))
            self.end_of_line(f"property {key.text!r}")
        return ConfigBlock(kind.text, name.text, tuple(props), kind.pos)

    def members(
        self, kind: Token, name: Token, attrs: list[Attribute]
    ) -> Iterator[tuple[str | None, Token]]:
        """(doc comment, first token) of each member up to '}'; `@@` attributes go to `attrs`."""
        while True:
            doc = self.skip_blank()
            tok = self.peek()
            if tok.kind == PUNCT and tok.text == "}":
                self.next()
                return
            if tok.kind == EOF:
                raise PrismaError(
                    f"{kind.text} {name.text!r} is not closed (missing '}}')", kind.pos
                )
            if tok.kind == PUNCT and tok.text == "@@":
                attrs.append(self.attribute())
                self.end_of_line(f"attribute {attrs[-1].display}")
                continue
            yield doc, tok

    def model_block(self, kind: Token, doc: str | None) -> Model:
        name = self.block_name(kind)
        fields: list[Field] = []
        attrs: list[Attribute] = []
        for field_doc, tok in self.members(kind, name, attrs):
            if tok.kind == PUNCT and tok.text == "@":
                raise PrismaError(
                    "field attributes (@) must follow a field; block attributes start with '@@'",
                    tok.pos,
                )
            if tok.kind != IDENT:
                raise PrismaError(f"expected a field name, found {tok.describe()}", tok.pos)
            fields.append(self.field(field_doc))
        return Model(kind.text, name.text, tuple(fields), tuple(attrs), kind.pos, doc)

    def field(self, doc: str | None) -> Field:
        name = self.next()
        type_tok = self.peek()
        if type_tok.kind != IDENT:
            raise PrismaError(
                f"field {name.text!r} needs a type, found {type_tok.describe()}", type_tok.pos
            )
        self.next()
        unsupported = False
        type_name = type_tok.text
        if type_name == "Unsupported" and self.at("("):
            self.next()
            self.depth += 1
            arg = self.next()
            if arg.kind != STRING:
                raise PrismaError("Unsupported(...) takes a type name as a string", arg.pos)
            self.expect(")")
            self.depth -= 1
            type_name, unsupported = arg.text, True
        optional = is_list = False
        if self.at("?"):
            self.next()
            optional = True
        elif self.at("["):
            self.next()
            self.expect("]", "']' after '[' in a list type")
            is_list = True
            if self.at("?"):
                raise PrismaError(
                    "optional lists are not supported: remove the '?' after '[]'", self.peek().pos
                )
        ftype = FieldType(type_name, optional, is_list, unsupported, type_tok.pos)
        attrs: list[Attribute] = []
        while self.at("@"):
            attrs.append(self.attribute())
        tok = self.tokens[self.i]
        if tok.kind == PUNCT and tok.text == "@@":
            raise PrismaError("block attributes (@@) must be on their own line", tok.pos)
        self.end_of_line(f"field {name.text!r}")
        return Field(name.text, ftype, tuple(attrs), name.pos, doc)

    def enum_block(self, kind: Token, doc: str | None) -> Enum:
        name = self.block_name(kind)
        values: list[EnumValue] = []
        attrs: list[Attribute] = []
        for value_doc, tok in self.members(kind, name, attrs):
            if tok.kind != IDENT:
                raise PrismaError(f"expected an enum value, found {tok.describe()}", tok.pos)
            self.next()
            value_attrs: list[Attribute] = []
            while self.at("@"):
                value_attrs.append(self.attribute())
            self.end_of_line(f"enum value {tok.text!r}")
            values.append(EnumValue(tok.text, tuple(value_attrs), tok.pos, value_doc))
        return Enum(name.text, tuple(values), tuple(attrs), kind.pos, doc)

    def attribute(self) -> Attribute:
        at = self.next()  # '@' or '@@'
        first = self.tokens[self.i]
        if first.kind != IDENT:
            raise PrismaError(f"expected an attribute name after '{at.text}'", first.pos)
        self.i += 1
        parts = [first.text]
        while self.tokens[self.i].kind == PUNCT and self.tokens[self.i].text == ".":
            self.i += 1
            part = self.tokens[self.i]
            if part.kind != IDENT:
                raise PrismaError("expected a name after '.' in an attribute", part.pos)
            self.i += 1
            parts.append(part.text)
        args: tuple[Argument, ...] = ()
        if self.tokens[self.i].kind == PUNCT and self.tokens[self.i].text == "(":
            args = self.arguments()
        return Attribute(".".join(parts), args, at.pos, block=at.text == "@@")

    def arguments(self) -> tuple[Argument, ...]:
        self.expect("(")
        self.depth += 1
        args: list[Argument] = []
        while not self.at(")"):
            tok = self.peek()
            if tok.kind == EOF:
                raise PrismaError("missing ')' to close the argument list", tok.pos)
            name = None
            following = self.tokens[self.i + 1] if tok.kind == IDENT else None
            if following is not None and following.kind == PUNCT and following.text == ":":
                name = tok.text
                self.next()
                self.next()
            args.append(Argument(name, self.expression(), tok.pos))
            if self.at(","):
                self.next()
            elif not self.at(")"):
                bad = self.peek()
                raise PrismaError(
                    f"expected ',' or ')' in arguments, found {bad.describe()}", bad.pos
                )
        self.next()
        self.depth -= 1
        return tuple(args)

    def expression(self) -> Expression:
        tok = self.peek()
        if tok.kind == STRING:
            self.next()
            return StringValue(tok.text, tok.pos)
        if tok.kind == NUMBER:
            self.next()
            return NumberValue(tok.text, tok.pos)
        if tok.kind == PUNCT and tok.text == "[":
            self.next()
            self.depth += 1
            items: list[Expression] = []
            while not self.at("]"):
                if self.peek().kind == EOF:
                    raise PrismaError("missing ']' to close the list", tok.pos)
                items.append(self.expression())
                if self.at(","):
                    self.next()
                elif not self.at("]"):
                    bad = self.peek()
                    raise PrismaError(
                        f"expected ',' or ']' in a list, found {bad.describe()}", bad.pos
                    )
            self.next()
            self.depth -= 1
            return ArrayValue(tuple(items), tok.pos)
        if tok.kind == PUNCT and tok.text == "{" and self.depth:
            return self.object_value()
        if tok.kind == IDENT:
            self.next()
            name = tok.text
            while self.tokens[self.i].kind == PUNCT and self.tokens[self.i].text == ".":
                self.i += 1
                part = self.tokens[self.i]
                if part.kind != IDENT:
                    raise PrismaError("expected a name after '.'", part.pos)
                self.i += 1
                name += "." + part.text
            if self.tokens[self.i].kind == PUNCT and self.tokens[self.i].text == "(":
                return FunctionCall(name, self.arguments(), tok.pos)
            return ConstantValue(name, tok.pos)
        raise PrismaError(f"expected a value, found {tok.describe()}", tok.pos)

    def object_value(self) -> ObjectValue:
        """`{ key: value, ... }`, inside an argument list."""
        start = self.next()
        entries: list[tuple[str, Expression]] = []
        while not self.at("}"):
            key = self.peek()
            if key.kind == EOF:
                raise PrismaError("missing '}' to close the object", start.pos)
            if key.kind not in (IDENT, STRING):
                raise PrismaError(f"expected a key in an object, found {key.describe()}", key.pos)
            self.next()
            self.expect(":", f"':' after key {key.text!r}")
            entries.append((key.text, self.expression()))
            if self.at(","):
                self.next()
            elif not self.at("}"):
                bad = self.peek()
                raise PrismaError(
                    f"expected ',' or '}}' in an object, found {bad.describe()}", bad.pos
                )
        self.next()
        return ObjectValue(tuple(entries), start.pos)


def parse_text(text: str, file: str = "schema.prisma", schema: Schema | None = None) -> Schema:
    """Parse one file's text (added to `schema` when given, for multi-file schemas)."""
    schema = schema if schema is not None else Schema()
    schema.files.append(file)
    _Parser(lexer.tokenize(text, file)).schema(schema)
    return schema


def schema_files(path: Path) -> list[Path]:
    """The `.prisma` files of a schema: the file itself, or every one under a folder."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.prisma") if p.is_file())
        if not files:
            raise PrismaError(f"{path}: no .prisma files in this folder")
        return files
    if not path.exists():
        raise PrismaError(f"{path}: Prisma schema not found")
    return [path]


def _display(path: Path, root: Path | None = None) -> str:
    """The path as shown in messages: relative to `root` (else the current folder) when inside."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except (ValueError, OSError):
            continue
    return str(path)


def load_schema(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> Schema:
    """Read and parse a schema file or schema folder.

    File names in positions and errors are shown relative to `root` (the
    project folder) when given and the file is inside it.
    """
    schema = Schema()
    base = Path(root) if root is not None else None
    for file in schema_files(Path(path)):
        shown = _display(file, base)
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise PrismaError(f"{shown}: cannot read: {exc.strerror}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            raise PrismaError("file is not valid UTF-8", Pos(shown, line, col)) from None
        parse_text(text, shown, schema)
    return schema
