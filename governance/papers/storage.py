"""A content-addressed store for paper files, outside the web root.

Each file is named by its SHA-256, so a file is written once however many versions share it,
a name can never point at the wrong content, and a stored file needs no database row to be
safe to keep. Files arrive in `root/tmp/` and are moved into place only once complete, checked
and synced, so a reader never sees half a file.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from governance.errors import DomainError
from governance.papers import rules

CHUNK = 64 * 1024
#: Bytes kept from the start of the file for deciding its type.
HEAD = 8 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class StoredFile:
    """A file safely in the store."""

    sha256: str
    size: int
    media_type: str
    path: Path


def path_for(root: Path, sha256: str) -> Path:
    """Where the file with this hash lives; refuses anything but a lower-case hex SHA-256."""
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise ValueError("not a SHA-256 hex digest")
    return Path(root) / sha256[:2] / sha256


def store(stream: BinaryIO, root: Path, max_bytes: int) -> StoredFile:
    """Copy `stream` into the store, checking size and type as it goes.

    Raises:
        DomainError: the file is empty, over `max_bytes`, or not an accepted type
            (field "file"); nothing is left on disk.
    """
    root = Path(root)
    tmp_dir = root / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    # In the store's own tmp/ so the final os.replace is a rename on one filesystem: atomic.
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix="upload-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w+b") as out:
            sha256, size, head, whole_text_ok = _copy(stream, out, max_bytes)
            if size == 0:
                raise DomainError("The file is empty.", field="file")
            media_type = rules.sniff_media_type(head, _zip_names(out, head))
            if media_type == "text/plain" and not whole_text_ok:
                media_type = None
            if media_type is None:
                raise DomainError(rules.refused_type_message(), field="file")
            out.flush()
            os.fsync(out.fileno())
        final = path_for(root, sha256)
        final.parent.mkdir(exist_ok=True)
        if final.exists() and final.stat().st_size == size:
            tmp.unlink()  # already stored: same hash, same bytes
        else:
            os.replace(tmp, final)
            _fsync_dir(final.parent)
        return StoredFile(sha256=sha256, size=size, media_type=media_type, path=final)
    finally:
        # Refusals, errors, a client hanging up, even KeyboardInterrupt: no half file stays.
        tmp.unlink(missing_ok=True)


def _copy(stream: BinaryIO, out: BinaryIO, max_bytes: int) -> tuple[str, int, bytes, bool]:
    """Copy in chunks; return the hash, size, head, and whether the whole is NUL-free UTF-8."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size, head, text_ok = 0, b"", True
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise DomainError(rules.size_limit_message(max_bytes), field="file")
        digest.update(chunk)
        out.write(chunk)
        if len(head) < HEAD:
            head += chunk[: HEAD - len(head)]
        if text_ok:
            try:
                decoder.decode(chunk)
                text_ok = b"\x00" not in chunk
            except UnicodeDecodeError:
                text_ok = False
    if text_ok:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            text_ok = False
    return digest.hexdigest(), size, head, text_ok


def _zip_names(out: BinaryIO, head: bytes) -> list[str] | None:
    """Member names of a ZIP (Office and OpenDocument files are ZIPs); None if not one.

    Only the central directory is read; nothing is decompressed, so a ZIP bomb costs nothing.
    """
    if not head.startswith(b"PK\x03\x04"):
        return None
    out.seek(0)
    try:
        with zipfile.ZipFile(out) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return None


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable; POSIX only (Windows cannot open a directory)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
