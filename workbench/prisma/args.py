"""Checked access to an attribute's arguments (names, positions, value kinds)."""

from __future__ import annotations

from workbench.prisma.ast import (
    ArrayValue,
    Attribute,
    ConstantValue,
    Expression,
    FunctionCall,
    NumberValue,
    ObjectValue,
    PrismaError,
    StringValue,
)


def describe(value: Expression) -> str:
    """A short description of a value for error messages."""
    if isinstance(value, StringValue):
        return f"string {value.value!r}"
    if isinstance(value, NumberValue):
        return f"number {value.text}"
    if isinstance(value, ConstantValue):
        return f"{value.name!r}"
    if isinstance(value, ArrayValue):
        return "a list"
    if isinstance(value, ObjectValue):
        return "an object"
    return f"function {value.name}()"


class Args:
    """The arguments of one attribute, by name; the positional one gets `names[0]`."""

    def __init__(self, attr: Attribute, names: tuple[str, ...], *, required: str | None = None):
        self.attr = attr
        self.values: dict[str, Expression] = {}
        positional = False
        for arg in attr.args:
            name = arg.name
            if name is None:
                if not names:
                    raise PrismaError(f"{attr.display} takes no arguments", arg.pos)
                if positional:
                    raise PrismaError(
                        f"{attr.display}: unexpected extra argument (use name: value)", arg.pos
                    )
                positional = True
                name = names[0]
            if name not in names:
                allowed = ", ".join(names) if names else "none"
                raise PrismaError(
                    f"{attr.display} has no argument {name!r} (allowed: {allowed})", arg.pos
                )
            if name in self.values:
                raise PrismaError(f"{attr.display}: argument {name!r} is given twice", arg.pos)
            self.values[name] = arg.value
        if required and required not in self.values:
            raise PrismaError(f"{attr.display} needs the argument {required!r}", attr.pos)

    def fail(self, message: str, value: Expression | None = None) -> PrismaError:
        return PrismaError(f"{self.attr.display}: {message}", value.pos if value else self.attr.pos)

    def get(self, name: str) -> Expression | None:
        return self.values.get(name)

    def string(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        if not isinstance(value, StringValue):
            raise self.fail(f"{name!r} must be a string, not {describe(value)}", value)
        if name == "map" and not value.value:
            raise self.fail("the `map` argument cannot be an empty string", value)
        return value.value

    def constant(self, name: str, allowed: tuple[str, ...]) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        if not isinstance(value, ConstantValue) or value.name not in allowed:
            raise self.fail(
                f"{name!r} must be one of {', '.join(allowed)}, not {describe(value)}", value
            )
        return value.name

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if value is None:
            return None
        if not isinstance(value, NumberValue) or not value.is_integer:
            raise self.fail(f"{name!r} must be an integer, not {describe(value)}", value)
        return int(value.text)

    def field_refs(self, name: str) -> list[tuple[str, dict[str, Expression], Expression]]:
        """A list of field references `[a, b(sort: Desc)]` → [(name, {arg: value}, node)].

        A single reference needs no brackets (`@@index(orgId)`), as in Prisma.
        """
        value = self.values.get(name)
        if value is None:
            return []
        if isinstance(value, ConstantValue | FunctionCall):
            items: tuple[Expression, ...] = (value,)
        elif isinstance(value, ArrayValue):
            items = value.items
        else:
            raise self.fail(f"{name!r} must be a list of field names, like [a, b]", value)
        refs: list[tuple[str, dict[str, Expression], Expression]] = []
        for item in items:
            if isinstance(item, ConstantValue):
                refs.append((item.name, {}, item))
            elif isinstance(item, FunctionCall):
                extra: dict[str, Expression] = {}
                for arg in item.args:
                    if arg.name is None:
                        raise self.fail(
                            f"arguments of field {item.name!r} need names (sort:, ops:)", arg.value
                        )
                    extra[arg.name] = arg.value
                refs.append((item.name, extra, item))
            else:
                raise self.fail(f"expected a field name in {name!r}, found {describe(item)}", item)
        return refs
