"""Registered market entities (个体工商户 and 企业) as points: read, check, store and load.

A file may hold up to about a million rows, so everything here is vectorised: no per-cell
Python loops (data/validate.py's checker is written for tables of hundreds of rows).

- Input: Parquet or CSV (UTF-8, GBK/GB18030) with columns id, kind, lon, lat and an
  optional district; headers may be the Chinese names the other kinds accept (编号, 类别,
  经度, 纬度, 所属区县, 统一社会信用代码 …). ``kind`` is 个体工商户 or 企业 (or a code).
- Stored: ``entities.parquet`` in the dataset folder, with kind codes, WGS-84 coordinates
  and the district (adcode) found from each point (None outside Urumqi).
- Shown: only aggregated, never as raw points above a limit (see geo/density.py).

Problems are listed as for the other kinds (file, row, column), but at most
``MAX_LISTED`` per check, followed by a count of the rest.
"""

from __future__ import annotations

import io
import json
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from data import reading, reference
from data.schema import ENTITIES, DatasetError, Problem
from data.validate import LAT_RANGE, LON_RANGE, SEPARATORS

KIND = ENTITIES.name
MAX_FILE_BYTES = 200 * 1024 * 1024  # a million rows of CSV is about 60 MB
MAX_LISTED = 20
PARQUET_MAGIC = b"PAR1"
COORDINATE_DECIMALS = 6
KIND_CODES = ("individual", "enterprise")
KIND_ALIASES = {"个体户": "individual", "个体": "individual", "公司": "enterprise"}
SAMPLE_METADATA_KEY = b"atlas_is_sample"


@dataclass
class EntityCheck:
    """Outcome of reading and checking an entities file."""

    frame: pd.DataFrame | None = None  # id, kind (code), lon, lat, district (adcode or None)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    description: str = ""


def _fail(file: str, message: str) -> DatasetError:
    return DatasetError([Problem(file, None, None, message)])


def read_raw(data: bytes, file: str) -> tuple[pd.DataFrame, str, bool]:
    """The file's table with its original headers, a description and whether it is Parquet."""
    reading.check_size(len(data), file, MAX_FILE_BYTES)
    if data.startswith(PARQUET_MAGIC):
        try:
            table = pq.read_table(io.BytesIO(data))
        except (pa.ArrowException, OSError) as error:
            raise _fail(file, f"无法读取 Parquet 文件：{error}") from None
        return table.to_pandas(), "Parquet", True
    if data.startswith((reading.XLSX_MAGIC, reading.XLS_MAGIC)):
        raise _fail(file, "市场主体点位请用 CSV 或 Parquet 文件（Excel 最多只能容纳约 104 万行）")
    text, encoding = reading.decode_text(data, file)
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max((",", "\t", ";"), key=first_line.count)
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, sep=delimiter, engine="c"
        )
    except (pd.errors.ParserError, ValueError) as error:
        raise _fail(file, f"无法按 CSV 读取：{error}") from None
    return frame, f"CSV，编码 {encoding}", False


def _column_codes(frame: pd.DataFrame, file: str, notes: list[str]) -> pd.DataFrame:
    """Rename known headers to column codes; refuse duplicates and missing columns."""
    codes: dict[str, str] = {}
    unknown = []
    for column in frame.columns:
        text = str(column)
        code = reading.resolve_header(text, KIND) or reading.resolve_header(text, KIND, True)
        if code is None:
            unknown.append(text)
        elif code in codes.values():
            first = next(k for k, v in codes.items() if v == code)
            raise DatasetError(
                [Problem(file, None, code, f"“{first}”和“{text}”两列都对应此列，请只保留一列")]
            )
        else:
            codes[column] = code
    if unknown:
        notes.append("以下列未识别，已忽略：" + "、".join(f"“{u}”" for u in unknown))
    found = set(codes.values())
    missing = [c for c in ENTITIES.columns if c not in found and c not in ENTITIES.optional]
    if missing:
        raise DatasetError([Problem(file, None, c, "缺少此列") for c in missing])
    return frame[list(codes)].rename(columns=codes)


class _Flags:
    """Collects problems for masks of rows, listing at most MAX_LISTED of each kind."""

    def __init__(self, file: str, first_row: int):
        self.file, self.first_row = file, first_row
        self.problems: list[Problem] = []

    def add(self, mask: np.ndarray, column: str, message, values=None) -> None:
        rows = np.flatnonzero(mask)
        for index in rows[:MAX_LISTED]:
            text = message if values is None else message(values[index])
            self.problems.append(Problem(self.file, int(index) + self.first_row, column, text))
        if len(rows) > MAX_LISTED:
            rest = len(rows) - MAX_LISTED
            self.problems.append(
                Problem(self.file, None, column, f"另有 {rest:,} 行有同样的问题，未逐一列出")
            )


def _text(series: pd.Series) -> pd.Series:
    values = series.astype("string").str.strip()
    return values.mask(values == "")


def _numbers(series: pd.Series) -> pd.Series:
    """Floats, accepting full-width digits and separators in text cells; NaN when not."""
    if pd.api.types.is_numeric_dtype(series):
        return series.astype(float)
    text = _text(series)
    values = pd.to_numeric(text, errors="coerce")
    retry = text.notna() & values.isna()
    if retry.any():
        cleaned = text[retry].map(lambda s: SEPARATORS.sub("", unicodedata.normalize("NFKC", s)))
        values[retry] = pd.to_numeric(cleaned, errors="coerce")
    return values.astype(float)


def _kind_codes(text: pd.Series) -> pd.Series:
    lookup = {}
    for value in text.dropna().unique():
        key = unicodedata.normalize("NFKC", str(value)).strip()
        lookup[value] = KIND_ALIASES.get(key) or reference.code_for("entity_kinds", key)
    return text.map(lookup)


def _district_codes(text: pd.Series, districts: pd.DataFrame) -> pd.Series:
    lookup: dict[str, str] = {}
    for row in districts.itertuples():
        lookup.update({row.adcode: row.adcode, row.name: row.adcode, row.short_name: row.adcode})
    return text.map(lambda v: lookup.get(v) if isinstance(v, str) else None)


def parse(raw: pd.DataFrame, file: str, districts: pd.DataFrame, first_row: int) -> EntityCheck:
    """Type and check a raw entities table (columns already codes); every problem at once.

    ``first_row`` is the row number shown for the first record (2 under a CSV header).
    """
    check = EntityCheck()
    if raw.empty:
        raise _fail(file, "文件中没有数据行")
    flags = _Flags(file, first_row)
    ids = _text(raw["id"])
    flags.add(ids.isna().to_numpy(), "id", "不能为空")
    duplicated = (ids.duplicated(keep="first") & ids.notna()).to_numpy()
    flags.add(duplicated, "id", lambda v: f"编号“{v}”重复", ids.to_numpy())

    kind_text = _text(raw["kind"])
    kinds = _kind_codes(kind_text)
    flags.add(kind_text.isna().to_numpy(), "kind", "不能为空")
    unknown = (kind_text.notna() & kinds.isna()).to_numpy()
    message = lambda v: f"未知类别“{v}”，应为个体工商户或企业"  # noqa: E731
    flags.add(unknown, "kind", message, kind_text.to_numpy())

    lon, lat = _numbers(raw["lon"]), _numbers(raw["lat"])
    for column, values in (("lon", lon), ("lat", lat)):
        empty = raw[column].isna() | (raw[column].astype("string").str.strip() == "")
        flags.add(empty.to_numpy(), column, "不能为空")
        flags.add((~empty & values.isna()).to_numpy(), column, "不是数字")
    lon_ok, lat_ok = lon.between(*LON_RANGE), lat.between(*LAT_RANGE)
    swapped = ~lon_ok & ~lat_ok & lat.between(*LON_RANGE) & lon.between(*LAT_RANGE)
    flags.add(swapped.to_numpy(), "lon", "经度和纬度似乎填反了（经度约 87，纬度约 43）")
    for column, values, ok in (("lon", lon, lon_ok), ("lat", lat, lat_ok)):
        bad = (values.notna() & ~ok & ~swapped).to_numpy()
        flags.add(bad, column, lambda v: f"坐标 {v} 不在新疆范围内", values.to_numpy())

    declared = pd.Series(None, index=raw.index, dtype=object)
    if "district" in raw:
        district_text = _text(raw["district"])
        declared = _district_codes(district_text, districts)
        unknown = (district_text.notna() & declared.isna()).to_numpy()
        flags.add(unknown, "district", lambda v: f"未知区县“{v}”", district_text.to_numpy())

    check.problems = flags.problems
    if check.problems:
        return check
    check.frame = pd.DataFrame(
        {
            "id": ids.astype(str).to_numpy(),
            "kind": kinds.astype(str).to_numpy(),
            "lon": lon.to_numpy(),
            "lat": lat.to_numpy(),
            "district": declared.to_numpy(dtype=object),
        }
    )
    return check


def districts_of(lon: np.ndarray, lat: np.ndarray, districts) -> np.ndarray:
    """Adcode of the district containing each point (None outside every district)."""
    found = np.full(len(lon), None, dtype=object)
    west, south, east, north = districts.total_bounds
    near = np.flatnonzero((lon >= west) & (lon <= east) & (lat >= south) & (lat <= north))
    pending = near
    for adcode, geometry in zip(districts["adcode"], districts.geometry, strict=True):
        shapely.prepare(geometry)
        inside = shapely.intersects_xy(geometry, lon[pending], lat[pending])
        found[pending[inside]] = adcode
        pending = pending[~inside]
    return found


def locate(frame: pd.DataFrame, districts, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Set each point's district from its coordinates; warn (by count) where they disagree
    with the declared district or fall outside Urumqi."""
    lon, lat = frame["lon"].to_numpy(float), frame["lat"].to_numpy(float)
    found = districts_of(lon, lat, districts)
    warnings = []
    outside = pd.isna(found)
    if outside.any():
        message = f"{int(outside.sum()):,} 个点不在乌鲁木齐市任何区县内，密度图层不计入这些点"
        warnings.append(Problem(file, None, "district", message))
    declared = frame["district"].to_numpy(dtype=object)
    differs = ~outside & ~pd.isna(declared) & (declared != found)
    if differs.any():
        message = f"{int(differs.sum()):,} 个点的坐标位于另一区县，已按坐标归入所在区县"
        warnings.append(Problem(file, None, "district", message))
    return frame.assign(district=found), warnings


def check_bytes(data: bytes, file: str, districts, to_wgs84=None) -> EntityCheck:
    """Read, check and (with ``to_wgs84(lon, lat)``) convert an entities file."""
    notes: list[str] = []
    raw, description, is_parquet = read_raw(data, file)
    coded = _column_codes(raw, file, notes)
    check = parse(coded, file, districts, first_row=1 if is_parquet else 2)
    check.notes[:0] = notes
    check.description = description
    if is_parquet:
        check.notes.append("Parquet 文件没有表头行，“第 N 行”指第 N 条记录")
    if check.frame is None:
        return check
    frame = check.frame
    if to_wgs84 is not None:
        lon, lat = to_wgs84(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float))
        frame = frame.assign(lon=lon, lat=lat)
    frame = frame.assign(
        lon=frame["lon"].round(COORDINATE_DECIMALS), lat=frame["lat"].round(COORDINATE_DECIMALS)
    )
    check.frame, check.warnings = locate(frame, districts, file)
    return check


def parquet_bytes(frame: pd.DataFrame, is_sample: bool = False) -> bytes:
    """The served file: id, kind (code), lon, lat (WGS-84), district (adcode), zstd."""
    table = pa.table(
        {
            "id": pa.array(frame["id"].astype(str).to_numpy(), pa.string()),
            "kind": pa.array(frame["kind"].astype(str).to_numpy(), pa.string()).dictionary_encode(),
            "lon": pa.array(frame["lon"].to_numpy(float), pa.float64()),
            "lat": pa.array(frame["lat"].to_numpy(float), pa.float64()),
            "district": pa.array(
                [d if isinstance(d, str) else None for d in frame["district"]], pa.string()
            ).dictionary_encode(),
        }
    )
    return table_parquet_bytes(table, is_sample)


def table_parquet_bytes(table: pa.Table, is_sample: bool = False) -> bytes:
    """The served file from an Arrow table with its columns (kind and district
    dictionary-encoded), without a detour through pandas (ten million rows stay compact)."""
    meta = {SAMPLE_METADATA_KEY: json.dumps(is_sample).encode()}
    table = table.replace_schema_metadata(meta)
    out = io.BytesIO()
    pq.write_table(table, out, compression="zstd")
    return out.getvalue()


def count_rows(path) -> int | None:
    try:
        return pq.ParquetFile(path).metadata.num_rows
    except (pa.ArrowException, OSError):
        return None


@dataclass(frozen=True)
class EntityPoints:
    """Entity points as arrays, for aggregation (never sent to the browser as points)."""

    lon: np.ndarray  # float64, WGS-84
    lat: np.ndarray
    kind: np.ndarray  # int8 index into KIND_CODES
    district: np.ndarray  # int8 index into ``district_codes``; -1 outside Urumqi
    district_codes: tuple[str, ...]
    is_sample: bool

    def __len__(self) -> int:
        return len(self.lon)


def read_points(path, district_codes: tuple[str, ...]) -> EntityPoints:
    """Read a served entities file (ids are not read). Raises DatasetError when unusable."""
    try:
        parquet = pq.ParquetFile(path)
        table = parquet.read(columns=["kind", "lon", "lat", "district"])
    except (pa.ArrowException, OSError, KeyError) as error:
        raise _fail(path.name, f"无法读取市场主体点位文件：{error}") from None
    meta = parquet.schema_arrow.metadata or {}
    kinds = table.column("kind").to_pandas().astype(str)
    kind_index = pd.Categorical(_kind_codes(kinds), categories=KIND_CODES).codes
    districts = table.column("district").to_pandas()
    district_index = pd.Categorical(districts, categories=list(district_codes)).codes
    lon = table.column("lon").to_numpy().astype(float)
    lat = table.column("lat").to_numpy().astype(float)
    if (kind_index < 0).any() or np.isnan(lon).any() or np.isnan(lat).any():
        raise _fail(path.name, "市场主体点位文件中有未知类别或缺少坐标，请用导入命令重新导入")
    return EntityPoints(
        lon=lon,
        lat=lat,
        kind=kind_index.astype(np.int8),
        district=district_index.astype(np.int8),
        district_codes=tuple(district_codes),
        is_sample=json.loads(meta.get(SAMPLE_METADATA_KEY, b"false")),
    )
