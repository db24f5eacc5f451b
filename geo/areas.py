"""Equal-area measurements for Xinjiang geometries."""

from __future__ import annotations

import geopandas as gpd

# Albers equal-area conic fitted to Xinjiang (about 35-49 N, 73-96 E).
XINJIANG_ALBERS = "+proj=aea +lat_1=37 +lat_2=47 +lat_0=0 +lon_0=85 +datum=WGS84 +units=m +no_defs"


def area_km2(geoms: gpd.GeoDataFrame | gpd.GeoSeries):
    """Area of each geometry in km², as a pandas Series aligned with the input.

    Input without a CRS is taken to be WGS-84 longitude/latitude.
    """
    series = geoms.geometry if isinstance(geoms, gpd.GeoDataFrame) else geoms
    if series.crs is None:
        series = series.set_crs("EPSG:4326")
    return series.to_crs(XINJIANG_ALBERS).area / 1e6
