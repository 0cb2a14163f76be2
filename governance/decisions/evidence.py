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
from governance.papers.models import PaperVersion
from governance.papers.rules import safe_download_name
from governance.papers.storage import CHUNK


def filename(decision: Decision) -> str:
    """'PB-2026-014-evidence.zip'."""
    return f"{decision.number.replace('/', '-')}-evidence.zip"


def version_entry(
    version: PaperVersion, root: Path, name: str, item_label: str, circulated_at: datetime
) -> pack.PackEntry:
    """One paper version as a pack entry; its file is checked against its hash, and left out
    with the reason when it is missing, its hash is not one, or its content has changed."""
    problem = storage.problem_with(root, version.sha256, check_content=True)
    if problem is not None:
        # ascii() and a cut: a tampered hash may hold anything, line breaks included.
        problem += f"; recorded SHA-256 {ascii(version.sha256)[:80]}"
    path = storage.locate(root, version.sha256)
    return pack.PackEntry(
        name=name,
        paper_title=version.paper.title,
        item_label=item_label,
        version=version.number,
        circulated_at=circulated_at,
        late_reason=version.late_reason,
        path=path or Path(root),
        missing=problem is not None,
        problem=problem,
    )


def paper_entries(decision: Decision, root: Path) -> list[pack.PackEntry]:
    """The paper versions relied on, as pack entries under papers/, missing files marked."""
    return [
        version_entry(
            relied.version,
            root,
            f"papers/{number:02d} "
            + safe_download_name(relied.version.filename, relied.version.media_type),
            decision.item.title,
            relied.circulated_at or relied.version.uploaded_at,
        )
        for number, relied in enumerate(decision.papers, start=1)
    ]


def not_included(files: Iterable[pack.PackEntry]) -> list[str]:
    """README lines naming each paper file the pack leaves out and why; one line if none."""
    left_out = [entry for entry in files if entry.missing]
    if not left_out:
        return ["Every paper file the record names is in this pack, checked against its SHA-256."]
    lines = [
        f"FILES NOT INCLUDED ({len(left_out)}): the record names these paper files, but this "
        "pack could not include them. Ask the board secretary or an administrator.",
    ]
    for entry in left_out:
        lines.append(f"  {entry.name}  (“{entry.paper_title}” version {entry.version})")
        lines.append(f"      {entry.problem or 'missing from storage'}")
    return lines


def readme(number: str, files: list[pack.PackEntry], at: datetime) -> bytes:
    """The README.txt of one decision's pack: what is in it, and any paper file left out."""
    lines = [
        f"Evidence pack: decision {number}",
        f"Made {at.isoformat(timespec='seconds')}",
        "",
        "decision.json, decision.html  the decision's whole record, as data and to read",
        "papers/                       each paper version relied on",
        "audit-events.json             the audit events behind the decision, in chain order",
        "chain-verification.txt        the result of verifying the whole audit chain",
        "",
        *not_included(files),
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


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
