"""Imported once by the import workers' fork server: loads the importer and warms its caches
(reference tables, coordinate and schema set-up) by checking the shipped sample, so every
worker forked from it starts ready."""

from __future__ import annotations

from data.quiet import without_runtime_warnings

without_runtime_warnings()  # workers have no Streamlit runtime; its caches would warn

from data import loader  # noqa: E402
from data.importer.boundaries import served_districts  # noqa: E402
from data.importer.tables import check_dataset  # noqa: E402
from data.schema import KINDS  # noqa: E402

for _kind in ("communities", "bases"):
    _file = loader.SAMPLE_DIR / KINDS[_kind].file_name
    check_dataset(_kind, _file.read_bytes(), _file.name, "wgs84", None, served_districts())
