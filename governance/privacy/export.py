"""A person's data, gathered for a subject access request: JSON plus the files they uploaded."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from governance.actions.models import Action
from governance.attendance.models import Attendance
from governance.audit.models import AuditEvent
from governance.audit.rules import WITHHELD as VALUE_WITHHELD
from governance.audit.rules import plain
from governance.auth.models import User
from governance.boards.models import Appointment, BoardOfficer, Person
from governance.database import utcnow
from governance.decisions.models import NamedVote
from governance.extensions import db
from governance.induction.models import InductionItem, InductionMaterial, InductionRecord
from governance.interests.models import Declaration, Interest
from governance.meetings.models import AgendaItem
from governance.meetings.permissions import person_sees_item
from governance.papers.files.storage import locate
from governance.papers.models import PaperVersion
from governance.papers.rules import safe_download_name
from governance.replies.models import MeetingReply, SupportNeed

#: Columns never handed out, even to the person they describe: they would let a copy sign in.
SECRET_COLUMNS = {"password_hash", "totp_secret", "totp_last_step", "session_version"}


def row(obj: Any) -> dict[str, Any]:
    """Every column of a row as JSON-ready values, secrets left out."""
    mapper = sa.inspect(obj).mapper
    return {
        attr.key: plain(getattr(obj, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in SECRET_COLUMNS
    }


def made_by_them(event: AuditEvent) -> dict[str, Any]:
    """An event the person made about something else: what they did, to what, and which
    fields changed, but none of the values or the summary, which may be about someone else
    (events written before personal fields were withheld hold them in clear)."""
    return {
        "seq": event.seq,
        "occurred_at": plain(event.occurred_at),
        "actor_id": event.actor_id,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "changes": {f: [VALUE_WITHHELD, VALUE_WITHHELD] for f in sorted(event.changes or {})},
    }


def _rows(statement: Any) -> list[dict[str, Any]]:
    return [row(obj) for obj in db.session.execute(statement).scalars()]


#: Stands in for what an action arising from confidential business says, in the export of an
#: owner who may not see that business (as the action's own page would refuse them).
WITHHELD = "[withheld: arises from confidential business]"


def _actions_owned(person: Person) -> list[dict[str, Any]]:
    """The person's actions; the title of one on an item they may not see is withheld."""
    rows = db.session.execute(
        sa.select(Action, AgendaItem)
        .outerjoin(AgendaItem, Action.agenda_item_id == AgendaItem.id)
        .where(Action.owner_id == person.id)
        .order_by(Action.id)
    ).all()
    out = []
    for action, item in rows:
        data = row(action)
        if item is not None and not person_sees_item(person, item):
            data["title"] = WITHHELD
        out.append(data)
    return out


def _attendance(pid: int) -> list[dict[str, Any]]:
    """Their attendance, and rows where someone deputised for them (without that one's note)."""
    return [
        row(a) if a.person_id == pid else {**row(a), "note": VALUE_WITHHELD}
        for a in db.session.execute(
            sa.select(Attendance).where(
                sa.or_(Attendance.person_id == pid, Attendance.deputy_for_id == pid)
            )
        ).scalars()
    ]


def _audit_events(pid: int, user: User | None) -> list[dict[str, Any]]:
    """Events about them in full, and events they caused with others' details left out."""
    about = sa.or_(
        sa.and_(AuditEvent.target_type == "person", AuditEvent.target_id == pid),
        *(
            [
                sa.and_(AuditEvent.target_type == "user_account", AuditEvent.target_id == user.id),
                AuditEvent.actor_id == user.id,
            ]
            if user
            else []
        ),
    )
    own_targets = {("person", pid), *([("user_account", user.id)] if user else [])}
    return [
        row(e) if (e.target_type, e.target_id) in own_targets else made_by_them(e)
        for e in db.session.execute(
            sa.select(AuditEvent).where(about).order_by(AuditEvent.seq)
        ).scalars()
    ]


def person_data(person: Person) -> dict[str, Any]:
    """Everything held about `person`, as one JSON-ready document."""
    user = db.session.execute(
        sa.select(User).where(User.person_id == person.id)
    ).scalar_one_or_none()
    pid = person.id
    records = (
        db.session.execute(
            sa.select(InductionRecord)
            .where(InductionRecord.person_id == pid)
            .order_by(InductionRecord.id)
        )
        .scalars()
        .all()
    )
    return {
        "generated_at": plain(utcnow()),
        "person": row(person),
        "user_account": row(user) if user else None,
        "appointments": _rows(sa.select(Appointment).where(Appointment.person_id == pid)),
        "offices": _rows(sa.select(BoardOfficer).where(BoardOfficer.person_id == pid)),
        "attendance": _attendance(pid),
        "interests": _rows(sa.select(Interest).where(Interest.person_id == pid)),
        "declarations": _rows(sa.select(Declaration).where(Declaration.person_id == pid)),
        "replies": _rows(sa.select(MeetingReply).where(MeetingReply.person_id == pid)),
        "support_needs": _rows(
            sa.select(SupportNeed).join(MeetingReply).where(MeetingReply.person_id == pid)
        ),
        "induction_records": [row(r) for r in records],
        "induction_items": _rows(
            sa.select(InductionItem).where(InductionItem.record_id.in_([r.id for r in records]))
        ),
        "actions_owned": _actions_owned(person),
        "named_votes": _rows(sa.select(NamedVote).where(NamedVote.person_id == pid)),
        "audit_events": _audit_events(pid, user),
        "uploaded_paper_versions": _rows(
            sa.select(PaperVersion).where(PaperVersion.uploaded_by_id == user.id)
        )
        if user
        else [],
        "uploaded_induction_material": _rows(
            sa.select(InductionMaterial).where(InductionMaterial.added_by_id == user.id)
        )
        if user
        else [],
    }


def export_zip(person: Person, storage: Path) -> bytes:
    """A ZIP of `data.json` and, under `files/`, every file the person uploaded."""
    data = person_data(person)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, sort_keys=True, default=str))
        uploads = [("paper", v) for v in data["uploaded_paper_versions"]]
        uploads += [("material", m) for m in data["uploaded_induction_material"] if m["sha256"]]
        left_out = []
        for kind, upload in uploads:
            # Named by the type the content was checked to be, never the uploaded extension:
            # a PDF uploaded as "agenda.html" leaves as "agenda.pdf".
            stem = safe_download_name(upload["filename"] or "", upload["media_type"] or "")
            name = f"files/{kind}-{upload['id']}-{stem}"
            source = locate(storage, upload["sha256"])
            if source is None:
                left_out.append(f"  {name}: missing from storage")
            else:
                archive.write(source, name)
        withheld = sum(1 for a in data["actions_owned"] if a["title"] == WITHHELD)
        archive.writestr("README.txt", _readme(left_out, withheld))
    return buffer.getvalue()


def _readme(left_out: list[str], withheld: int = 0) -> str:
    """What the export holds, every uploaded file it could not include, and what is withheld."""
    lines = [
        "data.json  everything held about the person",
        "files/     the files they uploaded",
        "",
        "Audit events about other people's records that the person made show what they did and",
        "which fields changed, not the values: those are about the other people.",
        "Attendance lines of deputies who stood in for them leave out the deputy's note.",
        "",
        *(
            [f"FILES NOT INCLUDED ({len(left_out)}), missing from storage:", *left_out]
            if left_out
            else ["Every file they uploaded is included."]
        ),
        *(["", _withheld_line(withheld)] if withheld else []),
    ]
    return "\r\n".join(lines) + "\r\n"


def _withheld_line(count: int) -> str:
    """The README's line on actions whose titles are withheld."""
    one = count == 1
    return (
        f"{count} action{'' if one else 's'} they own {'arises' if one else 'arise'} from "
        "confidential business they may not see, so "
        f"{'its title is' if one else 'their titles are'} withheld."
    )
