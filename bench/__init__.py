"""Benchmarks: ``python -m bench`` prints a table of medians (see README, Performance)."""
