"""A decision either side of a correction is named only to those who may open it.

A correction on open business of a decision taken on confidential business must not tell an
observer (or a visitor) the confidential decision's number, on the trail, in the register or
in its exports; nor may an open decision name a confidential one that superseded it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from governance.decisions import operations as decision_ops
from governance.decisions.models import DecisionMethod, Relation
from governance.extensions import db
from tests.decisions.test_decision_views import present

REASON = "The figures were checked against the approved budget and agreed by all present."
ALTERNATIVES = "Leaving the error in place, rejected because the record would mislead."


def decide(item, resolution, **extra):
    draft = decision_ops.DecisionDraft(
        resolution=resolution,
        rationale=REASON,
        alternatives=ALTERNATIVES,
        method=DecisionMethod.CONSENSUS,
        **extra,
    )
    return decision_ops.record_decision(
        None, item, draft, moment=datetime.now(UTC).replace(microsecond=0)
    )


@pytest.fixture
def corrected(started_world):
    """A confidential decision, corrected by a decision on an open item."""
    w = started_world
    present(w.meeting, w.users["member"].person, w.users["parent"].person)
    secret = decide(w.confidential_item, "Award the tender to the second bidder.")
    correction = decide(
        w.item, "Correct the award's date.", supersedes=secret, relation=Relation.CORRECTION
    )
    db.session.flush()
    return w, secret, correction


def pages(client, decision_id):
    yield client.get(f"/decisions/{decision_id}").get_data(as_text=True)
    yield client.get("/decisions").get_data(as_text=True)
    yield client.get("/decisions.csv").get_data(as_text=True)
    yield json.dumps(client.get("/decisions.json").get_json())


@pytest.mark.parametrize("role", ["observer", "outsider"])
def test_a_correction_never_names_a_confidential_decision_to_those_who_may_not_see_it(
    role, client, login, corrected
):
    w, secret, correction = corrected
    w.board.is_public = True  # so the outsider may read the open correction at all
    db.session.flush()
    login(w.users[role])
    assert client.get(f"/decisions/{secret.id}").status_code == 403
    assert client.get(f"/decisions/{correction.id}").status_code == 200
    for text in pages(client, correction.id):
        assert secret.number not in text


def test_a_member_who_may_see_both_is_told_what_the_correction_corrects(client, login, corrected):
    w, secret, correction = corrected
    login(w.users["member"])
    for text in pages(client, correction.id):
        assert secret.number in text


def test_an_open_decision_never_names_a_confidential_one_that_superseded_it(
    client, login, started_world
):
    w = started_world
    present(w.meeting, w.users["member"].person, w.users["parent"].person)
    first = decide(w.item, "Agree the budget.")
    later = decide(
        w.confidential_item,
        "Rescind the budget for the tender.",
        supersedes=first,
        relation=Relation.RESCISSION,
    )
    db.session.flush()
    login(w.users["observer"])
    assert client.get(f"/decisions/{later.id}").status_code == 403
    for text in pages(client, first.id):
        assert later.number not in text
