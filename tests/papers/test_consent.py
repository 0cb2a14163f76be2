"""The chair's consent to late circulation: a request the chair grants or refuses, in the app,
from a signed link in a mail, or recorded by the secretary on the chair's word."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from itsdangerous import URLSafeTimedSerializer

from governance.audit.models import AuditEvent
from governance.errors import DomainError
from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.papers import consent
from governance.papers.models import ConsentRequest, ConsentStatus, ConsentVia

REASON = "Figures from the Accountable Body arrived after the deadline."


def mails(kind: str) -> list[OutboxMessage]:
    return list(
        db.session.execute(
            sa.select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
        ).scalars()
    )


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def late(world, make_meeting, make_version):
    """A called meeting two days away (past its deadline) with one paper not yet circulated."""
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    meeting = make_meeting(world.board, starts_at=soon, notice=True)
    version = make_version(meeting.items[0], title="Budget figures")
    return meeting, version


def _ask(world, meeting, version) -> ConsentRequest:
    return consent.request_consent(
        world.users["secretary"], meeting, [version], include_agenda=True, reason=REASON
    )


def _link(body: str) -> str:
    found = re.search(r"http://[^\s]+/consent/([^\s]+)", body)
    assert found, body
    return found.group(1)


def test_asking_the_chair_circulates_nothing_until_they_answer(world, late):
    meeting, version = late
    request = _ask(world, meeting, version)
    assert request.status is ConsentStatus.PENDING
    assert version.circulated_at is None and meeting.agenda_circulated_at is None
    assert mails("papers.circulated") == [] and mails("papers.late") == []
    asked = mails("papers.consent_asked")
    assert [m.to_address for m in asked] == ["chair@example.org"]
    assert REASON in asked[0].body and "Budget figures" in asked[0].body


def test_a_request_needs_a_reason_and_a_late_meeting(world, late, make_meeting, make_version):
    meeting, version = late
    with pytest.raises(DomainError) as caught:
        consent.request_consent(
            world.users["secretary"], meeting, [version], include_agenda=False, reason=""
        )
    assert caught.value.field == "late_reason"
    on_time = make_meeting(
        world.board, starts_at=datetime.now(UTC) + timedelta(days=40), notice=True
    )
    other = make_version(on_time.items[0])
    with pytest.raises(DomainError, match="on time"):
        consent.request_consent(
            world.users["secretary"], on_time, [other], include_agenda=False, reason=REASON
        )


def test_chair_grants_in_the_app_and_the_papers_go_out_marked_with_who_when_and_how(
    client, world, login, late
):
    meeting, version = late
    request = _ask(world, meeting, version)
    db.session.commit()
    login(world.users["chair"])
    page = text(client.get(f"/consent-requests/{request.id}"))
    assert REASON in page and "Budget figures" in page and "Grant" in page and "Refuse" in page
    response = client.post(f"/consent-requests/{request.id}", data={"grant": "Grant consent"})
    assert response.status_code == 302
    db.session.expire_all()
    request = db.session.get(ConsentRequest, request.id)
    assert request.status is ConsentStatus.GRANTED
    assert request.answered_via is ConsentVia.APP
    assert request.answered_by_id == world.users["chair"].person_id
    assert request.answered_at is not None
    version = request.versions[0]
    assert version.circulated_at is not None and version.late_reason == REASON
    assert version.consent_by_id == world.users["chair"].person_id
    assert version.consent_request_id == request.id
    assert request.meeting.agenda_circulated_at is not None
    assert len(mails("papers.late")) == 5
    told = mails("papers.consent_answered")
    assert [m.to_address for m in told] == ["secretary@example.org"]
    event = db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "paper.consent_grant")
    ).scalar_one()
    assert event.actor_id == world.users["chair"].id
    assert event.changes["answered_via"] == [None, "app"]


def test_chair_refuses_and_nothing_circulates_and_the_secretary_is_told(client, world, login, late):
    meeting, version = late
    request = _ask(world, meeting, version)
    db.session.commit()
    login(world.users["chair"])
    response = client.post(
        f"/consent-requests/{request.id}",
        data={"refuse": "Refuse", "note": "Table it at the next meeting instead."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    request = db.session.get(ConsentRequest, request.id)
    assert request.status is ConsentStatus.REFUSED
    assert request.versions[0].circulated_at is None
    assert request.meeting.agenda_circulated_at is None
    assert mails("papers.late") == []
    told = mails("papers.consent_answered")
    assert told[0].to_address == "secretary@example.org"
    assert "refused" in told[0].body and "next meeting instead" in told[0].body


def test_only_the_chair_may_answer(client, world, login, late):
    meeting, version = late
    request = _ask(world, meeting, version)
    db.session.commit()
    for role in ("member", "secretary", "parent"):
        login(world.users[role])
        response = client.post(f"/consent-requests/{request.id}", data={"grant": "Grant"})
        assert response.status_code == 403, role
    db.session.expire_all()
    assert db.session.get(ConsentRequest, request.id).status is ConsentStatus.PENDING


def test_the_mail_link_asks_on_get_and_acts_only_on_post_once(client, world, late):
    meeting, version = late
    request = _ask(world, meeting, version)
    db.session.commit()
    token = _link(mails("papers.consent_asked")[0].body)
    page = client.get(f"/consent/{token}")
    assert page.status_code == 200
    assert REASON in text(page) and "Grant" in text(page) and "Refuse" in text(page)
    db.session.expire_all()
    assert db.session.get(ConsentRequest, request.id).status is ConsentStatus.PENDING
    response = client.post(f"/consent/{token}", data={"grant": "Grant consent"})
    assert response.status_code == 200 and "granted" in text(response)
    db.session.expire_all()
    request = db.session.get(ConsentRequest, request.id)
    assert request.status is ConsentStatus.GRANTED
    assert request.answered_via is ConsentVia.MAIL_LINK
    assert request.versions[0].circulated_at is not None
    # Single use: the same link cannot answer again.
    again = client.post(f"/consent/{token}", data={"refuse": "Refuse"})
    assert "already" in text(again)
    db.session.expire_all()
    assert db.session.get(ConsentRequest, request.id).status is ConsentStatus.GRANTED


def test_an_expired_or_altered_link_answers_nothing(client, app, world, late, monkeypatch):
    meeting, version = late
    request = _ask(world, meeting, version)
    db.session.commit()
    token = _link(mails("papers.consent_asked")[0].body)
    altered = client.post(f"/consent/{token[:-2]}xx", data={"grant": "Grant"})
    assert altered.status_code == 404
    signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=consent.LINK_SALT)
    monkeypatch.setattr(consent, "LINK_MAX_AGE", timedelta(seconds=-1))
    expired = client.post(f"/consent/{token}", data={"grant": "Grant"})
    assert expired.status_code == 410 and "expired" in text(expired)
    assert signer.loads(token)  # the token itself was genuine
    db.session.expire_all()
    assert db.session.get(ConsentRequest, request.id).status is ConsentStatus.PENDING


def test_the_secretary_records_a_phone_consent_as_given_on_the_chairs_word(world, late):
    meeting, version = late
    chair = world.users["chair"].person
    request, count = consent.record_chairs_word(
        world.users["secretary"],
        meeting,
        [version],
        include_agenda=False,
        reason=REASON,
        chair=chair,
    )
    assert count == 5
    assert request.answered_via is ConsentVia.SECRETARY
    assert request.recorded_by_id == world.users["secretary"].id
    assert request.answered_by_id == chair.id
    assert ConsentVia.SECRETARY.label == "recorded by the secretary on the chair's word"
    assert version.consent_request_id == request.id and version.late_reason == REASON


def test_consent_on_the_word_of_someone_not_the_chair_is_refused(world, late):
    meeting, version = late
    with pytest.raises(DomainError, match="chair"):
        consent.record_chairs_word(
            world.users["secretary"],
            meeting,
            [version],
            include_agenda=False,
            reason=REASON,
            chair=world.users["member"].person,
        )
    assert version.circulated_at is None


def test_chair_sees_the_request_on_their_home_page_under_needs_doing(client, world, login, late):
    meeting, version = late
    request = _ask(world, meeting, version)
    db.session.commit()
    login(world.users["member"])
    assert f"/consent-requests/{request.id}" not in text(client.get("/"))
    client.post("/logout")
    login(world.users["chair"])
    page = text(client.get("/"))
    assert "Needs doing" in page and f"/consent-requests/{request.id}" in page
    listing = text(client.get("/consent-requests"))
    assert f"/consent-requests/{request.id}" in listing and REASON in listing


def test_the_circulate_form_asks_the_chair_and_says_so(client, world, login, late):
    meeting, version = late
    db.session.commit()
    login(world.users["secretary"])
    data = {
        "versions": [str(version.id)],
        "late_reason": REASON,
        "consent_how": "ask",
        "confirmed": "y",
    }
    response = client.post(f"/meetings/{meeting.id}/circulate", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    request = db.session.execute(sa.select(ConsentRequest)).scalar_one()
    assert request.status is ConsentStatus.PENDING and request.versions[0].id == version.id
    page = text(client.get(f"/meetings/{meeting.id}/circulate"))
    assert "Waiting for the chair" in page
    # A version waiting for the chair is not offered again.
    assert f'value="{version.id}"' not in page


def test_the_circulate_form_records_the_chairs_word_as_such(client, world, login, late):
    meeting, version = late
    db.session.commit()
    login(world.users["secretary"])
    data = {
        "versions": [str(version.id)],
        "late_reason": REASON,
        "consent_how": "word",
        "consent_by_id": str(world.users["chair"].person_id),
        "confirmed": "y",
    }
    response = client.post(f"/meetings/{meeting.id}/circulate", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    request = db.session.execute(sa.select(ConsentRequest)).scalar_one()
    assert request.answered_via is ConsentVia.SECRETARY
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert "on the chair's word" in page.replace("&#39;", "'")


def test_the_outbox_withholds_the_chairs_consent_link_from_administrators(
    client, world, login, late
):
    """The link answers for the chair: an administrator reading the outbox must not be able to
    grant consent with it."""
    meeting, version = late
    _ask(world, meeting, version)
    db.session.commit()
    (asked,) = mails("papers.consent_asked")
    login(world.users["admin"])
    page = text(client.get(f"/outbox/{asked.id}"))
    assert "/consent/" not in page and "withheld" in page
    assert "/consent/" not in text(client.get("/outbox"))
