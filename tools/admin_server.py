"""The admin deployment: the same app behind the upload gate and security headers.

    ATLAS_ENABLE_DATA_PAGE=1 ATLAS_DATA_DIR=... streamlit run tools/admin_server.py \\
        --server.maxUploadSize 200

Streamlit finds ``app`` (an ``st.App``) in this file and serves it with the middleware of
``tools/upload_gate.py``. The public deployment stays ``streamlit run app.py``, where the
configured ``maxUploadSize = 0`` refuses every upload (see the README)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # ``streamlit run`` puts only tools/ on the path

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from tools.upload_gate import SecurityHeaders, UploadGate  # noqa: E402

app = st.App(ROOT / "app.py", middleware=[Middleware(SecurityHeaders), Middleware(UploadGate)])
