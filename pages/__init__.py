"""Page scripts, registered in ``app.py`` with ``st.navigation``.

Page scripts live in sub-folders (``public/``: pages every deployment may show), never
directly in ``pages/``. A ``pages/`` folder next to ``app.py`` makes Streamlit start in
its old multipage mode: until ``app.py`` has called ``st.navigation`` once in the server
process, a deep link such as ``/map`` would run ``pages/map.py`` directly, skipping the
frame and the page registry. For a page other than the default one (served at ``/``),
a top-level ``pages/<url_path>.py`` may only be this shim, which runs ``app.py``:

    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parents[1] / "app.py"), run_name="__main__")
"""
