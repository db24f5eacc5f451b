"""A small load test over Streamlit's websocket protocol (bench.load), loopback only."""

from __future__ import annotations

import math

from bench.load import VIEWS, format_result, run_load


def test_three_sessions_render_and_rerun_without_errors():
    result = run_load(sessions=3, seconds=10, reruns=1)
    assert result.errors == [], result.errors
    assert len(result.first) == 3 and len(result.reruns) == 3
    summary = result.summary()
    assert summary["first_render_p95_s"] < 20  # generous: CI machines are shared
    assert summary["rerun_p95_s"] < 20
    assert result.rss_before > 100 * 2**20 and result.rss_open > 0
    assert not math.isnan(summary["rss_per_session_mb"])
    assert "p95" in format_result(result)
    assert {page for page, _ in VIEWS} == {"map", ""}
