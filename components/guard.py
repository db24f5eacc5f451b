"""Shared page plumbing: load every dataset or stop the page with a Chinese message."""

from __future__ import annotations

import streamlit as st

from data import loader
from data.schema import DatasetError

SHARED_DISTRICT_KEY = "atlas_district"  # the district chosen on any page, kept per session


def datasets_or_stop() -> loader.Datasets:
    try:
        return loader.load_all()
    except DatasetError as error:
        st.error("数据未能载入，请按下列提示修正数据文件：")
        st.code(str(error), language=None)
        st.stop()
