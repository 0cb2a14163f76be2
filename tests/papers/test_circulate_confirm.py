"""Circulating papers is a mass mail: the form shows whom it reaches and what they will read,
and sends nothing until the secretary confirms."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.meetings.models import AgendaItem, Purpose


def text(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


def _outbox() -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)).scalar_one()


def _meeting(world, make_meeting, make_version):
    """A called meeting a month away: an open paper, and a paper on a confidential item."""
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    meeting = make_meeting(world.board, starts_at=starts, notice=True)
    open_paper = make_version(meeting.items[0], title="Open budget")
    secret_item = AgendaItem(
        meeting=meeting,
        position=2,
        title="Staffing",
        purpose=Purpose.DISCUSSION,
        confidential=True,
    )
    db.session.add(secret_item)
    db.session.flush()
    secret_paper = make_version(secret_item, title="Redundancy proposal")
    db.session.commit()
    return meeting, open_paper, secret_paper


def test_circulating_shows_whom_it_reaches_and_a_preview_and_sends_nothing_yet(
    client, world, login, make_meeting, make_version
):
    meeting, open_paper, secret_paper = _meeting(world, make_meeting, make_version)
    login(world.users["secretary"])
    before = _outbox()
    response = client.post(
        f"/meetings/{meeting.id}/circulate",
        data={"versions": [str(open_paper.id), str(secret_paper.id)]},
    )
    assert response.status_code == 200
    page = text(response)
    assert "Check before sending" in page
    # Five people with an address: the chair, secretary, member, parent and observer.
    assert "This will reach 5 people" in page
    for name in ("Chair", "Secretary", "Member", "Parent", "Observer"):
        assert name in page
    # Two previews: the observer may not see confidential business, so theirs leaves it out.
    assert "Redundancy proposal" in page and "1 confidential paper is not listed here" in page
    assert _outbox() == before
    db.session.expire_all()
    assert db.session.get(type(open_paper), open_paper.id).circulated_at is None


def test_someone_who_may_see_none_of_it_is_named_as_getting_no_mail(
    client, world, login, make_meeting, make_version
):
    meeting, open_paper, secret_paper = _meeting(world, make_meeting, make_version)
    login(world.users["secretary"])
    page = text(
        client.post(f"/meetings/{meeting.id}/circulate", data={"versions": [str(secret_paper.id)]})
    )
    assert "This will reach 4 people" in page
    assert "No mail for" in page and "Observer" in page.split("No mail for", 1)[1]


def test_confirming_sends_it_and_changing_brings_the_form_back_filled_in(
    client, world, login, make_meeting, make_version
):
    meeting, open_paper, secret_paper = _meeting(world, make_meeting, make_version)
    login(world.users["secretary"])
    back = client.post(
        f"/meetings/{meeting.id}/circulate",
        data={"versions": [str(open_paper.id)], "change": "Change"},
    )
    assert back.status_code == 200 and "Check before sending" not in text(back)
    assert re.search(rf'<input checked[^>]*value="{open_paper.id}"', text(back))
    assert not re.search(rf'<input checked[^>]*value="{secret_paper.id}"', text(back))
    response = client.post(
        f"/meetings/{meeting.id}/circulate",
        data={"versions": [str(open_paper.id)], "confirmed": "y"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(open_paper), open_paper.id).circulated_at is not None
    assert _outbox() == 5
