"""The map explorer's view, and its round trip through URL query parameters.

Unknown or malformed values fall back to defaults, so a hand-edited URL never breaks
the page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from geo.program import ALL_PERIODS, PROGRAM_QUARTERS, PROGRAM_YEARS

LEVELS = ("xinjiang", "urumqi", "district")
LAYERS = ("communities", "bases", "clusters", "choropleth", "density")
DEFAULT_LAYERS = ("communities", "bases", "clusters")
DEFAULT_INDICATOR = "jobs_created"
YEARS = tuple(str(year) for year in PROGRAM_YEARS)
PERIODS = (ALL_PERIODS, *YEARS, *PROGRAM_QUARTERS)
LIST_SEPARATOR = ","


@dataclass(frozen=True)
class View:
    level: str = "urumqi"
    district: str | None = None
    layers: tuple[str, ...] = DEFAULT_LAYERS
    types: tuple[str, ...] = ()  # empty: every community type
    indicator: str = DEFAULT_INDICATOR
    period: str = ALL_PERIODS
    per_10k: bool = False

    def with_district(self, adcode: str | None) -> View:
        """Select a district (drilling down) or clear it (back to Urumqi)."""
        if adcode is None:
            return replace(self, district=None, level="urumqi")
        return replace(self, district=adcode, level="district")


def _one(params: dict, key: str, allowed, default):
    value = params.get(key)
    if isinstance(value, list):
        value = value[-1] if value else None
    return value if value in allowed else default


def _many(params: dict, key: str, allowed, default: tuple[str, ...]) -> tuple[str, ...]:
    if key not in params:
        return default
    raw = params[key]
    text = LIST_SEPARATOR.join(raw) if isinstance(raw, list) else str(raw)
    picked = [v for v in text.split(LIST_SEPARATOR) if v in allowed]
    return tuple(dict.fromkeys(picked))


def view_from_params(
    params: dict, districts: list[str], type_codes: list[str], indicator_codes: list[str]
) -> View:
    """A valid View from query parameters (values as strings or lists of strings)."""
    district = _one(params, "district", districts, None)
    level = _one(params, "level", LEVELS, "district" if district else "urumqi")
    if level == "district" and district is None:
        level = "urumqi"
    return View(
        level=level,
        district=district,
        layers=_many(params, "layers", LAYERS, DEFAULT_LAYERS),
        types=_many(params, "types", type_codes, ()),
        indicator=_one(params, "indicator", indicator_codes, DEFAULT_INDICATOR),
        period=_one(params, "period", PERIODS, ALL_PERIODS),
        per_10k=_one(params, "per10k", ("1", "0"), "0") == "1",
    )


VIEW_PARAMS = ("level", "district", "layers", "types", "indicator", "period", "per10k")


def invalid_params(
    params: dict[str, str], districts: list[str], type_codes: list[str], indicator_codes: list[str]
) -> list[str]:
    """The keys of ``params`` that are unknown or hold a value a View would drop.

    view_from_params forgives bad values (a hand-edited URL); a saved view must not."""
    allowed = {
        "level": LEVELS, "district": districts, "indicator": indicator_codes,
        "period": PERIODS, "per10k": ("0", "1"),
    }  # fmt: skip
    lists = {"layers": LAYERS, "types": type_codes}
    bad = [key for key in params if key not in VIEW_PARAMS]
    for key, value in params.items():
        if (key in allowed and str(value) not in allowed[key]) or (
            key in lists and any(v not in lists[key] for v in str(value).split(LIST_SEPARATOR) if v)
        ):
            bad.append(key)
    if params.get("level") == "district" and "district" not in params:
        bad.append("district")
    return bad


def view_to_params(view: View) -> dict[str, str]:
    """Query parameters for a view, leaving out defaults so URLs stay short."""
    default = View()
    params: dict[str, str] = {}
    if view.level != default.level:
        params["level"] = view.level
    if view.district:
        params["district"] = view.district
    if view.layers != default.layers:
        params["layers"] = LIST_SEPARATOR.join(view.layers)
    if view.types:
        params["types"] = LIST_SEPARATOR.join(view.types)
    if view.indicator != default.indicator:
        params["indicator"] = view.indicator
    if view.period != default.period:
        params["period"] = view.period
    if view.per_10k:
        params["per10k"] = "1"
    return params


def previous_period(period: str) -> str | None:
    """The period before ``period`` of the same length, inside the program; None if none."""
    if period == ALL_PERIODS:
        return None
    if len(period) == 4:
        return str(int(period) - 1) if str(int(period) - 1) in YEARS else None
    year, quarter = int(period[:4]), int(period[-1])
    year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    earlier = f"{year}Q{quarter}"
    return earlier if earlier in PERIODS else None


@dataclass(frozen=True)
class Move:
    """What a click on the map does: go to ``level`` (with ``district`` for a district),
    or, with ``level`` None, show the card of ``item`` (kind, id)."""

    level: str | None = None
    district: str | None = None
    item: tuple[str, str] | None = None


def clicked_feature(map_value: dict | None) -> tuple[str | None, str | None]:
    """The (kind, id) of the feature last clicked, from st_folium's value."""
    properties = ((map_value or {}).get("last_active_drawing") or {}).get("properties") or {}
    return properties.get("kind"), properties.get("id")


def click_move(
    level: str, kind: str | None, item_id: str | None, names, urumqi_unit: str
) -> Move | None:
    """A click on a district or, in Urumqi, a density cell drills down; on Urumqi in the
    Xinjiang map goes up; on a community or base opens its card; anything else: None."""
    city_cell = kind == "density" and level == "urumqi"
    if (kind == "district" or city_cell) and item_id in names:
        return Move("district", item_id)
    elif kind == "unit" and item_id == urumqi_unit:
        return Move("urumqi")
    elif kind in ("community", "base"):
        return Move(item=(kind, item_id))
    return None
