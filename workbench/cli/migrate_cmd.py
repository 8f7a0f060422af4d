"""Commands of this group are registered here (not implemented yet)."""

from __future__ import annotations


def register(subparsers, common) -> None:
    """Add this group's commands to the parser."""
