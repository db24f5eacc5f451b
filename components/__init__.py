"""Reusable UI building blocks for the atlas (maps that work offline, ...)."""
