"""The store's sweep of partial upload files: what a crash left goes, running uploads stay."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

from governance import create_app
from governance.papers.files import storage
from tests.reliability.world import paper_file


def left_by_a_crash(root: Path) -> Path:
    """A temporary file as a killed upload leaves it: named, half written, locked by no one."""
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    path = root / "tmp" / f"{storage.PARTIAL_PREFIX}killed"
    path.write_bytes(b"%PDF-1.4 half a file")
    return path


def test_the_sweep_removes_a_partial_file_no_upload_holds(tmp_path):
    """ASVS 4.0.3 V12.1.1: files of uploads cut short do not pile up in the store."""
    path = left_by_a_crash(tmp_path)
    assert storage.sweep_partial_files(tmp_path) == 1
    assert not path.exists()


def test_the_sweep_keeps_the_file_of_an_upload_still_running(tmp_path):
    """Another process starting mid-upload must not delete the file being written."""
    (tmp_path / "tmp").mkdir()
    fd, held, path = storage._claim_partial(tmp_path / "tmp")
    try:
        assert storage.sweep_partial_files(tmp_path) == 0
        assert path.exists()
    finally:
        os.close(fd)
        assert held is not None
        os.close(held)
    assert storage.sweep_partial_files(tmp_path) == 1  # its holder gone, it is a leftover


def test_the_sweep_leaves_stored_files_and_a_store_without_tmp_alone(tmp_path):
    assert storage.sweep_partial_files(tmp_path / "nowhere") == 0
    stored = storage.store(io.BytesIO(paper_file(1, 4096)), tmp_path, 1_000_000)
    (tmp_path / "tmp" / "notes.txt").write_text("not an upload")
    assert storage.sweep_partial_files(tmp_path) == 0
    assert stored.path.is_file() and (tmp_path / "tmp" / "notes.txt").is_file()


def test_an_upload_after_a_sweep_took_its_new_file_still_stores_whole(tmp_path, monkeypatch):
    """The sweep may remove a temporary file in the instant before its upload locks it."""
    real_mkstemp = storage.tempfile.mkstemp
    calls = []

    def swept_first_time(*args, **kwargs):
        fd, name = real_mkstemp(*args, **kwargs)
        calls.append(name)
        if len(calls) == 1:
            os.unlink(name)  # as a sweep in another process would
        return fd, name

    monkeypatch.setattr(storage.tempfile, "mkstemp", swept_first_time)
    content = paper_file(2, 4096)
    stored = storage.store(io.BytesIO(content), tmp_path, 1_000_000)
    assert len(calls) == 2
    assert stored.path.read_bytes() == content
    assert list((tmp_path / "tmp").iterdir()) == []


def test_the_app_sweeps_its_store_when_it_starts(tmp_path):
    path = left_by_a_crash(tmp_path / "storage")
    create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
            "STORAGE_PATH": str(tmp_path / "storage"),
        },
    )
    assert not path.exists()


def test_on_a_filesystem_without_locks_uploads_still_store_and_nothing_is_swept(
    tmp_path, monkeypatch
):
    """Without locks the sweep cannot tell a crashed upload from a running one, so keeps both."""

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(storage.fcntl, "flock", no_locks)
    content = paper_file(3, 4096)
    stored = storage.store(io.BytesIO(content), tmp_path, 1_000_000)
    assert stored.path.read_bytes() == content
    path = left_by_a_crash(tmp_path)
    assert storage.sweep_partial_files(tmp_path) == 0
    assert path.exists()
