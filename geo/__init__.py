"""Geographic helpers: datum conversions, areas and boundary data."""
