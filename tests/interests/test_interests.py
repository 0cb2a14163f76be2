"""Registers of interests and declarations: the rules, the operations and the pages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from governance.attendance import operations as attendance
from governance.attendance.models import AttendanceStatus
from governance.audit.models import AuditEvent
from governance.audit.rules import WITHHELD
from governance.errors import DomainError
from governance.extensions import db
from governance.interests import operations as interests
from governance.interests import rules
from governance.interests.models import Declaration, DeclarationAction, Interest
from governance.meetings.models import MeetingStatus
from tests.conftest import audit_count

START = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)
A = DeclarationAction


def entry(person, description="Trustee of Little Steps", **overrides) -> Interest:
    values = {
        "description": description,
        "kind": "non-financial",
        "organisation_id": None,
        "starts_on": date(2026, 1, 1),
        "published": True,
    }
    values.update(overrides)
    return interests.add_interest(None, person, values)


def last_event() -> AuditEvent:
    return db.session.execute(
        sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)
    ).scalar_one()


@pytest.fixture
def meeting(world, make_meeting):
    return make_meeting(world.board, starts_at=START, items=("Grants", "Tender"), notice=True)


def text(response) -> str:
    return response.get_data(as_text=True)


# Rules ---------------------------------------------------------------------------------------


def test_an_entry_needs_a_description_a_known_kind_and_a_start():
    with pytest.raises(DomainError) as error:
        rules.check_entry("  ", "financial", date(2026, 1, 1))
    assert error.value.field == "description"
    with pytest.raises(DomainError) as error:
        rules.check_entry("Shares in a nursery", "secret", date(2026, 1, 1))
    assert error.value.field == "kind"
    assert rules.check_entry("  Shares in   a nursery ", "financial", date(2026, 1, 1)) == (
        "Shares in a nursery"
    )


def test_an_entry_ends_once_and_not_before_it_began():
    with pytest.raises(DomainError, match="cannot end before"):
        rules.check_end(date(2026, 3, 1), None, date(2026, 2, 28))
    with pytest.raises(DomainError, match="already ended"):
        rules.check_end(date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1))
    assert rules.check_end(date(2026, 3, 1), None, date(2026, 3, 1)) is None


def test_a_dispensation_needs_who_granted_it_and_why():
    with pytest.raises(DomainError) as error:
        rules.check_declaration("Trustee of a bidder", A.DISPENSATION, "", "Only local provider")
    assert error.value.field == "dispensation_by"
    with pytest.raises(DomainError) as error:
        rules.check_declaration("Trustee of a bidder", A.DISPENSATION, "The chair", "ok")
    assert error.value.field == "dispensation_reason"
    values = rules.check_declaration(
        "Trustee of a bidder", A.DISPENSATION, " The chair ", "The only local provider of this"
    )
    assert (values.dispensation_by, values.dispensation_reason) == (
        "The chair",
        "The only local provider of this",
    )


def test_who_granted_a_dispensation_is_dropped_when_none_was_granted():
    values = rules.check_declaration("Trustee of a bidder", A.WITHDREW, "The chair", "Because")
    assert values.dispensation_by is None and values.dispensation_reason is None
    with pytest.raises(DomainError) as error:
        rules.check_declaration("", A.WITHDREW, None, None)
    assert error.value.field == "nature"


def test_a_declared_entry_is_the_declarers_and_current():
    with pytest.raises(DomainError, match="someone else"):
        rules.check_entry_for(1, 2, date(2026, 1, 1), None, date(2026, 6, 1))
    with pytest.raises(DomainError, match="not current"):
        rules.check_entry_for(1, 1, date(2026, 1, 1), date(2026, 3, 1), date(2026, 6, 1))


def test_entries_about_the_boards_organisations_come_first(world):
    person = world.users["member"].person
    other = entry(person, "Unrelated club", starts_on=date(2026, 5, 1))
    about_board = entry(person, "Governor at PCT", organisation_id=world.health.id)
    assert rules.relevant_first([other, about_board], {world.health.id}) == [about_board, other]


# Operations ----------------------------------------------------------------------------------


def test_adding_an_entry_is_audited_without_logging_its_words(world):
    before = audit_count()
    interest = entry(world.users["member"].person, published=False)
    assert audit_count() == before + 1
    event = last_event()
    assert event.action == "interest.create" and event.changes["description"] == [None, WITHHELD]
    assert event.changes["published"] == [None, False]
    assert interest.published is False


def test_ending_an_entry_keeps_it_in_the_register_as_history(world):
    person = world.users["member"].person
    interest = entry(person)
    interests.end_interest(None, interest, date(2026, 6, 30))
    assert last_event().action == "interest.end"
    assert last_event().changes == {"ends_on": [None, "2026-06-30"]}
    assert interests.person_register(person) == [interest]
    assert interest.ends_on == date(2026, 6, 30)
    with pytest.raises(DomainError, match="already ended"):
        interests.end_interest(None, interest, date(2026, 7, 1))


def test_reminders_are_members_entries_current_on_the_meeting_day(world, meeting):
    member, parent = world.users["member"].person, world.users["parent"].person
    old = entry(member, "Former trustee")
    interests.end_interest(None, old, date(2026, 6, 1))
    club = entry(member, "Treasurer of a toddler group")
    pct = entry(member, "Spouse works at the PCT", organisation_id=world.health.id)
    later = entry(parent, "Starts next year", starts_on=date(2027, 1, 1))
    entry(world.users["chair"].person, "Chair's own interest")
    reminders = interests.relevant_interests(meeting)
    assert reminders == {member.id: [pct, club]}
    assert later not in reminders.get(parent.id, [])


def test_a_declaration_with_a_dispensation_records_who_and_why(world, meeting):
    member = world.users["member"].person
    interest = entry(member, "Trustee of Little Steps")
    before = audit_count()
    declaration = interests.record_declaration(
        None,
        meeting.items[0],
        member,
        interest=interest,
        nature="",
        action=A.DISPENSATION,
        dispensation_by="The chair",
        dispensation_reason="Only parent representative with the knowledge needed",
    )
    assert declaration.nature == "Trustee of Little Steps"
    assert declaration.dispensation_by == "The chair" and declaration.interest_id == interest.id
    assert audit_count() == before + 1 and last_event().action == "declaration.create"
    assert member.full_name not in last_event().summary


def test_a_dispensation_without_who_or_why_is_refused_and_nothing_is_written(world, meeting):
    before = audit_count()
    with pytest.raises(DomainError) as error:
        interests.record_declaration(
            None,
            meeting.items[0],
            world.users["member"].person,
            interest=None,
            nature="Trustee of a bidder",
            action=A.DISPENSATION,
        )
    assert error.value.field == "dispensation_by"
    assert audit_count() == before
    assert db.session.execute(sa.select(Declaration)).first() is None


def test_declarers_sit_on_the_board_or_are_taking_part(world, meeting):
    outsider = world.users["outsider"].person
    kwargs = {"interest": None, "nature": "Works for a bidder", "action": A.WITHDREW}
    with pytest.raises(DomainError) as error:
        interests.record_declaration(None, meeting.items[0], outsider, **kwargs)
    assert error.value.field == "person_id"
    attendance.record_attendance(
        None,
        meeting,
        outsider,
        AttendanceStatus.DEPUTY,
        deputy_for=world.users["member"].person,
    )
    assert interests.record_declaration(None, meeting.items[0], outsider, **kwargs).id


def test_someone_elses_entry_or_a_closed_meeting_is_refused(world, meeting):
    theirs = entry(world.users["parent"].person)
    with pytest.raises(DomainError) as error:
        interests.record_declaration(
            None,
            meeting.items[0],
            world.users["member"].person,
            interest=theirs,
            nature="",
            action=A.WITHDREW,
        )
    assert error.value.field == "interest_id"
    meeting.status = MeetingStatus.DRAFT
    with pytest.raises(DomainError, match="notice issued or held"):
        interests.record_declaration(
            None,
            meeting.items[0],
            world.users["parent"].person,
            interest=theirs,
            nature="",
            action=A.WITHDREW,
        )


# Pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees_unpublished"),
    [("member", True), ("secretary", True), ("admin", True), ("auditor", True), ("parent", False)],
)
def test_unpublished_entries_are_for_the_person_secretaries_admins_and_auditors(
    client, world, login, role, sees_unpublished
):
    member = world.users["member"].person
    entry(member, "Published trusteeship")
    entry(member, "Unpublished family tie", published=False)
    db.session.flush()
    login(world.users[role])
    page = text(client.get(f"/people/{member.id}/interests"))
    assert "Published trusteeship" in page
    assert ("Unpublished family tie" in page) is sees_unpublished


def test_the_register_is_refused_to_those_who_may_not_see_the_person(client, world, login):
    url = f"/people/{world.users['member'].person.id}/interests"
    assert client.get(url).status_code == 401
    login(world.users["outsider"])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("role", "code"),
    [("member", 302), ("secretary", 302), ("admin", 302), ("parent", 403), ("auditor", 403)],
)
def test_entries_are_added_by_the_person_secretaries_and_admins_only(
    client, world, login, role, code
):
    member = world.users["member"].person
    login(world.users[role])
    response = client.post(
        f"/people/{member.id}/interests/new",
        data={
            "description": "Trustee of Little Steps",
            "kind": "non-financial",
            "starts_on": "2026-01-01",
            "published": "y",
        },
    )
    assert response.status_code == code
    count = len(interests.person_register(member))
    assert count == (1 if code == 302 else 0)


def test_auditors_never_add_entries_even_to_their_own_register(client, world, login):
    auditor = world.users["auditor"]
    login(auditor)
    response = client.post(
        f"/people/{auditor.person.id}/interests/new",
        data={"description": "Member of a union", "kind": "personal", "starts_on": "2026-01-01"},
    )
    assert response.status_code == 403


def test_a_refused_entry_comes_back_with_the_error_beside_the_field(client, world, login):
    member = world.users["member"].person
    login(world.users["member"])
    response = client.post(
        f"/people/{member.id}/interests/new",
        data={"description": "Club", "kind": "personal", "starts_on": "2026-01-01"},
    )
    assert response.status_code == 400
    assert re.search(r'id="description-error">[^<]*Describe the interest', text(response))
    assert interests.person_register(member) == []


def test_ending_an_entry_moves_it_to_the_history_on_the_page(client, world, login):
    member = world.users["member"].person
    interest = entry(member, "Trustee of Little Steps", starts_on=date(2026, 3, 1))
    db.session.flush()
    login(world.users["member"])
    response = client.post(f"/interests/{interest.id}/end", data={"ends_on": "2026-02-01"})
    assert response.status_code == 400
    assert re.search(r'id="ends_on-error">[^<]*cannot end before', text(response))
    response = client.post(f"/interests/{interest.id}/end", data={"ends_on": "2026-10-31"})
    assert response.status_code == 302
    page = text(client.get(f"/people/{member.id}/interests"))
    history = page.split("Ended entries")[1]
    assert "Trustee of Little Steps" in history and "31 Oct 2026" in history


def test_a_dispensation_without_who_comes_back_beside_that_field(client, world, login, meeting):
    member = world.users["member"].person
    item = meeting.items[1]
    login(world.users["secretary"])
    data = {"person_id": str(member.id), "nature": "Trustee of a bidder", "action": "dispensation"}
    response = client.post(f"/items/{item.id}/declarations/new", data=data)
    assert response.status_code == 400
    assert re.search(r'id="dispensation_by-error">[^<]*who granted', text(response))
    before = audit_count()
    data.update(dispensation_by="The chair", dispensation_reason="Only provider of the service")
    response = client.post(f"/items/{item.id}/declarations/new", data=data)
    assert response.status_code == 302
    assert audit_count() == before + 1
    page = text(client.get(response.headers["Location"]))
    assert "Dispensation granted by The chair" in page


def test_declaration_page_offers_one_persons_entries_when_asked(client, world, login, meeting):
    member, parent = world.users["member"].person, world.users["parent"].person
    entry(member, "Trusteeship of the member")
    entry(parent, "Paid work of the parent")
    db.session.flush()
    login(world.users["secretary"])
    url = f"/items/{meeting.items[0].id}/declarations/new"
    page = text(client.get(url))
    assert "Trusteeship of the member" in page and "Paid work of the parent" in page
    page = text(client.get(f"{url}?person_id={parent.id}"))
    assert "Trusteeship of the member" not in page and "Paid work of the parent" in page


@pytest.mark.parametrize("role", ["chair", "member", "auditor"])
def test_only_the_secretary_and_admins_record_declarations(client, world, login, meeting, role):
    login(world.users[role])
    response = client.post(
        f"/items/{meeting.items[0].id}/declarations/new",
        data={
            "person_id": str(world.users["member"].person.id),
            "nature": "Trustee of a bidder",
            "action": "withdrew",
        },
    )
    assert response.status_code == 403
    assert db.session.execute(sa.select(Declaration)).first() is None


def test_a_draft_meetings_items_take_no_declarations(client, world, login, make_meeting):
    draft = make_meeting(world.board, starts_at=START)
    login(world.users["secretary"])
    response = client.post(
        f"/items/{draft.items[0].id}/declarations/new",
        data={
            "person_id": str(world.users["member"].person.id),
            "nature": "Trustee of a bidder",
            "action": "withdrew",
        },
    )
    assert response.status_code == 400
    assert "notice issued or held" in text(response)
