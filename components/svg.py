"""Small inline-SVG charts and a district outline map for printable, self-contained files.

No script, no font or image file, no external reference: the output is plain SVG markup
to embed in HTML. Every text from data passes through ``html.escape``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

import shapely

WIDTH = 680  # viewBox width; the page scales it to the column (180 mm on A4)
FONT_SIZE = 12
AXIS_COLOR, GRID_COLOR, TEXT_COLOR = "#5b6570", "#e3e7ec", "#1f2328"
KM_PER_DEGREE = 111.32


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


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 or float(value).is_integer() else f"{value:,.1f}"


def _text(x: float, y: float, content: str, anchor: str = "start", size: int = FONT_SIZE,
          color: str = TEXT_COLOR, weight: str = "normal") -> str:  # fmt: skip
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{color}" font-weight="{weight}">{escape(content)}</text>'
    )


def _svg(width: float, height: float, body: list[str], label: str) -> str:
    return (
        f'<svg viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(label)}" '
        f'font-family="inherit">{"".join(body)}</svg>'
    )


def _legend(items: list[tuple[str, str, str]], right: float, y: float) -> list[str]:
    """Legend entries (name, colour, 'box' or 'line') laid out right-aligned on one row."""
    parts, x = [], right
    for name, color, kind in reversed(items):
        x -= len(name) * FONT_SIZE + 4
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
    drawn as a dashed step line."""
    left, right, top, bottom = 58, 10, 44, 30
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
            body.append(
                f'<rect x="{x:.1f}" y="{y1:.1f}" width="{band * 0.64:.1f}" '
                f'height="{max(y0 - y1, 0):.1f}" fill="{series.color}">'
                f"<title>{escape(f'{category} {series.name}：{_number(value)}')}</title></rect>"
            )
            base += value
        body.append(_text(left + (i + 0.5) * band, height - bottom + 16, category, "middle", 11))
    legend = [(s.name, s.color, "box") for s in bars]
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
        legend.append((target.name, target.color, "line"))
    body.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" '
        f'stroke="{AXIS_COLOR}"/>'
    )
    body += _legend(legend, WIDTH - right, 30)
    return _svg(WIDTH, height, body, title)


def hbar_chart(labels: list[str], values: list[float], colors: list[str], title: str,
               unit: str) -> str:  # fmt: skip
    """Horizontal bars, one per label, largest first; value printed at each bar's end."""
    rows = sorted(zip(labels, values, colors, strict=True), key=lambda r: -r[1])
    left = 12 + FONT_SIZE * max((len(label) for label in labels), default=2)
    right, top, row_h = 70, 30, 20
    height = top + row_h * max(len(rows), 1) + 8
    peak = max((v for _, v, _ in rows), default=0) or 1.0
    body = [_text(0, 16, f"{title}（{unit}）", size=FONT_SIZE + 2, weight="bold")]
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
        _text(x + length + 6, y, f"{_number(km)} 公里", size=11),
    ]


def district_map(geometry, points: list[MapPoint], title: str, height_limits=(260, 460)) -> str:
    """A district outline (lon/lat) with points as dots, equirectangular with the
    longitude scaled by cos(latitude); a scale bar and a north mark."""
    minx, miny, maxx, maxy = geometry.bounds
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
    for point in points:
        x, y = project(point.lon, point.lat)
        tip = f"<title>{escape(point.title)}</title>"
        if point.square:
            body.append(
                f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" '
                f'fill="{point.color}" stroke="#ffffff" stroke-width="1">{tip}</rect>'
            )
        else:
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{point.color}" '
                f'stroke="#ffffff" stroke-width="1">{tip}</circle>'
            )
    body += _scale_bar(scale / KM_PER_DEGREE, pad, height - 8)
    body.append(_text(WIDTH - pad, 18, "北 ↑", "end", 12, AXIS_COLOR))
    return _svg(WIDTH, height, body, title)
