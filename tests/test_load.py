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
    assert 0 < summary["cpu_per_run_s"] < 20 and result.runs == 6
    assert "p95" in format_result(result) and "per run" in format_result(result)
    assert {page for page, _ in VIEWS} == {"map", ""}


def test_a_qr_code_spike_renders_while_other_pages_keep_rerunning():
    result = run_load(sessions=3, seconds=10, background=2)
    assert result.errors == [], result.errors
    assert result.spike and len(result.first) == 3 and result.reruns == []
    assert len(result.background) >= 1  # the other pages went on during the spike
    assert 0 < result.cpu_per_run < 20
    text = format_result(result)
    assert "spike: 3 sessions" in text and "background reruns" in text
