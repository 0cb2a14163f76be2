"""Withdrawing a paper version: kept in the record with its reason, gone from what goes out."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from governance.audit.models import AuditEvent
from governance.errors import DomainError
from governance.extensions import db
from governance.papers import operations
from governance.papers.files import storage
from governance.papers.models import PaperVersion
from tests.conftest import PDF


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def wrong_upload(agenda_world, app):
    """A second, uncirculated version of the budget report: the wrong file, uploaded by mistake."""
    stored = storage.store(io.BytesIO(PDF + b"%wrong"), Path(app.config["STORAGE_PATH"]), 1_000_000)
    version = operations.add_version(
        None, agenda_world.paper, stored, "budget-old-draft.pdf", "Agree the budget."
    )
    db.session.flush()
    return version


def test_secretary_withdraws_a_version_with_a_reason_kept_in_the_record(
    client, agenda_world, login, wrong_upload
):
    login(agenda_world.users["secretary"])
    response = client.post(
        f"/versions/{wrong_upload.id}/withdraw", data={"reason": "Wrong file uploaded"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    version = db.session.get(PaperVersion, wrong_upload.id)
    assert version is not None  # kept, not deleted
    assert version.withdrawn_reason == "Wrong file uploaded"
    assert version.withdrawn_at is not None
    event = db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "paper.version_withdraw")
    ).scalar_one()
    assert event.changes["withdrawn_reason"] == [None, "Wrong file uploaded"]


def test_a_withdrawal_without_a_reason_comes_back_with_a_message(
    client, agenda_world, login, wrong_upload
):
    login(agenda_world.users["secretary"])
    response = client.post(f"/versions/{wrong_upload.id}/withdraw", data={"reason": " "})
    assert response.status_code == 400
    assert 'id="reason-error"' in text(response)
    db.session.expire_all()
    assert db.session.get(PaperVersion, wrong_upload.id).withdrawn_at is None


@pytest.mark.parametrize("role", ["member", "parent", "chair", "auditor", "outsider"])
def test_only_those_running_the_meeting_may_withdraw_a_version(
    role, client, agenda_world, login, wrong_upload
):
    login(agenda_world.users[role])
    response = client.post(f"/versions/{wrong_upload.id}/withdraw", data={"reason": "Mistake"})
    assert response.status_code in (403, 404)
    db.session.expire_all()
    assert db.session.get(PaperVersion, wrong_upload.id).withdrawn_at is None


def test_a_withdrawn_version_leaves_the_circulate_form(client, agenda_world, login, wrong_upload):
    login(agenda_world.users["secretary"])
    before = text(client.get(f"/meetings/{agenda_world.meeting.id}/circulate"))
    assert f'value="{wrong_upload.id}"' in before
    operations.withdraw_version(None, wrong_upload, "Wrong file uploaded")
    db.session.flush()
    after = text(client.get(f"/meetings/{agenda_world.meeting.id}/circulate"))
    assert f'value="{wrong_upload.id}"' not in after


def test_the_circulate_form_names_each_versions_file_type_size_and_upload_time(
    client, agenda_world, login, wrong_upload
):
    login(agenda_world.users["secretary"])
    page = text(client.get(f"/meetings/{agenda_world.meeting.id}/circulate"))
    assert "budget-old-draft.pdf" in page
    assert "PDF" in page
    assert "uploaded" in page
    assert f"{len(PDF) + 6} bytes" in page


def test_circulating_a_withdrawn_version_is_refused(agenda_world, wrong_upload):
    from governance.papers import circulation

    operations.withdraw_version(None, wrong_upload, "Wrong file uploaded")
    with pytest.raises(DomainError, match="withdrawn"):
        circulation.circulate(None, agenda_world.meeting, [wrong_upload], include_agenda=False)


def test_withdrawing_twice_is_refused(agenda_world, wrong_upload):
    operations.withdraw_version(None, wrong_upload, "Wrong file uploaded")
    with pytest.raises(DomainError, match="already been withdrawn"):
        operations.withdraw_version(None, wrong_upload, "Again")


def test_a_withdrawn_circulated_version_leaves_the_pack_but_members_see_it_was_withdrawn(
    client, agenda_world, login
):
    """A circulated version does not silently vanish: members see it as withdrawn, with why."""
    version = agenda_world.version
    operations.withdraw_version(None, version, "Figures were for last year")
    db.session.flush()
    login(agenda_world.users["member"])
    response = client.get(f"/meetings/{agenda_world.meeting.id}/pack.zip")
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        assert not any("budget" in name for name in archive.namelist())
    meeting_page = text(client.get(f"/meetings/{agenda_world.meeting.id}"))
    assert "Budget report" in meeting_page
    assert "Withdrawn" in meeting_page and "Figures were for last year" in meeting_page
    paper_page = client.get(f"/papers/{agenda_world.paper.id}")
    assert paper_page.status_code == 200
    assert "Figures were for last year" in text(paper_page)
    # Members no longer download it; the record keeps it for officers and auditors.
    assert client.get(f"/versions/{version.id}/download").status_code == 403
    client.post("/logout")
    login(agenda_world.users["auditor"])
    download = client.get(f"/versions/{version.id}/download")
    assert download.status_code == 200
    download.close()


def _decide(world):
    from governance.attendance.models import Attendance, AttendanceStatus
    from governance.decisions.operations import DecisionDraft, record_decision

    for role in ("member", "parent"):
        db.session.add(
            Attendance(
                meeting=world.meeting,
                person_id=world.users[role].person.id,
                status=AttendanceStatus.PRESENT,
            )
        )
    db.session.flush()
    return record_decision(
        None,
        world.item,
        DecisionDraft(
            resolution="Agree the budget for 2027.",
            rationale="The paper showed the shortfall and members agreed the figures were sound.",
            alternatives="Cutting outreach instead, rejected because families would lose it.",
        ),
        moment=world.meeting.starts_at + timedelta(minutes=5),
    )


def test_a_version_a_decision_relied_on_cannot_be_withdrawn(client, started_world, login):
    decision = _decide(started_world)
    assert [p.paper_version_id for p in decision.papers] == [started_world.version.id]
    login(started_world.users["secretary"])
    response = client.post(
        f"/versions/{started_world.version.id}/withdraw", data={"reason": "Wrong figures"}
    )
    assert response.status_code == 400
    assert "relied on" in text(response)
    db.session.expire_all()
    assert db.session.get(PaperVersion, started_world.version.id).withdrawn_at is None


def test_the_paper_page_shows_file_name_type_and_withdrawal_to_the_secretary(
    client, agenda_world, login, wrong_upload
):
    operations.withdraw_version(None, wrong_upload, "Wrong file uploaded")
    db.session.flush()
    login(agenda_world.users["secretary"])
    page = text(client.get(f"/papers/{agenda_world.paper.id}"))
    assert "budget-old-draft.pdf" in page and "budget.pdf" in page
    assert "PDF" in page
    assert "Withdrawn" in page and "Wrong file uploaded" in page


def test_the_home_page_stops_nagging_about_a_withdrawn_uncirculated_paper(
    client, agenda_world, login, make_version
):
    extra = make_version(agenda_world.item, title="Old appendix")
    db.session.flush()
    login(agenda_world.users["secretary"])
    before = text(client.get("/"))
    assert "1 paper not circulated" in before
    operations.withdraw_version(None, extra, "Not needed")
    db.session.flush()
    after = text(client.get("/"))
    assert "not circulated" not in after


def _mails(kind: str) -> dict[str, str]:
    from governance.mail.models import OutboxMessage

    rows = db.session.execute(sa.select(OutboxMessage).where(OutboxMessage.kind == kind))
    return {m.to_address: m.body for m in rows.scalars()}


def test_members_are_mailed_when_a_circulated_version_is_withdrawn(agenda_world):
    operations.withdraw_version(None, agenda_world.version, "Figures were for last year")
    db.session.flush()
    sent = _mails("papers.withdrawn")
    assert {"member@example.org", "parent@example.org", "observer@example.org"} <= set(sent)
    assert all("Budget report" in body for body in sent.values())
    assert all("Figures were for last year" in body for body in sent.values())


def test_a_withdrawn_confidential_version_is_mailed_only_to_those_who_may_see_it(agenda_world):
    operations.withdraw_version(None, agenda_world.secret_version, "Scores were miscounted")
    db.session.flush()
    sent = _mails("papers.withdrawn")
    assert "member@example.org" in sent and "observer@example.org" not in sent
    assert all("Tender scores" in body for body in sent.values())


def test_nobody_is_mailed_about_withdrawing_a_version_never_circulated(agenda_world, wrong_upload):
    operations.withdraw_version(None, wrong_upload, "Wrong file uploaded")
    db.session.flush()
    assert _mails("papers.withdrawn") == {}


def test_the_decision_form_names_each_versions_file_and_leaves_out_withdrawn_ones(
    client, started_world, login, app
):
    stored = storage.store(
        io.BytesIO(PDF + b"%second"), Path(app.config["STORAGE_PATH"]), 1_000_000
    )
    second = operations.add_version(
        None, started_world.paper, stored, "budget-revised.pdf", "Agree the budget."
    )
    second.circulated_at = started_world.version.circulated_at
    db.session.flush()
    login(started_world.users["secretary"])
    url = f"/items/{started_world.item.id}/decisions/new"
    page = text(client.get(url))
    assert "budget.pdf, PDF" in page and "budget-revised.pdf, PDF" in page
    assert "uploaded" in page
    operations.withdraw_version(None, second, "Revised figures were wrong")
    db.session.flush()
    page = text(client.get(url))
    assert "budget-revised.pdf" not in page and "budget.pdf, PDF" in page
