"""The content-addressed store: files land whole or not at all."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from governance.errors import DomainError
from governance.papers.files import storage
from tests.papers import files

LIMIT = 1024 * 1024


def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_a_stored_file_is_named_by_its_hash_and_typed_by_its_bytes(tmp_path):
    stored = storage.store(io.BytesIO(files.PDF), tmp_path, LIMIT)
    sha = hashlib.sha256(files.PDF).hexdigest()
    assert stored.sha256 == sha and stored.size == len(files.PDF)
    assert stored.media_type == "application/pdf"
    assert stored.path == tmp_path / sha[:2] / sha
    assert stored.path.read_bytes() == files.PDF
    assert all_files(tmp_path) == [stored.path]  # nothing left in tmp/


def test_the_same_bytes_twice_are_stored_once(tmp_path):
    first = storage.store(io.BytesIO(files.PDF), tmp_path, LIMIT)
    second = storage.store(io.BytesIO(files.PDF), tmp_path, LIMIT)
    assert first == second
    assert all_files(tmp_path) == [first.path]


def test_a_large_file_is_copied_in_chunks_and_hashed_whole(tmp_path):
    data = files.PDF + b"0" * (3 * storage.CHUNK + 17)
    stored = storage.store(io.BytesIO(data), tmp_path, LIMIT)
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == len(data)


def test_a_file_over_the_limit_is_refused_and_leaves_nothing(tmp_path):
    data = files.PDF + b"0" * 2000
    with pytest.raises(DomainError) as refused:
        storage.store(io.BytesIO(data), tmp_path, max_bytes=1024)
    assert refused.value.field == "file"
    assert "larger than the 1 KB limit" in refused.value.message
    assert all_files(tmp_path) == []


def test_a_file_exactly_at_the_limit_is_accepted(tmp_path):
    stored = storage.store(io.BytesIO(files.PDF), tmp_path, max_bytes=len(files.PDF))
    assert stored.size == len(files.PDF)


@pytest.mark.parametrize(
    "data",
    [b"", files.EXE, files.HTML, files.zip_bytes({"a.txt": b"a"})],
    ids=["empty", "exe", "html", "plain-zip"],
)
def test_refused_kinds_of_file_leave_nothing(tmp_path, data):
    with pytest.raises(DomainError) as refused:
        storage.store(io.BytesIO(data), tmp_path, LIMIT)
    assert refused.value.field == "file"
    assert all_files(tmp_path) == []


def test_text_that_goes_bad_after_the_first_bytes_is_refused(tmp_path):
    data = b"Looks like text for a while. " * 1000 + b"\x00\x01\x02 binary tail"
    with pytest.raises(DomainError):
        storage.store(io.BytesIO(data), tmp_path, LIMIT)
    assert all_files(tmp_path) == []


def test_office_files_are_recognised_from_their_zip_members(tmp_path):
    stored = storage.store(io.BytesIO(files.ooxml("xl/")), tmp_path, LIMIT)
    assert stored.media_type.endswith("spreadsheetml.sheet")


class BrokenStream(io.RawIOBase):
    """A client that sends a few chunks and then hangs up (or a Ctrl-C arrives)."""

    def __init__(self, error: BaseException, chunks: int = 3) -> None:
        self.error, self.left = error, chunks

    def read(self, size: int = -1) -> bytes:
        if self.left == 0:
            raise self.error
        self.left -= 1
        return files.PDF if self.left == 2 else b"0" * storage.CHUNK


@pytest.mark.parametrize(
    "error", [OSError("client disconnected"), KeyboardInterrupt()], ids=["disconnect", "ctrl-c"]
)
def test_an_upload_that_breaks_mid_stream_leaves_no_file(tmp_path, error):
    with pytest.raises(type(error)):
        storage.store(BrokenStream(error), tmp_path, LIMIT)
    assert all_files(tmp_path) == []


@pytest.mark.parametrize(
    "bad", ["../etc/passwd", "../" * 10 + "x" * 34, "A" * 64, "0" * 63, "0" * 64 + "/x", ""]
)
def test_path_for_refuses_anything_but_a_hash(tmp_path, bad):
    with pytest.raises(ValueError):
        storage.path_for(tmp_path, bad)


def test_path_for_stays_inside_the_store(tmp_path):
    sha = "ab" * 32
    assert storage.path_for(tmp_path, sha) == tmp_path / "ab" / sha
