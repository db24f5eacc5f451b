"""Market-entity points in and out of PostgreSQL by COPY, a batch at a time, so that ten
million points never sit in memory as Python objects (``data/stores/postgres.py``)."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from sqlalchemy.engine import Connection

ENTITY_TABLE = "atlas_entities"
TABLE_COLUMNS = ("id", "kind", "district", "lon", "lat")  # as the table declares them
SERVED_COLUMNS = ("id", "kind", "lon", "lat", "district")  # as the served file holds them
BATCH_ROWS = 500_000
_CODE = pa.dictionary(pa.int32(), pa.string())
COLUMN_TYPES = {"id": pa.string(), "kind": _CODE, "lon": pa.float64(), "lat": pa.float64(),
                "district": _CODE}  # fmt: skip


def copy_in(conn: Connection, batches: Iterable[pd.DataFrame]) -> int:
    """Append every batch's rows (columns ``TABLE_COLUMNS``; no district: NULL) in one COPY;
    returns the number of rows."""
    cursor = conn.connection.dbapi_connection.cursor()
    rows = 0
    command = f"COPY {ENTITY_TABLE} ({', '.join(TABLE_COLUMNS)}) FROM STDIN WITH (FORMAT csv)"
    with cursor.copy(command) as copy:
        for frame in batches:
            text = frame.loc[:, list(TABLE_COLUMNS)].to_csv(
                index=False, header=False, lineterminator="\n"
            )
            copy.write(text.encode("utf-8"))
            rows += len(frame)
    return rows


def parquet_batches(content: bytes) -> Iterator[pd.DataFrame]:
    """A served entities file's rows, ``BATCH_ROWS`` at a time."""
    parquet = pq.ParquetFile(io.BytesIO(content))
    for batch in parquet.iter_batches(BATCH_ROWS, columns=list(SERVED_COLUMNS)):
        yield batch.to_pandas()


def pull(conn: Connection) -> pa.Table:
    """Every point as an Arrow table in the served file's columns: COPY out to a temporary
    file, read back by Arrow's CSV reader with typed columns (NULL stays null, an empty
    text stays empty)."""
    cursor = conn.connection.dbapi_connection.cursor()
    query = f"SELECT {', '.join(SERVED_COLUMNS)} FROM {ENTITY_TABLE}"
    with tempfile.TemporaryFile() as spool:
        with cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)") as copy:
            for block in copy:
                spool.write(block)
        spool.seek(0)
        return pacsv.read_csv(
            spool,
            read_options=pacsv.ReadOptions(column_names=list(SERVED_COLUMNS)),
            convert_options=pacsv.ConvertOptions(
                column_types=COLUMN_TYPES,
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
            ),
        )
