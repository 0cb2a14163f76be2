"""The evidence pack of one decision or of a board's period: record, papers, events, a check.

Streamed with the meeting pack's buffer (governance.papers.files.pack), and each part is sent as
soon as it is made, so the first bytes leave at once and a proxy in front never waits long on a
silent response. The order follows what each part needs to know:

1. the papers, each hashed as it is copied and let in only if it matches its recorded hash;
2. the documents (records, register, events), which say which paper files made it in;
3. chain-checkpoints.txt, a line every CHECKPOINT_EVERY events as the audit chain is verified;
4. chain-verification.txt, the result;
5. README.txt, so it can say what was left out and whether the chain held;
6. SHA256SUMS, last: the SHA-256 of every other file in the pack, hashed as it was written.

The stream runs after the request has ended: the parts that need the database or templates
run in an application context of their own, one step at a time, and bytes are yielded outside
it (as the register export does), so no session stays open while the client reads.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from governance.audit import verify
from governance.audit.rules import GENESIS_HASH, ChainBreak
from governance.decisions.models import Decision
from governance.extensions import db
from governance.papers.files import pack, storage
from governance.papers.models import PaperVersion
from governance.papers.rules import safe_download_name

#: Events checked between two lines of chain-checkpoints.txt: well under a second of work at
#: county scale, so bytes keep flowing while the whole chain is verified.
CHECKPOINT_EVERY = 50_000
#: What the README says the pack's chain check covers, and why.
CHAIN_SCOPE = [
    "The whole audit chain is verified, not only up to this pack's last event: an event about",
    "these decisions that was later altered or removed would otherwise go unnoticed. It is",
    "verified while the pack is written, so events recorded meanwhile may be included.",
]


#: What the README says of SHA256SUMS.
SUMS_LINE = (
    "SHA256SUMS                    the SHA-256 of every other file here; check with "
    "`sha256sum -c SHA256SUMS`"
)


def minutes_lines(text: str, approved_sha256: str | None) -> list[str]:
    """README lines on minutes.txt: whether its hash is the one recorded at approval."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest == approved_sha256:
        return [
            "minutes.txt                   the approved minutes of the meeting, as text; its "
            "SHA-256 is the one",
            f"                              recorded when they were approved ({digest}).",
        ]
    return [
        "minutes.txt                   the minutes of the meeting as the record reads now. "
        "THEIR SHA-256 DOES NOT",
        f"                              MATCH the one recorded at approval ({approved_sha256}):"
        " the record changed since.",
    ]


def filename(decision: Decision) -> str:
    """'PB-2026-014-evidence.zip'."""
    return f"{decision.number.replace('/', '-')}-evidence.zip"


def version_entry(
    version: PaperVersion, root: Path, name: str, item_label: str, circulated_at: datetime
) -> pack.PackEntry:
    """One paper version as a pack entry, left out with the reason when its file is missing
    or its hash is not one. Its content is checked against the hash as the pack streams it
    (`pack.write_checked`), so the file is read once and the request does not wait for it."""
    problem = storage.problem_with(root, version.sha256)
    if problem is not None:
        problem = _with_hash(problem, version.sha256)
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
        sha256=str(version.sha256),
    )


def _with_hash(problem: str, sha256: object) -> str:
    # ascii() and a cut: a tampered hash may hold anything, line breaks included.
    return f"{problem}; recorded SHA-256 {ascii(sha256)[:80]}"


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


def mark_papers(papers: list[dict[str, Any]], files: list[pack.PackEntry]) -> None:
    """Say in each paper of a record which file in the pack is its, or why there is none."""
    for paper, entry in zip(papers, files, strict=True):
        paper["file_in_pack"] = None if entry.missing else entry.name
        paper["file_problem"] = entry.problem


@dataclass(frozen=True)
class ChainCheck:
    """What verifying the stored audit chain found."""

    checked: int
    broken: ChainBreak | None
    #: The last checkpoint: an event found chained correctly from the first, and its hash
    #: (with no break, the chain's last event).
    last_seq: int
    last_hash: str
    #: When the check finished.
    at: datetime


def chain_summary(check: ChainCheck, events: Iterable[dict[str, Any]]) -> list[str]:
    """README lines saying, first and plainly, whether the audit chain held."""
    if check.broken is None:
        return [
            f"AUDIT CHAIN VERIFIED: all {check.checked} events chain correctly, each to the one "
            "before, up to",
            f"event {check.last_seq}, hash {check.last_hash}. See chain-verification.txt.",
        ]
    after = sum(1 for e in events if e["seq"] >= check.broken.seq)
    return [
        "*** AUDIT CHAIN BROKEN ***",
        f"The audit chain does not verify at event {check.broken.seq}: {check.broken.reason}.",
        f"Events before it ({check.checked - 1}) chain correctly; from event {check.broken.seq} "
        "on the log cannot be relied on as a true record.",
        f"{after} of the events in this pack are at or after the break. "
        "See chain-verification.txt, and tell an administrator.",
    ]


def readme(
    number: str,
    files: list[pack.PackEntry],
    at: datetime,
    check: ChainCheck,
    events: Iterable[dict[str, Any]],
    minutes: list[str] | None = None,
) -> bytes:
    """The README.txt of one decision's pack: the chain's result, what is in the pack, and any
    paper file left out; `minutes`, lines about the approved minutes' text, if in the pack."""
    lines = [
        f"Evidence pack: decision {number}",
        f"Made {at.isoformat(timespec='seconds')}",
        "",
        *chain_summary(check, events),
        "",
        "decision.json, decision.html  the decision's whole record, as data and to read",
        "papers/                       each paper version relied on, checked against its SHA-256",
        "audit-events.json             the audit events behind the decision, in chain order",
        f"chain-checkpoints.txt         the chain's hash every {CHECKPOINT_EVERY} events, "
        "as checked",
        "chain-verification.txt        the result of verifying the whole audit chain",
        "README.txt                    this file, written once everything was checked",
        SUMS_LINE,
        *(["", *minutes] if minutes else []),
        "",
        *CHAIN_SCOPE,
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
    files: list[pack.PackEntry],
    documents: Callable[[list[pack.PackEntry]], Iterable[tuple[str, bytes]]],
    events: list[dict[str, Any]],
    readme_for: Callable[[list[pack.PackEntry], ChainCheck], bytes],
    at: datetime,
    root: Path,
) -> Iterator[bytes]:
    """The ZIP, piece by piece, in the order the module's docstring gives; call it in the
    request, whose app the stream keeps for the steps that need one.

    `documents` gets the entries once their files are checked (missing ones marked) and yields
    (name, bytes) one at a time; each is made in an application context of its own, so it may
    render templates. `events` are the pack's audit events, listed with their hashes in
    chain-verification.txt. `readme_for` makes the README from the checked entries and the
    chain's result. Papers are checked in a spool under the store `root`'s tmp/.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return _stream(app, files, documents, events, readme_for, at, storage.tmp_dir(root))


def _stream(
    app: Flask,
    files: list[pack.PackEntry],
    documents: Callable[[list[pack.PackEntry]], Iterable[tuple[str, bytes]]],
    events: list[dict[str, Any]],
    readme_for: Callable[[list[pack.PackEntry], ChainCheck], bytes],
    at: datetime,
    spool_dir: Path,
) -> Iterator[bytes]:
    buffer = pack._Buffer()
    sums: list[tuple[str, str]] = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        checked: list[pack.PackEntry] = []
        for entry in files:
            if not entry.missing:
                problem = yield from pack.write_checked(archive, buffer, entry, spool_dir)
                if problem is not None:
                    entry = replace(entry, missing=True, problem=_with_hash(problem, entry.sha256))
                else:
                    # Written only once its content matched this hash.
                    sums.append((entry.name, str(entry.sha256)))
            checked.append(entry)
        made = iter(documents(checked))
        while True:
            with app.app_context():
                document = next(made, None)
            if document is None:
                break
            sums.append(_write(archive, document[0], document[1], at))
            yield from buffer.drain()
        check, digest = yield from _checkpoints(app, archive, buffer, at)
        sums.append(("chain-checkpoints.txt", digest))
        text = chain_text(check.checked, check.broken, events, check.at)
        sums.append(_write(archive, "chain-verification.txt", text.encode(), at))
        sums.append(_write(archive, "README.txt", readme_for(checked, check), at))
        _write(archive, "SHA256SUMS", sums_text(sums), at)
        yield from buffer.drain()
    yield from buffer.drain()


def sums_text(sums: list[tuple[str, str]]) -> bytes:
    """SHA256SUMS in the format `sha256sum -c` reads: hash, two spaces, name, a line each."""
    return "".join(f"{digest}  {name}\n" for name, digest in sums).encode()


def _write(archive: zipfile.ZipFile, name: str, data: bytes, at: datetime) -> tuple[str, str]:
    archive.writestr(zipfile.ZipInfo(name, date_time=pack._zip_time(at)), data)
    return name, hashlib.sha256(data).hexdigest()


class _Hashing:
    """A member being written, hashed as it goes."""

    def __init__(self, target: Any) -> None:
        self.target = target
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.digest.update(data)
        self.target.write(data)


def _checkpoints(
    app: Flask, archive: zipfile.ZipFile, buffer: pack._Buffer, at: datetime
) -> Generator[bytes, None, tuple[ChainCheck, str]]:
    """Verify the chain into chain-checkpoints.txt, a line at a time; return what it found and
    the file's SHA-256."""
    info = zipfile.ZipInfo("chain-checkpoints.txt", date_time=pack._zip_time(at))
    with archive.open(info, "w") as member:
        target = _Hashing(member)
        target.write(
            b"Audit chain checkpoints, written as the chain was verified.\r\n"
            b"Each line: an event's sequence number and hash; every event from the first up to"
            b" it chains correctly.\r\n\r\n"
        )
        yield from buffer.drain()
        steps = verify_in_steps(app)
        while True:
            try:
                seq, hash_ = next(steps)
            except StopIteration as done:
                check: ChainCheck = done.value
                break
            target.write(f"  {seq}  {hash_}\r\n".encode())
            yield from buffer.drain()
        if check.broken is not None:
            target.write(f"BROKEN at event {check.broken.seq}: {check.broken.reason}.\r\n".encode())
    yield from buffer.drain()
    return check, target.digest.hexdigest()


def verify_in_steps(app: Flask) -> Generator[tuple[int, str], None, ChainCheck]:
    """Verify the stored chain as `verify_stored_chain` does, CHECKPOINT_EVERY events a step.

    Each step runs in an application context of its own, reads its events in batches and
    checks them chained on from the step before; between steps it yields the last event
    checked and its hash. Returns the same count and first break as checking in one go.
    """
    checked, seq, prev = 0, 0, GENESIS_HASH
    while True:
        with app.app_context():
            part = _verify_step(seq, prev)
        checked += part.count
        if part.broken is not None:
            return ChainCheck(checked, part.broken[1], seq, prev, datetime.now(UTC))
        if part.count == 0:
            return ChainCheck(checked, None, seq, prev, datetime.now(UTC))
        assert part.last_seq is not None and part.last_hash is not None
        seq, prev = part.last_seq, part.last_hash
        yield seq, prev
        if part.count < CHECKPOINT_EVERY:
            return ChainCheck(checked, None, seq, prev, datetime.now(UTC))


def _verify_step(after: int, prev_hash: str) -> verify.Stretch:
    """Check up to CHECKPOINT_EVERY events after event `after`, chained on from `prev_hash`."""
    return verify.check_from(db.session(), after, prev_hash, CHECKPOINT_EVERY)
