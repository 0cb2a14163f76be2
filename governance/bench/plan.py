"""How many rows of each kind a bench data set has at a given scale (pure arithmetic)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

#: Rows at scale 1: a county's partnership boards and sub-groups over ten years.
AT_SCALE_ONE = {
    "boards": 300,
    "people": 8_000,
    "appointments": 15_000,
    "meetings": 30_000,
    "agenda_items": 250_000,
    "paper_versions": 200_000,
    "decisions": 80_000,
    "attendance": 400_000,
    "audit_events": 2_000_000,
}
#: The fewest of each kind, so the benchmark's fixtures exist at any scale: a member of five
#: boards, a meeting with 20 items and 40 papers, officers and accounts for each role.
FLOORS = {
    "boards": 5,
    "people": 12,
    "appointments": 10,
    "meetings": 10,
    "agenda_items": 40,
    "paper_versions": 50,
    "decisions": 5,
    "attendance": 20,
    "audit_events": 100,
}
#: Sub-groups per main board (a main board and its sub-groups make a family of this + 1).
SUBGROUPS_PER_BOARD = 4
#: Distinct paper files at scale 1; versions share them, stored once by hash.
DISTINCT_FILES = 300
#: The span of the data: meetings run from this many years ago ...
YEARS_BACK = 9.5
#: ... to this many years ahead of the day the data is generated.
YEARS_AHEAD = 0.5
#: The bench meeting: a recent meeting of the first board with this many items, two papers each.
BENCH_MEETING_ITEMS = 20
BENCH_MEETING_PAPERS_PER_ITEM = 2
#: The bench member sits on this many boards for the whole span.
BENCH_MEMBER_BOARDS = 5


@dataclass(frozen=True)
class Targets:
    """Rows of each kind to generate."""

    boards: int
    people: int
    appointments: int
    meetings: int
    agenda_items: int
    paper_versions: int
    decisions: int
    attendance: int
    audit_events: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def targets_for(scale: float) -> Targets:
    """Rows of each kind at `scale`: linear in the scale, never below the floors.

    Raises:
        ValueError: the scale is not a positive number.
    """
    if not scale > 0:
        raise ValueError("The scale must be a positive number, e.g. 1 or 0.1.")
    return Targets(**{k: max(FLOORS[k], round(n * scale)) for k, n in AT_SCALE_ONE.items()})


def distinct_files(targets: Targets) -> int:
    """How many distinct paper files the versions share."""
    share = round(DISTINCT_FILES * targets.paper_versions / AT_SCALE_ONE["paper_versions"])
    return max(3, min(DISTINCT_FILES, share))


def spread(total: int, parts: int) -> list[int]:
    """`total` split into `parts` whole numbers differing by at most one, larger first."""
    if parts <= 0:
        return []
    base, extra = divmod(total, parts)
    return [base + 1 if i < extra else base for i in range(parts)]
