"""The review of a preview in the timeline: per statement in the detail, a summary in dialogs.

The words are the CLI's (`workbench.views.migration_review`), so `p`, `u`, `d` and
`up/down --dry-run` say the same thing.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from workbench.migrations.preview import Preview
from workbench.views.migration_review import review_lines, summary_lines


def _per_step(preview: Preview, lines) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for step, review in zip(preview.steps, preview.reviews):
        if len(preview.steps) > 1:
            parts.append(Text.assemble(("▸ ", "cyan"), (f"{step.version}_{step.name}", "bold")))
        parts += lines(review)
    return parts


def review_block(preview: Preview) -> list[RenderableType]:
    """Every statement with its locks, rewrites and markers; data lost; access changed."""
    if not preview.reviews:
        return []
    head = Text("\n  What each statement locks (measured, rolled back):", style="bold")
    return [head, *_per_step(preview, lambda review: review_lines(review, header=False))]


def review_summary(preview: Preview) -> list[RenderableType]:
    """For a confirmation: the statements that block something, data lost, access changed."""
    if not preview.reviews:
        return []
    head = Text("\nLocks, data and access (measured in the rolled-back transaction):", style="bold")
    return [head, *_per_step(preview, summary_lines)]
