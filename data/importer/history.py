"""What the data page lists and records, from whichever store serves the data: the place
imports go and the audit log (imports, restores, logins)."""

from __future__ import annotations

from collections.abc import Mapping

from data import settings, storage, stores
from data.importer.folders import writable_data_dir


def check_writable() -> None:
    """Raise UsageError when imports have nowhere to go (the folder store without a
    writable ATLAS_DATA_DIR); StoreUnavailable when the database cannot be reached."""
    if stores.uses_database():
        from data.stores import postgres

        postgres.current_version()
    else:
        writable_data_dir()


def audit_log() -> list[dict]:
    """Every audit entry, oldest first."""
    if stores.uses_database():
        from data.stores import postgres

        return postgres.read_audit()
    return storage.read_audit(writable_data_dir())


def record(entry: Mapping[str, object]) -> bool:
    """Append an entry that changes no data (a login) to the store's audit log; False when
    there is none to write to (the folder store without ATLAS_DATA_DIR)."""
    if stores.uses_database():
        from data.stores import postgres

        postgres.append_audit(dict(entry))
        return True
    data_dir = settings.data_dir()
    if data_dir is None or not data_dir.is_dir():
        return False
    storage.append_audit(data_dir, entry)
    return True
