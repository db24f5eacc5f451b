"""Market-entity density on a square grid (pure numpy/pandas, no Streamlit or folium).

Cells are squares of ``cell_km`` kilometres in a local equirectangular frame anchored at a
fixed origin, so a cell has the same edges in every view. The cell size follows the view
(``cell_size_km``): about ``CELLS_ACROSS`` cells across its longer side, rounded up to one
of ``NICE_CELL_KM``: 2 km for the whole city, 0.25–1 km for one district.

Privacy: a cell with fewer than ``MIN_COUNT`` entities is dropped, so no single business
can be picked out; and a cell's split by kind is withheld when either kind has fewer than
``MIN_COUNT`` (the other could be derived from the total).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_COUNT = 3
CELLS_ACROSS = 150
NICE_CELL_KM = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
LON0, LAT0 = 86.0, 42.5  # grid origin, south-west of Urumqi
KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON = 111.320 * math.cos(math.radians(43.8))  # at Urumqi's latitude


def cell_size_km(bounds: tuple[float, float, float, float]) -> float:
    """Cell edge for a view of (minx, miny, maxx, maxy) degrees."""
    minx, miny, maxx, maxy = bounds
    extent = max((maxx - minx) * KM_PER_DEGREE_LON, (maxy - miny) * KM_PER_DEGREE_LAT)
    wanted = extent / CELLS_ACROSS
    return next((size for size in NICE_CELL_KM if size >= wanted), NICE_CELL_KM[-1])


def cell_degrees(cell_km: float) -> tuple[float, float]:
    """(width, height) of a cell in degrees of longitude and latitude."""
    return cell_km / KM_PER_DEGREE_LON, cell_km / KM_PER_DEGREE_LAT


@dataclass(frozen=True)
class Grid:
    """Aggregated cells of one view. ``cells`` has columns ix, iy (cell indices from the
    origin), total, individual, enterprise and district (adcode with most entities)."""

    cell_km: float
    cells: pd.DataFrame
    entities: int  # entities counted in the view (suppressed cells included)
    suppressed_cells: int

    def cell_bounds(self) -> pd.DataFrame:
        """West, south, east and north edge (degrees) of every cell."""
        width, height = cell_degrees(self.cell_km)
        west = LON0 + self.cells["ix"].to_numpy() * width
        south = LAT0 + self.cells["iy"].to_numpy() * height
        return pd.DataFrame(
            {"west": west, "south": south, "east": west + width, "north": south + height}
        )


def aggregate(
    lon: np.ndarray,
    lat: np.ndarray,
    kind: np.ndarray,
    district: np.ndarray,
    district_codes: tuple[str, ...],
    cell_km: float,
    only_district: int | None = None,
) -> Grid:
    """Count entities per cell. ``kind`` is 0 (个体工商户) or 1 (企业); ``district`` indexes
    ``district_codes`` (-1: outside Urumqi, never counted). ``only_district`` keeps one."""
    keep = district >= 0 if only_district is None else district == only_district
    lon, lat, kind, district = lon[keep], lat[keep], kind[keep], district[keep]
    width, height = cell_degrees(cell_km)
    ix = np.floor((lon - LON0) / width).astype(np.int64)
    iy = np.floor((lat - LAT0) / height).astype(np.int64)
    keys, inverse = np.unique(ix * 1_000_000 + iy, return_inverse=True)
    cells = len(keys)
    by_kind = np.bincount(inverse * 2 + kind, minlength=cells * 2).reshape(cells, 2)
    codes = len(district_codes)
    by_district = np.bincount(inverse * codes + district, minlength=cells * codes)
    majority = by_district.reshape(cells, codes).argmax(axis=1)
    frame = pd.DataFrame(
        {
            "ix": keys // 1_000_000,
            "iy": keys % 1_000_000,
            "total": by_kind.sum(axis=1),
            "individual": by_kind[:, 0],
            "enterprise": by_kind[:, 1],
            "district": np.asarray(district_codes, dtype=object)[majority],
        }
    )
    shown = frame["total"] >= MIN_COUNT
    return Grid(
        cell_km=cell_km,
        cells=frame[shown].reset_index(drop=True),
        entities=len(lon),
        suppressed_cells=int((~shown).sum()),
    )


def split_visible(cells: pd.DataFrame) -> pd.Series:
    """Whether a cell's split by kind may be shown: each kind is 0 or at least MIN_COUNT."""
    small = lambda column: cells[column].between(1, MIN_COUNT - 1)  # noqa: E731
    return ~(small("individual") | small("enterprise"))


def raw_points(
    lon: np.ndarray,
    lat: np.ndarray,
    kind: np.ndarray,
    district: np.ndarray,
    limit: int,
    only_district: int | None = None,
) -> pd.DataFrame | None:
    """The view's points (lon, lat, kind) when there are at most ``limit`` of them, else
    None: above the limit raw points never leave the server."""
    keep = district >= 0 if only_district is None else district == only_district
    if limit <= 0 or int(keep.sum()) > limit:
        return None
    return pd.DataFrame({"lon": lon[keep], "lat": lat[keep], "kind": kind[keep]})
