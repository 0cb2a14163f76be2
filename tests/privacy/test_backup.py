"""Backups and restore, end to end through the command line (ASVS 4.0.3 V8.1, V14.2)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from governance.errors import DomainError
from governance.privacy.backup import backup, restore, verify_backup

ROOT = Path(__file__).resolve().parents[2]
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]


def flask(instance: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run a `flask` command against one instance (database URL and paper store)."""
    env = {
        **os.environ,
        "GOVERNANCE_ENV": "test",
        "DATABASE_URL": instance["url"],
        "STORAGE_PATH": instance["storage"],
        "GOVERNANCE_INSTANCE": instance["storage"] + "-instance",
    }
    result = subprocess.run(
        [*FLASK, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def sqlite_instance(root: Path, name: str) -> dict[str, str]:
    return {"url": f"sqlite:///{root / name}.sqlite3", "storage": str(root / f"{name}-storage")}


def dump_rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order, for comparing two instances."""
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        rows = {}
        for table in tables:
            query = f'SELECT * FROM "{table}"'  # noqa: S608  (names read from the schema)
            rows[table] = sorted(connection.execute(query).fetchall(), key=repr)
    connection.close()
    return rows


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    """A demo instance on its own SQLite file, and a backup of it."""
    root = tmp_path_factory.mktemp("backup")
    source = sqlite_instance(root, "source")
    flask(source, "db", "upgrade")
    flask(source, "seed-demo")
    flask(source, "backup", str(root / "backup"))
    return source, root / "backup"


def test_backup_holds_database_papers_and_a_manifest_of_their_sums(seeded) -> None:
    """V14.2 (integrity of what is shipped): every file is listed with its SHA-256."""
    source, folder = seeded
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["dialect"] == "sqlite"
    assert "database.sqlite3" in manifest["files"]
    papers = [name for name in manifest["files"] if name.startswith("storage/")]
    originals = [p for p in Path(source["storage"]).rglob("*") if p.is_file()]
    assert len(papers) == len(originals) > 0
    assert verify_backup(folder) == manifest
    assert not [p for p in folder.parent.iterdir() if ".partial-" in p.name]


def test_restored_instance_verifies_its_audit_chain_and_holds_the_same_records(
    seeded, tmp_path: Path
) -> None:
    """Round trip: restore into an empty instance, `flask audit verify`, same rows and files."""
    source, folder = seeded
    target = sqlite_instance(tmp_path, "restored")
    result = flask(target, "restore", str(folder))
    assert "Restored" in result.stdout
    verified = flask(target, "audit", "verify")
    assert "no broken links" in verified.stdout
    assert dump_rows(target["url"]) == dump_rows(source["url"])
    files = sorted(p.relative_to(target["storage"]) for p in Path(target["storage"]).rglob("*"))
    assert files == sorted(
        p.relative_to(source["storage"]) for p in Path(source["storage"]).rglob("*")
    )
    # The restored app serves the same records: its subject access export of a demo
    # person is the one the source app gives.
    exports = []
    for instance in (source, target):
        out = Path(instance["storage"] + "-export.zip")
        flask(instance, "privacy", "export", "1", str(out))
        with zipfile.ZipFile(out) as archive:
            data = json.loads(archive.read("data.json"))
        exports.append({k: v for k, v in data.items() if k != "generated_at"})
    assert exports[0] == exports[1]
    assert exports[0]["person"]["id"] == 1


@pytest.mark.parametrize(
    "damage",
    ["missing", "extra", "altered"],
)
def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    seeded, tmp_path: Path, damage
) -> None:
    """V14.2: a backup whose files do not match the manifest is refused, non-zero exit."""
    _, folder = seeded
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    paper = next(p for p in (copy / "storage").rglob("*") if p.is_file())
    if damage == "missing":
        paper.unlink()
    elif damage == "extra":
        (copy / "storage" / "stray.txt").write_text("not from the backup")
    else:
        paper.write_bytes(paper.read_bytes() + b"tampered")
    target = sqlite_instance(tmp_path, "target")
    result = flask(target, "restore", str(copy), check=False)
    assert result.returncode != 0
    assert (
        "damaged" in result.stderr
        and {"missing": "missing", "extra": "not in the manifest", "altered": "checksum differs"}[
            damage
        ]
        in result.stderr
    )
    assert not Path(target["url"].removeprefix("sqlite:///")).exists()
    assert not Path(target["storage"]).exists()


def test_restore_refuses_to_overwrite_a_database_in_use_without_force(seeded, tmp_path) -> None:
    """Restoring over data needs --force; without it nothing changes."""
    source, folder = seeded
    target = sqlite_instance(tmp_path, "busy")
    path = Path(target["url"].removeprefix("sqlite:///"))
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE keep_me (x INTEGER)")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(DomainError, match="not empty"):
        restore(folder, target["url"], Path(target["storage"]))
    assert path.read_bytes() == before
    restore(folder, target["url"], Path(target["storage"]), force=True)
    assert dump_rows(target["url"]) == dump_rows(source["url"])


def test_a_failed_backup_leaves_no_folder_behind(tmp_path: Path) -> None:
    """Written to a temporary folder and renamed at the end: a failure leaves nothing."""
    url = f"sqlite:///{tmp_path / 'absent' / 'no.sqlite3'}"
    with pytest.raises(Exception):  # noqa: B017, PT011  (sqlite3 cannot open the source)
        backup(url, tmp_path / "storage", tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_backup_refuses_an_existing_destination(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    with pytest.raises(DomainError, match="already exists"):
        backup(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path, tmp_path / "out")


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgresql"),
    reason="the PostgreSQL round trip runs when DATABASE_URL names a PostgreSQL server",
)
def test_postgresql_round_trip_through_pg_dump(tmp_path: Path) -> None:
    """pg_dump, check, pg_restore into an empty database: the audit chain still verifies."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    server = make_url(os.environ["DATABASE_URL"])
    names = {"source": "governance_backup_src", "target": "governance_backup_dst"}
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in names.values():
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        instances = {
            key: {
                "url": server.set(database=name).render_as_string(hide_password=False),
                "storage": str(tmp_path / f"{key}-storage"),
            }
            for key, name in names.items()
        }
        source, target = instances["source"], instances["target"]
        flask(source, "db", "upgrade")
        flask(source, "seed-demo")
        flask(source, "backup", str(tmp_path / "backup"))
        assert "database.pgdump" in verify_backup(tmp_path / "backup")["files"]
        flask(target, "restore", str(tmp_path / "backup"))
        assert "no broken links" in flask(target, "audit", "verify").stdout
        exports = []
        for instance in (source, target):
            out = Path(instance["storage"] + "-export.zip")
            flask(instance, "privacy", "export", "1", str(out))
            with zipfile.ZipFile(out) as archive:
                data = json.loads(archive.read("data.json"))
            exports.append({k: v for k, v in data.items() if k != "generated_at"})
        assert exports[0] == exports[1]
        again = flask(target, "restore", str(tmp_path / "backup"), check=False)
        assert again.returncode != 0 and "not empty" in again.stderr
    finally:
        with admin.connect() as connection:
            for name in names.values():
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
