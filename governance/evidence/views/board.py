"""The evidence pack of a board's decisions over a period, for an auditor.

The register's own filters choose the decisions; a board and both ends of the period are
required so that a pack always answers "what did this board decide between these dates".
Each decision is in the pack as JSON and readable HTML, each paper version they relied on once,
the audit events behind all of them, the register as CSV, and the result of verifying the chain.
The request only reads the records; the stream (governance.evidence.pack.stream) checks
the papers and the chain as it sends them, so the first bytes leave at once.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from governance.audit.permissions import can_view_audit
from governance.csv_cells import write_row
from governance.decisions import queries
from governance.decisions.forms import RegisterFilterForm, filter_args, filters_from
from governance.decisions.record import event_dict, record_dict, to_json
from governance.evidence import pack as evidence
from governance.evidence.blueprint import bp
from governance.evidence.views import exports
from governance.papers.files import pack
from governance.papers.rules import safe_download_name
from governance.web import require

#: Decisions in one pack at most; a longer period is split by the auditor.
MAX_DECISIONS = 500


def _refusal(filters: queries.Filters) -> str | None:
    """Why these filters do not make a pack, or None."""
    if filters.board_id is None or filters.taken_from is None or filters.taken_to is None:
        return "Choose a board and both ends of the period to download their evidence pack."
    if filters.taken_from > filters.taken_to:
        return "The period ends before it starts."
    return None


def _decision_ids(scope: queries.Scope, filters: queries.Filters) -> list[int]:
    """The ids of the decisions matching the filters, oldest first, at most one over the cap."""
    ids: list[int] = []
    before: queries.Cursor | None = None
    while len(ids) <= MAX_DECISIONS:
        page = queries.register_page(scope, filters, before, size=100)
        ids += [row.decision.id for row in page.rows]
        before = queries.parse_cursor(page.next_cursor)
        if before is None:
            break
    return list(reversed(ids))


def _csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    write_row(writer, exports.COLUMNS)
    for row in rows:
        write_row(writer, [exports.csv_cell(row[c]) for c in exports.COLUMNS])
    return ("\ufeff" + out.getvalue()).encode()


def _readme(
    board: str,
    filters: queries.Filters,
    numbers: list[str],
    files: list[pack.PackEntry],
    at: datetime,
    check: evidence.ChainCheck,
    events: list[dict[str, Any]],
    minutes: dict[str, tuple[str, str | None]],
) -> bytes:
    lines = [
        f"Evidence pack: {board}",
        f"Decisions taken from {filters.taken_from} to {filters.taken_to}: {len(numbers)}",
        f"Made {at.isoformat(timespec='seconds')}",
        "",
        *evidence.chain_summary(check, events),
        "",
        "register.csv              the decisions, one a row",
        "decisions/*.json, *.html  each decision's whole record, as data and to read",
        "papers/                   each paper version relied on, named by the start of its SHA-256",
        "                          and checked against it",
        "audit-events.json         the audit events behind these decisions, in chain order",
        f"chain-checkpoints.txt     the chain's hash every {evidence.CHECKPOINT_EVERY} events, "
        "as checked",
        "chain-verification.txt    the result of verifying the whole audit chain",
        "README.txt                this file, written once everything was checked",
        "SHA256SUMS                the SHA-256 of every other file here; check with "
        "`sha256sum -c SHA256SUMS`",
        *_minutes_lines(minutes),
        "",
        *evidence.CHAIN_SCOPE,
        "",
        *evidence.not_included(files),
        "",
        *numbers,
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def _minutes_lines(minutes: dict[str, tuple[str, str | None]]) -> list[str]:
    """README lines on each meeting's approved minutes: whether the text has the hash
    recorded at approval."""
    if not minutes:
        return []
    lines = ["minutes/                  the approved minutes of each meeting, as text:"]
    for name, (text, approved) in minutes.items():
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        verdict = (
            "its SHA-256 is the one recorded at approval"
            if digest == approved
            else f"DOES NOT MATCH the SHA-256 recorded at approval ({approved})"
        )
        lines.append(f"  {name}: {verdict}")
    return lines


@dataclass
class _Gathered:
    """What the pack holds, gathered decision by decision."""

    files: dict[tuple[str, str], pack.PackEntry]
    records: list[_Record]
    events: dict[int, dict[str, Any]]
    rows: list[dict[str, Any]]
    numbers: list[str]
    board_name: str
    #: The approved minutes' text of each meeting the decisions were taken at, by file name,
    #: with the hash recorded at approval.
    minutes: dict[str, tuple[str, str | None]] = field(default_factory=dict)


def _gather(ids: list[int], root: Path, prefix: str) -> _Gathered:
    """Each decision's record, its paper files (each once), its events and its register row."""
    # One entry per file and file name: versions sharing both (the same document relied on
    # twice) are one file in the pack; any other clash of names gets a number, as a ZIP
    # cannot hold two members of one name.
    files: dict[tuple[str, str], pack.PackEntry] = {}
    records: list[_Record] = []
    events: dict[int, dict[str, Any]] = {}
    rows, numbers, board_name = [], [], ""
    minutes: dict[str, tuple[str, str | None]] = {}
    for decision_id in ids:
        trail = queries.decision_trail(decision_id)
        assert trail is not None
        decision, record = trail.decision, record_dict(trail)
        board_name = decision.board.name
        meeting = decision.item.meeting
        name = f"minutes/{meeting.starts_at:%Y-%m-%d}-meeting-{meeting.id}.txt"
        if trail.minutes is not None and name not in minutes:
            minutes[name] = (exports.minutes_text(meeting), trail.minutes.approved_sha256)
        keys = []
        for relied in decision.papers:
            version = relied.version
            name = safe_download_name(version.filename, version.media_type)
            key = (str(version.sha256), f"papers/{_hash_prefix(version.sha256)} {name}")
            if key not in files:
                files[key] = evidence.version_entry(
                    version,
                    root,
                    _unique(key[1], {e.name for e in files.values()}),
                    decision.item.title,
                    relied.circulated_at or version.uploaded_at,
                )
            keys.append(key)
        stem = "decisions/" + decision.number.replace("/", "-")
        records.append(_Record(stem, record, decision.board.timezone, keys))
        events.update({e.seq: event_dict(e) for e in trail.events})
        rows.append(
            exports.export_row(
                queries.RegisterRow(decision, _superseded_by(trail), _supersedes(decision)),
                prefix,
                trail.names,
            )
        )
        numbers.append(f"{decision.number}  {decision.resolution[:90]}")
    return _Gathered(files, records, events, rows, numbers, board_name, minutes)


@bp.route("/decisions/evidence.zip")
def board_evidence_pack():
    """The decisions of one board over a period, with their papers, audit events and a check."""
    require(can_view_audit(current_user))
    form = RegisterFilterForm(request.args)
    filters = filters_from(form)
    back = url_for("decisions.register", **filter_args(form))
    refusal = _refusal(filters)
    scope = queries.scope_for(current_user)
    ids = [] if refusal else _decision_ids(scope, filters)
    if not refusal and not ids:
        refusal = "No decisions match these filters, so there is nothing to put in a pack."
    if len(ids) > MAX_DECISIONS:
        refusal = f"More than {MAX_DECISIONS} decisions match; choose a shorter period."
    if refusal:
        flash(refusal, "error")
        return redirect(back)

    root = Path(current_app.config["STORAGE_PATH"])
    now = datetime.now(UTC)
    prefix = url_for("decisions.trail", decision_id=0, _external=True).removesuffix("0")
    gathered = _gather(ids, root, prefix)
    files, records, events = gathered.files, gathered.records, gathered.events
    rows, numbers, board_name = gathered.rows, gathered.numbers, gathered.board_name
    ordered = [events[seq] for seq in sorted(events)]
    register = _csv(rows)

    def documents(checked: list[pack.PackEntry]) -> Iterator[tuple[str, bytes]]:
        """Each decision's record, saying which paper files made it into the pack, then the
        register and the events; each is made when the stream asks for it."""
        by_key = dict(zip(files, checked, strict=True))
        for r in records:
            evidence.mark_papers(r.record["papers"], [by_key[key] for key in r.files])
            html = render_template("evidence/decision.html", r=r.record, zone=r.zone, now=now)
            yield f"{r.stem}.json", to_json(r.record).encode()
            yield f"{r.stem}.html", html.encode()
        yield "register.csv", register
        yield "audit-events.json", to_json(ordered).encode()
        for name, (text, _approved) in gathered.minutes.items():
            yield name, text.encode("utf-8")

    def readme(checked: list[pack.PackEntry], check: evidence.ChainCheck) -> bytes:
        return _readme(board_name, filters, numbers, checked, now, check, ordered, gathered.minutes)

    code = rows[0]["number"].split("/")[0]
    filename = f"{code}-{filters.taken_from}-to-{filters.taken_to}-evidence.zip"
    body = evidence.stream(list(files.values()), documents, ordered, readme, now, root)
    return exports._download(body, "application/zip", filename)


@dataclass(frozen=True)
class _Record:
    """One decision's record, waiting to be written once its papers have been checked."""

    stem: str
    record: dict[str, Any]
    zone: str
    #: The keys of its papers' entries among the pack's files, in the record's order.
    files: list[tuple[str, str]]


def _unique(name: str, taken: set[str]) -> str:
    """`name`, or with " (2)", " (3)"... before its extension when the pack already has it."""
    stem, dot, extension = name.rpartition(".")
    if not dot or "/" in extension:
        stem, dot, extension = name, "", ""
    number = 1
    while name in taken:
        number += 1
        name = f"{stem} ({number}){dot}{extension}"
    return name


def _hash_prefix(sha256: object) -> str:
    """The start of a hash for a file name; only hex digits, whatever a tampered row holds."""
    return "".join(c for c in str(sha256)[:12] if c in "0123456789abcdef") or "no-hash"


def _supersedes(decision: Any) -> str | None:
    return decision.supersedes.number if decision.supersedes is not None else None


def _superseded_by(trail: queries.Trail) -> str | None:
    return trail.superseded_by.number if trail.superseded_by is not None else None
