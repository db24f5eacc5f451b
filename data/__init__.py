"""Datasets, their schema and the one cached loading layer."""
