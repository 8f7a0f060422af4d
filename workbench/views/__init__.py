"""Phrasing shared by the CLI and the TUI: engine results in words (may use rich).

Imported by `workbench.cli` and `workbench.tui`; imports only the engine.
"""
