"""Argument types for the benchmark commands: a bad flag is a one-line usage error."""

from __future__ import annotations

import argparse

MIN_TABLES = 10  # the drifted copy edits a dozen tables


def positive_int(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def count(text: str) -> int:
    """A whole number, 0 allowed (0 turns the measurement off)."""
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {text!r}")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected more than 0 seconds, got {text!r}")
    return value


def table_counts(text: str) -> list[int]:
    """Comma-separated table counts, each at least MIN_TABLES: `100,1000,5000`."""
    sizes = [_int(part.strip().replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes:
        raise argparse.ArgumentTypeError("expected table counts such as 100,1000,5000")
    small = [n for n in sizes if n < MIN_TABLES]
    if small:
        raise argparse.ArgumentTypeError(
            f"table counts must be at least {MIN_TABLES} (got {', '.join(map(str, small))})"
        )
    return sizes


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
