"""The pure rules of sub-groups: delegated authority, terms, reporting, review and comparison."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.errors import DomainError
from governance.subgroups.rules import (
    Authority,
    ReportingState,
    ReviewState,
    add_months,
    authority_ruling,
    check_approval,
    check_authorities,
    check_editable,
    check_terms,
    compare_terms,
    pounds,
    reporting_status,
    review_state,
)

SPENDING = Authority("Spending within the agreed budget", 500_000)
PUBLICITY = Authority("Publicity", None)
FINANCE = [SPENDING, PUBLICITY]
TODAY = date(2026, 11, 23)


# Delegated authority: examples ----------------------------------------------------------


def test_a_delegated_kind_within_its_limit_is_a_decision():
    ruling = authority_ruling(FINANCE, "Spending within the agreed budget", 120_000)
    assert ruling.within
    assert "up to £5,000" in ruling.reason


def test_the_limit_itself_is_within_and_a_penny_more_is_not():
    assert authority_ruling(FINANCE, SPENDING.kind, 500_000).within
    over = authority_ruling(FINANCE, SPENDING.kind, 500_001)
    assert not over.within
    assert "£5,000.01 is over the £5,000 limit" in over.reason


def test_kinds_match_whatever_their_case_and_spacing():
    assert authority_ruling(FINANCE, "  spending WITHIN the   agreed budget ", None).within


def test_a_kind_with_no_limit_may_commit_no_money():
    assert authority_ruling(FINANCE, "Publicity", None).within
    assert authority_ruling(FINANCE, "Publicity", 0).within
    ruling = authority_ruling(FINANCE, "Publicity", 100)
    assert not ruling.within and "no authority to commit money" in ruling.reason


def test_something_else_or_an_unknown_kind_is_a_recommendation():
    assert not authority_ruling(FINANCE, "", None).within
    assert not authority_ruling(FINANCE, None, None).within
    unknown = authority_ruling(FINANCE, "Appointing staff", None)
    assert not unknown.within and "Appointing staff" in unknown.reason


def test_no_authority_at_all_means_everything_is_a_recommendation():
    ruling = authority_ruling([], "Publicity", None)
    assert not ruling.within and "no delegated authority" in ruling.reason


def test_a_negative_amount_is_refused():
    with pytest.raises(DomainError) as refused:
        authority_ruling(FINANCE, SPENDING.kind, -1)
    assert refused.value.field == "amount_committed"


# Delegated authority: properties --------------------------------------------------------

kinds = st.sampled_from(["Publicity", "Spending", "Room hire", "Staffing", "Events"])
limits = st.one_of(st.none(), st.integers(min_value=0, max_value=10_000_000))
authority_lists = st.lists(
    st.builds(Authority, kinds, limits), max_size=4, unique_by=lambda a: a.kind
)
amounts = st.one_of(st.none(), st.integers(min_value=0, max_value=20_000_000))


@given(authority_lists, st.one_of(st.none(), kinds), amounts)
def test_within_means_a_listed_kind_and_an_amount_no_more_than_its_limit(entries, kind, amount):
    ruling = authority_ruling(entries, kind, amount)
    entry = next((a for a in entries if a.kind == kind), None)
    spend = amount or 0
    expected = entry is not None and (
        spend == 0 or (entry.limit_pence is not None and spend <= entry.limit_pence)
    )
    assert ruling.within is expected
    assert ruling.reason


@given(authority_lists, kinds, amounts, amounts)
def test_spending_less_never_turns_a_decision_into_a_recommendation(entries, kind, a, b):
    small, large = sorted((a or 0, b or 0))
    if authority_ruling(entries, kind, large).within:
        assert authority_ruling(entries, kind, small).within


@given(kinds, amounts)
def test_an_empty_authority_list_decides_nothing(kind, amount):
    assert not authority_ruling([], kind, amount).within


# Terms of reference --------------------------------------------------------------------


def good_terms(**overrides):
    values = {
        "purpose": "Budget monitoring.",
        "membership": "Four members.",
        "chair": "Elected annually.",
        "quorum": "Two members.",
        "quorum_min_count": 2,
        "meeting_frequency": "Every six weeks",
        "reporting_every": 2,
        "reporting_basis": "months",
        "review_on": date(2027, 9, 30),
        "authorities": [(" Publicity ", None), ("", None)],
    }
    values.update(overrides)
    return values


def test_terms_are_tidied_and_blank_authority_rows_dropped():
    cleaned = check_terms(good_terms())
    assert cleaned["authorities"] == [Authority("Publicity", None)]


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"purpose": "  "}, "purpose"),
        ({"quorum": ""}, "quorum"),
        ({"reporting_every": 0}, "reporting_every"),
        ({"reporting_every": None}, "reporting_every"),
        ({"reporting_basis": "years"}, "reporting_basis"),
        ({"review_on": None}, "review_on"),
        ({"authorities": [("Publicity", None), ("publicity", 100)]}, "authorities"),
        ({"authorities": [("", 100)]}, "authorities"),
        ({"authorities": [("Spending", -5)]}, "authorities"),
    ],
)
def test_incomplete_terms_are_refused_at_the_field_concerned(override, field):
    with pytest.raises(DomainError) as refused:
        check_terms(good_terms(**override))
    assert refused.value.field == field


def test_a_kind_listed_twice_is_named():
    with pytest.raises(DomainError, match="“publicity” is listed twice"):
        check_authorities([("Publicity", None), ("publicity", None)])


def test_only_a_draft_is_editable():
    check_editable("draft", 2)
    for status in ("approved", "superseded"):
        with pytest.raises(DomainError, match="never changes"):
            check_editable(status, 2)


def approval(**overrides):
    values = {
        "terms_status": "draft",
        "parent_board_id": 1,
        "decision_board_id": 1,
        "is_recommendation": False,
        "decision_status": "recorded",
    }
    values.update(overrides)
    return values


def test_approval_needs_a_standing_decision_of_the_parent_board():
    check_approval(**approval())
    check_approval(**approval(decision_status="confirmed"))
    with pytest.raises(DomainError, match="another board"):
        check_approval(**approval(decision_board_id=2))
    with pytest.raises(DomainError, match="recommendation"):
        check_approval(**approval(is_recommendation=True))
    with pytest.raises(DomainError, match="superseded"):
        check_approval(**approval(decision_status="superseded"))
    with pytest.raises(DomainError, match="Only a draft"):
        check_approval(**approval(terms_status="approved"))
    with pytest.raises(DomainError, match="Only a sub-group"):
        check_approval(**approval(parent_board_id=None))


# Reporting and review ------------------------------------------------------------------


def test_months_are_added_to_the_last_day_of_short_months():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 5, 15), 12) == date(2027, 5, 15)


def months_status(reports, since=date(2026, 1, 1), every=3):
    return reporting_status(every, "months", since, reports, [], [], TODAY)


def test_a_monthly_duty_is_overdue_once_the_interval_since_the_last_report_has_passed():
    overdue = months_status([date(2026, 7, 1)])
    assert overdue.state is ReportingState.OVERDUE
    assert overdue.due_on == date(2026, 10, 1)
    assert "due by 1 Oct 2026" in overdue.message
    fine = months_status([date(2026, 7, 1), date(2026, 10, 6)])
    assert fine.state is ReportingState.ON_TRACK and fine.due_on == date(2027, 1, 6)


def test_without_any_report_the_clock_runs_from_approval():
    assert months_status([], since=date(2026, 9, 1)).state is ReportingState.ON_TRACK
    assert months_status([], since=date(2026, 8, 1)).state is ReportingState.OVERDUE


def test_a_report_at_a_future_meeting_does_not_count_yet():
    assert months_status([date(2026, 7, 1), date(2026, 12, 8)]).state is ReportingState.OVERDUE


def test_a_meetings_duty_is_due_after_n_meetings_and_overdue_once_the_parent_met_without_it():
    since, report = date(2026, 1, 1), [date(2026, 6, 2)]
    sub_meetings = [date(2026, 7, 1), date(2026, 9, 1)]

    def status(parent_meetings, every=2, subs=sub_meetings):
        return reporting_status(every, "meetings", since, report, subs, parent_meetings, TODAY)

    assert status([], every=3).state is ReportingState.ON_TRACK
    due = status([date(2026, 12, 8)])
    assert due.state is ReportingState.DUE and due.due_on == date(2026, 12, 8)
    overdue = status([date(2026, 10, 6), date(2026, 12, 8)])
    assert overdue.state is ReportingState.OVERDUE and overdue.due_on == date(2026, 10, 6)
    # The parent's meeting before the second sub-group meeting does not count against it.
    assert status([date(2026, 8, 4)]).state is ReportingState.DUE


def test_no_approved_terms_means_no_reporting_duty():
    status = reporting_status(None, None, None, [], [], [], TODAY)
    assert status.state is ReportingState.NO_DUTY


def test_review_dates_past_near_and_far():
    assert review_state(None, TODAY) is ReviewState.NONE
    assert review_state(date(2026, 11, 22), TODAY) is ReviewState.PAST
    assert review_state(TODAY, TODAY) is ReviewState.SOON
    assert review_state(date(2027, 1, 10), TODAY) is ReviewState.SOON
    assert review_state(date(2027, 6, 1), TODAY) is ReviewState.OK


# Comparison -----------------------------------------------------------------------------


def plain(**overrides):
    values = {
        "purpose": "Budget monitoring.",
        "membership": "Four members.",
        "chair": "Elected annually.",
        "quorum": "Two members.",
        "meeting_frequency": "Every six weeks",
        "reporting": "A report to the parent board every 2 months",
        "review_on": "30 Sep 2027",
        "authorities": [SPENDING, PUBLICITY],
    }
    values.update(overrides)
    return values


def test_comparison_names_each_changed_part_and_authority_entry():
    new = plain(
        quorum="Three members.",
        authorities=[Authority(SPENDING.kind, 1_000_000), Authority("Room hire", 20_000)],
    )
    changes = [(c.label, c.before, c.after) for c in compare_terms(plain(), new)]
    assert changes == [
        ("Quorum", "Two members.", "Three members."),
        (
            "Delegated authority",
            f"{SPENDING.kind} (up to £5,000)",
            f"{SPENDING.kind} (up to £10,000)",
        ),
        ("Delegated authority", "Publicity", "—"),
        ("Delegated authority", "—", "Room hire (up to £200)"),
    ]
    assert compare_terms(plain(), plain()) == []


def test_amounts_are_written_in_pounds():
    assert (pounds(500_000), pounds(1250), pounds(0), pounds(None)) == (
        "£5,000",
        "£12.50",
        "£0",
        "—",
    )
