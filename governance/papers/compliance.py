"""The 'no surprises' figures for a board: overall, per meeting, and a chart of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from governance.boards.models import Board
from governance.meetings import rules
from governance.papers import queries


@dataclass(frozen=True)
class MeetingFigures:
    meeting_id: int
    starts_at: datetime
    figures: rules.Compliance


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
    meetings = [
        MeetingFigures(group[0].meeting_id, group[0].meeting_starts_at, rules.compliance(group))
        for group in by_meeting.values()
    ]
    return BoardCompliance(rules.compliance(rows), sorted(meetings, key=lambda m: m.starts_at))


@dataclass(frozen=True)
class Bar:
    x: int
    height: int
    label: str
    caption: str
    meeting_id: int


def timeliness_bars(
    meetings: list[MeetingFigures],
    *,
    height: int = 120,
    width: int = 36,
    gap: int = 12,
    last: int = 12,
) -> list[Bar]:
    """Bars for an SVG chart of the share of papers on time at each of the last meetings."""
    bars = []
    for n, m in enumerate(meetings[-last:]):
        share = m.figures.on_time_share or 0.0
        bars.append(
            Bar(
                x=n * (width + gap),
                height=round(share * height),
                label=f"{m.figures.on_time}/{m.figures.papers}",
                caption=f"{m.starts_at:%b %y}",
                meeting_id=m.meeting_id,
            )
        )
    return bars
