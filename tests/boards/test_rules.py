"""Board rules, tested on plain model objects with no app and no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from governance.boards import rules
from governance.boards.models import (
    AgencyType,
    Appointment,
    Board,
    Organisation,
    Seat,
    SeatCategory,
    Sector,
)
from governance.errors import DomainError

ON = date(2026, 11, 23)


def org(agency: AgencyType | None = None, sector: Sector = Sector.STATUTORY) -> Organisation:
    return Organisation(name=f"Org {agency}", sector=sector, agency_type=agency)


def seat(id: int, category: SeatCategory, organisation: Organisation | None = None, **kw) -> Seat:
    return Seat(id=id, title=f"Seat {id}", category=category, organisation=organisation, **kw)


def fill(s: Seat, person_id: int, start: date = ON - timedelta(days=100), end: date | None = None):
    a = Appointment(
        id=person_id * 100 + s.id,
        seat=s,
        seat_id=s.id,
        person_id=person_id,
        starts_on=start,
        ends_on=end,
    )
    return a


def board(**kw) -> Board:
    values = dict(
        required_agency_types=[], min_parent_seats=0, min_voluntary_community_seats=0, max_size=None
    )
    values.update(kw)
    return Board(name="B", code="B", **values)


def kinds(breaches: list[rules.Breach]) -> list[str]:
    return [b.kind for b in breaches]


def test_board_meeting_every_rule_has_no_breaches():
    health = seat(1, SeatCategory.STATUTORY, org(AgencyType.HEALTH))
    parent = seat(2, SeatCategory.PARENT)
    fill(health, 1)
    fill(parent, 2)
    b = board(required_agency_types=["health"], min_parent_seats=1, max_size=2)
    assert rules.composition_breaches(b, [health, parent], ON) == []


def test_missing_agency_is_a_breach_even_when_its_seat_exists_but_is_vacant():
    health = seat(1, SeatCategory.STATUTORY, org(AgencyType.HEALTH))
    b = board(required_agency_types=["health", "education"])
    breaches = rules.composition_breaches(b, [health], ON)
    assert kinds(breaches).count("missing_agency") == 2
    assert "vacant_seat" in kinds(breaches)
    assert any("education" in x.message for x in breaches)


def test_parent_seats_below_minimum_counts_only_filled_seats():
    p1, p2, p3 = (seat(i, SeatCategory.PARENT) for i in (1, 2, 3))
    fill(p1, 1)
    fill(p2, 2)
    breaches = rules.composition_breaches(board(min_parent_seats=3), [p1, p2, p3], ON)
    assert kinds(breaches) == ["vacant_seat", "parent_minimum"]
    assert "2 parent representatives; the board needs at least 3" in breaches[1].message


def test_voluntary_and_community_seats_count_together_towards_their_minimum():
    v = seat(1, SeatCategory.VOLUNTARY, org(sector=Sector.VOLUNTARY))
    c = seat(2, SeatCategory.COMMUNITY)
    fill(v, 1)
    fill(c, 2)
    assert rules.composition_breaches(board(min_voluntary_community_seats=2), [v, c], ON) == []
    breaches = rules.composition_breaches(board(min_voluntary_community_seats=3), [v, c], ON)
    assert kinds(breaches) == ["voluntary_minimum"]


def test_board_with_more_seats_than_its_maximum_is_too_big_and_abolished_seats_do_not_count():
    seats = [seat(i, SeatCategory.COMMUNITY) for i in range(1, 5)]
    for s in seats:
        fill(s, s.id)
    assert kinds(rules.composition_breaches(board(max_size=3), seats, ON)) == ["too_big"]
    seats[0].abolished_on = ON - timedelta(days=1)
    seats[0].appointments[0].ends_on = ON - timedelta(days=2)
    assert rules.composition_breaches(board(max_size=3), seats, ON) == []


@pytest.mark.parametrize(
    ("days_left", "flagged"), [(0, True), (1, True), (60, True), (61, False), (400, False)]
)
def test_terms_ending_within_sixty_days_are_flagged(days_left: int, flagged: bool):
    s = seat(1, SeatCategory.COMMUNITY)
    fill(s, 1, end=ON + timedelta(days=days_left))
    breaches = rules.composition_breaches(board(), [s], ON)
    assert (kinds(breaches) == ["term_ending"]) is flagged


def test_seat_whose_holder_left_yesterday_is_vacant_today():
    s = seat(1, SeatCategory.PARENT)
    fill(s, 1, end=ON - timedelta(days=1))
    assert s.holder_on(ON) is None
    assert kinds(rules.composition_breaches(board(), [s], ON)) == ["vacant_seat"]


def test_appointment_starting_tomorrow_does_not_fill_the_seat_today():
    s = seat(1, SeatCategory.PARENT)
    fill(s, 1, start=ON + timedelta(days=1))
    assert s.holder_on(ON) is None


def test_seats_group_by_category_in_fixed_order_with_filled_counts():
    seats = [
        seat(1, SeatCategory.PARENT),
        seat(2, SeatCategory.STATUTORY, org(AgencyType.POLICE)),
        seat(3, SeatCategory.PARENT),
    ]
    fill(seats[0], 1)
    groups = rules.seats_by_category(seats, ON)
    assert [g.category for g in groups] == [SeatCategory.STATUTORY, SeatCategory.PARENT]
    assert [g.filled for g in groups] == [0, 1]


# Appointments ----------------------------------------------------------------------------


def test_second_holder_for_an_overlapping_term_is_refused():
    s = seat(1, SeatCategory.PARENT)
    existing = fill(s, 1, start=date(2026, 1, 1), end=date(2026, 12, 31))
    with pytest.raises(DomainError, match="already held") as caught:
        rules.check_appointment(s, 2, date(2026, 12, 1), None, [existing])
    assert caught.value.field == "starts_on"


def test_successor_may_start_the_day_after_the_term_ends():
    s = seat(1, SeatCategory.PARENT)
    existing = fill(s, 1, start=date(2026, 1, 1), end=date(2026, 12, 31))
    rules.check_appointment(s, 2, date(2027, 1, 1), None, [existing])


def test_open_ended_holder_blocks_any_later_appointment():
    s = seat(1, SeatCategory.PARENT)
    existing = fill(s, 1, start=date(2020, 1, 1))
    with pytest.raises(DomainError):
        rules.check_appointment(s, 2, date(2030, 1, 1), date(2030, 2, 1), [existing])


def test_person_cannot_hold_two_seats_on_one_board_at_once():
    s1, s2 = seat(1, SeatCategory.PARENT), seat(2, SeatCategory.COMMUNITY)
    existing = fill(s1, 7, start=date(2026, 1, 1))
    with pytest.raises(DomainError, match="another seat") as caught:
        rules.check_appointment(s2, 7, date(2026, 6, 1), None, [existing])
    assert caught.value.field == "person_id"


def test_term_ending_before_it_starts_is_refused():
    with pytest.raises(DomainError, match="cannot end before"):
        rules.check_appointment(seat(1, SeatCategory.PARENT), 1, ON, ON - timedelta(days=1), [])


def test_appointment_to_an_abolished_seat_is_refused():
    s = seat(1, SeatCategory.PARENT, abolished_on=ON)
    with pytest.raises(DomainError, match="abolished"):
        rules.check_appointment(s, 1, ON - timedelta(days=5), None, [])


def test_changing_a_term_ignores_the_appointment_being_changed():
    s = seat(1, SeatCategory.PARENT)
    existing = fill(s, 1, start=date(2026, 1, 1), end=date(2026, 12, 31))
    rules.check_appointment(
        s, 1, date(2026, 1, 1), date(2027, 12, 31), [existing], ignore_id=existing.id
    )


def test_ending_needs_a_reason_and_a_date_within_the_term():
    a = fill(seat(1, SeatCategory.PARENT), 1, start=date(2026, 1, 1), end=date(2026, 12, 31))
    with pytest.raises(DomainError, match="why"):
        rules.check_end(a, date(2026, 6, 1), "  ")
    with pytest.raises(DomainError, match="cannot end earlier"):
        rules.check_end(a, date(2025, 12, 31), "resigned")
    with pytest.raises(DomainError, match="change the term"):
        rules.check_end(a, date(2027, 1, 1), "resigned")
    rules.check_end(a, date(2026, 6, 1), "resigned")


# Seats, organisations, boards ------------------------------------------------------------


def test_statutory_seat_must_represent_a_statutory_organisation():
    with pytest.raises(DomainError, match="must name"):
        rules.check_seat(SeatCategory.STATUTORY, None)
    with pytest.raises(DomainError, match="not a statutory"):
        rules.check_seat(SeatCategory.STATUTORY, org(sector=Sector.VOLUNTARY))
    rules.check_seat(SeatCategory.STATUTORY, org(AgencyType.EDUCATION))


def test_parent_seat_represents_no_organisation():
    with pytest.raises(DomainError, match="own right"):
        rules.check_seat(SeatCategory.PARENT, org(sector=Sector.VOLUNTARY))


def test_statutory_organisation_needs_an_agency_type_and_others_must_not_have_one():
    with pytest.raises(DomainError) as caught:
        rules.check_organisation(Sector.STATUTORY, None)
    assert caught.value.field == "agency_type"
    with pytest.raises(DomainError):
        rules.check_organisation(Sector.VOLUNTARY, AgencyType.HEALTH)
    rules.check_organisation(Sector.STATUTORY, AgencyType.POLICE)


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "London", "../etc/passwd"])
def test_unknown_timezones_are_refused(name: str):
    with pytest.raises(DomainError) as caught:
        rules.check_timezone(name)
    assert caught.value.field == "timezone"


def test_board_codes_are_upper_cased_and_checked():
    assert rules.check_code(" pb ") == "PB"
    for bad in ("", "1PB", "P B", "P/B", "ABCDEFGHIJKLM"):
        with pytest.raises(DomainError):
            rules.check_code(bad)


def test_board_cannot_report_to_its_own_sub_group():
    top = Board(id=1, name="Top", code="T")
    middle = Board(id=2, name="Middle", code="M", parent=top)
    bottom = Board(id=3, name="Bottom", code="X", parent=middle)
    with pytest.raises(DomainError, match="own sub-groups"):
        rules.check_parent(top, bottom)
    with pytest.raises(DomainError):
        rules.check_parent(top, top)
    rules.check_parent(bottom, top)


def test_quorum_fractions_are_parsed_or_refused():
    assert rules.parse_fraction(" 1 / 3 ") == (1, 3)
    assert rules.parse_fraction("") is None
    for bad in ("0/3", "4/3", "a third", "1/0", "1//3"):
        with pytest.raises(DomainError) as caught:
            rules.parse_fraction(bad)
        assert caught.value.field == "quorum_fraction"


def test_quorum_is_described_in_words():
    b = board(
        quorum_min_count=4,
        quorum_fraction_numerator=1,
        quorum_fraction_denominator=3,
        quorum_category_minimums={"parent": 1, "statutory": 1},
    )
    assert rules.describe_quorum(b) == (
        "4 voting members or 1/3 of filled voting seats, whichever is more;"
        " including at least 1 parent and 1 statutory"
    )
    assert rules.describe_quorum(board(quorum_category_minimums={})) == (
        "one voting member (no rule set)"
    )
