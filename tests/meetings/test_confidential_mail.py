"""Meeting mail is built per recipient: confidential items and papers are named only to those
who may see them, by the same rule as the pages (`person_sees_confidential`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from governance.boards import operations as board_ops
from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.meetings import operations
from governance.meetings.models import Purpose
from governance.meetings.permissions import can_see_confidential, person_sees_confidential
from governance.papers import circulation
from tests.conftest import TODAY, counting


def _mails(kind: str) -> dict[str, OutboxMessage]:
    rows = db.session.execute(sa.select(OutboxMessage).where(OutboxMessage.kind == kind))
    return {m.to_address: m for m in rows.scalars()}


def _noticed(world: Any, make_meeting: Any) -> Any:
    meeting = make_meeting(world.board, items=("Apologies", "Budget"))
    operations.save_item(
        None,
        meeting,
        None,
        {"title": "Tender scores", "purpose": Purpose.DECISION, "confidential": True},
    )
    return meeting


def test_observer_notice_mail_omits_confidential_item_and_says_one_is_left_out(world, make_meeting):
    meeting = _noticed(world, make_meeting)
    operations.issue_notice(None, meeting, now=meeting.starts_at - timedelta(days=20))
    sent = _mails("meeting.notice")
    observer, member = sent["observer@example.org"].body, sent["member@example.org"].body
    assert "Tender scores" not in observer
    assert "1 confidential item is not listed here." in observer
    assert "1. Apologies" in observer and "2. Budget" in observer
    assert "3. Tender scores (for decision)" in member
    assert "not listed here" not in member


def test_a_circulation_of_confidential_papers_alone_is_not_mailed_to_observers(
    agenda_world,
):
    w = agenda_world
    w.secret_version.circulated_at = None
    db.session.flush()
    told = circulation.circulate(None, w.meeting, [w.secret_version], include_agenda=False)
    sent = _mails("papers.circulated")
    assert "observer@example.org" not in sent
    assert told == len(sent) == 4
    assert all("Tender scores" in m.body for m in sent.values())


def test_observer_circulation_mail_names_open_papers_and_counts_the_withheld_one(
    agenda_world,
):
    w = agenda_world
    for version in (w.version, w.secret_version):
        version.circulated_at = None
    db.session.flush()
    circulation.circulate(None, w.meeting, [w.version, w.secret_version], include_agenda=True)
    observer = _mails("papers.circulated")["observer@example.org"].body
    assert "Budget report" in observer and "Agenda" in observer
    assert "Tender scores" not in observer
    assert "1 confidential paper is not listed here." in observer


@pytest.mark.parametrize(
    "role", ["admin", "auditor", "secretary", "chair", "member", "parent", "observer", "outsider"]
)
def test_pages_and_mail_apply_one_rule_for_confidential_business(world, role):
    user = world.users[role]
    for board in (world.board, world.subgroup):
        assert person_sees_confidential(user.person, board) is can_see_confidential(user, board)


def test_a_voting_member_without_a_login_may_be_mailed_confidential_items(world, make_person):
    person = make_person()
    board_ops.appoint(None, world.vacant_seat, person, TODAY - timedelta(days=1), None)
    db.session.flush()
    assert person.user is None
    assert person_sees_confidential(person, world.board)
    assert not person_sees_confidential(person, world.board, TODAY - timedelta(days=2))


def test_a_disabled_administrator_account_sees_no_confidential_business(world):
    admin = world.users["admin"]
    admin.is_enabled = False
    db.session.flush()
    assert not person_sees_confidential(admin.person, world.board)


def test_officers_of_a_board_above_see_a_subgroups_confidential_business(world):
    assert person_sees_confidential(world.users["chair"].person, world.subgroup)
    assert not person_sees_confidential(world.users["member"].person, world.subgroup)


def test_building_the_notice_per_recipient_takes_no_statement_per_recipient(
    world, make_meeting, make_person, make_seat
):
    def statements_for_notice() -> int:
        meeting = _noticed(world, make_meeting)
        with counting() as statements:
            operations.issue_notice(None, meeting, now=meeting.starts_at - timedelta(days=20))
        reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        return len(reads)

    before = statements_for_notice()
    for _ in range(4):
        seat = make_seat(world.board, title="Community member")
        board_ops.appoint(None, seat, make_person(), TODAY - timedelta(days=1), None)
    db.session.flush()
    db.session.expire_all()
    assert statements_for_notice() == before
