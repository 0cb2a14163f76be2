"""The bench data set: linear in its scale, consistent, a valid audit chain, pages that render."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from governance import clock
from governance.attendance.models import Attendance
from governance.audit.models import AuditEvent
from governance.audit.queries import verify_stored_chain
from governance.bench.generate import generate, refusal
from governance.bench.people import BENCH_CALENDAR_TOKEN, BENCH_PASSWORD
from governance.bench.plan import AT_SCALE_ONE, targets_for
from governance.boards.models import Appointment, Board, Person
from governance.decisions.models import Decision
from governance.extensions import db
from governance.meetings.models import AgendaItem, Meeting
from governance.papers.models import Paper, PaperVersion

SCALE = 0.005
COUNTED = {
    "boards": Board,
    "people": Person,
    "appointments": Appointment,
    "meetings": Meeting,
    "agenda_items": AgendaItem,
    "paper_versions": PaperVersion,
    "decisions": Decision,
    "attendance": Attendance,
    "audit_events": AuditEvent,
}


def count(model) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


@pytest.fixture
def bench_data(app, tmp_path):
    """A data set at SCALE in the test's transaction (rolled back afterwards)."""
    return generate(
        db.session.connection(),
        SCALE,
        storage_root=tmp_path / "storage",
        max_bytes=app.config["MAX_PAPER_BYTES"],
        today=clock.today(),
        now=clock.now(),
    )


def test_row_counts_are_linear_in_the_scale_above_the_floors():
    assert targets_for(1).as_dict() == AT_SCALE_ONE
    tenth = targets_for(0.1).as_dict()
    assert tenth == {k: n // 10 for k, n in AT_SCALE_ONE.items()}
    assert targets_for(0.5).audit_events == 1_000_000


def test_a_scale_that_is_not_positive_is_refused():
    with pytest.raises(ValueError, match="positive"):
        targets_for(0)


def test_generated_data_has_the_planned_counts_a_valid_chain_and_shared_files(bench_data, tmp_path):
    actual = {name: count(model) for name, model in COUNTED.items()}
    assert actual == bench_data.as_dict()
    # Above the floors every kind is the same fraction of its county-scale figure.
    for name in ("people", "appointments", "meetings", "agenda_items", "decisions", "attendance"):
        assert actual[name] == round(AT_SCALE_ONE[name] * SCALE), name
    assert verify_stored_chain() == (bench_data.audit_events, None)
    numbers = db.session.execute(sa.select(Decision.board_id, Decision.year, Decision.sequence))
    assert len(set(numbers.all())) == bench_data.decisions
    hashes = set(db.session.execute(sa.select(PaperVersion.sha256)).scalars())
    stored = [p for p in (tmp_path / "storage").glob("??/*") if p.is_file()]
    assert {p.name for p in stored} == hashes
    assert len(hashes) < bench_data.paper_versions


def test_a_database_with_data_is_refused_unless_forced(world):
    conn = db.session.connection()
    assert "already holds data" in (refusal(conn, production=False, force=False) or "")
    assert refusal(conn, production=False, force=True) is None
    assert "production" in (refusal(conn, production=True, force=True) or "")


def test_an_empty_database_is_accepted():
    assert refusal(db.session.connection(), production=False, force=False) is None


def test_the_cli_refuses_production(app, monkeypatch):
    monkeypatch.setitem(app.config, "PRODUCTION", True)
    result = app.test_cli_runner().invoke(args=["bench-data", "--scale", "0.01"])
    assert result.exit_code != 0
    assert "production" in result.output


def sign_in(client, role: str) -> None:
    response = client.post(
        "/login", data={"email": f"{role}@bench.test", "password": BENCH_PASSWORD}
    )
    assert response.status_code == 302


def test_main_pages_render_for_the_generated_data(bench_data, client):
    meeting_id = (
        db.session.execute(
            sa.select(AgendaItem.meeting_id)
            .group_by(AgendaItem.meeting_id)
            .having(sa.func.count() == 20)
            .order_by(AgendaItem.meeting_id)
        )
        .scalars()
        .first()
    )
    papers = db.session.execute(
        sa.select(sa.func.count())
        .select_from(Paper)
        .join(AgendaItem)
        .where(AgendaItem.meeting_id == meeting_id)
    ).scalar_one()
    assert papers == 40
    decision_id = (
        db.session.execute(
            sa.select(Decision.id).where(Decision.board_id == 1).order_by(Decision.id.desc())
        )
        .scalars()
        .first()
    )
    sign_in(client, "secretary")
    for url in ["/boards/1", f"/meetings/{meeting_id}", f"/decisions/{decision_id}"]:
        assert client.get(url).status_code == 200, url
    client.post("/logout")
    sign_in(client, "auditor")
    register = client.get("/decisions")
    assert register.status_code == 200
    assert re.search(r"B001(S\d)?/\d{4}/\d{3}", register.get_data(as_text=True))
    assert client.get("/decisions?board_id=1&status=confirmed").status_code == 200
    assert client.get("/audit/").status_code == 200
    feed = client.get(f"/calendar/{BENCH_CALENDAR_TOKEN}.ics")
    assert feed.status_code == 200
    assert feed.get_data(as_text=True).count("BEGIN:VEVENT") > 5
    again = client.get(
        f"/calendar/{BENCH_CALENDAR_TOKEN}.ics", headers={"If-None-Match": feed.headers["ETag"]}
    )
    assert again.status_code == 304
