"""Workbench: a terminal workbench for PostgreSQL and Supabase schema migrations."""

__version__ = "0.1.0"
