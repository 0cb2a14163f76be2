"""The meeting pack: every circulated paper a viewer may see, streamed as one ZIP.

The archive is written into a small buffer that is emptied after every chunk, so memory stays
flat however large the pack; files are stored, not compressed, as PDFs and Office files
already are. Evidence packs add papers with `write_checked`, which lets a file in only once its
content has been seen to match its recorded hash.
"""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from governance.meetings.models import Meeting
from governance.papers import rules
from governance.papers.files.storage import CHUNK, DAMAGED

#: A paper up to this size is held in memory while its hash is checked; a larger one is held in
#: an unnamed temporary file instead, so memory stays flat whatever the size of a paper.
SPOOL_IN_MEMORY = 8 * 1024 * 1024


@dataclass(frozen=True)
class PackEntry:
    """One paper in the pack, as plain values: the stream runs after the session is done."""

    name: str
    paper_title: str
    item_label: str
    version: int
    circulated_at: datetime
    late_reason: str | None
    path: Path
    missing: bool = False
    #: Why the file is left out (missing, an invalid hash, damaged), for the README.
    problem: str | None = None
    #: The recorded SHA-256 the file's content must match to go into an evidence pack.
    sha256: str | None = None


class _Buffer:
    """A write-only stream that holds what ZipFile writes until the response takes it.

    It has no tell() or seek(), so ZipFile treats it as unseekable and writes each entry's
    sizes after its data instead of going back to patch the header.
    """

    def __init__(self) -> None:
        self._chunks: deque[bytes] = deque()

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: chunks leave through drain()."""

    def close(self) -> None:
        """Nothing to release; ZipFile does not close a stream it was handed."""

    def drain(self) -> Iterator[bytes]:
        while self._chunks:
            yield self._chunks.popleft()


def pack_filename(meeting: Meeting) -> str:
    """'PB-2026-12-03-pack.zip': board code and the meeting's day where the board meets."""
    day = meeting.local_start.date()
    return f"{meeting.board.code}-{day.isoformat()}-pack.zip"


def readme(meeting: Meeting, entries: Iterable[PackEntry]) -> str:
    """The README.txt: each paper, its item, version and circulation time, and LATE ones."""
    zone = meeting.board.timezone
    lines = [
        f"Papers for {meeting.board.name}: {meeting.title}",
        f"Meeting: {rules.local_time_label(meeting.starts_at, zone)} ({zone})",
        "",
    ]
    entries = list(entries)
    for entry in entries:
        lines.append(entry.name if not entry.missing else f"{entry.name} (NOT INCLUDED)")
        lines.append(f"    Paper: {entry.paper_title}")
        lines.append(f"    Item: {entry.item_label}")
        circulated = rules.local_time_label(entry.circulated_at, zone)
        lines.append(f"    Version {entry.version}, circulated {circulated}")
        if entry.late_reason:
            lines.append(f"    LATE: {entry.late_reason}")
        if entry.missing:
            lines.append("    The file could not be found; please ask the board secretary.")
        lines.append("")
    if not entries:
        lines.append("No papers have been circulated for this meeting yet.")
    # CRLF so the file reads properly in Notepad, where many members will open it.
    return "\r\n".join(lines) + "\r\n"


def stream_zip(readme_text: str, entries: list[PackEntry]) -> Iterator[bytes]:
    """Yield the ZIP archive piece by piece."""
    buffer = _Buffer()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("README.txt", readme_text.encode("utf-8"))
        yield from buffer.drain()
        for entry in entries:
            if entry.missing:
                continue
            info = zipfile.ZipInfo(entry.name, date_time=_zip_time(entry.circulated_at))
            info.compress_type = zipfile.ZIP_STORED
            info.file_size = entry.path.stat().st_size
            with entry.path.open("rb") as source, archive.open(info, "w") as target:
                while chunk := source.read(CHUNK):
                    target.write(chunk)
                    yield from buffer.drain()
            yield from buffer.drain()
    yield from buffer.drain()


def write_checked(
    archive: zipfile.ZipFile, buffer: _Buffer, entry: PackEntry, spool_dir: Path
) -> Generator[bytes, None, str | None]:
    """Add one paper to `archive` only if its content matches `entry.sha256`; yield the bytes.

    Returns None when the file went in, or why it was left out. The stored file is read once:
    hashed while it is copied into a spool (memory, or an unnamed file in `spool_dir`); the ZIP
    entry is written from the spool only once the hash matched. A streamed ZIP cannot take an
    entry back once its bytes have left, and a damaged file written under papers/ would look
    as sound as the others to anyone who does not read the README to the end; writing from the
    spool also means the pack holds exactly the bytes that were checked, with no chance for the
    file to change between the check and the copy.
    """
    digest = hashlib.sha256()
    with tempfile.SpooledTemporaryFile(SPOOL_IN_MEMORY, dir=str(spool_dir)) as spool:
        try:
            with entry.path.open("rb") as source:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    spool.write(chunk)
        except OSError:
            return "missing from storage: it could not be read"
        if digest.hexdigest() != entry.sha256:
            return DAMAGED
        info = zipfile.ZipInfo(entry.name, date_time=_zip_time(entry.circulated_at))
        info.compress_type = zipfile.ZIP_STORED
        info.file_size = spool.tell()
        spool.seek(0)
        with archive.open(info, "w") as target:
            while chunk := spool.read(CHUNK):
                target.write(chunk)
                yield from buffer.drain()
    yield from buffer.drain()
    return None


def _zip_time(instant: datetime) -> tuple[int, int, int, int, int, int]:
    """ZIP stores local wall-clock time; UTC is as good as any and needs no board timezone."""
    t = instant.timetuple()
    return (max(t.tm_year, 1980), t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
