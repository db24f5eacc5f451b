"""Where a map opens: the box around most of the points, so a city view shows the urban
core where communities and bases crowd, not the empty mountains around it."""

from __future__ import annotations

import numpy as np

Bounds = tuple[float, float, float, float]  # minx, miny, maxx, maxy


def core_bounds(
    lon: np.ndarray, lat: np.ndarray, share: float = 0.8, pad: float = 0.15
) -> Bounds | None:
    """The box holding the central ``share`` of the points on each axis, grown by ``pad``
    of its size on every side (at least 0.02°); None without points."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    keep = np.isfinite(lon) & np.isfinite(lat)
    if not keep.any():
        return None
    tail = (1 - share) / 2 * 100
    minx, maxx = np.percentile(lon[keep], [tail, 100 - tail])
    miny, maxy = np.percentile(lat[keep], [tail, 100 - tail])
    dx = max((maxx - minx) * pad, 0.02)
    dy = max((maxy - miny) * pad, 0.02)
    return (float(minx - dx), float(miny - dy), float(maxx + dx), float(maxy + dy))
