"""Small inline-SVG charts and a district outline map for printable, self-contained files.

No script, no font or image file, no external reference: the output is plain SVG markup
to embed in HTML. Every text from data passes through ``html.escape``.

Direction: the drawing is laid out left to right in every language (``direction="ltr"``
on the root), so axes, numbers and the scale bar stay where they are in a right-to-left
page; a label in Arabic script is isolated right to left inside it, so its words keep
their order. Words (units, north, tooltips) come from the catalogs (brief.chart.*).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from html import escape

import numpy as np
import shapely

from components.i18n import ISOLATE_END, RTL_START, t
from components.palettes import outline_for
from geo.framing import covering, dodge

WIDTH = 680  # viewBox width; the page scales it to the column (180 mm on A4)
FONT_SIZE = 12
AXIS_COLOR, GRID_COLOR, TEXT_COLOR = "#5b6570", "#e3e7ec", "#1f2328"
KM_PER_DEGREE = 111.32
RTL_SCRIPT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
NARROW = 0.6  # width of a Latin, Arabic or digit character, in em (CJK characters: 1 em)
LEGEND_ROW = 16  # height of one legend row


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]
    color: str


@dataclass(frozen=True)
class MapPoint:
    lon: float
    lat: float
    color: str
    title: str
    square: bool = False


def nice_step(span: float, count: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10^k) giving about ``count`` ticks."""
    if span <= 0:
        return 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate of the drawn width: wide (CJK) characters 1 em, controls 0, others 0.6 em."""
    width = 0.0
    for ch in text:
        if unicodedata.category(ch) in ("Cf", "Mn"):
            continue
        width += 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else NARROW
    return width * size


def _bidi(content: str) -> str:
    """A label holding right-to-left script, isolated right to left in the LTR drawing."""
    return f"{RTL_START}{content}{ISOLATE_END}" if RTL_SCRIPT.search(content) else content


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 or float(value).is_integer() else f"{value:,.1f}"


def _text(x: float, y: float, content: str, anchor: str = "start", size: int = FONT_SIZE,
          color: str = TEXT_COLOR, weight: str = "normal") -> str:  # fmt: skip
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{color}" font-weight="{weight}">{escape(_bidi(content))}</text>'
    )


def _svg(width: float, height: float, body: list[str], label: str) -> str:
    return (
        f'<svg viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(label)}" '
        f'font-family="inherit" direction="ltr">{"".join(body)}</svg>'
    )


def _legend_width(name: str) -> float:
    return text_width(name, FONT_SIZE - 1) + 32  # text, gap, symbol and spacing


def legend_rows(items: list[tuple[str, str, str]], width: float) -> list[list]:
    """Legend entries split into rows no wider than ``width`` (at least one per row)."""
    rows: list[list] = [[]]
    used = 0.0
    for item in items:
        size = _legend_width(item[0])
        if rows[-1] and used + size > width:
            rows.append([])
            used = 0.0
        rows[-1].append(item)
        used += size
    return rows


def _legend(rows: list[list], right: float, y: float) -> list[str]:
    """Legend rows of entries (name, colour, 'box' or 'line'), each row right-aligned."""
    return [
        part for n, row in enumerate(rows) for part in _legend_row(row, right, y + n * LEGEND_ROW)
    ]


def _legend_row(items: list[tuple[str, str, str]], right: float, y: float) -> list[str]:
    parts, x = [], right
    for name, color, kind in reversed(items):
        x -= text_width(name, FONT_SIZE - 1) + 4
        parts.append(_text(x, y + 4, name, size=FONT_SIZE - 1))
        x -= 18
        if kind == "line":
            parts.append(
                f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 14:.1f}" y2="{y:.1f}" '
                f'stroke="{color}" stroke-width="2" stroke-dasharray="4 2"/>'
            )
        else:
            box = f'x="{x:.1f}" y="{y - 5:.1f}" width="12" height="10"'
            parts.append(f'<rect {box} fill="{color}"/>')
        x -= 10
    return parts


def bar_chart(
    categories: list[str],
    bars: list[Series],
    title: str,
    unit: str,
    target: Series | None = None,
    height: int = 210,
) -> str:
    """Vertical bars per category (stacked when several series), with an optional target
    drawn as a dashed step line. The legend sits right of the unit, on more rows (and a
    taller chart) when its names are long."""
    left, right, top, bottom = 58, 10, 44, 30
    legend = [(s.name, s.color, "box") for s in bars]
    legend += [(target.name, target.color, "line")] if target else []
    rows = legend_rows(legend, WIDTH - right - text_width(unit, 11) - 16)
    extra = LEGEND_ROW * (len(rows) - 1)
    top, height = top + extra, height + extra
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    stacked = [sum(s.values[i] for s in bars) for i in range(len(categories))]
    peak = max([*stacked, *(target.values if target else []), 0])
    peak = 1.0 if not peak or math.isnan(peak) else peak
    step = nice_step(peak)
    top_value = step * math.ceil(peak / step)
    band = plot_w / max(len(categories), 1)

    def y_of(value: float) -> float:
        return top + plot_h - value / top_value * plot_h

    body = [_text(0, 16, title, size=FONT_SIZE + 2, weight="bold"), _text(0, 34, unit, size=11)]
    tick = 0.0
    while tick <= top_value + 1e-9:
        y = y_of(tick)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOR}"/>'
        )
        body.append(_text(left - 6, y + 4, _number(tick), "end", 11, AXIS_COLOR))
        tick += step
    for i, category in enumerate(categories):
        x, base = left + i * band + band * 0.18, 0.0
        for series in bars:
            value = series.values[i] or 0.0
            y0, y1 = y_of(base), y_of(base + value)
            tip = t("brief.chart.tooltip", category=category, series=series.name,
                    value=_number(value))  # fmt: skip
            body.append(
                f'<rect x="{x:.1f}" y="{y1:.1f}" width="{band * 0.64:.1f}" '
                f'height="{max(y0 - y1, 0):.1f}" fill="{series.color}">'
                f"<title>{escape(tip)}</title></rect>"
            )
            base += value
        body.append(_text(left + (i + 0.5) * band, height - bottom + 16, category, "middle", 11))
    if target:
        points = []
        for i, value in enumerate(target.values):
            if value is None or math.isnan(value):
                continue
            y = y_of(value)
            points += [f"{left + i * band:.1f},{y:.1f}", f"{left + (i + 1) * band:.1f},{y:.1f}"]
        body.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="{target.color}" '
            'stroke-width="2" stroke-dasharray="6 3"/>'
        )
    body.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" '
        f'stroke="{AXIS_COLOR}"/>'
    )
    body += _legend(rows, WIDTH - right, 30)
    return _svg(WIDTH, height, body, title)


def hbar_chart(labels: list[str], values: list[float], colors: list[str], title: str,
               unit: str) -> str:  # fmt: skip
    """Horizontal bars, one per label, largest first; value printed at each bar's end."""
    rows = sorted(zip(labels, values, colors, strict=True), key=lambda r: -r[1])
    left = 12 + max((text_width(label) for label in labels), default=2 * FONT_SIZE)
    right, top, row_h = 70, 30, 20
    height = top + row_h * max(len(rows), 1) + 8
    peak = max((v for _, v, _ in rows), default=0) or 1.0
    heading = t("brief.chart.with_unit", title=title, unit=unit)
    body = [_text(0, 16, heading, size=FONT_SIZE + 2, weight="bold")]
    for i, (label, value, color) in enumerate(rows):
        y = top + i * row_h
        length = value / peak * (WIDTH - left - right)
        body.append(_text(left - 6, y + 14, label, "end"))
        body.append(
            f'<rect x="{left}" y="{y + 3:.1f}" width="{length:.1f}" height="{row_h - 6}" '
            f'fill="{color}"/>'
        )
        body.append(_text(left + length + 4, y + 14, _number(value), size=11, color=AXIS_COLOR))
    return _svg(WIDTH, height, body, title)


def _ring(coords, project) -> str:
    points = [project(x, y) for x, y in coords]
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z"


def _scale_bar(px_per_km: float, x: float, y: float) -> list[str]:
    km = nice_step(120 / px_per_km, 1)
    length = km * px_per_km
    return [
        f'<path d="M{x:.1f},{y - 5:.1f}V{y:.1f}H{x + length:.1f}V{y - 5:.1f}" '
        f'fill="none" stroke="{TEXT_COLOR}" stroke-width="1.5"/>',
        _text(x + length + 6, y, t("brief.chart.km", km=_number(km)), size=11),
    ]


def district_map(geometry, points: list[MapPoint], title: str, height_limits=(260, 460)) -> str:
    """A district outline (lon/lat) with points as dots, equirectangular with the
    longitude scaled by cos(latitude); a scale bar and a north mark."""
    # The district's box, grown to hold every point (one entered just outside the border).
    lons, lats = [p.lon for p in points], [p.lat for p in points]
    minx, miny, maxx, maxy = covering(geometry.bounds, np.array(lons), np.array(lats))
    kx = math.cos(math.radians((miny + maxy) / 2))
    span_x, span_y = max((maxx - minx) * kx, 1e-6), max(maxy - miny, 1e-6)
    pad = 16
    height = min(max(WIDTH * span_y / span_x, height_limits[0]), height_limits[1])
    scale = min((WIDTH - 2 * pad) / span_x, (height - 2 * pad - 20) / span_y)
    offset_x = (WIDTH - span_x * scale) / 2
    offset_y = (height - 20 - span_y * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return offset_x + (lon - minx) * kx * scale, offset_y + (maxy - lat) * scale

    polygons = shapely.get_parts(geometry)
    path = "".join(
        _ring(p.exterior.coords, project) + "".join(_ring(r.coords, project) for r in p.interiors)
        for p in polygons
    )
    body = [
        f'<path d="{path}" fill="#e4ecf2" stroke="#1f4e79" stroke-width="1.5" fill-rule="evenodd"/>'
    ]
    homes = [project(point.lon, point.lat) for point in points]
    # Dense points are moved apart (a thin line back to their place), never piled.
    xs, ys = dodge(
        np.array([h[0] for h in homes]), np.array([h[1] for h in homes]), 5.5,
        within=(0, 22, WIDTH, height - 22),
    )  # fmt: skip
    for point, (home_x, home_y), x, y in zip(points, homes, xs, ys, strict=True):
        if math.hypot(x - home_x, y - home_y) > 4:
            body.append(
                f'<path d="M{home_x:.1f},{home_y:.1f}L{x:.1f},{y:.1f}" stroke="#7a8a99" '
                'stroke-width="0.6"/>'
            )
        tip = f"<title>{escape(point.title)}</title>"
        if point.square:
            body.append(
                f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" '
                f'fill="{point.color}" stroke="#263238" stroke-width="1">{tip}</rect>'
            )
        else:
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{point.color}" '
                f'stroke="{outline_for(point.color)}" stroke-width="1">{tip}</circle>'
            )
    body += _scale_bar(scale / KM_PER_DEGREE, pad, height - 8)
    body.append(_text(WIDTH - pad, 18, t("brief.chart.north"), "end", 12, AXIS_COLOR))
    return _svg(WIDTH, height, body, title)
