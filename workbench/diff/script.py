"""The generated SQL: statements in execution order, the data-losing ones marked."""

from __future__ import annotations

from dataclasses import dataclass, field

# Phases: drops first (dependents before what they depend on), then creations
# and alterations (what is depended on first). Statements of one phase keep
# the order they were planned in (`sub` orders them further).
P_DROP_PUBLICATION = 4
P_DROP_EVENT_TRIGGER = 6
P_DROP_TRIGGER = 10
P_DROP_POLICY = 12
P_DROP_RULE = 14
P_DROP_STATISTIC = 16
P_DROP_FUNCTION_FIRST = 17  # functions whose SQL body uses a view that goes
P_DROP_VIEW = 18
P_DROP_DEFAULT = 20
P_DROP_FK = 22
P_DROP_CONSTRAINT = 24
P_DROP_INDEX = 26
P_DROP_FUNCTION_EARLY = 28
P_DROP_COLUMN = 30
P_DROP_TABLE = 32
P_DROP_USER_MAPPING = 33  # foreign tables and user mappings before their server,
P_DROP_SERVER = 34  # servers before their wrapper,
P_DROP_WRAPPER = 35  # wrappers before their handler functions
P_DROP_FUNCTION = 36
P_DROP_SEQUENCE = 37
P_DROP_TYPE = 38
P_DROP_COLLATION = 40
P_DROP_EXTENSION = 42
P_DROP_SCHEMA = 44

P_SETTINGS = 48
P_SCHEMA = 50
P_EXTENSION = 52
P_COLLATION = 54
P_ENUM = 56
P_RANGE = 57
P_DOMAIN = 58
P_COMPOSITE = 59
P_SEQUENCE = 60
P_FUNCTION = 62
P_FOREIGN = 63  # wrappers, then servers, then user mappings (by `sub`): before foreign tables
P_TABLE = 64
P_COLUMN = 66
P_SET_DEFAULT = 67
P_ENUM_DROP_OLD = 68
P_SEQUENCE_OWNED = 69
P_CONSTRAINT = 70
P_INDEX = 72
P_FK = 74
P_VALIDATE = 75
P_VIEW = 76
P_FUNCTION_LATE = 77
P_TRIGGER = 78
P_RULE = 80
P_POLICY = 82
P_STATISTIC = 84
P_DROP_EXTENSION_LATE = 85  # an extension whose types kept columns stop using
P_TABLE_PROPS = 86
P_EVENT_TRIGGER = 88
P_PUBLICATION = 90
P_OWNER = 92
P_GRANT = 94
P_DEFAULT_PRIV = 96
P_COMMENT = 98


@dataclass(frozen=True)
class Statement:
    """One SQL statement (ending in `;`), and why it loses data if it does."""

    sql: str
    phase: int = 0
    sub: int = 0
    destructive: str | None = None

    def text(self) -> str:
        if self.destructive:
            return f"-- destructive: {self.destructive}\n{self.sql}"
        return self.sql


@dataclass
class SqlScript:
    """Statements that turn one schema into another, in the order to run them."""

    statements: list[Statement] = field(default_factory=list)

    @property
    def destructive(self) -> list[Statement]:
        return [s for s in self.statements if s.destructive]

    @property
    def warnings(self) -> list[str]:
        """One line per data-losing statement, for a warning on stderr."""
        return [s.destructive or "" for s in self.destructive]

    def __bool__(self) -> bool:
        return bool(self.statements)

    def __len__(self) -> int:
        return len(self.statements)

    def sql_list(self) -> list[str]:
        """The bare statements, to execute one by one."""
        return [s.sql for s in self.statements]

    def text(self) -> str:
        """The script as a reader sees it: statements separated by blank lines."""
        if not self.statements:
            return ""
        return "\n\n".join(s.text() for s in self.statements) + "\n"

    def __str__(self) -> str:
        return self.text()
