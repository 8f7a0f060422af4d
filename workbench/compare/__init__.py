"""Comparisons that orchestrate the engine: drift sources, shadow databases, alignment,
Prisma drift and verify (used by the CLI, the TUI and validate)."""
