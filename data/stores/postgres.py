"""The PostgreSQL/PostGIS store: schema, the data version, applies and restores.

Tables (plain PostgreSQL plus core PostGIS: geometry columns, GeoJSON in and out, GiST
indexes): one per dataset kind (text cells as the CSV holds them), ``atlas_entities``
(market entities as points), ``atlas_boundaries`` (districts and Xinjiang units),
``atlas_versions`` (replaced content, for restore), ``atlas_audit`` and ``atlas_state``
(the data version and meta.json's keys).

- A reader takes the data version in one cheap query (``current_version``), and builds a
  local snapshot folder of that version once per server (``data.stores.snapshot``).
- An apply or a restore is one transaction that also increments the version; a failed or
  killed one changes nothing. The state row is locked, so changes queue one at a time.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from data import entities, files, settings
from data.schema import ENTITIES, KINDS
from data.stores import StoreUnavailable, entity_copy, masked_url

VERSION_TTL_SECONDS = 1.0  # a server asks for the data version at most once a second
CONNECT_TIMEOUT_SECONDS = 5  # a database that does not answer is reported, not waited for
ENTITY_TABLE = entity_copy.ENTITY_TABLE
BOUNDARY_TABLE = "atlas_boundaries"
BOUNDARIES = "boundaries"  # the importer's kind for district boundaries
BOUNDARY_LEVELS = {BOUNDARIES: "districts"}

NO_SCHEMA = "数据库中还没有地图数据表，请先运行 python -m data.database init"
UNREACHABLE = "无法连接数据库"
# What a database that is down, refuses or drops the connection raises (through SQLAlchemy,
# or from psycopg itself during COPY).
CONNECTION_ERRORS = (
    sa.exc.OperationalError,
    sa.exc.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)

_version_seen: dict[str, tuple[float, int]] = {}
_failed_at: dict[str, float] = {}  # url -> monotonic time of the last failed connection


class StoreError(StoreUnavailable):
    """The database is not ready (no URL, or no schema yet)."""


def table_name(kind: str) -> str:
    return f"atlas_{kind}"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def schema_sql() -> list[str]:
    statements = [
        "CREATE EXTENSION IF NOT EXISTS postgis",
        "CREATE TABLE IF NOT EXISTS atlas_state (id integer PRIMARY KEY CHECK (id = 1),"
        " version bigint NOT NULL, meta jsonb NOT NULL)",
        # Versions start at the clock in milliseconds, so a re-created schema never reuses one.
        "INSERT INTO atlas_state VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000)"
        "::bigint, '{}') ON CONFLICT (id) DO NOTHING",
        "CREATE TABLE IF NOT EXISTS atlas_served (kind text PRIMARY KEY, file_name text,"
        " sha256 text, columns text[], is_sample boolean NOT NULL DEFAULT false)",
        "CREATE TABLE IF NOT EXISTS atlas_versions (id bigserial PRIMARY KEY, kind text NOT NULL,"
        " created timestamptz NOT NULL DEFAULT now(), sha256 text NOT NULL, content bytea)",
        "CREATE TABLE IF NOT EXISTS atlas_audit (id bigserial PRIMARY KEY, entry jsonb NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS {ENTITY_TABLE} (id text, kind text, district text,"
        " lon double precision NOT NULL, lat double precision NOT NULL,"
        " geom geometry(Point, 4326) GENERATED ALWAYS AS"
        " (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED)",
        f"CREATE INDEX IF NOT EXISTS atlas_entities_geom ON {ENTITY_TABLE} USING gist (geom)",
        f"CREATE TABLE IF NOT EXISTS {BOUNDARY_TABLE} (level text NOT NULL, row_no integer,"
        " properties jsonb NOT NULL, geom geometry(Geometry, 4326) NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS atlas_boundaries_geom ON {BOUNDARY_TABLE} USING gist (geom)",
    ]
    for kind, spec in KINDS.items():
        columns = ", ".join(f"{_quoted(c)} text" for c in spec.columns)
        statements.append(
            f"CREATE TABLE IF NOT EXISTS {table_name(kind)} (row_no integer, {columns})"
        )
    return statements


@lru_cache(maxsize=4)
def engine(url: str) -> Engine:
    return sa.create_engine(
        url,
        pool_pre_ping=True,  # a connection from before a database restart is replaced
        pool_size=2,
        max_overflow=4,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
    )


@contextmanager
def reaching(url: str) -> Iterator[None]:
    """Turns a lost or refused connection into ``StoreUnavailable`` naming the database with
    its password masked; the driver's error stays chained for the log."""
    try:
        yield
    except CONNECTION_ERRORS as error:
        _failed_at[url] = time.monotonic()
        raise StoreUnavailable(f"{UNREACHABLE}：{masked_url(url)}") from error


def _url(url: str | None = None) -> str:
    url = url or settings.database_url()
    if not url:
        raise StoreError("未设置 ATLAS_DATABASE_URL")
    return url


def create_schema(url: str | None = None) -> None:
    url = _url(url)
    with reaching(url), engine(url).begin() as conn:
        for statement in schema_sql():
            conn.execute(sa.text(statement))


def current_version(url: str | None = None, max_age: float = VERSION_TTL_SECONDS) -> int:
    """The data version: one indexed single-row query, at most once per ``max_age``."""
    url = _url(url)
    seen = _version_seen.get(url)
    now = time.monotonic()
    if seen is not None and now - seen[0] < max_age:
        return seen[1]
    if now - _failed_at.get(url, -math.inf) < max_age:  # failed just now: do not pile up
        raise StoreUnavailable(f"{UNREACHABLE}：{masked_url(url)}")
    try:
        with reaching(url), engine(url).connect() as conn:
            version = conn.execute(sa.text("SELECT version FROM atlas_state WHERE id = 1")).scalar()
    except sa.exc.ProgrammingError as error:
        raise StoreError(NO_SCHEMA) from error
    _failed_at.pop(url, None)
    _version_seen[url] = (now, int(version))
    return int(version)


def files_name(kind: str) -> str:
    return ENTITIES.file_name if kind == ENTITIES.name else KINDS[kind].file_name


def _served(conn: Connection, kind: str):
    return conn.execute(
        sa.text("SELECT columns, is_sample FROM atlas_served WHERE kind = :kind"), {"kind": kind}
    ).one_or_none()


def kind_bytes(conn: Connection, kind: str) -> bytes | None:
    """The served file of ``kind`` as the folder store would hold it; None when not served."""
    if kind == BOUNDARIES:
        return boundary_bytes(conn, BOUNDARY_LEVELS[kind])
    served = _served(conn, kind)
    if served is None:
        return None
    if kind == ENTITIES.name:
        return entities.table_parquet_bytes(entity_copy.pull(conn), bool(served.is_sample))
    columns = list(served.columns)
    names = ", ".join(_quoted(c) for c in columns)
    frame = _copy_out(conn, f"SELECT {names} FROM {table_name(kind)} ORDER BY row_no")
    frame.columns = columns
    return frame.fillna("").to_csv(index=False, lineterminator="\n").encode("utf-8")


def boundary_bytes(conn: Connection, level: str) -> bytes | None:
    rows = conn.execute(
        sa.text(
            f"SELECT properties, ST_AsGeoJSON(geom, 6) AS geometry FROM {BOUNDARY_TABLE}"
            " WHERE level = :level ORDER BY row_no"
        ),
        {"level": level},
    ).all()
    if not rows:
        return None
    features = [
        {"type": "Feature", "properties": row.properties, "geometry": json.loads(row.geometry)}
        for row in rows
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


def _copy_out(conn: Connection, query: str) -> pd.DataFrame:
    """A query's rows as text cells, through COPY (fast for a million points)."""
    buffer = io.BytesIO()
    cursor = conn.connection.dbapi_connection.cursor()
    with cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER true)") as copy:
        for block in copy:
            buffer.write(block)
    buffer.seek(0)
    return pd.read_csv(buffer, dtype=str, keep_default_na=False)


def _copy_in(conn: Connection, table: str, frame: pd.DataFrame) -> None:
    names = ", ".join(_quoted(c) for c in frame.columns)
    text = frame.to_csv(index=False, header=False, lineterminator="\n")
    cursor = conn.connection.dbapi_connection.cursor()
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv)") as copy:
        copy.write(text.encode("utf-8"))


def count_rows(conn: Connection, kind: str) -> int | None:
    if kind == BOUNDARIES:
        query = f"SELECT count(*) FROM {BOUNDARY_TABLE} WHERE level = 'districts'"
        return conn.execute(sa.text(query)).scalar() or None
    if _served(conn, kind) is None:
        return None
    table = ENTITY_TABLE if kind == ENTITIES.name else table_name(kind)
    return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()


def replace_rows(conn: Connection, kind: str, content: bytes, is_sample: bool = False) -> int:
    """Replace the rows of ``kind`` by those of a served file's bytes; returns the count."""
    if kind == BOUNDARIES or kind in BOUNDARY_LEVELS.values() or kind == "xinjiang":
        return _replace_boundaries(conn, BOUNDARY_LEVELS.get(kind, kind), content)
    if kind == ENTITIES.name:
        conn.execute(sa.text(f"DELETE FROM {ENTITY_TABLE}"))
        rows = entity_copy.copy_in(conn, entity_copy.parquet_batches(content))
        columns = list(entity_copy.SERVED_COLUMNS)
    else:
        frame = pd.read_csv(
            io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
        columns = [c for c in frame.columns if c in KINDS[kind].columns]
        frame = frame[columns]
        conn.execute(sa.text(f"DELETE FROM {table_name(kind)}"))
        _copy_in(conn, table_name(kind), frame.assign(row_no=range(len(frame))))
        rows = len(frame)
    mark_served(conn, kind, hashlib.sha256(content).hexdigest(), columns, is_sample)
    return rows


def mark_served(conn: Connection, kind: str, digest: str, columns: list[str], is_sample: bool):
    """Record that ``kind`` is served (the snapshot writes a file only for those)."""
    conn.execute(
        sa.text(
            "INSERT INTO atlas_served (kind, file_name, sha256, columns, is_sample)"
            " VALUES (:kind, :file, :sha, :columns, :sample) ON CONFLICT (kind) DO UPDATE SET"
            " file_name = :file, sha256 = :sha, columns = :columns, is_sample = :sample"
        ),
        {
            "kind": kind,
            "file": files_name(kind),
            "sha": digest,
            "columns": columns,
            "sample": is_sample,
        },
    )


def _replace_boundaries(conn: Connection, level: str, content: bytes) -> int:
    frame = gpd.read_file(io.BytesIO(content))
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    conn.execute(sa.text(f"DELETE FROM {BOUNDARY_TABLE} WHERE level = :level"), {"level": level})
    features = json.loads(frame.to_json(drop_id=True))["features"]
    conn.execute(
        sa.text(
            f"INSERT INTO {BOUNDARY_TABLE} (level, row_no, properties, geom) VALUES"
            " (:level, :row_no, CAST(:properties AS jsonb),"
            " ST_SetSRID(ST_GeomFromGeoJSON(:geometry), 4326))"
        ),
        [
            {
                "level": level,
                "row_no": number,
                "properties": json.dumps(feature["properties"], ensure_ascii=False),
                "geometry": json.dumps(feature["geometry"]),
            }
            for number, feature in enumerate(features)
        ],
    )
    return len(features)


def _lock_state(conn: Connection) -> tuple[int, dict]:
    row = conn.execute(
        sa.text("SELECT version, meta FROM atlas_state WHERE id = 1 FOR UPDATE")
    ).one_or_none()
    if row is None:
        raise StoreError(NO_SCHEMA)
    return int(row.version), dict(row.meta)


def _keep_version(conn: Connection, kind: str, content: bytes | None) -> int | None:
    """Keep ``content`` as the newest version of ``kind`` unless the newest is the same."""
    if content is None:
        return None
    digest = hashlib.sha256(content).hexdigest()
    newest = conn.execute(
        sa.text(
            "SELECT id, sha256 FROM atlas_versions WHERE kind = :kind ORDER BY id DESC LIMIT 1"
        ),
        {"kind": kind},
    ).one_or_none()
    if newest is not None and newest.sha256 == digest:
        return int(newest.id)
    return conn.execute(
        sa.text(
            "INSERT INTO atlas_versions (kind, sha256, content) VALUES (:kind, :sha, :content)"
            " RETURNING id"
        ),
        {"kind": kind, "sha": digest, "content": content},
    ).scalar()


def version_label(kind: str, version_id: int | None) -> str | None:
    return None if version_id is None else f"versions/{kind}/{kind}-{version_id}"


def _is_sample(kind: str, content: bytes) -> bool:
    if kind == BOUNDARIES:
        return False
    shipped = files.SAMPLE_DIR / files_name(kind)
    return shipped.exists() and shipped.read_bytes() == content


def _meta_after(conn: Connection, meta: dict, kind: str, is_sample: bool) -> dict:
    """meta.json's rule: sample only while every dataset is the shipped sample."""
    if kind == BOUNDARIES:
        return meta
    flags = conn.execute(sa.text("SELECT kind, is_sample FROM atlas_served")).all()
    all_sample = all(flag for served, flag in flags if served != BOUNDARIES)
    if all_sample:
        shipped = files.read_meta(files.SAMPLE_DIR)
        return meta | {"is_sample": True, "data_date": shipped.get("data_date", "")}
    if not is_sample:
        return meta | {"is_sample": False, "data_date": date.today().isoformat()}
    return meta


def _finish(conn: Connection, meta: dict, entry: dict) -> None:
    conn.execute(
        sa.text("INSERT INTO atlas_audit (entry) VALUES (CAST(:entry AS jsonb))"),
        {"entry": json.dumps(entry, ensure_ascii=False)},
    )
    conn.execute(
        sa.text(
            "UPDATE atlas_state SET version = version + 1, meta = CAST(:meta AS jsonb) WHERE id = 1"
        ),
        {"meta": json.dumps(meta, ensure_ascii=False)},
    )


def apply(kind: str, content: bytes, make_entry, url: str | None = None) -> tuple:
    """Serve ``content`` for ``kind`` in one transaction. ``make_entry(before, after, kept)``
    builds the audit entry. Returns (rows before, kept version label, entry); the entry is
    None when ``content`` is what is served already (nothing changed)."""
    digest = hashlib.sha256(content).hexdigest()
    url = _url(url)
    with reaching(url), engine(url).begin() as conn:
        _, meta = _lock_state(conn)
        served = _served_digest(conn, kind)
        if served == digest:
            return None, None, None
        before = count_rows(conn, kind)
        kept = version_label(kind, _keep_version(conn, kind, kind_bytes(conn, kind)))
        sample = _is_sample(kind, content)
        after = replace_rows(conn, kind, content, sample)
        entry = make_entry(before, after, kept)
        _finish(conn, _meta_after(conn, meta, kind, sample), entry)
    _version_seen.clear()  # this process sees its own change at once
    return before, kept, entry


def _served_digest(conn: Connection, kind: str) -> str | None:
    """SHA-256 of the served file of ``kind``, as applied (None for boundaries)."""
    if kind == BOUNDARIES:
        return None
    return conn.execute(
        sa.text("SELECT sha256 FROM atlas_served WHERE kind = :kind"), {"kind": kind}
    ).scalar()


def parse_version_id(kind: str, text: str) -> int | None:
    """A version id as listed (``<kind>-<n>``) or the bare number; None when neither."""
    number = text.strip().removeprefix(f"{kind}-")
    return int(number) if number.isdigit() else None


def list_versions(kind: str, url: str | None = None) -> list[tuple]:
    """Kept versions of ``kind``, newest first: (id, saved, bytes, sha256, current)."""
    url = _url(url)
    with reaching(url), engine(url).connect() as conn:
        current = kind_bytes(conn, kind)
        digest = None if current is None else hashlib.sha256(current).hexdigest()
        rows = conn.execute(
            sa.text(
                "SELECT id, created, octet_length(content) AS size, sha256 FROM atlas_versions"
                " WHERE kind = :kind ORDER BY id DESC"
            ),
            {"kind": kind},
        ).all()
    return [
        (
            f"{kind}-{row.id}",
            row.created.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z",
            int(row.size or 0),
            row.sha256,
            row.sha256 == digest,
        )
        for row in rows
    ]


def restore(
    kind: str, make_entry, url: str | None = None, version_id: int | None = None
) -> tuple | None:
    """Serve kept version ``version_id`` (default: the newest that differs from the served
    one), keeping the current one too; one transaction. Returns (restored label, kept
    label, entry), the entry None when that version is served already; None when there is
    nothing to restore. LookupError for an unknown ``version_id``."""
    url = _url(url)
    with reaching(url), engine(url).begin() as conn:
        _, meta = _lock_state(conn)
        current = kind_bytes(conn, kind)
        digest = None if current is None else hashlib.sha256(current).hexdigest()
        if version_id is None:
            version = conn.execute(
                sa.text(
                    "SELECT id, sha256, content FROM atlas_versions WHERE kind = :kind"
                    " AND sha256 IS DISTINCT FROM :sha ORDER BY id DESC LIMIT 1"
                ),
                {"kind": kind, "sha": digest},
            ).one_or_none()
            if version is None:
                return None
        else:
            version = conn.execute(
                sa.text(
                    "SELECT id, sha256, content FROM atlas_versions WHERE kind = :kind AND id = :id"
                ),
                {"kind": kind, "id": version_id},
            ).one_or_none()
            if version is None:
                raise LookupError(version_id)
        restored = version_label(kind, int(version.id))
        if version.sha256 == digest:
            return restored, None, None
        before = count_rows(conn, kind)
        kept = version_label(kind, _keep_version(conn, kind, current))
        content = bytes(version.content)
        sample = _is_sample(kind, content)
        after = replace_rows(conn, kind, content, sample)
        entry = make_entry(before, after, kept, restored, version.sha256)
        _finish(conn, _meta_after(conn, meta, kind, sample), entry)
    _version_seen.clear()
    return restored, kept, entry


def read_audit(url: str | None = None) -> list[dict]:
    """Every audit entry, oldest first."""
    url = _url(url)
    with reaching(url), engine(url).connect() as conn:
        return list(conn.execute(sa.text("SELECT entry FROM atlas_audit ORDER BY id")).scalars())


def append_audit(entry: dict, url: str | None = None) -> None:
    """One audit entry that changes no data (a login): the data version stays."""
    url = _url(url)
    with reaching(url), engine(url).begin() as conn:
        conn.execute(
            sa.text("INSERT INTO atlas_audit (entry) VALUES (CAST(:entry AS jsonb))"),
            {"entry": json.dumps(entry, ensure_ascii=False)},
        )


def load_folder(folder: Path, user: str | None = None, url: str | None = None) -> dict:
    """Load every file of a dataset folder (boundaries: its own, else the shipped ones) in
    one transaction; returns rows per kind."""
    loaded: dict[str, int] = {}
    url = _url(url)
    with reaching(url), engine(url).begin() as conn:
        _lock_state(conn)
        for kind in (*KINDS, ENTITIES.name):
            path = folder / files_name(kind)
            if path.exists():
                content = path.read_bytes()
                loaded[kind] = replace_rows(conn, kind, content, _is_sample(kind, content))
        for level, file_name in files.BOUNDARY_FILES.items():
            path = folder / "boundaries" / file_name
            path = path if path.exists() else files.shipped_boundary_path(level)
            loaded[f"boundaries:{level}"] = replace_rows(conn, level, path.read_bytes())
        entry = {
            "time": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
            "action": "load",
            "kind": "all",
            "user": user or settings.audit_user(),
            "source": str(folder),
            "rows_after": loaded,
        }
        _finish(conn, files.read_meta(folder), entry)
    _version_seen.clear()
    return loaded


def drop_all(url: str | None = None) -> None:
    """Remove every atlas table (tests and re-initialisation only)."""
    names = ["atlas_state", "atlas_served", "atlas_versions", "atlas_audit", ENTITY_TABLE]
    names += [BOUNDARY_TABLE, *(table_name(kind) for kind in KINDS)]
    url = _url(url)
    with reaching(url), engine(url).begin() as conn:
        conn.execute(sa.text(f"DROP TABLE IF EXISTS {', '.join(names)}"))
    _version_seen.clear()
