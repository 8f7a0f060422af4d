"""Execution-time tracking: the applied migrations' durations in order, and the slowest.

Plain data for the views: `applied_durations(statuses)` (oldest applied first),
`slowest(statuses)` (versions that stand out) and `levels(values)` (0..steps-1 on
a log scale, so one slow baseline does not flatten every other bar).
"""

from __future__ import annotations

import math
from statistics import median

from workbench.migrations.state import MigrationStatus

SLOWEST = 3  # at most this many migrations stand out
STANDS_OUT = 2.0  # ... and only when at least this many times the median


def applied_durations(statuses: list[MigrationStatus]) -> list[MigrationStatus]:
    """Applied migrations with a recorded duration, in the order they were applied."""
    timed = [s for s in statuses if s.is_applied and s.duration_ms is not None and s.applied_at]
    return sorted(timed, key=lambda s: (s.applied_at, s.version))


def slowest(statuses: list[MigrationStatus], count: int = SLOWEST) -> list[MigrationStatus]:
    """The slowest applied migrations, slowest first, when they stand out from the rest."""
    timed = applied_durations(statuses)
    if len(timed) < 3:
        return []
    middle = median(s.duration_ms for s in timed)
    ranked = sorted(timed, key=lambda s: -s.duration_ms)[:count]
    return [s for s in ranked if s.duration_ms >= max(1, STANDS_OUT * middle)]


def levels(values: list[int], steps: int = 8) -> list[int]:
    """Each value as 0..steps-1 on a log scale of the largest."""
    top = max(values, default=0)
    if top <= 0:
        return [0 for _ in values]
    scale = math.log1p(top)
    return [min(steps - 1, int(math.log1p(max(v, 0)) / scale * (steps - 1) + 0.5)) for v in values]
