"""Exports: the register as CSV or JSON, and one decision's evidence pack as a ZIP.

All three stream. The register is read a batch at a time, each batch in an application context
of its own, so memory stays flat and no database session outlives its batch; the generator can
then run after the request has ended, as the WSGI server drains the response.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, Response, abort, current_app, render_template, request, url_for
from flask_login import current_user

from governance.csv_cells import write_row
from governance.decisions import queries
from governance.decisions.forms import RegisterFilterForm, filters_from
from governance.decisions.models import Decision, DecisionPaper
from governance.decisions.permissions import can_download_evidence, can_export
from governance.decisions.queries import RegisterRow
from governance.decisions.record import (
    event_dict,
    late_columns,
    paper_dict,
    record_dict,
    to_json,
)
from governance.evidence import pack as evidence
from governance.evidence.blueprint import bp
from governance.interests.models import DeclarationAction
from governance.meetings.permissions import can_see_confidential
from governance.minutes.operations import assemble
from governance.minutes.rules import render_text
from governance.papers.files.pack import PackEntry
from governance.web import require

#: Decisions read per statement while exporting.
EXPORT_BATCH = 200
COLUMNS = [
    "number",
    "board",
    "meeting",
    "meeting_starts_at",
    "item",
    "taken_at",
    "status",
    "method",
    "votes_for",
    "votes_against",
    "abstentions",
    "quorate",
    # quorum: what the record counted at the moment of decision
    "quorum_counted",
    "quorum_required",
    "filled_voting_seats",
    "declarations",
    "withdrawn",
    "is_recommendation",
    "relied_on_late_papers",
    "late_papers",
    "late_consent",
    "published",
    "supersedes",
    "relation",
    "superseded_by",
    "confirmed_at",
    "resolution",
    "rationale",
    "alternatives",
    "no_alternatives_reason",
    "dissent",
    "url",
]


def _iso(value: datetime | None, zone: str = "UTC") -> str | None:
    """ISO 8601 where the board meets, with its offset from UTC."""
    return value.astimezone(ZoneInfo(zone)).isoformat() if value is not None else None


def people_named(decisions: Iterable[Decision]) -> dict[int, str]:
    """Names of the people the decisions' declarations and quorums name, in one statement."""
    ids: set[int] = set()
    for d in decisions:
        ids |= {entry["person_id"] for entry in d.declarations_snapshot or []}
        ids |= set((d.quorum_snapshot or {}).get("withdrawn_person_ids", []))
    return queries.names_of(ids)


def _declarations(d: Decision, names: dict[int, str]) -> list[dict[str, str]]:
    return [
        {
            "name": names.get(entry["person_id"], f"Person {entry['person_id']}"),
            "nature": entry.get("nature", ""),
            "action": DeclarationAction(entry["action"]).label,
        }
        for entry in d.declarations_snapshot or []
    ]


def export_row(
    row: RegisterRow,
    url_prefix: str,
    names: dict[int, str] | None = None,
    late: list[DecisionPaper] | None = None,
) -> dict[str, Any]:
    """One register row as plain values; times where the board meets. `names`: the people
    its declarations and quorum name; `late`: the late papers it relied on (each read with the
    decision when not given)."""
    d = row.decision
    relied = late if late is not None else [p for p in d.papers if p.late]
    late_papers, late_consent = late_columns([paper_dict(p) for p in relied])
    zone = d.board.timezone
    names = names if names is not None else people_named([d])
    snap = d.quorum_snapshot or {}
    return {
        "number": d.number,
        "board": d.board.name,
        "meeting": d.item.meeting.title,
        "meeting_starts_at": _iso(d.item.meeting.starts_at, zone),
        "item": d.item.title,
        "taken_at": _iso(d.taken_at, zone),
        "quorum_counted": snap.get("counted"),
        "quorum_required": snap.get("required"),
        "filled_voting_seats": snap.get("filled_voting_seats"),
        "declarations": _declarations(d, names),
        "withdrawn": [
            names.get(pid, f"Person {pid}") for pid in snap.get("withdrawn_person_ids", [])
        ],
        "status": d.status.value,
        "method": d.method.value,
        "votes_for": d.votes_for,
        "votes_against": d.votes_against,
        "abstentions": d.abstentions,
        "quorate": d.quorate,
        "is_recommendation": d.is_recommendation,
        "relied_on_late_papers": d.relied_on_late_papers,
        "late_papers": late_papers,
        "late_consent": late_consent,
        "published": d.published,
        "supersedes": row.supersedes,
        "relation": d.relation.value if d.relation and row.supersedes else None,
        "superseded_by": row.superseded_by,
        "confirmed_at": _iso(d.confirmed_at, zone),
        "resolution": d.resolution,
        "rationale": d.rationale,
        "alternatives": d.alternatives,
        "no_alternatives_reason": d.no_alternatives_reason,
        "dissent": d.dissent,
        "url": f"{url_prefix}{d.id}",
    }


def _rows(
    app: Flask, scope: queries.Scope, filters: queries.Filters, prefix: str
) -> Iterator[dict[str, Any]]:
    """Every row of the register, a batch per statement, each batch in its own app context."""
    before: queries.Cursor | None = None
    while True:
        with app.app_context():
            page = queries.register_page(scope, filters, before, size=EXPORT_BATCH)
            names = people_named(row.decision for row in page.rows)
            late = queries.late_papers_by_decision([row.decision.id for row in page.rows])
            batch = [export_row(row, prefix, names, late[row.decision.id]) for row in page.rows]
            before = queries.parse_cursor(page.next_cursor)
        yield from batch
        if before is None:
            return


def _register_rows() -> Iterator[dict[str, Any]]:
    require(can_export(current_user))
    scope = queries.scope_for(current_user)
    filters = filters_from(RegisterFilterForm(request.args))
    # Built now: url_for needs the request, which is gone by the time the rows are read.
    prefix = url_for("decisions.trail", decision_id=0, _external=True).removesuffix("0")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return _rows(app, scope, filters, prefix)


def minutes_text(meeting: Any) -> str:
    """The full minutes of a meeting as text: what was hashed when they were approved."""
    return render_text(assemble(meeting))


def _download(body: Iterator[Any], mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Downloads are never rendered as pages, whatever a browser guesses.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class _Line:
    """csv.writer's file: hands each written line straight back."""

    def write(self, line: str) -> str:
        return line


def csv_cell(value: Any) -> Any:
    """A value as a spreadsheet reader expects it: yes or no, lists written out in words."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(
            f"{v['name']}: {v['nature']} ({v['action']})" if isinstance(v, dict) else str(v)
            for v in value
        )
    return value


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    # The byte-order mark makes Excel read the file as UTF-8.
    yield "\ufeff" + write_row(writer, COLUMNS)
    for row in rows:
        yield write_row(writer, [csv_cell(row[c]) for c in COLUMNS])


def _json(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield "["
    for n, row in enumerate(rows):
        yield ("," if n else "") + "\n" + to_json(row, indent=None)
    yield "\n]\n"


@bp.route("/decisions.csv")
def register_csv():
    """The register, with the same filters, as a CSV download."""
    return _download(_csv(_register_rows()), "text/csv", "decisions.csv")


@bp.route("/decisions.json")
def register_json():
    """The register, with the same filters, as a JSON array."""
    return _download(_json(_register_rows()), "application/json", "decisions.json")


@bp.route("/decisions/<int:decision_id>/evidence.zip")
def evidence_pack(decision_id: int):
    """The decision, its papers, its audit events and a verification of the whole audit chain."""
    trail = queries.decision_trail(decision_id) or abort(404)
    decision = trail.decision
    require(can_download_evidence(current_user, decision))
    record = record_dict(trail)
    root = Path(current_app.config["STORAGE_PATH"])
    files = evidence.paper_entries(decision, root)
    now, zone, number = datetime.now(UTC), decision.board.timezone, decision.number
    events = [event_dict(e) for e in trail.events]
    # The approved minutes' text, for those who may read all of the meeting's business.
    minutes = None
    if trail.minutes is not None and can_see_confidential(current_user, decision.board):
        minutes = minutes_text(decision.item.meeting)
    minutes_lines = (
        evidence.minutes_lines(minutes, trail.minutes.approved_sha256)
        if minutes is not None and trail.minutes is not None
        else None
    )

    def documents(checked: list[PackEntry]) -> Iterator[tuple[str, bytes]]:
        """Made once the papers are checked, so the record says which files made it in."""
        evidence.mark_papers(record["papers"], checked)
        html = render_template("evidence/decision.html", r=record, zone=zone, now=now)
        yield "decision.json", to_json(record).encode()
        yield "decision.html", html.encode()
        yield "audit-events.json", to_json(events).encode()
        if minutes is not None:
            yield "minutes.txt", minutes.encode("utf-8")

    def readme(checked: list[PackEntry], check: evidence.ChainCheck) -> bytes:
        return evidence.readme(number, checked, now, check, events, minutes_lines)

    # No stream_with_context: the stream reads the plain values built above, and pushes an
    # app context of its own for each step that renders a template or reads the chain.
    body = evidence.stream(files, documents, events, readme, now, root)
    return _download(body, "application/zip", evidence.filename(decision))
