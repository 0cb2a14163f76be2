"""The audit chain refers to people; it does not hold their details.

Events about a person record ids and the names of the fields that changed, never the person's
name, email, phone or job title, so erasure (which pseudonymises the person's row) leaves
nothing identifying in a chain that can never be rewritten. A subject access export hands a
person what is about them, and never someone else's values: events they made about other
people come with the fields' names only.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import sqlalchemy as sa

from governance.attendance.models import Attendance, AttendanceStatus
from governance.audit.models import AuditEvent
from governance.audit.operations import record_event
from governance.audit.queries import verify_stored_chain
from governance.boards.operations import save_person
from governance.extensions import db
from governance.privacy.export import export_zip, person_data
from governance.privacy.operations import erase_person

DETAILS = {
    "full_name": "Harriet Quill",
    "email": "harriet.quill@example.org",
    "phone": "07700 900123",
    "job_title": "Head of Early Years, Northbank",
}


def _values(person, **changes):
    values = {"organisation_id": None, **DETAILS, **changes}
    return save_person(None, person, values) if person else values


def _events_about(person) -> str:
    rows = db.session.execute(
        sa.select(AuditEvent).where(
            AuditEvent.target_type == "person", AuditEvent.target_id == person.id
        )
    ).scalars()
    return json.dumps([[e.summary, e.changes] for e in rows], ensure_ascii=False)


def test_new_person_events_never_carry_a_job_title_phone_or_email(world):
    person = save_person(world.users["admin"], None, _values(None))
    save_person(
        world.users["admin"],
        person,
        _values(None, job_title="Director of Family Services", phone="07700 900999"),
    )
    db.session.flush()
    logged = _events_about(person)
    for value in (*DETAILS.values(), "Director of Family Services", "07700 900999"):
        assert value not in logged
    # The log still says which fields changed, and the chain still verifies.
    assert '"job_title"' in logged and '"phone"' in logged
    assert verify_stored_chain()[1] is None


def test_after_erasure_the_chain_holds_nothing_identifying(world):
    person = save_person(world.users["admin"], None, _values(None))
    save_person(world.users["admin"], person, _values(None, job_title="Chief Officer"))
    erase_person(world.users["admin"], person)
    db.session.flush()
    chain = json.dumps(
        [[e.summary, e.changes] for e in db.session.execute(sa.select(AuditEvent)).scalars()],
        ensure_ascii=False,
    )
    for value in (*DETAILS.values(), "Chief Officer"):
        assert value not in chain
    assert verify_stored_chain()[1] is None


def test_an_export_holds_no_one_elses_values_from_events_its_subject_made(world):
    secretary, parent = world.users["secretary"], world.users["parent"].person
    save_person(secretary, parent, {**_values(None), "full_name": parent.full_name})
    # An event written before personal fields were withheld, still in the chain.
    record_event(
        secretary,
        "person.update",
        parent,
        f"Updated person {parent.id}",
        {"job_title": [None, "Head of Early Years, Northbank"], "phone": ["", "07700 900123"]},
    )
    db.session.flush()
    made = json.dumps(person_data(secretary.person), ensure_ascii=False)
    for value in DETAILS.values():
        assert value not in made
    mine = [e for e in person_data(secretary.person)["audit_events"] if e["target_id"] == parent.id]
    assert mine and all(
        set(e["changes"]) <= {"job_title", "phone", "email", "full_name"} for e in mine
    )
    # The parent's own export still holds what the chain says about them.
    assert "Head of Early Years, Northbank" in json.dumps(person_data(parent), ensure_ascii=False)


def test_the_exports_readme_says_what_is_left_out_of_events_about_others(world, app):
    archive = zipfile.ZipFile(io.BytesIO(export_zip(world.users["secretary"].person, Path("."))))
    readme = archive.read("README.txt").decode()
    assert "which fields changed, not the values" in readme


def test_an_export_holds_no_note_of_the_deputy_who_stood_in(agenda_world, make_person):
    w = agenda_world
    member, deputy = w.users["member"].person, make_person(full_name="Dee Puty")
    db.session.add(
        Attendance(
            meeting=w.meeting,
            person_id=deputy.id,
            deputy_for_id=member.id,
            status=AttendanceStatus.DEPUTY,
            note="My own words about my hospital appointment",
        )
    )
    db.session.flush()
    exported = json.dumps(person_data(member), ensure_ascii=False)
    assert "hospital appointment" not in exported
    assert "hospital appointment" in json.dumps(person_data(deputy), ensure_ascii=False)


def test_the_log_page_shows_no_personal_values_from_events_written_before_they_were_withheld(
    client, login, world
):
    """Old events keep their values in the chain (it is never rewritten); the page masks them."""
    parent = world.users["parent"].person
    secretary = world.users["secretary"]
    record_event(
        secretary,
        "person.update",
        parent,
        f"Updated person {parent.id}",
        {"job_title": [None, "Head of Early Years, Northbank"], "organisation_id": [None, 3]},
    )
    record_event(
        secretary,
        "support.arranged",
        parent,  # any target: the page reads only the action, summary and changes
        f"Arranged childcare for person {parent.id} at meeting 1",
        {"arranged_note": [None, "Two crèche places booked"], "status": [None, "arranged"]},
    )
    record_event(
        secretary,
        "support.cancelled",
        parent,
        f"Cancelled the access arranged for person {parent.id} at meeting 1",
        {"status": ["arranged", None]},
    )
    db.session.flush()
    login(world.users["auditor"])
    page = client.get("/audit/").get_data(as_text=True)
    for value in ("Head of Early Years", "crèche places", "childcare", "the access"):
        assert value not in page
    assert f"Arranged support for person {parent.id}" in page
    assert f"Cancelled support arranged for person {parent.id}" in page
    assert "Organisation</span> set to organisation 3" in page  # references stay
    assert verify_stored_chain()[1] is None
