"""The quorum a sub-group's approved terms of reference set, and a rule that differs from it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from governance.boards import operations as board_ops
from governance.boards.models import SeatCategory
from governance.decisions import quorum
from governance.errors import DomainError
from governance.extensions import db
from governance.subgroups import operations, rules
from tests.conftest import start_meeting
from tests.subgroups.conftest import terms_values
from tests.subgroups.test_views import terms_form, text

TWO_AND_A_PARENT = {"quorum_min_count": 2, "quorum_category_minimums": {"parent": 1}}


def test_approving_terms_makes_their_quorum_the_sub_groups_rule(sg):
    assert sg.subgroup.quorum_min_count is None
    sg.approve(**TWO_AND_A_PARENT)
    assert sg.subgroup.quorum_min_count == 2
    assert sg.subgroup.quorum_category_minimums == {"parent": 1}
    assert sg.subgroup.quorum_fraction_numerator is None


def test_a_sub_group_decision_is_checked_against_the_quorum_of_its_terms(sg):
    sg.approve(**TWO_AND_A_PARENT)
    item = sg.sub_meeting.items[0]
    result = quorum.quorum_for(item, sg.sub_meeting.starts_at + timedelta(hours=1))
    assert not result.quorate
    assert "1 voting members present; 2 needed." in result.shortfalls
    assert "0 parent members present; 1 needed." in result.shortfalls


def test_terms_without_a_quorum_in_numbers_are_refused():
    values = terms_values()
    values.pop("quorum_min_count")
    with pytest.raises(DomainError) as refused:
        rules.check_terms(values)
    assert refused.value.field == "quorum_min_count"


def test_terms_cannot_ask_for_more_of_a_category_than_the_whole_quorum():
    with pytest.raises(DomainError, match="more parent members than the quorum"):
        rules.check_terms(terms_values(quorum_min_count=1, quorum_category_minimums={"parent": 2}))


def test_the_terms_form_takes_the_quorum_in_numbers(client, login, sg):
    login(sg.secretary)
    response = client.post(
        f"/boards/{sg.subgroup.id}/terms/new",
        data=terms_form(quorum_min_count="2", quorum_category="parent", quorum_category_count="1"),
    )
    assert response.status_code == 302, text(response)
    draft = operations._terms_of(sg.subgroup, operations.TermsStatus.DRAFT)
    assert draft is not None
    assert (draft.quorum_min_count, draft.quorum_category_minimums) == (2, {"parent": 1})
    page = text(client.get(f"/terms/{draft.id}"))
    assert "2 voting members, including at least 1 parent member" in page


def test_a_blank_quorum_number_comes_back_beside_its_field(client, login, sg):
    login(sg.secretary)
    response = client.post(
        f"/boards/{sg.subgroup.id}/terms/new", data=terms_form(quorum_min_count="")
    )
    assert response.status_code == 400
    page = text(response)
    assert "Say how many voting members make a quorum." in page
    assert "Budget monitoring with the Accountable Body." in page


def test_a_rule_that_differs_from_the_approved_terms_is_flagged_on_the_decision_form(
    client, login, sg
):
    sg.approve(**TWO_AND_A_PARENT)
    sg.subgroup.quorum_category_minimums = {}
    db.session.flush()
    start_meeting(sg.sub_meeting)
    login(sg.secretary)
    page = text(client.get(f"/items/{sg.sub_meeting.items[0].id}/decisions/new"))
    assert "differs from its terms of reference" in page
    assert "including at least 1 parent member" in page
    terms_page = text(client.get(f"/boards/{sg.subgroup.id}/terms"))
    assert "differs from its terms of reference" in terms_page


def test_a_rule_that_follows_the_terms_is_not_flagged(client, login, sg, make_seat):
    sg.approve(**TWO_AND_A_PARENT)
    seat = make_seat(sg.subgroup, title="Parent", category=SeatCategory.PARENT)
    board_ops.appoint(None, seat, sg.parent_rep, sg.sub_meeting.starts_at.date(), None)
    start_meeting(sg.sub_meeting)
    login(sg.secretary)
    page = text(client.get(f"/items/{sg.sub_meeting.items[0].id}/decisions/new"))
    assert "differs from its terms of reference" not in page
