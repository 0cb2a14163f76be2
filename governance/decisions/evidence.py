"""The evidence pack of one decision: its record, papers, audit events and a chain check.

Streamed with the meeting pack's buffer (governance.papers.pack), so memory stays flat however
large the papers; the documents are small and built before the stream starts.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from governance.audit.rules import ChainBreak
from governance.decisions.models import Decision
from governance.papers import pack, storage
from governance.papers.rules import safe_download_name
from governance.papers.storage import CHUNK


def filename(decision: Decision) -> str:
    """'PB-2026-014-evidence.zip'."""
    return f"{decision.number.replace('/', '-')}-evidence.zip"


def paper_entries(decision: Decision, root: Path) -> list[pack.PackEntry]:
    """The paper versions relied on, as pack entries under papers/, missing files marked."""
    entries = []
    for number, relied in enumerate(decision.papers, start=1):
        version = relied.version
        path = storage.path_for(root, version.sha256)
        name = safe_download_name(version.filename, version.media_type)
        entries.append(
            pack.PackEntry(
                name=f"papers/{number:02d} {name}",
                paper_title=version.paper.title,
                item_label=decision.item.title,
                version=version.number,
                circulated_at=relied.circulated_at or version.uploaded_at,
                late_reason=version.late_reason,
                path=path,
                missing=not path.is_file(),
            )
        )
    return entries


def chain_text(
    checked: int, broken: ChainBreak | None, events: Iterable[dict[str, Any]], at: datetime
) -> str:
    """What verifying the whole audit chain found, and the hashes of this pack's events."""
    lines = [f"Audit chain verification at {at.isoformat(timespec='seconds')}", ""]
    if broken is None:
        lines.append(f"VERIFIED: all {checked} events chain correctly, each to the one before.")
    else:
        lines.append(f"BROKEN at event {broken.seq}: {broken.reason}.")
        lines.append(f"{checked - 1} events before it verified.")
    lines += ["", "Events in audit-events.json (sequence, hash):"]
    lines += [f"  {e['seq']}  {e['hash']}" for e in events] or ["  (none)"]
    # CRLF so the file reads properly in Notepad.
    return "\r\n".join(lines) + "\r\n"


def stream(
    documents: list[tuple[str, bytes]], files: list[pack.PackEntry], at: datetime
) -> Iterator[bytes]:
    """Yield the ZIP piece by piece: the documents, then each paper file read in chunks."""
    buffer = pack._Buffer()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in documents:
            archive.writestr(zipfile.ZipInfo(name, date_time=pack._zip_time(at)), data)
            yield from buffer.drain()
        for entry in files:
            if entry.missing:
                continue
            info = zipfile.ZipInfo(entry.name, date_time=pack._zip_time(entry.circulated_at))
            info.file_size = entry.path.stat().st_size
            with entry.path.open("rb") as source, archive.open(info, "w") as target:
                while chunk := source.read(CHUNK):
                    target.write(chunk)
                    yield from buffer.drain()
    yield from buffer.drain()
