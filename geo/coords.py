"""Conversions between WGS-84, GCJ-02 (AMap, Tencent) and BD-09 (Baidu).

GCJ-02 and BD-09 are obfuscated datums with no PROJ definition. The forward
formulas are the standard published ones; the inverses are solved iteratively
so that a round trip is exact to well under a millimetre.

Every function takes scalars or array-likes and returns a ``(lon, lat)`` pair of
the same shape: floats for scalar input, numpy arrays otherwise.
"""

from __future__ import annotations

import numpy as np
import shapely

_KRASOVSKY_A = 6378245.0
_KRASOVSKY_EE = 0.00669342162296594323
_BD_X_PI = np.pi * 3000.0 / 180.0

# Rough bounding box of China; outside it GCJ-02 equals WGS-84.
_CHINA_LON = (72.004, 137.8347)
_CHINA_LAT = (0.8293, 55.8271)

_INVERSE_ITERATIONS = 8

SUPPORTED_CRS = ("wgs84", "gcj02", "bd09")


def _as_arrays(lon, lat):
    lon_arr, lat_arr = np.broadcast_arrays(
        np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    )
    return lon_arr, lat_arr


def _restore_shape(lon_arr, lat_arr, scalar_input: bool):
    if scalar_input:
        return float(lon_arr), float(lat_arr)
    return lon_arr, lat_arr


def _is_scalar(lon, lat) -> bool:
    return np.ndim(lon) == 0 and np.ndim(lat) == 0


def _in_china(lon, lat):
    return (
        (lon > _CHINA_LON[0])
        & (lon < _CHINA_LON[1])
        & (lat > _CHINA_LAT[0])
        & (lat < _CHINA_LAT[1])
    )


def _gcj_lat_term(x, y):
    term = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    term += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    term += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    term += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return term


def _gcj_lon_term(x, y):
    term = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    term += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    term += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    term += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return term


def _gcj_offset(lon, lat):
    """GCJ-02 minus WGS-84 in degrees, evaluated at a WGS-84 position."""
    d_lat = _gcj_lat_term(lon - 105.0, lat - 35.0)
    d_lon = _gcj_lon_term(lon - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * np.pi
    magic = 1.0 - _KRASOVSKY_EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_KRASOVSKY_A * (1 - _KRASOVSKY_EE)) / (magic * sqrt_magic) * np.pi)
    d_lon = (d_lon * 180.0) / (_KRASOVSKY_A / sqrt_magic * np.cos(rad_lat) * np.pi)
    inside = _in_china(lon, lat)
    return np.where(inside, d_lon, 0.0), np.where(inside, d_lat, 0.0)


def _wgs_to_gcj_arrays(lon, lat):
    d_lon, d_lat = _gcj_offset(lon, lat)
    return lon + d_lon, lat + d_lat


def _gcj_to_bd_arrays(lon, lat):
    z = np.sqrt(lon * lon + lat * lat) + 0.00002 * np.sin(lat * _BD_X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _BD_X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def _bd_to_gcj_arrays(lon, lat):
    x = lon - 0.0065
    y = lat - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _BD_X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _BD_X_PI)
    return z * np.cos(theta), z * np.sin(theta)


def _invert(forward, target_lon, target_lat, first_lon, first_lat):
    """Solve forward(lon, lat) == target by fixed-point iteration.

    A fixed iteration count keeps the result element-wise: a vertex shared by
    two polygons converts to the same bits whichever array it comes in.
    """
    lon, lat = first_lon, first_lat
    for _ in range(_INVERSE_ITERATIONS):
        fwd_lon, fwd_lat = forward(lon, lat)
        lon = lon - (fwd_lon - target_lon)
        lat = lat - (fwd_lat - target_lat)
    return lon, lat


def _gcj_to_wgs_arrays(lon, lat):
    d_lon, d_lat = _gcj_offset(lon, lat)
    return _invert(_wgs_to_gcj_arrays, lon, lat, lon - d_lon, lat - d_lat)


def _bd_to_gcj_exact_arrays(lon, lat):
    first_lon, first_lat = _bd_to_gcj_arrays(lon, lat)
    return _invert(_gcj_to_bd_arrays, lon, lat, first_lon, first_lat)


def _apply(func, lon, lat):
    scalar = _is_scalar(lon, lat)
    out_lon, out_lat = func(*_as_arrays(lon, lat))
    return _restore_shape(out_lon, out_lat, scalar)


def wgs84_to_gcj02(lon, lat):
    """WGS-84 to GCJ-02 (standard forward formula)."""
    return _apply(_wgs_to_gcj_arrays, lon, lat)


def gcj02_to_wgs84(lon, lat):
    """GCJ-02 to WGS-84 (iterative inverse, round trip < 1 mm)."""
    return _apply(_gcj_to_wgs_arrays, lon, lat)


def gcj02_to_bd09(lon, lat):
    """GCJ-02 to BD-09 (standard forward formula)."""
    return _apply(_gcj_to_bd_arrays, lon, lat)


def bd09_to_gcj02(lon, lat):
    """BD-09 to GCJ-02 (iterative inverse, round trip < 1 mm)."""
    return _apply(_bd_to_gcj_exact_arrays, lon, lat)


def wgs84_to_bd09(lon, lat):
    """WGS-84 to BD-09."""
    return _apply(lambda x, y: _gcj_to_bd_arrays(*_wgs_to_gcj_arrays(x, y)), lon, lat)


def bd09_to_wgs84(lon, lat):
    """BD-09 to WGS-84."""
    return _apply(lambda x, y: _gcj_to_wgs_arrays(*_bd_to_gcj_exact_arrays(x, y)), lon, lat)


_TO_WGS84 = {
    "wgs84": lambda lon, lat: _apply(lambda x, y: (x.copy(), y.copy()), lon, lat),
    "gcj02": gcj02_to_wgs84,
    "bd09": bd09_to_wgs84,
}


def to_wgs84(lon, lat, crs: str):
    """Convert from ``crs`` ("wgs84", "gcj02" or "bd09") to WGS-84."""
    try:
        convert = _TO_WGS84[crs]
    except (KeyError, TypeError):
        raise ValueError(
            f"Unknown coordinate system {crs!r}; expected one of {', '.join(SUPPORTED_CRS)}"
        ) from None
    return convert(lon, lat)


def geometry_gcj02_to_wgs84(geom):
    """Convert every vertex of a shapely geometry from GCJ-02 to WGS-84."""

    def convert(coords):
        lon, lat = _gcj_to_wgs_arrays(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(geom, convert)
