"""The 'no surprises' figures for a board: overall, per meeting, and a chart of them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from governance.boards.models import Board
from governance.meetings import rules
from governance.meetings.rules import local_date
from governance.papers import queries


@dataclass(frozen=True)
class MeetingFigures:
    meeting_id: int
    starts_at: datetime
    figures: rules.Compliance
    #: The meeting's title, so a chart or a table can tell meetings on nearby days apart.
    title: str = ""


@dataclass(frozen=True)
class BoardCompliance:
    overall: rules.Compliance
    meetings: list[MeetingFigures]


def board_compliance(board: Board) -> BoardCompliance:
    """Figures over every paper the board has circulated, and meeting by meeting."""
    rows = queries.circulations(board)
    by_meeting: dict[int, list[rules.Circulation]] = {}
    for row in rows:
        by_meeting.setdefault(row.meeting_id, []).append(row)
    titles = queries.meeting_titles(set(by_meeting))
    meetings = [
        MeetingFigures(
            group[0].meeting_id,
            group[0].meeting_starts_at,
            rules.compliance(group),
            titles.get(group[0].meeting_id, ""),
        )
        for group in by_meeting.values()
    ]
    return BoardCompliance(rules.compliance(rows), sorted(meetings, key=lambda m: m.starts_at))


@dataclass(frozen=True)
class Bar:
    x: int
    height: int
    label: str
    #: The lines under the bar: day and month, year, and the time when two share a day.
    caption: tuple[str, ...]
    meeting_id: int
    #: The meeting and its figure in words, shown on hover.
    title: str


def timeliness_bars(
    meetings: list[MeetingFigures],
    *,
    now: datetime,
    timezone: str,
    height: int = 120,
    width: int = 36,
    gap: int = 12,
    last: int = 12,
) -> list[Bar]:
    """Bars for an SVG chart of the share of papers on time at each of the last meetings
    held: a meeting still to come has no place among "the last" (its papers may yet be late).
    """
    held = [m for m in meetings if m.starts_at <= now][-last:]
    days = [local_date(m.starts_at, timezone) for m in held]
    shared = {day for day, count in Counter(days).items() if count > 1}
    bars = []
    for n, (m, day) in enumerate(zip(held, days, strict=True)):
        share = m.figures.on_time_share or 0.0
        caption: tuple[str, ...] = (f"{day:%-d %b}", f"{day:%Y}")
        if day in shared:
            caption += (m.starts_at.astimezone(ZoneInfo(timezone)).strftime("%H:%M"),)
        named = f"{m.title}, " if m.title else ""
        bars.append(
            Bar(
                x=n * (width + gap),
                height=round(share * height),
                label=f"{m.figures.on_time}/{m.figures.papers}",
                caption=caption,
                meeting_id=m.meeting_id,
                title=f"{named}{day:%-d %b %Y}: {m.figures.on_time} of {m.figures.papers} "
                "papers on time",
            )
        )
    return bars
