"""A decision's record as plain values: shown on the trail page, written to decision.json.

One shape for both, so the evidence pack holds exactly what the page shows. Datetimes stay
datetimes (templates show them where the board meets; JSON writes them as ISO 8601, UTC).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import Enum
from typing import Any

from governance.attendance.models import AttendanceStatus
from governance.audit.models import AuditEvent
from governance.decisions.models import Decision, DecisionPaper
from governance.decisions.queries import Trail
from governance.interests.models import DeclarationAction
from governance.papers.models import PaperVersion


def _name(trail: Trail, person_id: int) -> str:
    # People may since have been erased; the id stays in the record.
    return trail.names.get(person_id, f"Person {person_id}")


def _people(trail: Trail, ids: list[int]) -> list[dict[str, Any]]:
    return [{"person_id": pid, "name": _name(trail, pid)} for pid in ids]


def _link(decision: Decision | None, relation: Any = None) -> dict[str, Any] | None:
    if decision is None:
        return None
    relation = relation if relation is not None else decision.relation
    return {
        "id": decision.id,
        "number": decision.number,
        "relation": relation.value if relation else None,
    }


def _quorum(trail: Trail) -> dict[str, Any]:
    """The quorum as it stood at the moment of decision, people named now."""
    snap = trail.decision.quorum_snapshot or {}
    return {
        "counted": snap.get("counted"),
        "required": snap.get("required"),
        "filled_voting_seats": snap.get("filled_voting_seats"),
        "shortfalls": list(snap.get("shortfalls", [])),
        "counted_people": _people(trail, list(snap.get("counted_person_ids", []))),
        "withdrawn_people": _people(trail, list(snap.get("withdrawn_person_ids", []))),
        "rule": snap.get("rule"),
    }


def _declarations(trail: Trail) -> list[dict[str, Any]]:
    """The declarations on the item at the moment of decision, people named now."""
    return [
        {
            **{k: v for k, v in entry.items() if k != "declaration_id"},
            "name": _name(trail, entry["person_id"]),
            "action_label": DeclarationAction(entry["action"]).label,
        }
        for entry in trail.decision.declarations_snapshot or []
    ]


def consent_dict(version: PaperVersion) -> dict[str, Any] | None:
    """Who consented, as chair, to a version going out late, when, and how the consent was
    given (in the app, by mail link, or recorded by the secretary on the chair's word)."""
    if version.consent_by_id is None:
        return None
    request = version.consent_request
    via = request.answered_via if request is not None else None
    return {
        "by": version.consent_by.full_name
        if version.consent_by is not None
        else f"Person {version.consent_by_id}",
        "person_id": version.consent_by_id,
        "at": version.consent_at,
        "via": via.value if via is not None else None,
        "via_label": via.label if via is not None else "how it was given was not recorded",
        "request_id": request.id if request is not None else None,
    }


def paper_dict(relied: DecisionPaper) -> dict[str, Any]:
    """One paper version relied on, with its circulation as it stood then, and, when it was
    late, why and with whose consent."""
    version = relied.version
    return {
        "paper_id": version.paper_id,
        "paper_title": version.paper.title,
        "version_id": version.id,
        "version": version.number,
        "filename": version.filename,
        "media_type": version.media_type,
        "size": version.size,
        "sha256": version.sha256,
        "circulated_at": relied.circulated_at,
        "late": relied.late,
        "late_reason": version.late_reason if relied.late else None,
        "consent": consent_dict(version) if relied.late else None,
    }


def _papers(decision: Decision) -> list[dict[str, Any]]:
    """The paper versions relied on, with their circulation as it stood then."""
    return [paper_dict(p) for p in decision.papers]


def late_columns(papers: list[dict[str, Any]]) -> tuple[str, str]:
    """The register's late_papers and late_consent cells: each late paper with its reason, and
    who consented, when and how; empty when no paper was late."""
    late = [p for p in papers if p["late"]]
    reasons = "; ".join(
        f"{p['paper_title']} (version {p['version']}): {p['late_reason'] or 'no reason recorded'}"
        for p in late
    )
    consents = "; ".join(
        f"{p['paper_title']} (version {p['version']}): "
        + (
            f"{c['by']}, {c['at'].isoformat() if c['at'] else 'time not recorded'},"
            f" {c['via_label']}"
            if (c := p["consent"]) is not None
            else "no consent recorded"
        )
        for p in late
    )
    return reasons, consents


def _minutes(trail: Trail) -> dict[str, Any] | None:
    """The approved minutes that confirmed the decision, if any."""
    if trail.minutes is None:
        return None
    return {
        "id": trail.minutes.id,
        "approved_at": trail.minutes.approved_at,
        "approved_sha256": trail.minutes.approved_sha256,
        "approved_version": trail.minutes.approved_version,
    }


def _approves(trail: Trail) -> dict[str, Any] | None:
    """The minutes this decision approved: whose, which version, and that version's hash."""
    minutes = trail.approves
    if minutes is None:
        return None
    meeting = minutes.meeting
    return {
        "minutes_id": minutes.id,
        "meeting": {"id": meeting.id, "title": meeting.title, "starts_at": meeting.starts_at},
        "version": minutes.approved_version,
        "sha256": minutes.approved_sha256,
        "approved_at": minutes.approved_at,
    }


def _line(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """One person's line of the register as a correction kept it, with its status in words."""
    if values is None:
        return None
    status = values.get("status")
    times = {
        name: datetime.fromisoformat(values[name]) if values.get(name) else None
        for name in ("arrived_at", "departed_at")
    }
    return {
        **values,
        **times,
        "status_label": AttendanceStatus(status).label if status else None,
    }


def _corrections(trail: Trail) -> list[dict[str, Any]]:
    """Corrections to the meeting's register made after the decision that change who it would
    count; what the decision counted stays as it was."""
    decision_id = trail.decision.id
    shown = []
    for c in trail.corrections:
        effect = c.affects(decision_id) or {}
        shown.append(
            {
                "corrected_at": c.corrected_at,
                "corrected_by": trail.correctors.get(c.corrected_by_id or 0),
                "reason": c.reason,
                "changes": [
                    {
                        "person_id": line["person_id"],
                        "name": _name(trail, line["person_id"]),
                        "before": _line(line.get("before")),
                        "after": _line(line.get("after")),
                    }
                    for line in c.changes
                ],
                "counted_before": _people(trail, list(effect.get("counted_before", []))),
                "counted_after": _people(trail, list(effect.get("counted_after", []))),
                "quorate_before": effect.get("quorate_before"),
                "quorate_after": effect.get("quorate_after"),
            }
        )
    return shown


def record_dict(trail: Trail) -> dict[str, Any]:
    """The whole record of one decision, with names resolved now from the ids it stores."""
    d = trail.decision
    item, meeting, board = d.item, d.item.meeting, d.board
    voted = d.votes_for is not None
    return {
        "id": d.id,
        "number": d.number,
        "status": d.status.value,
        "status_label": d.status.label,
        "board": {"id": board.id, "code": board.code, "name": board.name},
        "meeting": {"id": meeting.id, "title": meeting.title, "starts_at": meeting.starts_at},
        "item": {
            "id": item.id,
            "title": item.title,
            "purpose": item.purpose.value,
            "confidential": item.confidential,
        },
        "resolution": d.resolution,
        "rationale": d.rationale,
        "alternatives": d.alternatives,
        "no_alternatives_reason": d.no_alternatives_reason,
        "method": d.method.value,
        "method_label": d.method.label,
        "votes": (
            {"for": d.votes_for, "against": d.votes_against, "abstentions": d.abstentions}
            if voted
            else None
        ),
        "named_votes": [
            {"person_id": v.person_id, "name": _name(trail, v.person_id), "vote": v.vote.value}
            for v in sorted(d.votes, key=lambda v: _name(trail, v.person_id))
        ],
        "dissent": d.dissent,
        "is_recommendation": d.is_recommendation,
        "quorate": d.quorate,
        "quorum": _quorum(trail),
        "attendance_corrections": _corrections(trail),
        "declarations": _declarations(trail),
        "papers": _papers(trail.decision),
        "relied_on_late_papers": d.relied_on_late_papers,
        "published": d.published,
        "taken_at": d.taken_at,
        "recorded_by": trail.recorded_by,
        "recorded_at": d.created_at,
        "confirmed_at": d.confirmed_at,
        "minutes": _minutes(trail),
        "approves_minutes": _approves(trail),
        "supersedes": _link(d.supersedes, d.relation),
        "superseded_by": _link(trail.superseded_by),
    }


def event_dict(event: AuditEvent) -> dict[str, Any]:
    """An audit event with everything needed to check its hash."""
    return {
        "seq": event.seq,
        # As hashed, so a reader can recompute the chain from this file.
        "occurred_at": event.occurred_at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "summary": event.summary,
        "changes": event.changes,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_json(value: Any, *, indent: int | None = 2) -> str:
    """JSON text with datetimes as ISO 8601 and characters kept as they are."""
    return json.dumps(value, default=_plain, ensure_ascii=False, indent=indent)
