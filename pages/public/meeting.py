"""会议演示: saved views played in order, a full-width map and a QR code of the view."""

from __future__ import annotations

import streamlit as st

from components.i18n import t

st.title(t("meeting.title"))
