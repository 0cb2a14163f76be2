"""Quorum, reasons, votes and numbering: pure rules, with examples and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.decisions.rules import (
    QuorumRule,
    Voter,
    check_alternatives,
    check_meeting_started,
    check_rationale,
    check_votes,
    decision_number,
    quorum_at,
    required_count,
)
from governance.errors import DomainError

GOOD_REASON = "The crèche underspend covers the outreach worker until March without new money."


def voter(pid: int, category: str = "community", voting: bool = True) -> Voter:
    return Voter(pid, category, voting)


# Quorum: examples --------------------------------------------------------------------------


def test_a_fixed_count_is_met_by_that_many_voting_members():
    rule = QuorumRule(min_count=3)
    assert quorum_at(rule, 10, [voter(1), voter(2), voter(3)]).quorate
    result = quorum_at(rule, 10, [voter(1), voter(2)])
    assert not result.quorate
    assert result.shortfalls == ("2 voting members present; 3 needed.",)


def test_a_third_of_ten_filled_seats_rounds_up_to_four():
    rule = QuorumRule(fraction=(1, 3))
    assert required_count(rule, 10) == 4
    assert required_count(rule, 9) == 3
    assert not quorum_at(rule, 10, [voter(i) for i in range(3)]).quorate
    assert quorum_at(rule, 10, [voter(i) for i in range(4)]).quorate


def test_the_larger_of_count_and_fraction_applies_and_never_less_than_one():
    assert required_count(QuorumRule(min_count=5, fraction=(1, 3)), 6) == 5
    assert required_count(QuorumRule(min_count=2, fraction=(1, 2)), 12) == 6
    assert required_count(QuorumRule(), 0) == 1


def test_a_category_minimum_names_what_is_missing():
    rule = QuorumRule(min_count=2, category_minimums={"parent": 1, "statutory": 1})
    result = quorum_at(rule, 6, [voter(1, "statutory"), voter(2, "voluntary")])
    assert not result.quorate
    assert result.shortfalls == ("0 parent members present; 1 needed.",)
    assert quorum_at(rule, 6, [voter(1, "statutory"), voter(2, "parent")]).quorate


def test_observers_and_withdrawn_members_are_not_counted():
    rule = QuorumRule(min_count=2)
    present = [voter(1), voter(2), voter(3, "observer", voting=False)]
    result = quorum_at(rule, 3, present, withdrawn=[2])
    assert not result.quorate
    assert result.counted_person_ids == (1,)
    assert result.withdrawn_person_ids == (2,)


def test_a_person_recorded_twice_counts_once():
    result = quorum_at(QuorumRule(min_count=2), 4, [voter(1), voter(1, "parent")])
    assert result.counted == 1 and not result.quorate


def test_the_snapshot_holds_ids_not_names():
    snap = quorum_at(QuorumRule(min_count=1), 2, [voter(7)], withdrawn=[9]).as_snapshot()
    assert snap["counted_person_ids"] == [7] and snap["withdrawn_person_ids"] == [9]
    assert snap["quorate"] is True and snap["required"] == 1


# Quorum: properties ------------------------------------------------------------------------

CATEGORIES = ["statutory", "voluntary", "community", "parent", "co_opted"]
rules_ = st.builds(
    QuorumRule,
    min_count=st.none() | st.integers(0, 12),
    fraction=st.none() | st.tuples(st.integers(1, 3), st.integers(3, 4)),
    category_minimums=st.dictionaries(st.sampled_from(CATEGORIES), st.integers(0, 3), max_size=3),
)
voters_ = st.lists(
    st.builds(Voter, st.integers(1, 30), st.sampled_from(CATEGORIES), st.booleans()),
    max_size=20,
    unique_by=lambda v: v.person_id,
)


@given(rule=rules_, filled=st.integers(0, 30), present=voters_, extra=st.integers(31, 60))
def test_adding_a_present_voting_member_never_breaks_a_quorum(rule, filled, present, extra):
    """Property: quorate stays quorate when one more voting member walks in."""
    before = quorum_at(rule, filled, present)
    for category in CATEGORIES:
        after = quorum_at(rule, filled, [*present, Voter(extra, category, True)])
        assert after.counted == before.counted + 1
        if before.quorate:
            assert after.quorate


@given(rule=rules_, filled=st.integers(0, 30), present=voters_, data=st.data())
def test_a_withdrawal_never_makes_an_inquorate_board_quorate(rule, filled, present, data):
    """Property: one more member withdrawing under an interest cannot create a quorum."""
    withdrawn = data.draw(st.sets(st.integers(1, 30), max_size=5))
    one_more = data.draw(st.integers(1, 30))
    before = quorum_at(rule, filled, present, withdrawn)
    after = quorum_at(rule, filled, present, withdrawn | {one_more})
    assert after.counted <= before.counted
    if not before.quorate:
        assert not after.quorate


@given(rule=rules_, filled=st.integers(0, 200), more=st.integers(0, 50))
def test_required_count_never_falls_as_seats_are_filled(rule, filled, more):
    assert required_count(rule, filled) <= required_count(rule, filled + more)
    assert required_count(rule, filled) >= 1


@given(rule=rules_, filled=st.integers(0, 30), present=voters_)
def test_quorate_exactly_when_there_are_no_shortfalls(rule, filled, present):
    result = quorum_at(rule, filled, present)
    assert result.quorate == (not result.shortfalls)
    assert result.counted == len({v.person_id for v in present if v.voting})


# Reasons -----------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["agreed", "Agreed.", "see paper", "As per paper", "n/a", ""])
def test_a_token_rationale_is_refused_on_its_field(token):
    with pytest.raises(DomainError) as refused:
        check_rationale(token)
    assert refused.value.field == "rationale"


def test_a_real_rationale_comes_back_with_its_spaces_tidied():
    assert check_rationale(f"  {GOOD_REASON}\n\n") == GOOD_REASON


@given(st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=0, max_size=5))
def test_fewer_than_six_words_are_never_enough(words):
    with pytest.raises(DomainError):
        check_rationale(" ".join(words))


def test_decision_items_need_alternatives_or_a_reason_for_none():
    with pytest.raises(DomainError) as refused:
        check_alternatives(True, "  ", "")
    assert refused.value.field == "alternatives"
    with pytest.raises(DomainError):
        check_alternatives(True, "", "none")  # too short to be a reason
    check_alternatives(True, "Do nothing: the service would close.", "")
    check_alternatives(True, "", "The grant conditions allow only this use.")


@given(st.text(), st.text())
def test_items_not_for_decision_never_need_alternatives(alternatives, reason):
    check_alternatives(False, alternatives, reason)


# Votes -------------------------------------------------------------------------------------


@given(st.integers(-3, 12), st.integers(-3, 12), st.integers(-3, 12), st.integers(0, 20))
def test_votes_pass_exactly_when_whole_within_the_room_and_carried(f, a, ab, voters):
    ok = min(f, a, ab) >= 0 and f + a + ab <= voters and f > a
    if ok:
        check_votes(f, a, ab, voters)
    else:
        with pytest.raises(DomainError) as refused:
            check_votes(f, a, ab, voters)
        assert refused.value.field == "votes_for"


def test_more_votes_than_voters_is_refused_with_the_numbers():
    with pytest.raises(DomainError, match="5 votes recorded but only 4"):
        check_votes(3, 1, 1, 4)


def test_a_tied_vote_does_not_carry():
    with pytest.raises(DomainError, match="not carried"):
        check_votes(2, 2, 0, 6)


# Numbering ---------------------------------------------------------------------------------


def test_numbers_are_board_year_and_three_digit_sequence():
    assert decision_number("PB", 2026, 1) == "PB/2026/001"
    assert decision_number("FIN", 2027, 14) == "FIN/2027/014"
    assert decision_number("PB", 2026, 1234) == "PB/2026/1234"


@given(st.from_regex(r"[A-Z]{1,6}", fullmatch=True), st.integers(2000, 2100), st.integers(1, 999))
def test_a_number_reads_back_as_its_parts(code, year, sequence):
    board, y, seq = decision_number(code, year, sequence).split("/")
    assert (board, int(y), int(seq), len(seq)) == (code, year, sequence, 3)


def test_a_decision_waits_for_its_meeting_to_start():
    """Issue 4: not before the start (saying when, where the board meets); from it, yes."""
    from datetime import UTC, datetime, timedelta

    starts = datetime(2026, 12, 3, 18, 30, tzinfo=UTC)
    with pytest.raises(DomainError, match="starts on Thursday 3 December 2026 at 18:30"):
        check_meeting_started(starts, starts - timedelta(seconds=1), "Europe/London")
    with pytest.raises(DomainError, match="at 20:30"):  # shown in the board's own zone
        check_meeting_started(starts, starts - timedelta(days=1), "Africa/Cairo")
    assert check_meeting_started(starts, starts, "Europe/London") is None
    assert check_meeting_started(starts, starts + timedelta(hours=5), "Europe/London") is None
