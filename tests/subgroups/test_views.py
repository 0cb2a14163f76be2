"""Terms of reference, the decision form's authority questions and the parent's overview,
through the client."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from governance.decisions.models import Decision
from governance.extensions import db
from governance.meetings.models import MeetingStatus
from governance.subgroups import operations
from governance.subgroups.models import AuthorityCheck, SubgroupReport, TermsOfReference
from tests.conftest import audit_count, counting, start_meeting
from tests.subgroups.conftest import ALTERNATIVES, REASON, meeting_on, terms_values


def text(response) -> str:
    return response.get_data(as_text=True)


def terms_form(**overrides: str) -> dict[str, str]:
    data = {
        "purpose": "Budget monitoring with the Accountable Body.",
        "membership": "Four members including a parent.",
        "chair": "The Accountable Body's representative.",
        "quorum": "Two members.",
        "quorum_min_count": "1",
        "meeting_frequency": "Every six weeks",
        "reporting_every": "2",
        "reporting_basis": "months",
        "review_on": "2027-09-30",
        "authorities-0-kind": "Spending within the agreed budget",
        "authorities-0-limit": "5000",
        "authorities-1-kind": "Publicity",
        "authorities-1-limit": "",
        "authorities-2-kind": "",
        "authorities-2-limit": "",
    }
    data.update(overrides)
    return data


def count(model) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


# Terms of reference ----------------------------------------------------------------------


def test_the_secretary_drafts_terms_with_their_authority_in_pounds(client, login, sg):
    login(sg.secretary)
    response = client.post(f"/boards/{sg.subgroup.id}/terms/new", data=terms_form())
    assert response.status_code == 302
    terms = db.session.execute(sa.select(TermsOfReference)).scalar_one()
    assert [(a.kind, a.spending_limit_pence) for a in terms.authorities] == [
        ("Spending within the agreed budget", 500_000),
        ("Publicity", None),
    ]
    page = text(client.get(f"/terms/{terms.id}"))
    assert "£5,000" in page and "No spending" in page and "Draft" in page


def test_bad_terms_come_back_filled_in_with_the_message_beside_the_field(client, login, sg):
    login(sg.secretary)
    before = audit_count()
    response = client.post(
        f"/boards/{sg.subgroup.id}/terms/new",
        data=terms_form(
            quorum="", **{"authorities-1-kind": "publicity ", "authorities-0-kind": "Publicity"}
        ),
    )
    assert response.status_code == 400
    page = text(response)
    assert 'id="quorum-error"' in page and "how many members make a quorum" in page
    assert "Budget monitoring with the Accountable Body." in page
    assert count(TermsOfReference) == 0 and audit_count() == before
    response = client.post(
        f"/boards/{sg.subgroup.id}/terms/new",
        data=terms_form(
            **{"authorities-1-kind": "publicity"}, **{"authorities-0-kind": "Publicity"}
        ),
    )
    assert response.status_code == 400 and "listed twice" in text(response)
    response = client.post(
        f"/boards/{sg.subgroup.id}/terms/new", data=terms_form(**{"authorities-0-limit": "-3"})
    )
    assert response.status_code == 400 and "cannot be negative" in text(response)


def test_an_approved_version_offers_no_edit_and_refuses_one(client, login, sg):
    approved = sg.approve()
    login(sg.secretary)
    page = text(client.get(f"/terms/{approved.id}"))
    assert "Edit the draft" not in page and "never change" in page
    assert client.get(f"/terms/{approved.id}/edit").status_code == 403
    assert client.post(f"/terms/{approved.id}/edit", data=terms_form()).status_code == 403
    db.session.refresh(approved)
    assert approved.purpose == terms_values()["purpose"]


def test_the_secretary_records_approval_by_a_decision_of_the_parent_board(client, login, sg):
    draft = operations.start_draft(None, sg.subgroup, terms_values())
    from tests.subgroups.conftest import decide

    decision = decide(sg.parent_held.items[0], resolution="Approve the finance terms.")
    own = decide(sg.sub_meeting.items[0], authority_kind="")
    login(sg.secretary)
    form = text(client.get(f"/terms/{draft.id}/approve"))
    assert decision.number in form and own.number not in form
    refused = client.post(f"/terms/{draft.id}/approve", data={"decision_id": str(own.id)})
    assert refused.status_code == 400
    response = client.post(f"/terms/{draft.id}/approve", data={"decision_id": str(decision.id)})
    assert response.status_code == 302
    db.session.refresh(draft)
    assert draft.approved_by_decision_id == decision.id
    page = text(client.get(f"/boards/{sg.subgroup.id}/terms"))
    assert "Version 1, in force" in page and decision.number in page


def test_history_lists_every_version_and_compare_shows_what_changed(client, login, sg):
    sg.approve()
    operations.start_draft(
        None,
        sg.subgroup,
        terms_values(quorum="Three members.", authorities=[("Publicity", 20_000)]),
    )
    login(sg.world.users["member"])
    history = text(client.get(f"/boards/{sg.subgroup.id}/terms/history"))
    assert "Version 1" in history and "Version 2" in history and "In force" in history
    compared = text(client.get(f"/boards/{sg.subgroup.id}/terms/compare?from=1&to=2"))
    assert "Three members." in compared and "Publicity (up to £200)" in compared
    assert client.get(f"/boards/{sg.subgroup.id}/terms/compare?from=1&to=9").status_code == 404


def test_a_board_with_no_parent_has_no_terms_page(client, login, sg):
    login(sg.secretary)
    assert client.get(f"/boards/{sg.parent.id}/terms").status_code == 403


# The decision form --------------------------------------------------------------------------


def decision_form(**overrides: str) -> dict[str, str]:
    data = {
        "resolution": "Commission the speech and language project.",
        "rationale": REASON,
        "alternatives": ALTERNATIVES,
        "method": "consensus",
    }
    data.update(overrides)
    return data


def test_a_sub_groups_decision_form_asks_the_kind_and_the_amount(client, login, sg):
    sg.approve()
    start_meeting(sg.sub_meeting)  # under way, so the form records at "now"
    login(sg.secretary)
    url = f"/items/{sg.sub_meeting.items[0].id}/decisions/new"
    page = text(client.get(url))
    assert "What kind of decision is this?" in page
    assert "Spending within the agreed budget (up to £5,000)" in page and "Something else" in page
    parent_form = text(client.get(f"/items/{sg.parent_held.items[0].id}/decisions/new"))
    assert "What kind of decision is this?" not in parent_form

    response = client.post(url, data=decision_form())
    assert response.status_code == 400 and "Say what kind of decision this is." in text(response)
    assert count(Decision) == 1  # only the approval

    response = client.post(
        url,
        data=decision_form(
            authority_kind="Spending within the agreed budget", amount_committed="12000"
        ),
    )
    assert response.status_code == 302
    check = db.session.execute(sa.select(AuthorityCheck)).scalar_one()
    assert check.amount_pence == 1_200_000 and check.decision.is_recommendation
    assert check.referred_item is not None and check.referred_item.meeting == sg.parent_next


def test_something_else_is_recorded_as_a_recommendation(client, login, sg):
    start_meeting(sg.sub_meeting)
    login(sg.secretary)
    url = f"/items/{sg.sub_meeting.items[0].id}/decisions/new"
    page = text(client.get(url))
    assert "no approved terms of reference" in page
    assert client.post(url, data=decision_form(authority_kind="__other__")).status_code == 302
    check = db.session.execute(sa.select(AuthorityCheck)).scalar_one()
    assert check.kind == "" and check.decision.is_recommendation


# The board pages and the parent's overview ---------------------------------------------------


def test_the_board_pages_show_the_relationship_both_ways(client, login, sg):
    sg.approve(review_on=date(2026, 11, 1))
    login(sg.world.users["member"])
    parent = text(client.get(f"/boards/{sg.parent.id}"))
    assert "Finance Sub-group" in parent and "Past review date" in parent
    assert f"/boards/{sg.parent.id}/subgroups" in parent
    sub = text(client.get(f"/boards/{sg.subgroup.id}"))
    assert f'href="/boards/{sg.parent.id}"' in sub and "Version 1 in force" in sub


def test_the_overview_shows_overdue_reporting_reviews_and_recommendations(client, login, sg):
    sg.approve(reporting_every=1, review_on=date(2026, 11, 1))
    from tests.subgroups.conftest import decide

    recommendation = decide(sg.sub_meeting.items[0], authority_kind="")
    login(sg.secretary)
    page = text(client.get(f"/boards/{sg.parent.id}/subgroups"))
    assert "Report overdue" in page and "Past review date" in page
    assert recommendation.number in page and "On the agenda of" in page


def test_a_report_is_recorded_from_the_overview(client, login, sg):
    login(sg.secretary)
    url = f"/boards/{sg.parent.id}/subgroup-reports/new"
    assert client.post(url, data={"subgroup_id": str(sg.subgroup.id)}).status_code == 400
    response = client.post(
        url,
        data={
            "subgroup_id": str(sg.subgroup.id),
            "agenda_item_id": str(sg.parent_held.items[0].id),
            "summary": "On budget.",
        },
    )
    assert response.status_code == 302
    assert count(SubgroupReport) == 1
    assert "On budget." in text(client.get(f"/boards/{sg.parent.id}/subgroups"))


def test_a_waiting_recommendation_is_put_on_the_next_agenda_from_the_overview(client, login, sg):
    sg.parent_next.status = MeetingStatus.CANCELLED
    from tests.subgroups.conftest import decide

    decide(sg.sub_meeting.items[0], authority_kind="")
    check = db.session.execute(sa.select(AuthorityCheck)).scalar_one()
    login(sg.secretary)
    assert "Waiting for a meeting" in text(client.get(f"/boards/{sg.parent.id}/subgroups"))
    refused = client.post(f"/authority-checks/{check.id}/refer")
    assert refused.status_code == 302
    assert "no meeting in its diary" in text(client.get(f"/boards/{sg.parent.id}/subgroups"))
    later = meeting_on(sg.parent, datetime(2027, 2, 2, 10, tzinfo=UTC), MeetingStatus.DRAFT)
    response = client.post(f"/authority-checks/{check.id}/refer")
    assert response.status_code == 302 and f"/meetings/{later.id}" in response.headers["Location"]


@pytest.mark.parametrize("page", ["/boards/{parent}/subgroups", "/boards/{parent}"])
def test_the_parents_sub_group_pages_run_the_same_statements_however_many(
    page, client, login, sg, make_board, make_seat
):
    from governance.boards import operations as board_ops
    from governance.boards.models import OfficerRole
    from tests.subgroups.conftest import decide

    login(sg.secretary)
    url = page.format(parent=sg.parent.id)

    def grow(n: int) -> None:
        for _ in range(n):
            sub = make_board(parent=sg.parent)
            board_ops.assign_officer(None, sub, sg.member, OfficerRole.CHAIR)
            meeting_on(sub, datetime(2026, 12, 3, 10, tzinfo=UTC), MeetingStatus.NOTICE_ISSUED)
            operations.start_draft(None, sub, terms_values())
            operations.record_report(None, sub, sg.parent_held.items[0], "Fine.")
            seat = make_seat(sub, title="Member")
            board_ops.appoint(None, seat, sg.member, date(2026, 1, 1), None)
            held = meeting_on(sub, datetime(2026, 11, 3, 10, tzinfo=UTC), MeetingStatus.HELD)
            from tests.subgroups.conftest import present

            present(held, sg.member)
            decide(held.items[0], authority_kind="")
        db.session.flush()

    def measure() -> int:
        with counting() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    sg.approve()
    grow(1)
    small = measure()
    grow(5)
    assert measure() == small


def test_the_trail_of_a_recommendation_says_why_and_where_it_went(client, login, sg):
    from tests.subgroups.conftest import decide

    sg.approve()
    decision = decide(
        sg.sub_meeting.items[0],
        authority_kind="Spending within the agreed budget",
        amount_committed=900_000,
    )
    login(sg.world.users["auditor"])
    page = text(client.get(f"/decisions/{decision.id}"))
    assert "outside the sub-group’s delegated authority" in page
    assert "£9,000 is over the £5,000 limit" in page
    assert f"/meetings/{sg.parent_next.id}#item-" in page
    assert "The board was not quorate" not in page
