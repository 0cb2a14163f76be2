"""The demo board's record of its held meetings: attendance, declarations, decisions, minutes
and actions, built through the operations so that every part of it is in the audit trail.

What it shows, as DEMO.md asks: attendance that is patchy for Jobcentre Plus and Social
Services, a deputy for the PCT, a voluntary organisation's manager withdrawing from a
commissioning decision that would fund her organisation, decisions taken on late papers, one
item recorded only as a recommendation because the parents had left, a decision varied by a
later one, minutes approved at the following meeting, and actions open, done and overdue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from governance.actions import operations as action_ops
from governance.actions.models import ActionStatus
from governance.attendance.models import AttendanceStatus
from governance.attendance.operations import record_attendance
from governance.attendance.queries import members_on
from governance.auth.models import User
from governance.boards import operations as board_ops
from governance.boards.models import Board, Organisation, Person
from governance.decisions.models import Decision, DecisionMethod, Relation
from governance.decisions.operations import DecisionDraft, record_decision
from governance.demo.timeline import chair, morning, no_later_than, secretary, step
from governance.extensions import db
from governance.interests.models import DeclarationAction
from governance.interests.operations import add_interest, record_declaration
from governance.mail.models import OutboxMessage
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus
from governance.meetings.rules import local_date, local_datetime
from governance.minutes import operations as minutes_ops
from governance.minutes.models import Minutes, MinutesStatus

NO_ALTERNATIVE_TO_MINUTES = "Minutes are either approved as a true record or corrected."


@dataclass
class _Board:
    """What the seeding steps share: the board, its people by name, and what has been made."""

    board: Board
    today: date
    people: dict[str, Person]
    #: The secretary, who keeps the record.
    writer: User | None = None
    decisions: dict[str, Decision] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def person(self, name: str) -> Person:
        return self.people[name]


def _item(meeting: Meeting, starts: str) -> AgendaItem | None:
    return next((i for i in meeting.items if i.title.startswith(starts)), None)


def _at(meeting: Meeting, minutes: int) -> datetime:
    """A moment so many minutes into the meeting."""
    return meeting.starts_at + timedelta(minutes=minutes)


# Attendance ------------------------------------------------------------------------------

#: Who was missing from which meeting (by its place in the year, 0 = the first held).
APOLOGIES = {
    "Gary Fenwick": {1: "Training course"},
    "Aisha Rahman": {1: "Child protection conference", 3: "Court hearing", 5: "Leave"},
    "Margaret Doyle": {2: "Clinic cover; Sunita Rao attends as her deputy"},
    "Robert Kaye": {4: "School inspection"},
    "Imran Malik": {3: "Shop staffing"},
}
#: Jobcentre Plus stopped coming without a word: four meetings running, which the figures flag.
ABSENT = {"Gary Fenwick": {2, 3, 4, 5}, "Martin Cole": {1, 4}}
#: The parents left at noon to collect children from the crèche before it closed.
LEFT_EARLY = {5: (time(12), ("Kelly Marshall", "Joanne Price", "Chloe Bennett"))}


def _attendance(state: _Board, meeting: Meeting, n: int, extra: dict[str, Person]) -> None:
    """Every member's line of the register, a deputy, and officers in attendance."""
    for person_id in members_on(meeting):
        person = db.session.get(Person, person_id)
        assert person is not None
        name = person.full_name
        if n in APOLOGIES.get(name, {}):
            status, note = AttendanceStatus.APOLOGIES, APOLOGIES[name][n]
        elif n in ABSENT.get(name, set()):
            status, note = AttendanceStatus.ABSENT, ""
        else:
            status, note = AttendanceStatus.PRESENT, ""
        departed = None
        if n in LEFT_EARLY and name in LEFT_EARLY[n][1]:
            zone = meeting.board.timezone
            departed = local_datetime(local_date(meeting.starts_at, zone), LEFT_EARLY[n][0], zone)
            note = "Left at noon to collect children from the crèche"
        # The secretary takes the register as the meeting opens, and notes who leaves early.
        with step(departed or _at(meeting, 5), state.writer):
            record_attendance(None, meeting, person, status, departed_at=departed, note=note)
    with step(_at(meeting, 5), state.writer):
        if n == 2:
            record_attendance(
                None,
                meeting,
                extra["deputy"],
                AttendanceStatus.DEPUTY,
                deputy_for=state.person("Margaret Doyle"),
            )
        record_attendance(
            None,
            meeting,
            state.person("Helen Marsh"),
            AttendanceStatus.IN_ATTENDANCE,
            note="Programme manager",
        )
    with step(_at(meeting, 25), state.writer):
        record_attendance(
            None,
            meeting,
            extra["finance"],
            AttendanceStatus.IN_ATTENDANCE,
            arrived_at=_at(meeting, 25),
            departed_at=_at(meeting, 70),
            note="Finance officer, Accountable Body (for the budget item)",
        )


# Decisions -------------------------------------------------------------------------------


def _decide(
    state: _Board, item: AgendaItem | None, at: int, key: str | None = None, **values: Any
) -> Decision | None:
    if item is None:
        return None
    values.setdefault("method", DecisionMethod.CONSENSUS)
    with step(_at(item.meeting, at), state.writer) as moment:
        decision = record_decision(None, item, DecisionDraft(**values), moment=moment)
    if key:
        state.decisions[key] = decision
    state.counts["decisions"] = state.counts.get("decisions", 0) + 1
    return decision


def _budget(state: _Board, meeting: Meeting, n: int) -> None:
    item = _item(meeting, "Budget monitoring")
    if n == 1:
        _decide(
            state,
            item,
            40,
            "virement",
            resolution="Move £12,000 of the crèche underspend to outreach work on the Eastfield "
            "estate for the rest of the financial year.",
            rationale="The crèche is running at 60% of its places because of the registration "
            "delay, so its budget will not be spent this year; outreach has a waiting list of "
            "41 families that the programme is meant to reach first.",
            alternatives="Returning the underspend to the Accountable Body: rejected, as the "
            "money would be lost to the programme. Holding it for the crèche next year: "
            "rejected, as underspends cannot be carried forward.",
            method=DecisionMethod.VOTE,
            votes_for=11,
            votes_against=0,
            abstentions=1,
        )
    elif n == 4:
        _decide(
            state,
            item,
            40,
            "variation",
            resolution="Vary the earlier virement: move £8,000, not £12,000, to outreach; the "
            "remaining £4,000 stays with the crèche, which has re-let its Tuesday sessions.",
            rationale="The crèche's registration came through in the autumn and its take-up "
            "rose to 85%, so part of the underspend is now needed where it was budgeted.",
            alternatives="Keeping the full £12,000 in outreach: rejected, as the crèche would "
            "have to close sessions families now use.",
            method=DecisionMethod.VOTE,
            votes_for=9,
            votes_against=1,
            abstentions=1,
            dissent="Doreen Atkinson asked that her vote against be noted: outreach should not "
            "lose money it has already planned to spend.",
            supersedes=state.decisions["virement"],
            relation=Relation.VARIATION,
        )
    else:
        _decide(
            state,
            item,
            40,
            resolution="Note the budget monitoring report and the forecast outturn.",
            rationale="Spending is within 2% of the profile agreed at the start of the year; "
            "no line needs a decision before the next report.",
            no_alternatives_reason="The report is for noting; nothing needed to change.",
        )


def _commissioning(state: _Board, meeting: Meeting, n: int) -> None:
    item = _item(meeting, "Commissioning a speech and language project")
    if item is None:
        return
    if n == 0:
        _decide(
            state,
            item,
            75,
            resolution="Invite bids for a two-year speech and language project for under-threes, "
            "up to £60,000 a year, with a panel of two board members and a parent to score them.",
            rationale="Health visitors report that one in four two-year-olds in the area has "
            "delayed speech; the PCT's waiting list for therapy is 31 weeks.",
            alternatives="Extending the PCT's existing service: rejected, as it cannot take on "
            "group work in the centre. Doing nothing: rejected, given the waiting list.",
        )
        return
    hussain = state.person("Nadia Hussain")
    bid_on = meeting.starts_at.date() - timedelta(days=60)
    with step(morning(bid_on, 14), state.writer):
        interest = add_interest(
            None,
            hussain,
            {
                "description": "Manager of Northbank Parenting Support, which bid for the speech "
                "and language project",
                "kind": "financial",
                "starts_on": bid_on,
                "published": True,
            },
        )
    with step(_at(meeting, 76), state.writer):
        record_declaration(
            None,
            item,
            hussain,
            interest=interest,
            nature="Her organisation is one of the two bidders and would be funded by the "
            "decision.",
            action=DeclarationAction.WITHDREW,
        )
    _decide(
        state,
        item,
        80,
        "commissioning",
        resolution="Award the speech and language project to Little Talkers CIC for two years "
        "from April, at £54,000 a year, under a service level agreement.",
        rationale="Little Talkers scored 78 of 100 against 64 for the other bid, with the "
        "stronger plan for reaching families who do not use the centre, and costs £6,000 a "
        "year less.",
        alternatives="Northbank Parenting Support's bid: rejected on score (64 of 100). Not "
        "awarding and re-tendering: rejected, as both bids met the specification.",
        method=DecisionMethod.VOTE,
        votes_for=10,
        votes_against=0,
        abstentions=1,
    )


def _rotating(state: _Board, meeting: Meeting, n: int) -> None:
    _commissioning(state, meeting, n)
    sharing = _item(meeting, "Information-sharing protocol")
    if n == 1:
        _decide(
            state,
            sharing,
            95,
            resolution="Defer the information-sharing protocol to the next-but-one meeting and "
            "ask for a version parents can read.",
            rationale="Parent representatives said families would not understand what they "
            "were agreeing to; the draft is written for professionals.",
            alternatives="Signing the protocol as drafted: rejected until a plain-language "
            "version exists.",
        )
    elif n == 4:
        _decide(
            state,
            sharing,
            95,
            "protocol",
            resolution="Sign the information-sharing protocol with the Accountable Body and "
            "Social Services, with the plain-language leaflet for families.",
            rationale="The revised protocol limits sharing to safeguarding and service "
            "referrals with the family's consent, and the leaflet was tested with six parents.",
            alternatives="Not signing: rejected, as referrals between agencies would stay "
            "slow and informal.",
        )
    evaluation = _item(meeting, "Local evaluation report")
    if evaluation is not None:
        _decide(
            state,
            evaluation,
            100,
            "evaluation" if n == 2 else None,
            resolution="Adopt the local evaluation's action plan, with communication with "
            "parents as its first priority.",
            rationale="The evaluation found communication the main barrier to families using "
            "services; the plan's actions are costed within the existing budget.",
            alternatives="Adopting only the costed actions: rejected, as the communication "
            "actions cost little and matter most to parents.",
        )
    plan = _item(meeting, "Parent development plan")
    if plan is not None and n == 2:
        _decide(
            state,
            plan,
            110,
            resolution="Agree the parent development plan: induction for every new parent "
            "representative, a buddy, and two training sessions a year.",
            rationale="Parent representatives told the evaluation they had little or no "
            "induction and found the jargon hard.",
            alternatives="Leaving training to partner organisations: rejected, as none offers "
            "board training.",
        )
    elif plan is not None and n == 5:
        # The parents had left at noon, so the board was inquorate for this item.
        _decide(
            state,
            plan,
            125,
            "recommendation",
            resolution="Recommend that board meetings move to 9.30 to 11.30 so that parents can "
            "stay for the whole meeting.",
            rationale="Three parent representatives had to leave at noon to collect children "
            "from the crèche, which closes at 12; the decisions they miss are the ones that "
            "concern them most.",
            alternatives="Extending the crèche's hours on meeting days: rejected by the crèche "
            "for staffing reasons.",
            as_recommendation=True,
        )


# Minutes and actions ---------------------------------------------------------------------


def _minutes(state: _Board, meeting: Meeting) -> None:
    """Notes on the main items, then the draft goes to members two days after the meeting."""
    today = state.today
    written = no_later_than(
        max(meeting.ends_at + timedelta(days=1), _at(meeting, 24 * 60)), today, timedelta(hours=2)
    )
    with step(max(written, meeting.ends_at + timedelta(hours=1)), state.writer):
        minutes = minutes_ops.minutes_for(meeting)
    notes = {}
    report = _item(meeting, "Programme manager")
    if report is not None:
        notes[report.id] = (
            "Helen Marsh reported 212 families registered this quarter, 38 of them new; the "
            "toy library post is still vacant after a second advert."
        )
    budget = _item(meeting, "Budget monitoring")
    if budget is not None:
        notes[budget.id] = (
            "The finance officer took the board through the report. Members asked why the "
            "crèche line was underspent; the programme manager explained the registration delay."
        )
    with step(max(written, meeting.ends_at + timedelta(hours=1)), state.writer):
        minutes_ops.save_notes(None, minutes, notes)
    # Two days after the meeting; a meeting held since still has its minutes in draft.
    circulated = meeting.ends_at + timedelta(days=2)
    if circulated <= no_later_than(circulated, today):
        with step(circulated, state.writer):
            minutes_ops.circulate_minutes(None, minutes, now=circulated)


def _approve_previous(state: _Board, meeting: Meeting, previous: Meeting | None) -> None:
    if previous is None:
        return
    day = previous.starts_at.strftime("%-d %B %Y")
    decision = _decide(
        state,
        _item(meeting, "Minutes of the last meeting"),
        10,
        resolution=f"Approve the minutes of the meeting of {day} as a true record.",
        rationale="Members had the draft two days after the meeting and raised no corrections.",
        no_alternatives_reason=NO_ALTERNATIVE_TO_MINUTES,
    )
    if decision is not None:
        # The chair signs the minutes as a true record at the end of the meeting.
        with step(meeting.ends_at, chair()):
            minutes_ops.approve_minutes(
                None, minutes_ops.minutes_for(previous), decision, now=meeting.ends_at
            )


def correct_circulated_minutes(board: Board, today: date) -> None:
    """The latest circulated minutes get a member's correction after circulation, so the
    demo shows a changed draft: version 2, what changed since version 1, members told."""
    minutes = db.session.execute(
        sa.select(Minutes)
        .join(Meeting, Minutes.meeting_id == Meeting.id)
        .where(Meeting.board_id == board.id, Minutes.status == MinutesStatus.CIRCULATED)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    budget = minutes and _item(minutes.meeting, "Budget monitoring")
    if minutes is None or budget is None or minutes.latest_version is None:
        return
    note = minutes.notes.get(str(budget.id), "")
    correction = (
        " At Sam Okafor's request: the programme manager also agreed to bring a plan to "
        "recover the crèche registrations to the next meeting."
    )
    # Two days after circulation (or just now, if that is still to come) the secretary adds it.
    moment = no_later_than(minutes.latest_version.circulated_at + timedelta(days=2), today)
    with step(moment, secretary()):
        minutes_ops.save_notes(None, minutes, {budget.id: note + correction}, now=moment)
    # The demo is loaded after the fact: the mail telling members is not to be sent.
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.kind == "minutes.changed"))


ActionSpec = tuple[str, str, str, int, list[tuple[str, ActionStatus]]]
#: decision key, owner, what, due (days after the meeting), updates
ACTIONS: tuple[ActionSpec, ...] = (
    ("commissioning", "Helen Marsh", "Draft the service level agreement with Little Talkers CIC",
     30, [("Signed by both parties.", ActionStatus.DONE)]),
    ("evaluation", "Sam Okafor", "Publish the evaluation's action plan in the parents' newsletter",
     21, [("In the spring newsletter, page 2.", ActionStatus.DONE)]),
    ("protocol", "Aisha Rahman", "Send the signed information-sharing protocol to every partner",
     30, [("Sent to Social Services; the PCT copy is still to go.", ActionStatus.IN_PROGRESS)]),
    ("variation", "Janet Bury", "Confirm the revised outreach budget in the ledger", 14, []),
    ("recommendation", "Sam Okafor", "Ask members whether a 9.30 start suits them, for the "
     "next meeting", 40, []),
)  # fmt: skip


def _actions(state: _Board, meeting: Meeting) -> None:
    """The actions arising from this meeting's decisions, raised while its minutes are open."""
    day = local_date(meeting.starts_at, state.board.timezone)
    for key, owner, title, due, updates in ACTIONS:
        decision = state.decisions.get(key)
        if decision is None or decision.item.meeting_id != meeting.id:
            continue
        with step(morning(day + timedelta(days=1), 11), state.writer):
            action = action_ops.create_action(
                None,
                state.board,
                title,
                state.person(owner),
                day + timedelta(days=due),
                item=decision.item,
                decision=decision,
            )
        for text, status in updates:
            reported = morning(day + timedelta(days=due - 3), 15)
            with step(no_later_than(reported, state.today), state.writer):
                action_ops.update_action(None, action, text, status)
        state.counts["actions"] = state.counts.get("actions", 0) + 1


# The whole record ------------------------------------------------------------------------


def _extra_people(state: _Board) -> dict[str, Person]:
    """A deputy from the PCT and the Accountable Body's finance officer."""
    orgs = {o.name: o for o in db.session.execute(sa.select(Organisation)).scalars()}

    def org(starts: str) -> int | None:
        found = next((o for name, o in orgs.items() if name.startswith(starts)), None)
        return found.id if found else None

    def make(name: str, job: str, organisation: str) -> Person:
        return board_ops.save_person(None, None, {
            "full_name": name, "email": name.lower().replace(" ", ".") + "@northbank.demo.test",
            "phone": "", "organisation_id": org(organisation), "job_title": job,
        })  # fmt: skip

    return {
        "deputy": make("Sunita Rao", "Health Visitor", "Northbank Primary Care Trust"),
        "finance": make("Keith Dunn", "Finance Officer", "Northbank Metropolitan"),
    }


def seed_decisions(board: Board, today: date) -> dict[str, int]:
    """Attendance, declarations, decisions, minutes and actions for the board's held meetings."""
    people = {p.full_name: p for p in db.session.execute(sa.select(Person)).scalars()}
    state = _Board(board, today, people, secretary())
    with step(morning(today - timedelta(days=340)), state.writer):
        extra = _extra_people(state)
    held = list(
        db.session.execute(
            sa.select(Meeting)
            .where(Meeting.board_id == board.id, Meeting.status == MeetingStatus.HELD)
            .order_by(Meeting.starts_at)
        ).scalars()
    )
    previous: Meeting | None = None
    for n, meeting in enumerate(held):
        _attendance(state, meeting, n, extra)
        _approve_previous(state, meeting, previous)
        _budget(state, meeting, n)
        _rotating(state, meeting, n)
        _actions(state, meeting)
        _minutes(state, meeting)
        previous = meeting
    # Circulating the minutes queued mail that the demo, loaded after the fact, never sends.
    db.session.execute(sa.delete(OutboxMessage))
    return {
        "decisions": state.counts.get("decisions", 0),
        "actions": state.counts.get("actions", 0),
    }
