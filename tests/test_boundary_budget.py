"""Heavy or overlapping district boundaries: simplified to the vertex budget with shared
edges kept, or refused with a message naming the districts."""

from __future__ import annotations

import json

import shapely
from shapely.geometry import mapping, shape

from data import importer
from data.importer import boundaries
from data.loader import BOUNDARY_FILES, SHIPPED_BOUNDARY_DIR


def shipped_collection() -> dict:
    path = SHIPPED_BOUNDARY_DIR / BOUNDARY_FILES["districts"]
    return json.loads(path.read_text(encoding="utf-8"))


def encoded(collection: dict) -> bytes:
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


def densified(step_degrees: float) -> dict:
    """The shipped districts with a vertex every ``step_degrees`` along each edge (the
    same edge is split the same way from both sides, so neighbours still meet)."""
    collection = shipped_collection()
    for feature in collection["features"]:
        dense = shapely.segmentize(shape(feature["geometry"]), step_degrees)
        feature["geometry"] = mapping(shapely.set_precision(dense, 0.00001))
    return collection


def vertices(frame) -> int:
    return int(shapely.get_num_coordinates(frame.geometry.values).sum())


def test_a_million_vertex_file_is_simplified_to_the_budget(monkeypatch):
    monkeypatch.setenv("ATLAS_IMPORT_SECONDS", "600")  # ~20 s alone, minutes on a busy machine
    collection = densified(0.0000195)
    data = encoded(collection)
    given = sum(shapely.get_num_coordinates(shape(f["geometry"])) for f in collection["features"])
    assert given > 1_000_000 and len(data) < 20 * 1024 * 1024
    report = importer.check_bytes("boundaries", data, "官方边界.geojson")
    assert report.ok, report.problems
    assert vertices(report.dataset) <= boundaries.VERTEX_BUDGET
    assert any("已化简为" in note and f"{given:,}" in note for note in report.notes)
    assert len(report.content) < 160_000  # the districts' share of a 300 KB view
    assert shapely.is_valid(report.dataset.geometry.values).all()
    shipped = importer.shipped_districts().set_index("adcode").geometry
    for row in report.dataset.itertuples():  # still the same districts, within ~300 m
        assert shapely.hausdorff_distance(row.geometry, shipped[row.adcode]) < 0.003


def test_overlapping_districts_are_an_error_naming_both():
    collection = shipped_collection()
    first = shape(collection["features"][0]["geometry"])
    collection["features"][0]["geometry"] = mapping(first.buffer(0.01))  # ~1 km wider
    report = importer.check_bytes("boundaries", encoded(collection), "b.geojson")
    assert not report.ok and report.content is None
    text = "\n".join(p.message for p in report.problems)
    assert "天山区与沙依巴克区重叠约" in text and "不能重叠" in text


def test_a_file_that_cannot_reach_the_budget_is_refused(monkeypatch):
    monkeypatch.setattr(boundaries, "VERTEX_BUDGET", 50)
    monkeypatch.setattr(boundaries, "SIMPLIFY_TOLERANCES", (0.00001,))
    from data.importer import checking

    monkeypatch.setattr(checking, "run_isolated", lambda work, file: work())  # same process
    report = importer.check_bytes("boundaries", encoded(shipped_collection()), "b.geojson")
    assert not report.ok
    assert "化简到约 200 米仍超过上限 50" in report.problems[0].message
