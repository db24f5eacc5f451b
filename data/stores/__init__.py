"""Where the served data lives: the dataset folder (default) or a PostgreSQL/PostGIS database.

The interface is small on purpose. Readers (``data/files.py``, so the loader and the
importer's checks) ask ``served_dir()`` for a folder laid out like a dataset folder:

- folder store: the folder itself;
- database store (``ATLAS_DATABASE_URL`` set): a read-only local snapshot of one data
  version, written once per version and server from one consistent read of the database
  (``data/stores/postgres.py``). Its path carries the version, so every cache keyed by
  file signatures changes exactly when the data version changes.

Writers (the importer) call ``apply``/``restore`` here only when ``uses_database()``; the
folder store keeps its own atomic, versioned writes in ``data/storage.py``.

When the database cannot be used (down, refusing, a wrong password, no schema yet) every
call raises ``StoreUnavailable``: the app shows a fixed message for it and retries.
"""

from __future__ import annotations

from pathlib import Path

from data import settings


class StoreUnavailable(RuntimeError):
    """The database store cannot be used right now. Its text names the database with the
    password masked (``masked_url``), never the password; the driver's error is chained."""


def masked_url(url: str) -> str:
    """The URL with its password replaced by ``***`` (for messages and the log)."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not even a URL: say nothing about it
        return "ATLAS_DATABASE_URL"


def uses_database() -> bool:
    return settings.database_url() is not None


def served_dir() -> Path | None:
    """The database snapshot folder of the current data version, or None (folder store)."""
    if not uses_database():
        return None
    from data.stores import snapshot

    return snapshot.snapshot_dir()
