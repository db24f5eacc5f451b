"""Deep-link entry for /meeting on a freshly started server (see pages/__init__.py)."""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parents[1] / "app.py"), run_name="__main__")
