"""Snapshot folders of the PostgreSQL store: the current data version laid out like a
dataset folder, which the loader reads as it reads the folder store.

Each server writes a snapshot once per data version, from one REPEATABLE READ transaction,
so it sees one version whole, never a mix. A file whose content is unchanged since the
previous snapshot is hard-linked from there; the newest few snapshots are kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data import files
from data.schema import ENTITIES, KINDS
from data.stores.postgres import (
    _url,
    _version_seen,
    boundary_bytes,
    current_version,
    engine,
    files_name,
    kind_bytes,
    reaching,
)

SNAPSHOTS_KEPT = 3
SERVED_MANIFEST = ".served.json"  # in a snapshot: kind -> sha256 of what it was written from
_snapshot_lock = threading.Lock()


def snapshot_root(url: str) -> Path:
    key = hashlib.sha256(url.encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"atlas-store-{key}"


def snapshot_dir(url: str | None = None) -> Path:
    """A folder laid out like a dataset folder holding the current data version."""
    url = _url(url)
    folder = snapshot_root(url) / f"v{current_version(url)}"
    if folder.is_dir():
        return folder
    with _snapshot_lock, reaching(url):
        if folder.is_dir():
            return folder
        return _write_snapshot(url)


def _write_snapshot(url: str) -> Path:
    root = snapshot_root(url)
    root.mkdir(parents=True, exist_ok=True)
    with engine(url).connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            version, meta = conn.execute(
                sa.text("SELECT version, meta FROM atlas_state WHERE id = 1")
            ).one()
            folder = root / f"v{version}"
            if folder.is_dir():
                return folder
            temp = Path(tempfile.mkdtemp(dir=root, prefix=".writing-"))
            try:
                _write_files(conn, temp, meta, _newest_snapshot(root))
                os.rename(temp, folder)
            except OSError:
                shutil.rmtree(temp, ignore_errors=True)
                if not folder.is_dir():
                    raise
            except BaseException:
                shutil.rmtree(temp, ignore_errors=True)
                raise
    _version_seen[url] = (time.monotonic(), int(version))
    _prune(root)
    return folder


def _snapshots(root: Path) -> list[Path]:
    """Snapshot folders, oldest version first."""
    return sorted(
        (p for p in root.iterdir() if p.name.startswith("v") and p.name[1:].isdigit()),
        key=lambda p: int(p.name[1:]),
    )


def _newest_snapshot(root: Path) -> Path | None:
    found = _snapshots(root)
    return found[-1] if found else None


def _prune(root: Path) -> None:
    """Keep the newest snapshots (a slower server may still read the one before)."""
    for old in _snapshots(root)[:-SNAPSHOTS_KEPT]:
        shutil.rmtree(old, ignore_errors=True)


def _manifest(folder: Path | None) -> dict[str, str]:
    """kind -> sha256 of the content a snapshot's file was written from."""
    try:
        return json.loads((folder / SERVED_MANIFEST).read_text(encoding="utf-8"))
    except (TypeError, OSError, ValueError):
        return {}


def _reuse(previous: Path, target: Path) -> bool:
    """Hard-link (else copy) an unchanged file from the previous snapshot."""
    source = previous / target.name
    try:
        os.link(source, target)
    except FileNotFoundError:
        return False
    except OSError:
        shutil.copyfile(source, target)
    return True


def _write_files(conn: Connection, folder: Path, meta: dict, previous: Path | None) -> None:
    """Every served file; one whose content is unchanged since ``previous`` is taken from
    there, so an apply of 24 targets does not pull ten million market entities again."""
    digests = dict(conn.execute(sa.text("SELECT kind, sha256 FROM atlas_served")).all())
    earlier = _manifest(previous)
    written: dict[str, str] = {}
    for kind in (*KINDS, ENTITIES.name):
        target = folder / files_name(kind)
        digest = digests.get(kind)
        if digest is not None and earlier.get(kind) == digest and _reuse(previous, target):
            written[kind] = digest
            continue
        content = kind_bytes(conn, kind)
        if content is not None:
            target.write_bytes(content)
            written[kind] = digest
    (folder / SERVED_MANIFEST).write_text(json.dumps(written), encoding="utf-8")
    (folder / "boundaries").mkdir()
    for level, file_name in files.BOUNDARY_FILES.items():
        content = boundary_bytes(conn, level)
        if content is not None:
            (folder / "boundaries" / file_name).write_bytes(content)
    text = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    (folder / files.META_FILE).write_text(text, encoding="utf-8")
    audit = conn.execute(sa.text("SELECT entry FROM atlas_audit ORDER BY id")).scalars()
    lines = "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in audit)
    (folder / "audit.log").write_text(lines, encoding="utf-8")
