"""Silence Streamlit's log below errors in processes that run the data layer without a
Streamlit runtime (the importer's command line and its workers): there its caches warn
once per function that no runtime was found."""

from __future__ import annotations

import streamlit.logger
from streamlit import config


def without_runtime_warnings() -> None:
    config.get_config_options()  # parse the config first: parsing resets the log level
    streamlit.logger.set_log_level("error")
