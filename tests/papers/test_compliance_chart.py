"""The 'no surprises' chart: bars that tell meetings apart, for meetings already held."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from governance.meetings import rules
from governance.papers.compliance import MeetingFigures, timeliness_bars

NOW = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
FIGURES = rules.Compliance(
    papers=2, on_time=1, late=1, tabled=0, median_clear_days=5, late_by_author={}
)


def _meeting(n: int, starts_at: datetime, title: str = "Board meeting") -> MeetingFigures:
    return MeetingFigures(n, starts_at, FIGURES, title)


def test_three_meetings_in_one_month_get_three_different_labels():
    meetings = [
        _meeting(1, datetime(2026, 12, 2, 18, tzinfo=UTC)),
        _meeting(2, datetime(2026, 12, 9, 18, tzinfo=UTC)),
        _meeting(3, datetime(2026, 12, 16, 18, tzinfo=UTC)),
    ]
    bars = timeliness_bars(meetings, now=NOW, timezone="Europe/London")
    captions = [" ".join(b.caption) for b in bars]
    assert len(set(captions)) == 3, captions
    assert captions[0] == "2 Dec 2026"


def test_two_meetings_on_one_day_are_told_apart_by_their_time():
    meetings = [
        _meeting(1, datetime(2026, 12, 9, 10, tzinfo=UTC), "Morning"),
        _meeting(2, datetime(2026, 12, 9, 18, tzinfo=UTC), "Evening"),
    ]
    bars = timeliness_bars(meetings, now=NOW, timezone="Europe/London")
    assert [b.caption for b in bars] == [("9 Dec", "2026", "10:00"), ("9 Dec", "2026", "18:00")]
    assert "Morning" in bars[0].title and "Evening" in bars[1].title


def test_the_label_is_the_day_in_the_boards_timezone():
    # 23:30 UTC on 9 June is already 10 June in London (summer time).
    bars = timeliness_bars(
        [_meeting(1, datetime(2026, 6, 9, 23, 30, tzinfo=UTC))], now=NOW, timezone="Europe/London"
    )
    assert bars[0].caption == ("10 Jun", "2026")


def test_meetings_still_to_come_are_not_among_the_last_meetings():
    past = [_meeting(n, NOW - timedelta(days=30 * (12 - n))) for n in range(12)]
    future = [_meeting(100 + n, NOW + timedelta(days=10 * (n + 1))) for n in range(3)]
    bars = timeliness_bars(past + future, now=NOW, timezone="UTC", last=9)
    assert len(bars) == 9
    assert [b.meeting_id for b in bars] == list(range(3, 12))


def test_a_bar_names_its_meeting_and_figures_for_screen_readers():
    bars = timeliness_bars(
        [_meeting(7, datetime(2026, 12, 2, 18, tzinfo=UTC), "Special meeting")],
        now=NOW,
        timezone="UTC",
    )
    assert bars[0].title == "Special meeting, 2 Dec 2026: 1 of 2 papers on time"


def test_the_compliance_page_charts_held_meetings_only(
    client, world, login, make_meeting, make_version
):
    from governance.database import utcnow
    from governance.extensions import db
    from governance.papers import circulation

    now = utcnow().replace(microsecond=0)
    held = make_meeting(world.board, starts_at=now - timedelta(days=20), notice=True)
    coming = make_meeting(world.board, starts_at=now + timedelta(days=20), notice=True)
    for meeting in (held, coming):
        version = make_version(meeting.items[0])
        deadline = circulation.timing(meeting).deadline
        circulation.circulate(
            None, meeting, [version], include_agenda=True, now=deadline - timedelta(days=3)
        )
    db.session.flush()
    login(world.users["member"])
    page = client.get(f"/boards/{world.board.id}/compliance").get_data(as_text=True)
    assert page.count('class="bar"') == 1
    assert "for each of the last 1 meeting held" in page
    assert f"{held.starts_at:%-d %b}" in page
