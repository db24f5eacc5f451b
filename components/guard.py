"""Shared page plumbing: load every dataset or stop the page with a message.

The page's own words come from the catalog (admin.guard.*); the data layer's report of
what is wrong (file, row, column) is shown as it writes it, in Chinese."""

from __future__ import annotations

import logging

import streamlit as st

from components.i18n import t
from data import loader
from data.schema import DatasetError
from data.stores import StoreUnavailable

SHARED_DISTRICT_KEY = "atlas_district"  # the district chosen on any page, kept per session
LOGGER = logging.getLogger("streamlit.atlas.guard")  # Streamlit's handler prints it


def datasets_or_stop() -> loader.Datasets:
    try:
        return loader.load_all()
    except DatasetError as error:
        st.error(t("admin.guard.load_failed"))
        st.code(str(error), language=None)
        st.stop()
    except StoreUnavailable:  # the frame says so in its own words (components.store_status)
        raise
    except Exception:  # never a traceback or a path on a page; the log keeps the details
        LOGGER.exception("loading the datasets failed")
        st.error(t("admin.guard.unexpected"))
        st.stop()
