"""`papers.queries.circulations()`: each paper's first circulation, read from the board's own
papers only, in a fixed number of statements."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from governance.extensions import db
from governance.meetings.models import MeetingStatus
from governance.papers import queries
from governance.papers.models import PaperVersion
from tests.conftest import counting

SENT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def circulate(version, at: datetime) -> None:
    version.circulated_at = at
    db.session.flush()


def test_each_paper_counts_once_at_its_first_circulation(world, make_meeting, make_version):
    meeting = make_meeting(world.board, items=("Budget",), notice=True)
    first = make_version(meeting.items[0], title="Budget")
    circulate(first, SENT)
    later = PaperVersion(
        paper=first.paper,
        number=2,
        sha256="1" * 64,
        size=10,
        media_type="application/pdf",
        filename="v2.pdf",
        summary="Revised.",
        circulated_at=SENT + timedelta(days=2),
    )
    db.session.add(later)
    make_version(meeting.items[0], title="Never circulated")
    db.session.flush()
    rows = queries.circulations(world.board)
    assert [(r.meeting_id, r.circulated_at) for r in rows] == [(meeting.id, SENT)]


def test_only_the_boards_meetings_that_were_not_cancelled_count(world, make_meeting, make_version):
    mine = make_meeting(world.board, items=("Mine",), notice=True)
    circulate(make_version(mine.items[0]), SENT)
    cancelled = make_meeting(
        world.board, starts_at=datetime(2026, 12, 17, 10, tzinfo=UTC), items=("Off",), notice=True
    )
    circulate(make_version(cancelled.items[0]), SENT)
    cancelled.status = MeetingStatus.CANCELLED
    elsewhere = make_meeting(world.other_board, items=("Theirs",), notice=True)
    circulate(make_version(elsewhere.items[0]), SENT)
    db.session.flush()
    assert {r.meeting_id for r in queries.circulations(world.board)} == {mine.id}
    since = queries.circulations(world.board, since=mine.starts_at + timedelta(days=1))
    assert since == []


def test_circulations_run_the_same_statements_however_many_papers(
    world, make_meeting, make_version
):
    def run() -> int:
        with counting() as statements:
            rows = queries.circulations(world.board)
        assert rows
        return len(statements)

    meeting = make_meeting(world.board, items=("One",), notice=True)
    circulate(make_version(meeting.items[0]), SENT)
    few = run()
    for n in range(5):
        other = make_meeting(
            world.board, starts_at=datetime(2027, 1, 7 + n, 10, tzinfo=UTC), items=("Item",)
        )
        for title in ("A", "B"):
            circulate(make_version(other.items[0], title=title), SENT + timedelta(days=30 + n))
    assert run() == few
