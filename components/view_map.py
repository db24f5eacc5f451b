"""The map of one View (geo.view), shared by the map explorer and meeting mode: the
choropleth values and title, the density grid, and the folium map itself."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import folium
import pandas as pd

from components.explorer_panels import period_label
from components.i18n import t, term
from components.maps import DensityView, choropleth_colors, urumqi_map, xinjiang_map
from data import files, loader, memo, reference, settings
from data.loader import Datasets
from data.schema import DatasetError
from geo import choropleth, density
from geo.layout import cluster_shapes, unit_of_points
from geo.view import View


@dataclass(frozen=True)
class ViewValues:
    """The shaded indicator of a view: value by district adcode, its unit and title."""

    values: pd.Series
    unit: str
    title: str


def view_values(data: Datasets, view: View) -> ViewValues:
    """The view's indicator per district (per 10,000 residents when asked)."""
    population_key = files.reference_signature("district_population") if view.per_10k else None
    values = _district_values(data, view.indicator, view.period, population_key)
    unit = term("indicator_units", view.indicator)
    if view.per_10k:
        unit = t("map.per_10k_unit", unit=unit)
    title = t(
        "map.value_title",
        name=term("indicators", view.indicator),
        unit=unit,
        period=period_label(view.period),
    )
    return ViewValues(values, unit, title)


@memo.per_data
def _district_values(data: Datasets, code: str, period: str, population_key) -> pd.Series:
    """The indicator per district; per 10,000 residents when ``population_key`` (the
    population table's signature) is given. Shared: only read it."""
    population = None
    if population_key is not None:
        population = reference.district_population().set_index("adcode")["population"]
    return choropleth.district_values(
        data.indicators, code, period, list(data.district_names), population
    )


def density_view(data: Datasets, view: View) -> DensityView | None:
    """The market-entity grid of the view (cached per file, district and cell size).

    Raises DatasetError when the points file is unusable; None when there is none."""
    points = loader.load_entities()
    if points is None:
        return None
    shape = data.districts
    if view.district:
        shape = shape[shape["adcode"] == view.district]
    grid = loader.entity_grid(view.district, density.cell_size_km(tuple(shape.total_bounds)))
    only = None if view.district is None else points.district_codes.index(view.district)
    raw = density.raw_points(
        points.lon, points.lat, points.kind, points.district, settings.entity_point_limit(), only
    )
    title = t("map.density.title")
    if points.is_sample:
        title = t("map.density.title_sample", label=t("app.sample_label"))
    return DensityView(grid, title, raw)


def safe_density_view(data: Datasets, view: View) -> tuple[DensityView | None, bool]:
    """(density view, whether the points file failed to load)."""
    if view.level == "xinjiang" or "density" not in view.layers:
        return None, False
    try:
        return density_view(data, view), False
    except DatasetError:
        return None, True


def legend_number(value: float) -> str:
    """A class break for a legend: whole numbers from 100 up, never scientific notation."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.1f}" if abs(value) >= 1 else f"{value:.2g}"


def build_view_map(
    data: Datasets, view: View, shaded: ViewValues, shown_density: DensityView | None
) -> folium.Map:
    """The folium map of a view."""
    if view.level == "xinjiang":
        base_units = unit_of_points(data.bases["lon"], data.bases["lat"], data.units)
        shapes = cluster_shapes(data.clusters, data.units) if "clusters" in view.layers else None
        return xinjiang_map(
            data.units, shapes, {t("map.tooltip.bases_in_data"): base_units.value_counts()}
        )
    values = shaded.values
    breaks = choropleth.class_breaks(values)
    labels = [f"{legend_number(a)} – {legend_number(b)}" for a, b in itertools.pairwise(breaks)]
    colors = choropleth_colors(choropleth.class_of(values, breaks))
    text = values.map(lambda v: f"{v:,.1f}" if view.per_10k else f"{v:,.0f}")
    return urumqi_map(
        data.districts, data.communities, data.bases, view.layers, view.types,
        focus=view.district, choropleth=(shaded.title, text, colors, labels),
        density=shown_density,
    )  # fmt: skip
