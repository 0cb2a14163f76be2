"""A content-addressed store for paper files, outside the web root.

Each file is named by its SHA-256, so a file is written once however many versions share it,
a name can never point at the wrong content, and a stored file needs no database row to be
safe to keep. Files arrive in `root/tmp/` and are moved into place only once complete, checked
and synced, so a reader never sees half a file.

While an upload writes its temporary file it holds an exclusive lock on it. A process killed
mid-upload loses its locks with it, so `sweep_partial_files` (run when the app starts) removes
exactly the files no live upload holds, even while other processes keep uploading.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from governance.errors import DomainError
from governance.papers import rules

try:
    import fcntl
except ModuleNotFoundError:  # Windows: no flock; temporary files are then never swept
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
#: Name prefix of the temporary files uploads write in `root/tmp/`.
PARTIAL_PREFIX = "upload-"
#: Bytes kept from the start of the file for deciding its type (magic numbers, ZIP headers);
#: a text file is checked for markup over its whole length as it streams (`_copy`).
HEAD = 8 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class StoredFile:
    """A file safely in the store."""

    sha256: str
    size: int
    media_type: str
    path: Path


def path_for(root: Path, sha256: object) -> Path:
    """Where the file with this hash lives; refuses anything but a lower-case hex SHA-256."""
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise ValueError("not a SHA-256 hex digest")
    return Path(root) / sha256[:2] / sha256


def locate(root: Path, sha256: object) -> Path | None:
    """The stored file with this hash, or None when the hash is not one or the file is gone.

    A row whose hash was tampered with names no path at all, so it can reach no file.
    """
    try:
        path = path_for(root, sha256)
    except ValueError:
        return None
    return path if path.is_file() else None


#: Why a stored file whose content no longer matches its recorded hash is not handed out.
DAMAGED = "damaged: its content no longer matches its recorded SHA-256"


def tmp_dir(root: Path) -> Path:
    """The store's own tmp/, made if need be: files being written or checked wait there, on the
    store's filesystem."""
    path = Path(root) / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def problem_with(root: Path, sha256: object, *, check_content: bool = False) -> str | None:
    """Why the file with this hash cannot be handed out, or None when it can.

    With `check_content`, the file is read and hashed again, so a file altered on disk
    is caught too (evidence packs do this; single downloads do not, for speed).
    """
    path = locate(root, sha256)
    if path is None:
        return (
            "missing from storage"
            if isinstance(sha256, str) and _SHA256.fullmatch(sha256)
            else "its recorded SHA-256 is not a valid hash"
        )
    if check_content and file_sha256(path) != sha256:
        return DAMAGED
    return None


def file_sha256(path: Path) -> str:
    """The SHA-256 of a stored file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def store(stream: BinaryIO, root: Path, max_bytes: int) -> StoredFile:
    """Copy `stream` into the store, checking size and type as it goes.

    Raises:
        DomainError: the file is empty, over `max_bytes`, or not an accepted type
            (field "file"); nothing is left on disk.
    """
    root = Path(root)
    # In the store's own tmp/ so the final os.replace is a rename on one filesystem: atomic.
    fd, held, tmp = _claim_partial(tmp_dir(root))
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
        if held is not None:
            os.close(held)  # the lock goes only now: the name is gone, nothing left to sweep


def _claim_partial(tmp_dir: Path) -> tuple[int, int | None, Path]:
    """A new temporary file, locked for this upload: (fd, lock-holding duplicate, path)."""
    while True:
        fd, name = tempfile.mkstemp(dir=tmp_dir, prefix=PARTIAL_PREFIX)
        if fcntl is None:
            return fd, None, Path(name)
        # A duplicate shares the lock and outlives the writing file object, which is closed
        # before the rename; the lock must last until the temporary name is gone.
        held = os.dup(fd)
        try:
            fcntl.flock(held, fcntl.LOCK_EX)
        except OSError:  # a filesystem without locks; the sweep cannot lock there, so keeps all
            os.close(held)
            return fd, None, Path(name)
        if os.fstat(fd).st_nlink:
            return fd, held, Path(name)
        # A sweep removed it in the instant between creating and locking it: take another.
        os.close(held)
        os.close(fd)


def sweep_partial_files(root: Path) -> int:
    """Remove temporary files that no running upload holds (a crash left them); return how many."""
    tmp_dir = Path(root) / "tmp"
    if fcntl is None or not tmp_dir.is_dir():
        return 0
    removed = 0
    for path in tmp_dir.glob(PARTIAL_PREFIX + "*"):
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue  # finished (renamed or removed) since the listing
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # a running upload holds it (or the filesystem has no locks)
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass  # the upload finished between the listing and the lock
        finally:
            os.close(fd)
    if removed:
        log.warning("Removed %d partial upload file(s) left in %s by a crash", removed, tmp_dir)
    return removed


def _copy(stream: BinaryIO, out: BinaryIO, max_bytes: int) -> tuple[str, int, bytes, bool]:
    """Copy in chunks; return the hash, size, head, and whether the whole is NUL-free UTF-8
    with no markup anywhere (a text file is refused if any part of it could render as a page)."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    markup = rules.MarkupScanner()
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
                text_ok = b"\x00" not in chunk and not markup.feed(chunk)
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
