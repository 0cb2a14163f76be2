"""Consistent backups of the database and paper store, and restoring them after a check.

A backup is a folder: the database (`database.sqlite3` copied with SQLite's online backup
API, or `database.pgdump` from pg_dump), the paper store under `storage/`, and
`manifest.json` with the SHA-256 of every other file. It is written into a hidden folder
beside its destination and renamed into place at the end, so a failed backup leaves nothing
that looks like one.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from governance.database import utcnow
from governance.errors import DomainError
from governance.privacy.rules import MANIFEST, check_manifest, tree_sums

SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
STORAGE_DIR = "storage"
FORMAT = 1


@dataclass(frozen=True)
class BackupReport:
    """What a backup or restore copied."""

    path: Path
    dialect: str
    files: int


def _pg_tool(name: str) -> str:
    """The path of a PostgreSQL client tool, looked for beside the server binaries too."""
    candidates = [os.environ.get("PG_BIN_DIR", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if candidate and (Path(candidate) / name).exists():
            return str(Path(candidate) / name)
    found = shutil.which(name)
    if found:
        return found
    raise DomainError(f"{name} was not found; set PG_BIN_DIR to the PostgreSQL binaries.")


def _libpq_uri(url: URL) -> str:
    """The SQLAlchemy URL as a plain postgresql:// URI that libpq tools accept."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise DomainError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(url.database)


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise DomainError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:500]}")


def backup(database_url: str, storage: Path, dest: Path) -> BackupReport:
    """Write a backup of the database and the paper store to the new folder `dest`.

    Raises:
        DomainError: if `dest` exists or the database cannot be copied.
    """
    dest = Path(dest)
    if dest.exists():
        raise DomainError(f"{dest} already exists; choose a new folder for the backup.")
    url = make_url(database_url)
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.partial-", dir=dest.parent))
    try:
        if url.get_backend_name() == "sqlite":
            source = sqlite3.connect(f"file:{_sqlite_path(url)}?mode=ro", uri=True)
            target = sqlite3.connect(work / SQLITE_FILE)
            try:
                source.backup(target)
                # A self-contained file: no -wal or -shm beside it, in the backup or on restore.
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
                source.close()
        elif url.get_backend_name() == "postgresql":
            _run(
                [_pg_tool("pg_dump"), "--format=custom", f"--file={work / PG_FILE}"]
                + ["--no-owner", "--no-privileges", f"--dbname={_libpq_uri(url)}"]
            )
        else:
            raise DomainError(f"Backups of {url.get_backend_name()} databases are not supported.")
        if Path(storage).is_dir():
            shutil.copytree(storage, work / STORAGE_DIR)
        else:
            (work / STORAGE_DIR).mkdir()
        sums = tree_sums(work)
        manifest = {
            "format": FORMAT,
            "created_at": utcnow().isoformat(),
            "dialect": url.get_backend_name(),
            "files": sums,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        os.rename(work, dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BackupReport(dest, url.get_backend_name(), len(sums))


def verify_backup(src: Path) -> dict:
    """The manifest of a backup whose files all match it.

    Raises:
        DomainError: if the manifest is missing or unreadable, or any file is missing, extra
            or altered.
    """
    src = Path(src)
    try:
        manifest = json.loads((src / MANIFEST).read_text())
        listed = dict(manifest["files"])
    except (OSError, ValueError, KeyError, TypeError):
        raise DomainError(f"{src} has no readable {MANIFEST}; it is not a usable backup.") from None
    check_manifest(listed, tree_sums(src))
    return manifest


def _sqlite_is_empty(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return True
    with sqlite3.connect(path) as connection:
        count = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
    connection.close()
    return count == 0


def _postgres_is_empty(url: URL) -> bool:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return not sa.inspect(connection).get_table_names()
    finally:
        engine.dispose()


def _storage_is_empty(storage: Path) -> bool:
    return not storage.exists() or not any(storage.iterdir())


def restore(src: Path, database_url: str, storage: Path, force: bool = False) -> BackupReport:
    """Restore a checked backup into an empty database and paper store (or over them, forced).

    Raises:
        DomainError: if the backup is damaged, is for another kind of database, or the
            target is not empty and `force` is not given. Nothing is changed then.
    """
    src, storage = Path(src), Path(storage)
    manifest = verify_backup(src)
    url = make_url(database_url)
    dialect = url.get_backend_name()
    if manifest.get("dialect") != dialect:
        raise DomainError(
            f"This backup is of a {manifest.get('dialect')} database; the app uses {dialect}."
        )
    empty = _sqlite_is_empty(_sqlite_path(url)) if dialect == "sqlite" else _postgres_is_empty(url)
    if not force and not empty:
        raise DomainError("The database is not empty; use --force to overwrite it.")
    if not force and not _storage_is_empty(storage):
        raise DomainError(f"The paper store {storage} is not empty; use --force to overwrite it.")
    # The files go beside their destination first, so the swap at the end is a rename.
    storage.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{storage.name}.restore-", dir=storage.parent))
    try:
        shutil.copytree(src / STORAGE_DIR, staged, dirs_exist_ok=True)
        if dialect == "sqlite":
            _restore_sqlite(src / SQLITE_FILE, _sqlite_path(url))
        else:
            _run(
                [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction"]
                + (["--clean", "--if-exists"] if not empty else [])
                + [f"--dbname={_libpq_uri(url)}", str(src / PG_FILE)]
            )
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    if storage.exists():
        old = storage.with_name(f".{storage.name}.old-{os.getpid()}")
        os.rename(storage, old)
        os.rename(staged, storage)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(staged, storage)
    return BackupReport(src, dialect, len(manifest["files"]))


def _restore_sqlite(backup_file: Path, target: Path) -> None:
    """Copy the backed-up database over `target` with the online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # immutable: reading must not create lock files inside the checked backup folder.
    source = sqlite3.connect(f"file:{backup_file}?mode=ro&immutable=1", uri=True)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()
