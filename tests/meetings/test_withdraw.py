"""Withdrawing an agenda item or a draft meeting: kept with its reason, gone from the agenda."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from governance.attendance.models import Attendance, AttendanceStatus
from governance.audit.models import AuditEvent
from governance.decisions.operations import DecisionDraft, record_decision
from governance.errors import DomainError
from governance.extensions import db
from governance.meetings import operations
from governance.meetings.models import AgendaItem, Meeting


def text(response) -> str:
    return response.get_data(as_text=True)


def agenda_titles(page: str) -> list[str]:
    agenda = re.search(r'<ol class="agenda">(.*?)</ol>\s*(?:<section|{% |<p|$)', page, re.S)
    assert agenda is not None
    return re.findall(r"<h3>(.*?)</h3>", agenda.group(1))


def test_secretary_withdraws_an_item_which_leaves_the_agenda_and_its_numbering(
    client, agenda_world, login
):
    meeting = agenda_world.draft_meeting
    apologies, minutes = meeting.items
    login(agenda_world.users["secretary"])
    response = client.post(f"/items/{apologies.id}/withdraw", data={"reason": "Added twice"})
    assert response.status_code == 302
    db.session.expire_all()
    kept = db.session.get(AgendaItem, apologies.id)
    assert kept is not None and kept.withdrawn_reason == "Added twice"
    assert db.session.get(AgendaItem, minutes.id).position == 1
    assert [i.id for i in db.session.get(Meeting, meeting.id).items] == [minutes.id]
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert agenda_titles(page) == ["Minutes"]
    assert "Withdrawn from the agenda" in page and "Added twice" in page
    event = db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "agenda_item.withdraw")
    ).scalar_one()
    assert event.changes["withdrawn_reason"] == [None, "Added twice"]


def test_a_withdrawn_items_papers_leave_the_circulate_form(client, agenda_world, login, app):
    import io
    from pathlib import Path

    from governance.papers.files import storage
    from governance.papers.operations import upload_paper
    from tests.conftest import PDF

    stored = storage.store(io.BytesIO(PDF), Path(app.config["STORAGE_PATH"]), 1_000_000)
    version = upload_paper(
        None, agenda_world.item, "Spare copy", None, stored, "spare.pdf", "Agree it."
    )
    db.session.flush()
    login(agenda_world.users["secretary"])
    url = f"/meetings/{agenda_world.meeting.id}/circulate"
    assert f'value="{version.id}"' in text(client.get(url))
    operations.withdraw_item(None, agenda_world.item, "Deferred to the spring")
    db.session.flush()
    assert f'value="{version.id}"' not in text(client.get(url))


def test_an_item_with_a_recorded_decision_cannot_be_withdrawn(client, started_world, login):
    for role in ("member", "parent"):
        db.session.add(
            Attendance(
                meeting=started_world.meeting,
                person_id=started_world.users[role].person.id,
                status=AttendanceStatus.PRESENT,
            )
        )
    db.session.flush()
    record_decision(
        None,
        started_world.item,
        DecisionDraft(
            resolution="Agree the budget for 2027.",
            rationale="The paper showed the shortfall and members agreed the figures were sound.",
            alternatives="Cutting outreach instead, rejected because families would lose it.",
        ),
        moment=started_world.meeting.starts_at + timedelta(minutes=5),
    )
    login(started_world.users["secretary"])
    response = client.post(
        f"/items/{started_world.item.id}/withdraw", data={"reason": "Not needed"}
    )
    assert response.status_code == 400
    assert "decision has been recorded" in text(response)
    db.session.expire_all()
    assert db.session.get(AgendaItem, started_world.item.id).withdrawn_at is None


def test_an_item_withdrawal_needs_a_reason(client, agenda_world, login):
    item = agenda_world.draft_meeting.items[0]
    login(agenda_world.users["secretary"])
    response = client.post(f"/items/{item.id}/withdraw", data={"reason": "no"})
    assert response.status_code == 400
    assert 'id="reason-error"' in text(response)


def test_members_see_an_announced_meetings_withdrawn_item_as_withdrawn(client, agenda_world, login):
    operations.withdraw_item(None, agenda_world.item, "Deferred to the spring")
    db.session.flush()
    login(agenda_world.users["member"])
    page = text(client.get(f"/meetings/{agenda_world.meeting.id}"))
    assert "Budget" not in agenda_titles(page)
    assert "Deferred to the spring" in page


@pytest.mark.parametrize("role", ["member", "chair", "auditor", "outsider"])
def test_only_those_running_the_meeting_may_withdraw_an_item(role, client, agenda_world, login):
    item = agenda_world.draft_meeting.items[0]
    login(agenda_world.users[role])
    response = client.post(f"/items/{item.id}/withdraw", data={"reason": "Added twice"})
    assert response.status_code in (403, 404)
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).withdrawn_at is None


def test_secretary_withdraws_a_draft_meeting_which_stops_the_home_page_nagging(
    client, agenda_world, login
):
    draft = agenda_world.draft_meeting
    login(agenda_world.users["secretary"])
    assert "notice not issued yet" in text(client.get("/"))
    response = client.post(f"/meetings/{draft.id}/withdraw", data={"reason": "Wrong date"})
    assert response.status_code == 302
    assert "notice not issued yet" not in text(client.get("/"))
    db.session.expire_all()
    kept = db.session.get(Meeting, draft.id)
    assert kept is not None and kept.withdrawn_reason == "Wrong date"
    page = text(client.get(f"/meetings/{draft.id}"))
    assert "Withdrawn" in page and "Wrong date" in page
    assert "Issue notice to members" not in page
    assert client.post(f"/meetings/{draft.id}/notice").status_code == 403
    db.session.expire_all()
    assert db.session.get(Meeting, draft.id).is_draft


def test_a_withdrawn_draft_stays_hidden_from_members(client, agenda_world, login):
    operations.withdraw_draft(None, agenda_world.draft_meeting, "Wrong date")
    db.session.flush()
    login(agenda_world.users["member"])
    assert client.get(f"/meetings/{agenda_world.draft_meeting.id}").status_code in (403, 404)


def test_a_meeting_with_notice_issued_cannot_be_withdrawn_only_cancelled(agenda_world):
    with pytest.raises(DomainError, match="cancel it instead"):
        operations.withdraw_draft(None, agenda_world.meeting, "Wrong date")


def test_a_draft_meetings_cancel_page_links_back_to_the_meeting_not_cancel(
    client, agenda_world, login
):
    login(agenda_world.users["secretary"])
    page = text(client.get(f"/meetings/{agenda_world.meeting.id}/cancel"))
    assert "Cancel the meeting" in page
    assert ">Cancel</a>" not in page
    assert ">Back to the meeting</a>" in page


def test_a_withdrawn_item_takes_no_more_papers_changes_or_decisions(client, started_world, login):
    from governance.decisions.permissions import can_record_decision
    from governance.papers.permissions import can_add_paper, can_add_version

    item = started_world.item
    secretary = started_world.users["secretary"]
    assert can_add_paper(secretary, item) and can_record_decision(secretary, item)
    operations.withdraw_item(None, item, "Deferred to the spring")
    db.session.flush()
    assert not can_add_paper(secretary, item)
    assert not can_add_version(secretary, started_world.paper)
    assert not can_record_decision(secretary, item)
    with pytest.raises(DomainError, match="withdrawn"):
        operations.save_item(None, item.meeting, item, {"title": "Budget again"})
    login(secretary)
    page = client.get(f"/papers/{started_world.paper.id}").get_data(as_text=True)
    assert "Withdrawn from the agenda" in page and "Deferred to the spring" in page


def _mails(kind: str) -> dict[str, str]:
    from governance.mail.models import OutboxMessage

    rows = db.session.execute(sa.select(OutboxMessage).where(OutboxMessage.kind == kind))
    return {m.to_address: m.body for m in rows.scalars()}


def test_members_of_a_called_meeting_are_mailed_when_an_item_is_withdrawn(agenda_world):
    operations.withdraw_item(None, agenda_world.item, "Deferred to the spring")
    db.session.flush()
    sent = _mails("agenda.item_withdrawn")
    assert {"member@example.org", "observer@example.org"} <= set(sent)
    assert all("Budget" in b and "Deferred to the spring" in b for b in sent.values())


def test_a_withdrawn_confidential_item_is_mailed_only_to_those_who_may_see_it(agenda_world):
    operations.withdraw_item(None, agenda_world.confidential_item, "Tender postponed")
    db.session.flush()
    sent = _mails("agenda.item_withdrawn")
    assert "member@example.org" in sent and "observer@example.org" not in sent


def test_nobody_is_mailed_about_an_item_withdrawn_from_a_draft(agenda_world):
    operations.withdraw_item(None, agenda_world.draft_meeting.items[0], "Added twice")
    db.session.flush()
    assert _mails("agenda.item_withdrawn") == {}
