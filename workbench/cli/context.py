"""What every command gets: parsed arguments, config, target, and output helpers."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from workbench.config import Config, load_config
from workbench.db import Target
from workbench.embedded import resolve_target
from workbench.errors import WorkbenchError
from workbench.redaction import redact, redact_error

if TYPE_CHECKING:
    from rich.console import Console

    from workbench.migrations.files import Project


@dataclass
class Context:
    args: argparse.Namespace

    # The consoles (and rich with them) are made when first used: a command that prints
    # one plain line (`snapshot -o`) starts without importing rich (~15 ms).
    @cached_property
    def out(self) -> Console:
        from rich.console import Console

        return Console(highlight=False, soft_wrap=True)

    @cached_property
    def err(self) -> Console:
        from rich.console import Console

        return Console(stderr=True, highlight=False, soft_wrap=True)

    def line(self, text: str) -> None:
        """One line on stdout, literally (no markup, no highlighting, no wrapping)."""
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    @cached_property
    def config(self) -> Config:
        return load_config(getattr(self.args, "project", None))

    @cached_property
    def target(self) -> Target:
        return resolve_target(
            self.config,
            dsn=getattr(self.args, "dsn", None),
            target=getattr(self.args, "target", None),
        )

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    def emit_json(self, data: Any) -> None:
        """Print machine-readable output on stdout (passwords redacted)."""
        sys.stdout.write(redact(json.dumps(data, indent=2, ensure_ascii=False, default=str)))
        sys.stdout.write("\n")
        sys.stdout.flush()

    def warn(self, message: str) -> None:
        """A warning on stderr; `message` is printed literally (file and object names)."""
        from rich.text import Text

        self.err.print(
            Text.assemble(("warning: ", "yellow"), redact_error(message)), highlight=False
        )

    def load_project(self) -> Project:
        """The project's migration files; what was skipped is warned about."""
        from workbench.migrations.files import load_project  # not for `snapshot` (start-up)

        project = load_project(self.config)
        for message in project.warnings:
            self.warn(message)
        return project

    def confirm(self, question: str) -> bool:
        """Ask yes/no on the terminal; refuse (with a hint) when there is no terminal."""
        if getattr(self.args, "yes", False):
            return True
        if not sys.stdin.isatty():
            raise WorkbenchError(f"{question} — refusing without a terminal; pass --yes to confirm")
        answer = input(f"{question} [y/N] ").strip().lower()
        return answer in ("y", "yes")
