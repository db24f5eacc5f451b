"""Imported once by the import workers' fork server: loads the importer and warms its caches
(reference tables, coordinate and schema set-up) by checking the shipped sample, so every
worker forked from it starts ready."""

from __future__ import annotations

import logging

from data import loader
from data.importer.boundaries import served_districts
from data.importer.tables import check_dataset
from data.schema import KINDS

# Workers have no Streamlit runtime, and its caches warn about that once per function;
# a worker reports through its result, so warnings are off in the fork server and workers.
logging.disable(logging.WARNING)

for _kind in ("communities", "bases"):
    _file = loader.SAMPLE_DIR / KINDS[_kind].file_name
    check_dataset(_kind, _file.read_bytes(), _file.name, "wgs84", None, served_districts())
