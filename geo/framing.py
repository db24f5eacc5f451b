"""Where a map opens: the box around most of the points, so a city view shows the urban
core where communities and bases crowd, not the empty mountains around it."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box

Bounds = tuple[float, float, float, float]  # minx, miny, maxx, maxy

# A place is named inside the box a map opens on only where it covers at least this share
# of the box: a sliver or a corner of a large district would suggest the district lies
# there. Otherwise its name goes to its own anchor (the map shows it at the edge, with an
# arrow, while that anchor is out of view: components/place_labels.js).
MIN_SHOWN_SHARE = 0.02


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


def covering(bounds: Bounds, lon: np.ndarray, lat: np.ndarray) -> Bounds:
    """``bounds`` grown to hold every point (a district's box and its communities, even
    one entered a little outside its border)."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    keep = np.isfinite(lon) & np.isfinite(lat)
    minx, miny, maxx, maxy = bounds
    if not keep.any():
        return (float(minx), float(miny), float(maxx), float(maxy))
    return (
        float(min(minx, lon[keep].min())),
        float(min(miny, lat[keep].min())),
        float(max(maxx, lon[keep].max())),
        float(max(maxy, lat[keep].max())),
    )


def dodge(
    x: np.ndarray,
    y: np.ndarray,
    radius: float,
    gap: float = 1.0,
    within: Bounds | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Screen positions moved apart so that no two discs of ``radius`` overlap: each point,
    in order, takes the free spot nearest its own on a sunflower spiral around it (the map
    layers do the same in the browser, ``components/point_layer.js``), inside ``within``
    (x0, y0, x1, y1) when given."""
    golden = np.pi * (3 - np.sqrt(5))
    reach = 2 * radius + gap
    placed = np.empty((0, 2))

    def free(px: float, py: float) -> bool:
        if within is not None:
            x0, y0, x1, y1 = within
            if not (x0 + radius <= px <= x1 - radius and y0 + radius <= py <= y1 - radius):
                return False
        return len(placed) == 0 or bool(
            np.min(np.hypot(placed[:, 0] - px, placed[:, 1] - py)) >= reach
        )

    for home_x, home_y in zip(np.asarray(x, float), np.asarray(y, float), strict=True):
        px, py = home_x, home_y
        for k in range(1, 4000):
            if free(px, py):
                break
            dist = np.sqrt(k) * radius * 0.9
            px = home_x + dist * np.cos(k * golden)
            py = home_y + dist * np.sin(k * golden)
        placed = np.vstack([placed, [px, py]])
    return placed[:, 0].copy(), placed[:, 1].copy()


def label_anchors(
    shapes: gpd.GeoSeries, within: Bounds | None = None, min_share: float = MIN_SHOWN_SHARE
) -> gpd.GeoSeries:
    """Where each place's name is anchored: a point inside the part of it that lies within
    ``within`` (the box the map opens on) when that part covers at least ``min_share`` of
    the box, else a point inside its largest part."""
    own = shapes.apply(_largest_part).representative_point()
    if within is None:
        return own
    frame = box(*within)
    shown = shapes.intersection(frame)
    # A share of the box, in square degrees: near enough to a share in km² at one latitude.
    area = shapely.area(shown.to_numpy())
    enough = ~shown.is_empty & shown.is_valid & (area >= min_share * frame.area)
    return shown.representative_point().where(enough, own)


def _largest_part(shape):
    parts = getattr(shape, "geoms", None)
    return max(parts, key=lambda part: part.area) if parts else shape
