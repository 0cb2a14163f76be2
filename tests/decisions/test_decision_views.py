"""The record form, the trail, the register and its exports, through the client."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from governance.attendance.models import Attendance, AttendanceStatus
from governance.decisions import operations
from governance.decisions.models import Decision, DecisionMethod, Relation
from governance.decisions.operations import DecisionDraft
from governance.evidence.views import exports as export_views
from governance.extensions import db
from governance.interests.models import Declaration, DeclarationAction
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus, Purpose
from governance.papers.models import Paper, PaperVersion
from tests.conftest import audit_count, counting, start_meeting

REASON = "The underspend pays for the outreach worker until March, so no new money is needed."
ALTERNATIVES = "Return the money to the council: the outreach post would end in January."


def text(response) -> str:
    return response.get_data(as_text=True)


def shown_ids(response) -> list[int]:
    """The decisions a register page links to, in order."""
    assert response.status_code == 200, response.status_code
    return [int(n) for n in re.findall(r'href="/decisions/(\d+)"', text(response))]


def every_shown(client, **args: Any) -> list[int]:
    """The decisions the register lists over all its pages, following "Older decisions"."""
    response = client.get("/decisions", query_string=args)
    ids = shown_ids(response)
    while older := re.search(r'href="([^"]*)">Older decisions', text(response)):
        response = client.get(older.group(1).replace("&amp;", "&"))
        ids += shown_ids(response)
    assert len(ids) == len(set(ids))
    return ids


def meeting_for(board: Any, starts: datetime, status=MeetingStatus.NOTICE_ISSUED) -> Meeting:
    meeting = Meeting(
        board=board,
        title="Board meeting",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        status=status,
        uid=f"test-{uuid.uuid4()}",
    )
    AgendaItem(meeting=meeting, position=1, title="Grants", purpose=Purpose.DECISION)
    AgendaItem(
        meeting=meeting, position=2, title="Staffing", purpose=Purpose.DECISION, confidential=True
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def present(meeting: Meeting, *people: Any) -> None:
    for person in people:
        db.session.add(
            Attendance(meeting=meeting, person_id=person.id, status=AttendanceStatus.PRESENT)
        )
    db.session.flush()


def decide(item: AgendaItem, at: datetime, **overrides: Any) -> Decision:
    values: dict[str, Any] = {
        "resolution": "Agree the budget for 2027.",
        "rationale": REASON,
        "alternatives": ALTERNATIVES,
        "method": DecisionMethod.CONSENSUS,
    }
    values.update(overrides)
    return operations.record_decision(None, item, DecisionDraft(**values), moment=at)


@pytest.fixture
def w(started_world):
    """The agenda world's meeting under way, with the member and parent present at it."""
    present(started_world.meeting, started_world.users["member"].person)
    present(started_world.meeting, started_world.users["parent"].person)
    return started_world


def late_version(w: Any) -> PaperVersion:
    """A second paper on the budget item, circulated the day before the meeting: late."""
    paper = Paper(item=w.item, title="Revised figures")
    version = PaperVersion(
        paper=paper,
        number=1,
        sha256=w.version.sha256,
        size=w.version.size,
        media_type="application/pdf",
        filename="figures.pdf",
        summary="New figures.",
        circulated_at=w.meeting.starts_at - timedelta(days=1),
        late_reason="The council sent the figures late.",
    )
    db.session.add_all([paper, version])
    db.session.flush()
    return version


@dataclass
class Register:
    plain: Decision
    late: Decision
    declared: Decision
    recommendation: Decision
    correction: Decision
    confirmed: Decision
    public: Decision
    secret: Decision

    def ids(self, *names: str) -> set[int]:
        return {getattr(self, n).id for n in names}


ALL = ("plain", "late", "declared", "recommendation", "correction", "confirmed", "public", "secret")


@pytest.fixture
def reg(w) -> Register:
    """One decision for each thing the register can be filtered by."""
    at = w.meeting.starts_at + timedelta(minutes=10)
    on_time = [w.version]
    plain = decide(w.item, at, resolution="Agree the crèche budget.", relied_on=on_time)
    late = decide(
        w.item,
        at + timedelta(minutes=10),
        resolution="Spend 100% of the grant on outreach.",
        relied_on=[late_version(w)],
    )
    outreach = AgendaItem(meeting=w.meeting, position=3, title="Outreach", purpose=Purpose.DECISION)
    db.session.add(outreach)
    db.session.flush()
    db.session.add(
        Declaration(
            item=outreach,
            person_id=w.users["parent"].person.id,
            nature="Volunteers with the outreach charity",
            action=DeclarationAction.DISPENSATION,
            dispensation_by="The chair",
        )
    )
    db.session.flush()
    declared = decide(outreach, at + timedelta(minutes=20))
    w.board.quorum_min_count = 3
    recommendation = decide(
        w.item, at + timedelta(minutes=30), as_recommendation=True, relied_on=on_time
    )
    w.board.quorum_min_count = None
    correction = decide(
        w.item,
        at + timedelta(minutes=40),
        supersedes=plain,
        relation=Relation.CORRECTION,
        relied_on=on_time,
    )
    autumn = meeting_for(w.board, datetime(2026, 10, 1, 10, tzinfo=UTC), MeetingStatus.HELD)
    present(autumn, w.users["member"].person)
    confirmed = decide(autumn.items[0], datetime(2026, 10, 1, 11, tzinfo=UTC))
    operations.confirm_decisions(autumn, datetime(2026, 11, 1, tzinfo=UTC))
    open_meeting = meeting_for(w.public_board, w.meeting.starts_at)
    present(open_meeting, w.plain_person)
    public = decide(open_meeting.items[0], at + timedelta(minutes=5))
    secret = decide(w.confidential_item, at + timedelta(minutes=50))
    return Register(plain, late, declared, recommendation, correction, confirmed, public, secret)


# Recording through the form -----------------------------------------------------------------


def test_the_form_shows_the_quorum_now_the_declarations_and_ticks_the_papers(client, login, w):
    db.session.add(
        Declaration(
            item=w.item,
            person_id=w.users["parent"].person.id,
            nature="Trustee of Little Steps",
            action=DeclarationAction.STAYED_NO_VOTE,
        )
    )
    db.session.flush()
    login(w.users["secretary"])
    page = text(client.get(f"/items/{w.item.id}/decisions/new"))
    assert "Quorate" in page and "1 voting member counted; 1 needed" in page
    assert "<strong>Counted:</strong> Member" in page
    assert (
        "Not counted (withdrew or did not vote under a declared interest):</strong> Parent" in page
    )
    assert "Trustee of Little Steps" in page and "Stayed but did not vote" in page
    ticked = re.search(rf'<input[^>]*value="{w.version.id}"[^>]*>', page)
    assert ticked and "checked" in ticked.group(0)


def test_the_form_says_in_words_why_the_board_is_not_quorate(client, login, started_world):
    login(started_world.users["secretary"])
    page = text(client.get(f"/items/{started_world.item.id}/decisions/new"))
    assert "Not quorate" in page and "0 voting members present; 1 needed." in page


def form_data(w: Any, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "resolution": "Agree the 2027 budget as set out in the paper.",
        "rationale": REASON,
        "alternatives": ALTERNATIVES,
        "method": "consensus",
        "relied_on": [str(w.version.id)],
    }
    data.update(overrides)
    return data


def test_the_secretary_records_a_decision_and_lands_on_its_trail(client, login, w):
    login(w.users["secretary"])
    response = client.post(f"/items/{w.item.id}/decisions/new", data=form_data(w))
    assert response.status_code == 302, text(response)[:3000]
    decision = db.session.execute(sa.select(Decision)).scalar_one()
    assert response.headers["Location"] == f"/decisions/{decision.id}"
    assert decision.number == f"PB/{decision.year}/001"
    assert [p.paper_version_id for p in decision.papers] == [w.version.id]
    assert decision.recorded_by_id == w.users["secretary"].id


def test_a_refused_decision_comes_back_filled_in_with_the_message_beside_the_field(
    client, login, w
):
    login(w.users["secretary"])
    response = client.post(
        f"/items/{w.item.id}/decisions/new", data=form_data(w, rationale="agreed")
    )
    assert response.status_code == 400
    page = text(response)
    error = re.search(r'<p class="error" id="rationale-error">(.*?)</p>', page, re.S)
    assert error and "is not a reason" in error.group(1)
    assert "Agree the 2027 budget as set out in the paper." in page
    assert db.session.execute(sa.select(sa.func.count(Decision.id))).scalar_one() == 0


def test_an_inquorate_meeting_is_refused_beside_the_recommendation_box(
    client, login, started_world
):
    login(started_world.users["secretary"])
    url = f"/items/{started_world.item.id}/decisions/new"
    response = client.post(url, data=form_data(started_world))
    assert response.status_code == 400
    error = re.search(r'id="as_recommendation-error">(.*?)</p>', text(response), re.S)
    assert error and "0 voting members present; 1 needed." in error.group(1)
    response = client.post(url, data=form_data(started_world, as_recommendation="y"))
    assert response.status_code == 302
    assert db.session.execute(sa.select(Decision)).scalar_one().is_recommendation


def test_before_the_meeting_starts_the_page_says_why_and_offers_no_form(
    client, login, agenda_world
):
    """Issue 4: no record button on the meeting page, no form, and a post records nothing."""
    w = agenda_world
    for person in (w.users["member"].person, w.users["parent"].person):
        present(w.meeting, person)
    login(w.users["secretary"])
    meeting_page = text(client.get(f"/meetings/{w.meeting.id}"))
    assert f"/items/{w.item.id}/decisions/new" not in meeting_page
    assert "Decisions can be recorded once the meeting starts" in meeting_page
    page = client.get(f"/items/{w.item.id}/decisions/new")
    assert page.status_code == 200
    assert "A decision can be recorded once the meeting has started" in text(page)
    assert 'name="resolution"' not in text(page)
    before = audit_count()
    posted = client.post(f"/items/{w.item.id}/decisions/new", data=form_data(w))
    assert posted.status_code == 400 and "once the meeting has started" in text(posted)
    assert audit_count() == before
    assert db.session.execute(sa.select(sa.func.count()).select_from(Decision)).scalar_one() == 0
    start_meeting(w.meeting)
    db.session.commit()
    assert f"/items/{w.item.id}/decisions/new" in text(client.get(f"/meetings/{w.meeting.id}"))
    assert 'name="resolution"' in text(client.get(f"/items/{w.item.id}/decisions/new"))


def test_named_votes_are_read_from_the_form(client, login, w):
    login(w.users["secretary"])
    member, parent = w.users["member"].person, w.users["parent"].person
    data = form_data(w, method="named_vote", **{f"vote-{member.id}": "for"})
    data[f"vote-{parent.id}"] = "against"
    response = client.post(f"/items/{w.item.id}/decisions/new", data=data)
    assert response.status_code == 400
    assert re.search(r'id="named_votes-error">[^<]*not carried', text(response))
    data[f"vote-{parent.id}"] = "abstain"
    assert client.post(f"/items/{w.item.id}/decisions/new", data=data).status_code == 302
    decision = db.session.execute(sa.select(Decision)).scalar_one()
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (1, 0, 1)


def test_no_route_edits_or_deletes_a_decision(app):
    writes = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("decisions.")
        and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
    }
    assert writes == {"decisions.record"}


# The trail ---------------------------------------------------------------------------------


def test_the_trail_shows_who_was_counted_the_papers_and_the_audit_events(client, login, w):
    late = late_version(w)
    decision = decide(w.item, w.meeting.starts_at + timedelta(minutes=30))
    login(w.users["auditor"])
    page = text(client.get(f"/decisions/{decision.id}"))
    assert decision.number in page and "Agree the budget for 2027." in page and REASON in page
    assert "<strong>Counted:</strong> Member, Parent" in page
    assert w.version.sha256 in page and late.sha256 in page
    assert f'href="/papers/{w.paper.id}"' in page and f'href="/versions/{late.id}/download"' in page
    assert page.count('<span class="tag late">Late</span>') == 1
    assert "<code>decision.record</code>" in page and "<code>paper.version_upload</code>" in page
    assert f"/decisions/{decision.id}/evidence.zip" in page
    assert f'href="/meetings/{w.meeting.id}#item-{w.item.id}"' in page


def test_the_trail_links_supersession_both_ways(client, login, w):
    first = decide(w.item, w.meeting.starts_at + timedelta(minutes=5))
    second = decide(
        w.item,
        w.meeting.starts_at + timedelta(minutes=9),
        supersedes=first,
        relation=Relation.VARIATION,
    )
    login(w.users["member"])
    older = text(client.get(f"/decisions/{first.id}"))
    assert (
        f'Superseded by <a href="/decisions/{second.id}">{second.number}</a> (variation)' in older
    )
    newer = text(client.get(f"/decisions/{second.id}"))
    assert f'<a href="/decisions/{first.id}">{first.number}</a> (variation)' in newer


def test_members_see_the_trail_without_the_audit_events_or_evidence(client, login, w):
    decision = decide(w.item, w.meeting.starts_at)
    login(w.users["observer"])
    page = text(client.get(f"/decisions/{decision.id}"))
    assert decision.number in page
    assert "decision.record" not in page and "evidence.zip" not in page
    assert client.get(f"/decisions/{decision.id}/evidence.zip").status_code == 403


def test_the_trail_page_runs_the_same_statements_however_many_papers(client, login, w):
    login(w.users["auditor"])
    one = decide(w.item, w.meeting.starts_at)
    for n in range(3):
        late_version(w).paper.title = f"Annex {n}"
    many = decide(w.item, w.meeting.starts_at)

    def measure(decision: Decision) -> int:
        with counting() as statements:
            assert client.get(f"/decisions/{decision.id}").status_code == 200
        return len(statements)

    assert len(many.papers) == 4
    assert measure(one) == measure(many)


# Visibility --------------------------------------------------------------------------------


def test_confidential_decisions_are_hidden_from_the_public(client, login, w, reg):
    login(w.users["secretary"])
    assert reg.secret.id in every_shown(client)
    client.post("/logout")
    assert client.get(f"/decisions/{reg.secret.id}").status_code == 401
    assert set(shown_ids(client.get("/decisions"))) == reg.ids("public")


def test_observers_see_their_board_but_not_its_confidential_business(client, login, w, reg):
    login(w.users["observer"])
    assert set(every_shown(client)) == reg.ids(*ALL) - reg.ids("secret")
    assert client.get(f"/decisions/{reg.secret.id}").status_code == 403


def test_the_public_read_public_boards_decisions(client, reg):
    assert set(shown_ids(client.get("/decisions"))) == reg.ids("public")
    page = text(client.get(f"/decisions/{reg.public.id}"))
    assert reg.public.number in page and REASON in page and "decision.record" not in page
    assert client.get(f"/decisions/{reg.plain.id}").status_code == 401


def test_someone_from_another_board_sees_only_public_decisions(client, login, w, reg):
    login(w.users["outsider"])
    assert set(shown_ids(client.get("/decisions"))) == reg.ids("public")
    assert client.get(f"/decisions/{reg.plain.id}").status_code == 403


# The register ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({}, ALL),
        ({"q": "crèche"}, ("plain",)),
        ({"q": "100%"}, ("late",)),
        ({"q": "%"}, ("late",)),
        ({"status": "confirmed"}, ("confirmed",)),
        ({"inquorate": "y"}, ("recommendation",)),
        ({"recommendation": "y"}, ("recommendation",)),
        ({"late_papers": "y"}, ("late",)),
        ({"interests_declared": "y"}, ("declared",)),
        ({"superseded": "y"}, ("plain",)),
        ({"taken_to": "2026-10-01"}, ("confirmed",)),
        ({"taken_from": "2026-10-02"}, tuple(n for n in ALL if n != "confirmed")),
        (
            {"taken_from": "2026-10-02", "status": "recorded", "q": "budget"},
            ("declared", "recommendation", "correction", "public", "secret"),
        ),
        ({"taken_from": "not a date"}, ALL),
    ],
)
def test_each_register_filter_returns_the_right_decisions(client, login, w, reg, args, expected):
    login(w.users["auditor"])
    assert set(every_shown(client, **args)) == reg.ids(*expected)


def test_the_register_filters_by_board_and_by_number(client, login, w, reg):
    login(w.users["auditor"])
    by_board = shown_ids(client.get("/decisions", query_string={"board_id": w.public_board.id}))
    assert set(by_board) == reg.ids("public")
    by_number = shown_ids(client.get("/decisions", query_string={"q": reg.declared.number}))
    assert by_number == [reg.declared.id]


def test_the_register_pages_by_key_without_gaps_or_repeats(client, login, w, reg, app):
    assert app.config["PAGE_SIZE"] == 5
    login(w.users["auditor"])
    first = client.get("/decisions")
    newest = sorted([getattr(reg, n) for n in ALL], key=lambda d: (d.taken_at, d.id), reverse=True)
    assert shown_ids(first) == [d.id for d in newest[:5]]
    older = re.search(r'href="([^"]*before=[^"]*)">Older decisions', text(first))
    assert older
    second = client.get(older.group(1).replace("&amp;", "&"))
    assert shown_ids(second) == [d.id for d in newest[5:]]
    assert "Older decisions" not in text(second)


def test_paging_keeps_the_filters(client, login, w, reg):
    login(w.users["auditor"])
    page = text(client.get("/decisions", query_string={"q": "budget"}))
    older = re.search(r'href="([^"]*)">Older decisions', page)
    assert older and "q=budget" in older.group(1)


@pytest.mark.parametrize("role", ["auditor", "member"])
def test_the_register_runs_the_same_statements_however_many_decisions(client, login, w, role):
    login(w.users[role])
    at = w.meeting.starts_at

    def measure() -> int:
        with counting() as statements:
            assert client.get("/decisions").status_code == 200
        return len(statements)

    for n in range(2):
        decide(w.item, at + timedelta(minutes=n), relied_on=[w.version])
    small = measure()
    for n in range(6):
        decide(w.item, at + timedelta(minutes=10 + n), relied_on=[w.version])
    assert measure() == small


# Exports -----------------------------------------------------------------------------------


def test_the_csv_export_parses_back_with_the_same_filters(client, login, w, reg):
    login(w.users["auditor"])
    response = client.get("/decisions.csv", query_string={"superseded": "y"})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="decisions.csv"'
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [r["number"] for r in rows] == [reg.plain.number]
    row = rows[0]
    assert row["status"] == "superseded" and row["superseded_by"] == reg.correction.number
    assert row["resolution"] == "Agree the crèche budget." and row["rationale"] == REASON
    assert row["url"].endswith(f"/decisions/{reg.plain.id}")


def test_the_json_export_streams_every_visible_decision_in_batches(
    client, login, w, reg, monkeypatch
):
    monkeypatch.setattr(export_views, "EXPORT_BATCH", 2)
    login(w.users["observer"])
    response = client.get("/decisions.json")
    assert response.headers["Content-Disposition"] == 'attachment; filename="decisions.json"'
    rows = json.loads(response.data)
    expected = sorted(
        [getattr(reg, n) for n in ALL if n != "secret"],
        key=lambda d: (d.taken_at, d.id),
        reverse=True,
    )
    assert [r["number"] for r in rows] == [d.number for d in expected]
    first = next(r for r in rows if r["number"] == reg.recommendation.number)
    assert first["is_recommendation"] is True and first["quorate"] is False


def test_a_spreadsheet_formula_in_the_text_is_neutralised(client, login, w):
    decide(w.item, w.meeting.starts_at, resolution='=HYPERLINK("http://evil")')
    login(w.users["auditor"])
    body = client.get("/decisions.csv").data.decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(body))
    assert row["resolution"] == '\'=HYPERLINK("http://evil")'


def test_the_public_cannot_export(client, reg):
    assert client.get("/decisions.csv").status_code == 401
    assert client.get("/decisions.json").status_code == 401


# The evidence pack -------------------------------------------------------------------------


def test_the_evidence_pack_holds_the_record_papers_events_and_chain_check(client, login, w):
    late = late_version(w)
    decision = decide(w.item, w.meeting.starts_at, resolution="Agree <b>the</b> budget & the plan.")
    login(w.users["auditor"])
    response = client.get(f"/decisions/{decision.id}/evidence.zip")
    assert response.status_code == 200
    filename = f"{decision.number.replace('/', '-')}-evidence.zip"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    # Papers first (checked as they are copied), the README last (it reports on the rest).
    assert archive.namelist() == [
        "papers/01 budget.pdf",
        "papers/02 figures.pdf",
        "decision.json",
        "decision.html",
        "audit-events.json",
        "chain-checkpoints.txt",
        "chain-verification.txt",
        "README.txt",
        "SHA256SUMS",
    ]
    record = json.loads(archive.read("decision.json"))
    assert record["number"] == decision.number
    assert [p["sha256"] for p in record["papers"]] == [w.version.sha256, late.sha256]
    assert [p["late"] for p in record["papers"]] == [False, True]
    assert {p["name"] for p in record["quorum"]["counted_people"]} == {"Member", "Parent"}
    html = archive.read("decision.html").decode()
    assert "Agree &lt;b&gt;the&lt;/b&gt; budget &amp; the plan." in html and "<link" not in html
    events = json.loads(archive.read("audit-events.json"))
    assert ("decision.record", decision.id) in {(e["action"], e["target_id"]) for e in events}
    check = archive.read("chain-verification.txt").decode()
    assert check.splitlines()[2].startswith("VERIFIED")
    assert all(e["hash"] in check for e in events)
    assert archive.read("papers/01 budget.pdf") == archive.read("papers/02 figures.pdf")
    assert archive.testzip() is None


def test_a_paper_missing_from_storage_is_left_out_and_said_so(client, login, w, app, tmp_path):
    decision = decide(w.item, w.meeting.starts_at)
    login(w.users["auditor"])
    app.config["STORAGE_PATH"] = str(tmp_path / "empty")
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/decisions/{decision.id}/evidence.zip").data))
    assert not [n for n in archive.namelist() if n.startswith("papers/")]
    assert json.loads(archive.read("decision.json"))["papers"][0]["file_in_pack"] is None
    assert "NOT INCLUDED" in archive.read("decision.html").decode()
    assert "FILES NOT INCLUDED (1)" in archive.read("README.txt").decode()


def test_the_time_given_is_on_the_meeting_day_where_the_board_meets(client, login, w):
    day = w.meeting.starts_at.astimezone(ZoneInfo("Europe/London")).date()
    moment = datetime.combine(day, time(12, 0), ZoneInfo("Europe/London")).astimezone(UTC)
    left = db.session.execute(
        sa.select(Attendance).where(Attendance.person_id == w.users["parent"].person.id)
    ).scalar_one()
    left.departed_at = moment - timedelta(minutes=10)
    db.session.flush()
    login(w.users["secretary"])
    data = form_data(w, taken_time="12:00")
    assert client.post(f"/items/{w.item.id}/decisions/new", data=data).status_code == 302
    decision = db.session.execute(sa.select(Decision)).scalar_one()
    assert decision.taken_at == moment
    assert decision.quorum_snapshot["counted_person_ids"] == [w.users["member"].person.id]
