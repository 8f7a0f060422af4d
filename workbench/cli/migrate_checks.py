"""`workbench lint` and `workbench verify`: migration checks."""

from __future__ import annotations


def register(subparsers, common) -> None:
    """Add `lint` and `verify` to the parser."""
