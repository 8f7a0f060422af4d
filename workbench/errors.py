"""User-facing errors: each one renders as a single `error: ...` line."""

from __future__ import annotations


class WorkbenchError(Exception):
    """An error the user can act on; the CLI prints it as one line and exits 2."""

    exit_code = 2


class ConfigError(WorkbenchError):
    """The project folder or its configuration is unusable."""


class TargetError(WorkbenchError):
    """The target database cannot be resolved or reached."""


class ServerError(WorkbenchError):
    """The embedded PostgreSQL server failed to start or stop."""


class SqlError(WorkbenchError):
    """SQL failed; carries the position in its file when known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.col = col
        self.detail = message
        where = ""
        if file:
            where = file
            if line is not None:
                where += f":{line}"
                if col is not None:
                    where += f":{col}"
            where += ": "
        super().__init__(f"{where}{message}")
