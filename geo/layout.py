"""Geometry of the 二核五轴五区 layout, built from member prefectures (pure geopandas)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import LineString

MEMBER_SEPARATOR = "、"


def members(text: str) -> list[str]:
    return [m.strip() for m in str(text).split(MEMBER_SEPARATOR) if m.strip()]


def cluster_shapes(clusters: pd.DataFrame, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One geometry per cluster: a core is its member's polygon, an axis a line through
    its members' representative points in the listed order, a zone the union of members.

    Raises ValueError naming a member that is not a unit short name.
    """
    shapes = dict(zip(units["short_name"], units.geometry, strict=True))
    geometries = []
    for row in clusters.itertuples():
        names = members(row.members)
        missing = [n for n in names if n not in shapes]
        if missing:
            raise ValueError(f"{row.name}: 未知地州 {'、'.join(missing)}")
        polygons = [shapes[n] for n in names]
        if row.kind == "axis":
            points = [p.representative_point() for p in polygons]
            geometries.append(LineString([(p.x, p.y) for p in points]))
        else:
            geometries.append(shapely.union_all(polygons))
    return gpd.GeoDataFrame(clusters.copy(), geometry=geometries, crs=units.crs)


def unit_of_points(lon: pd.Series, lat: pd.Series, units: gpd.GeoDataFrame) -> pd.Series:
    """Short name of the unit containing each point (NaN outside every unit)."""
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=units.crs)
    joined = gpd.sjoin(points, units[["short_name", "geometry"]], predicate="within", how="left")
    return joined["short_name"].groupby(level=0).first().reindex(points.index)
