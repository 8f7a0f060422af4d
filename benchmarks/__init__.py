"""Benchmarks: synthetic schemas and the runner that compares workbench with the references."""
