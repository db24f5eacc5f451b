"""The compare page's choice in session state and in the URL (the rules are in
geo.compare): seeded from the URL or the district shared with the map, written back."""

from __future__ import annotations

import streamlit as st

from components.guard import SHARED_DISTRICT_KEY
from geo import compare

DISTRICTS_KEY, INDICATOR_KEY, PERIOD_KEY = "cmp_districts", "cmp_indicator", "cmp_period"


def default_districts(names: dict[str, str]) -> list[str]:
    """The district shared with the map (if any), completed to two districts."""
    shared = st.session_state.get(SHARED_DISTRICT_KEY)
    chosen = [shared] if shared in names else []
    return (chosen + [a for a in names if a not in chosen])[: compare.MIN_DISTRICTS]


def seed_state(names: dict[str, str], indicator_codes: list[str]) -> None:
    """On a session's first visit, take the comparison from the URL."""
    if DISTRICTS_KEY in st.session_state:
        return
    params = st.query_params.to_dict()
    chosen = compare.comparison_from_params(params, list(names), indicator_codes)
    districts = list(chosen.districts) if "districts" in params else default_districts(names)
    st.session_state.update(
        {DISTRICTS_KEY: districts, INDICATOR_KEY: chosen.indicator, PERIOD_KEY: chosen.period}
    )


def current() -> compare.Comparison:
    """The comparison the widgets show."""
    return compare.Comparison(
        tuple(st.session_state[DISTRICTS_KEY]),
        st.session_state[INDICATOR_KEY],
        st.session_state[PERIOD_KEY],
    )


def sync_url(comparison: compare.Comparison) -> None:
    wanted = compare.comparison_to_params(comparison)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
