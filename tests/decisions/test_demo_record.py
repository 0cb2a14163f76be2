"""The demo's decision record shows what DEMO.md asks for, and an auditor can follow all of it."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from governance.actions.models import Action
from governance.attendance.figures import board_figures
from governance.attendance.models import Attendance, AttendanceStatus
from governance.boards.models import Board, Person
from governance.decisions.models import Decision, DecisionStatus, Relation
from governance.demo.seed import seed_demo
from governance.extensions import db
from governance.interests.models import Declaration, DeclarationAction
from governance.minutes.models import Minutes, MinutesStatus

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo(app, tmp_path):
    original = app.config["STORAGE_PATH"]
    app.config["STORAGE_PATH"] = str(tmp_path / "storage")
    counts = seed_demo(TODAY)
    yield counts
    app.config["STORAGE_PATH"] = original


def decisions() -> list[Decision]:
    return list(
        db.session.execute(sa.select(Decision).order_by(Decision.sequence, Decision.id)).scalars()
    )


def person(name: str) -> Person:
    return db.session.execute(sa.select(Person).filter_by(full_name=name)).scalar_one()


def test_the_demo_records_decisions_on_most_held_meetings(demo):
    # Other parts of the demo (sub-groups' terms of reference) record decisions of their own.
    assert len(decisions()) >= demo["decisions"] >= 15
    assert demo["actions"] >= 4
    numbers = [d.number for d in decisions()]
    assert numbers[0] == "PB/2026/001" and len(set(numbers)) == len(numbers)
    assert all(len(d.rationale) > 40 for d in decisions())


def test_one_item_was_inquorate_and_recorded_as_a_recommendation(demo):
    (recommendation,) = [d for d in decisions() if not d.quorate]
    assert recommendation.is_recommendation
    assert not recommendation.quorate
    assert any("parent" in s for s in recommendation.quorum_snapshot["shortfalls"])
    # Everything else was quorate.
    assert all(d.quorate for d in decisions() if d is not recommendation)


def test_a_voluntary_manager_withdrew_from_the_commissioning_decision(demo):
    hussain = person("Nadia Hussain")
    (declaration,) = db.session.execute(
        sa.select(Declaration).filter_by(person_id=hussain.id)
    ).scalars()
    assert declaration.action is DeclarationAction.WITHDREW
    assert declaration.interest is not None
    (award,) = [d for d in decisions() if d.resolution.startswith("Award")]
    assert hussain.id in award.quorum_snapshot["withdrawn_person_ids"]
    assert hussain.id not in award.quorum_snapshot["counted_person_ids"]
    assert not award.published  # a confidential item


def test_decisions_on_late_papers_are_marked_and_a_variation_points_back(demo):
    late = [d for d in decisions() if d.relied_on_late_papers]
    assert len(late) >= 2
    (variation,) = [d for d in decisions() if d.relation is Relation.VARIATION]
    old = db.session.get(Decision, variation.supersedes_id)
    assert old is not None and old.status is DecisionStatus.SUPERSEDED
    assert old.superseded_by_id == variation.id


def test_minutes_are_approved_at_the_next_meeting_and_the_last_awaits_approval(demo):
    rows = list(db.session.execute(sa.select(Minutes)).scalars())
    statuses = sorted(m.status for m in rows)
    assert statuses.count(MinutesStatus.APPROVED) == len(rows) - 1
    # The last was corrected after circulation: the draft of version 2 awaits circulation.
    (last,) = [m for m in rows if m.status is not MinutesStatus.APPROVED]
    assert last.is_changed_draft and [v.number for v in last.versions] == [1]
    confirmed = [d for d in decisions() if d.status is DecisionStatus.CONFIRMED]
    recorded = [d for d in decisions() if d.status is DecisionStatus.RECORDED]
    assert confirmed and recorded


def test_attendance_is_patchy_with_a_deputy_and_a_flagged_absence(demo):
    board = db.session.execute(sa.select(Board).filter_by(code="PB")).scalar_one()
    deputies = db.session.execute(
        sa.select(Attendance).filter_by(status=AttendanceStatus.DEPUTY)
    ).scalars()
    assert [d.deputy_for_id for d in deputies] == [person("Margaret Doyle").id]
    figures = board_figures(board, TODAY - timedelta(days=365), TODAY)
    assert person("Gary Fenwick").id in {m.person_id for m in figures.flagged}


def test_some_actions_are_done_and_some_overdue(demo):
    actions = list(db.session.execute(sa.select(Action)).scalars())
    assert any(a.status.value == "done" for a in actions)
    assert any(a.status.value in ("open", "in_progress") and a.due_on < TODAY for a in actions)


def test_an_auditor_opens_every_demo_decision_trail_and_its_evidence_pack(demo, client, login):
    from governance.auth.models import User
    from governance.demo.seed import DEMO_PASSWORD

    auditor = db.session.execute(sa.select(User).filter_by(email="auditor@demo.test")).scalar_one()
    response = client.post("/login", data={"email": auditor.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    for decision in decisions():
        page = client.get(f"/decisions/{decision.id}")
        assert page.status_code == 200, decision.number
        text = page.get_data(as_text=True)
        assert decision.number in text and "Audit trail" in text
        pack = client.get(f"/decisions/{decision.id}/evidence.zip")
        assert pack.status_code == 200, decision.number
        names = zipfile.ZipFile(io.BytesIO(pack.get_data())).namelist()
        assert any(name.endswith(".json") for name in names)


def test_visitors_see_the_public_boards_published_decisions_only(demo, client):
    listed = client.get("/decisions").get_data(as_text=True)
    public = [d for d in decisions() if d.published and d.board.is_public]
    assert max(public, key=lambda d: (d.taken_at, d.id)).number in listed
    for decision in decisions():
        trail = client.get(f"/decisions/{decision.id}")
        if decision in public:
            assert trail.status_code == 200 and decision.number in trail.get_data(as_text=True)
        else:
            assert decision.number not in listed
            assert trail.status_code in (401, 403, 404)


def test_the_meeting_page_lists_each_items_decisions_and_links_the_minutes(demo, client):
    from governance.demo.seed import DEMO_PASSWORD

    award = next(d for d in decisions() if d.resolution.startswith("Award"))
    meeting_id = award.item.meeting_id
    others = [d for d in decisions() if d.item.meeting_id == meeting_id and d is not award]
    # A visitor to the public board sees the open business, not the confidential award.
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert others and all(f"/decisions/{d.id}" in page for d in others)
    assert f"/decisions/{award.id}" not in page and "Matters arising" in page
    # A voting member sees the confidential item's decision too, and the minutes.
    client.post("/login", data={"email": "parent@demo.test", "password": DEMO_PASSWORD})
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert f"/decisions/{award.id}" in page and f"/meetings/{meeting_id}/minutes" in page
