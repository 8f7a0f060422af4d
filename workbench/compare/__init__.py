"""Comparisons that orchestrate the engine: drift sources, the one drift computation
(expected_actual), shadow databases, alignment, Prisma drift and verify (used by the
CLI, the TUI and validate)."""
