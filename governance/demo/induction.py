"""The demo board's inductions and glossary.

The parent seats' appointments (made earlier in the demo) have already started induction
records from the default programme. Here the longer-serving parents' inductions are completed
as they would have been at the time, and the newly appointed parent behind the parent@demo.test
login is left half-way: a buddy, most early steps done, one overdue, the later ones to come.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from governance.auth.models import User
from governance.boards.models import Board, OfficerRole, Person
from governance.demo.timeline import morning, set_up, step
from governance.extensions import db
from governance.glossary.operations import seed_glossary
from governance.induction import materials, operations
from governance.induction.models import InductionRecord, InductionStep, StepKind

#: Pages of reading attached to steps of the default programme (step title, page title, text).
PAGES: tuple[tuple[str, str, str], ...] = (
    ("Role description and what the board does", "What the Partnership Board does",
     "The Partnership Board decides how the Northbank Sure Start programme spends its money and "
     "which services it offers to families with children under four.\n\n"
     "It does not run services day to day: the programme manager and staff do that. The board "
     "sets the direction, agrees the budget, commissions services and checks they work.\n\n"
     "As a parent representative you bring what families in the area experience. Your vote "
     "counts the same as anyone else's."),
    ("Code of conduct agreed", "Code of conduct",
     "Members treat each other with respect, listen, and let everyone speak.\n\n"
     "Members declare an interest when a decision could benefit them, their family or their "
     "organisation, and follow the chair's guidance about leaving the room.\n\n"
     "Members speak for the board only when the board has agreed they should."),
    ("Confidentiality agreement", "Confidentiality: what it means for you",
     "A confidential item is discussed in private. Do not talk about it outside the meeting or "
     "share its papers, even with family or friends.\n\n"
     "If you are unsure whether something is confidential, ask the secretary or your buddy."),
    ("Terms of reference read", "The Partnership Board's terms of reference",
     "Purpose: to decide how the Northbank Sure Start programme's money is spent and which "
     "services it offers to families with children under four.\n\n"
     "Membership: the statutory agencies, the voluntary and community sector, and at least "
     "four parents living in the area. Parents are full voting members.\n\n"
     "Quorum: a third of the voting members and never fewer than five, including at least one "
     "parent and one statutory member. Without a quorum the board may discuss and recommend, "
     "not decide.\n\n"
     "Sub-groups: the board sets up sub-groups, such as finance, with their own terms of "
     "reference, and they report back to each board meeting."),
    ("How to read a board paper and the budget", "Reading a board paper",
     "Start with the summary: it says what the board is asked to decide or note.\n\n"
     "Then look for the options considered, the cost, and who will be affected. Write down any "
     "questions and ask them at the meeting or beforehand: other members often have the same "
     "question."),
)  # fmt: skip

#: Steps of the new parent's induction done so far: step title, days after her start.
NEW_PARENT_DONE: tuple[tuple[str, int], ...] = (
    ("Role description and what the board does", 5),
    ("Welcome meeting with the chair or programme manager", 9),
    ("Code of conduct agreed", 10),
    ("Safeguarding briefing", 21),
    ("The glossary", 24),
)  # The confidentiality agreement (hers to agree) and "Terms of reference read" are overdue.


def _person(name: str) -> Person:
    return db.session.execute(sa.select(Person).where(Person.full_name == name)).scalar_one()


def _record(board: Board, person: Person) -> InductionRecord:
    return db.session.execute(
        sa.select(InductionRecord).where(
            InductionRecord.board_id == board.id, InductionRecord.person_id == person.id
        )
    ).scalar_one()


def _complete(record: InductionRecord, secretary: User, buddy: Person, until: date) -> None:
    """Sign off every step due by `until`, two days before it fell due, as it was at the time."""
    for item in sorted(record.items, key=lambda i: i.due_on):
        if item.due_on > until:
            continue
        day = item.due_on - timedelta(days=2)
        with step(morning(day, 14), secretary):
            if item.kind is StepKind.BUDDY:
                operations.assign_buddy(secretary, record, buddy, today=day)
            elif item.kind is StepKind.AGREEMENT:
                # Agreed on a paper form, which the secretary notes: no account signs it.
                operations.sign_off(None, item, None, "Signed the paper form.", today=day)
            else:
                operations.sign_off(secretary, item, day, today=day)


def seed_induction(board: Board, today: date) -> dict[str, int]:
    """The glossary, reading for the programme, and the parents' inductions; return counts."""
    secretary_person = next(o.person for o in board.officers if o.role is OfficerRole.SECRETARY)
    secretary = secretary_person.user
    assert secretary is not None
    # The glossary and the reading were written while the board was being set up.
    with step(set_up(today) + timedelta(days=1), secretary):
        terms = seed_glossary(None)
        programme = operations.ensure_programme(None, board)
    steps = {s.title: s for s in programme.active_steps}
    pages = {}
    with step(set_up(today) + timedelta(days=2), secretary):
        for step_title, title, body in PAGES:
            induction_step: InductionStep = steps[step_title]
            pages[step_title] = materials.add_page(secretary, induction_step, title, body)

    marshall, price = _person("Kelly Marshall"), _person("Joanne Price")
    _complete(_record(board, marshall), secretary, _person("Doreen Atkinson"), today)
    _complete(_record(board, price), secretary, marshall, today)

    bennett = _person("Chloe Bennett")
    record = _record(board, bennett)
    start = record.starts_on
    with step(morning(start + timedelta(days=12), 14), secretary):
        operations.assign_buddy(secretary, record, price, today=start + timedelta(days=12))
    assert bennett.user is not None
    # She opened her reading before agreeing: an agreement waits until its material is read.
    for step_title, after in (("Role description and what the board does", 3),
                              ("Code of conduct agreed", 10)):  # fmt: skip
        opened = datetime.combine(start + timedelta(days=after), time(19, 30), tzinfo=UTC)
        with step(opened, bennett.user):
            materials.record_read(bennett.user, pages[step_title], at=opened)
    by_title = {i.title: i for i in record.items}
    for title, after in NEW_PARENT_DONE:
        item = by_title[title]
        day = start + timedelta(days=after)
        if item.kind is StepKind.AGREEMENT:
            with step(morning(day, 20), bennett.user):
                operations.sign_off(bennett.user, item, None, today=day)
        else:
            with step(morning(day, 14), secretary):
                operations.sign_off(secretary, item, day, today=day)
    return {"glossary terms": terms, "induction pages": len(pages)}
