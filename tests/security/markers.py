"""The marker world: confidential and private things labelled with a marker word, so a test can
say which thing reached whom.

Built on the `started_world` fixture of tests/conftest.py (the agenda world's noticed meeting of
the Partnership Board, begun an hour ago). Every marker is `ZEBRAFISH-<KIND>`, distinct per
kind, so a failing assertion names what leaked:

=================  ==============================================================================
Marker             Where it is written, and the thing it belongs to
=================  ==============================================================================
ZEBRAFISH-ITEM     the title of the board's confidential agenda item (`world.confidential_item`)
ZEBRAFISH-PAPER    the title and plain-language summary of that item's paper (`secret_version`)
ZEBRAFISH-DECISION the resolution of a decision recorded on that item (`decision`)
ZEBRAFISH-ACTION   the title of an action arising from that decision, owned by the observer,
                   who may not see confidential business (`action`)
ZEBRAFISH-SUBITEM  the title of a confidential item at a meeting of the Finance Sub-group
ZEBRAFISH-SUBDECISION  the resolution of the sub-group's decision on that item, outside its
                   delegated authority, so a recommendation waiting for the board (`subdecision`,
                   `authority_check`); it is not put on any board agenda, so it is nowhere else
ZEBRAFISH-REPORT   the summary of the sub-group's report received under the confidential item
                   of the board (`report`)
ZEBRAFISH-BOARD    the name of a private board (`hidden_board`): the outsider sits on it and
                   chairs it; nobody else in the world is on it
ZEBRAFISH-INTEREST the nature of an interest the parent rep declared on the confidential item
                   (`declaration`), before the decision, so it is in the decision's snapshot
=================  ==============================================================================

`add_minutes(marker_world)` adds draft minutes of the held meeting, circulated, with a
minute on the confidential item (ZEBRAFISH-MINUTE, in the full minutes only: the minutes page
opens for everyone who may see the meeting but shows the full minutes only to those who may
see confidential business, so it has no entry in `own_urls`); it is separate because
circulating queues mail to the members. `add_drafts(marker_world)` likewise adds papers being
prepared on the open item: ZEBRAFISH-DRAFT (an uncirculated paper) and ZEBRAFISH-REVISION (an
uncirculated second version of the circulated budget report), for those who may open drafts,
and ZEBRAFISH-MEETING in the title of the draft meeting (notice not yet given).

Beside the secrets there is ordinary business, so that every kind of page has something to
show those who may see no secret: a decision on the open item (`open_decision`, published) and
an action arising from it owned by the member (`open_action`).

After the fixture, the board's meeting is held (so actions could arise from it) with the member
and the parent present; the member also sits on the sub-group (a voting seat), so the member
may see the sub-group's confidential business and the parent rep may not. The draft meeting of
the agenda world is untouched.

`MarkerWorld.may_see(marker, user)` answers, with each thing's own permission predicate (the
one its own page uses), whether `user` may see the thing that carries `marker`;
`MarkerWorld.own_urls[marker]` is that thing's own page where it has one (an agenda item, a
sub-group report and their markers have none), for checking by request instead.
Reuse it for anything that leaves the app (mail, exports, feeds, packs): build the output for a
user and assert that every marker in it passes `may_see`.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app

from governance.actions import operations as action_ops
from governance.actions.models import Action
from governance.actions.permissions import can_view_action
from governance.attendance.models import Attendance, AttendanceStatus
from governance.boards import operations as board_ops
from governance.boards.models import Board, OfficerRole, SeatCategory
from governance.boards.permissions import can_view_board
from governance.decisions import operations as decision_ops
from governance.decisions.models import Decision, DecisionMethod
from governance.decisions.operations import DecisionDraft
from governance.decisions.permissions import can_view_decision
from governance.extensions import db
from governance.interests.models import Declaration, DeclarationAction
from governance.interests.operations import record_declaration
from governance.meetings.models import BEFORE_THE_MEETING as OPEN_AGENDAS
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus, Purpose
from governance.meetings.permissions import can_view_item, can_view_meeting
from governance.minutes.models import Minutes
from governance.minutes.operations import circulate_minutes, minutes_for, save_notes
from governance.minutes.permissions import can_view_minutes
from governance.papers.files import storage
from governance.papers.models import PaperVersion
from governance.papers.operations import add_version, upload_paper
from governance.papers.permissions import can_open_version
from governance.subgroups import operations as subgroup_ops
from governance.subgroups.models import AuthorityCheck, SubgroupReport
from governance.subgroups.permissions import can_view_report
from tests.conftest import PDF

WORD = "ZEBRAFISH"
ITEM = f"{WORD}-ITEM"
PAPER = f"{WORD}-PAPER"
DECISION = f"{WORD}-DECISION"
ACTION = f"{WORD}-ACTION"
SUBITEM = f"{WORD}-SUBITEM"
SUBDECISION = f"{WORD}-SUBDECISION"
REPORT = f"{WORD}-REPORT"
BOARD = f"{WORD}-BOARD"
INTEREST = f"{WORD}-INTEREST"
#: Only after `add_minutes` (it queues mail, so it is not part of the world by default).
MINUTE = f"{WORD}-MINUTE"
#: Only after `add_drafts`: a paper not yet circulated, and a new version of a circulated one.
DRAFT = f"{WORD}-DRAFT"
REVISION = f"{WORD}-REVISION"
MEETING = f"{WORD}-MEETING"
#: Every marker, each distinct from the others as a whole word (none is a prefix of another
#: followed by a word character, so finding one never finds another).
MARKERS = (ITEM, PAPER, DECISION, ACTION, SUBITEM, SUBDECISION, REPORT, BOARD, INTEREST)
_FOUND = re.compile(rf"{WORD}-[A-Z]+")

REASON = "The scores were checked twice against the published criteria and agreed."
ALTERNATIVES = "Re-running the tender, rejected because the service would lapse in April."


def found_in(text: str) -> set[str]:
    """The markers written in `text` (any page, mail or export)."""
    return set(_FOUND.findall(text))


@dataclass
class MarkerWorld:
    """The world with its markers placed; `world` is the agenda world it was built on."""

    world: Any
    decision: Decision
    action: Action
    subgroup_item: AgendaItem
    subdecision: Decision
    authority_check: AuthorityCheck
    report: SubgroupReport
    hidden_board: Board
    declaration: Declaration
    open_decision: Decision
    open_action: Action
    #: Set by `add_minutes`.
    minutes: Minutes | None = None
    #: Set by `add_drafts`: the first version of an uncirculated paper on the open item, and an
    #: uncirculated second version of the open item's circulated paper.
    draft_version: PaperVersion | None = None
    revision: PaperVersion | None = None
    drafts_added: bool = False
    #: The own page of each marker's thing, for the things that have one.
    own_urls: dict[str, str] = field(default_factory=dict)

    @property
    def users(self) -> dict[str, Any]:
        return self.world.users

    def predicates(self) -> dict[str, Callable[[Any], bool]]:
        """For each marker, whether a user may see its thing, by that thing's own predicate."""
        w = self.world
        return {
            ITEM: lambda u: can_view_item(u, w.confidential_item),
            PAPER: lambda u: can_open_version(u, w.secret_version),
            DECISION: lambda u: can_view_decision(u, self.decision),
            ACTION: lambda u: can_view_action(u, action_ops.entry_for(self.action)),
            SUBITEM: lambda u: can_view_item(u, self.subgroup_item),
            SUBDECISION: lambda u: can_view_decision(u, self.subdecision),
            # A report has no page of its own: the overview lists it by this predicate.
            REPORT: lambda u: can_view_report(u, self.report),
            BOARD: lambda u: can_view_board(u, self.hidden_board),
            # A declaration is shown with its item, wherever the item is.
            INTEREST: lambda u: can_view_item(u, self.declaration.item),
            DRAFT: lambda u: (
                self.draft_version is not None and can_open_version(u, self.draft_version)
            ),
            REVISION: lambda u: self.revision is not None and can_open_version(u, self.revision),
            MEETING: lambda u: self.drafts_added and can_view_meeting(u, w.draft_meeting),
            # A minute on the confidential item: in the full minutes only.
            MINUTE: lambda u: (
                self.minutes is not None
                and can_view_minutes(u, self.minutes)
                and can_view_item(u, w.confidential_item)
            ),
        }

    def may_see(self, marker: str, user: Any) -> bool:
        """Whether `user` (None or an anonymous user for a visitor) may see `marker`'s thing."""
        return self.predicates()[marker](user)

    def allowed(self, user: Any) -> set[str]:
        """The markers `user` may see."""
        return {m for m, may in self.predicates().items() if may(user)}


def _present(meeting: Meeting, *people: Any) -> None:
    for person in people:
        db.session.add(
            Attendance(meeting=meeting, person_id=person.id, status=AttendanceStatus.PRESENT)
        )
    db.session.flush()


def _subgroup_decision(w: Any) -> tuple[AgendaItem, Decision, AuthorityCheck]:
    """A confidential item at a sub-group meeting under way, decided outside the sub-group's
    authority while the board's diary was empty, so the recommendation waits for the board."""
    member = w.users["member"].person
    seat = board_ops.save_seat(
        None,
        w.subgroup,
        None,
        {
            "title": "Finance member",
            "category": SeatCategory.VOLUNTARY,
            "voting": True,
            "organisation": None,
            "position": 0,
            "abolished_on": None,
        },
    )
    board_ops.appoint(None, seat, member, date(2026, 1, 1), None)
    starts = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    meeting = Meeting(
        board=w.subgroup,
        title="Finance meeting",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        status=MeetingStatus.NOTICE_ISSUED,
        uid=f"test-{uuid.uuid4()}",
    )
    item = AgendaItem(
        meeting=meeting,
        position=1,
        title=f"Provider contract {SUBITEM}",
        purpose=Purpose.DECISION,
        confidential=True,
    )
    db.session.add(meeting)
    db.session.flush()
    _present(meeting, member)
    diary = list(
        db.session.execute(
            sa.select(Meeting).where(
                Meeting.board_id == w.board.id, Meeting.status.in_(OPEN_AGENDAS)
            )
        ).scalars()
    )
    kept = {m: m.status for m in diary}
    for m in diary:
        m.status = MeetingStatus.CANCELLED
    db.session.flush()
    decision = decision_ops.record_decision(
        None,
        item,
        DecisionDraft(
            resolution=f"Recommend the new provider {SUBDECISION}.",
            rationale=REASON,
            alternatives=ALTERNATIVES,
            method=DecisionMethod.CONSENSUS,
            authority_kind="",
        ),
        moment=datetime.now(UTC).replace(microsecond=0),
    )
    for m, status in kept.items():
        m.status = status
    db.session.flush()
    check = db.session.execute(
        sa.select(AuthorityCheck).where(AuthorityCheck.decision_id == decision.id)
    ).scalar_one()
    assert not check.within_authority and check.referred_item_id is None
    return item, decision, check


def build(w: Any) -> MarkerWorld:
    """Place every marker in the started world `w` and return the marker world."""
    users = w.users
    item = w.confidential_item
    item.title = f"Commissioning {ITEM}"
    w.secret_version.paper.title = f"Tender scores {PAPER}"
    w.secret_version.summary = f"Choose the provider {PAPER}."
    _present(w.meeting, users["member"].person, users["parent"].person)
    declaration = record_declaration(
        None,
        item,
        users["parent"].person,
        interest=None,
        nature=f"Her sister works for a bidder {INTEREST}.",
        action=DeclarationAction.STAYED_NO_VOTE,
    )
    decision = decision_ops.record_decision(
        None,
        item,
        DecisionDraft(
            resolution=f"Award the contract {DECISION}.",
            rationale=REASON,
            alternatives=ALTERNATIVES,
            method=DecisionMethod.CONSENSUS,
        ),
        moment=datetime.now(UTC).replace(microsecond=0),
    )
    open_decision = decision_ops.record_decision(
        None,
        w.item,
        DecisionDraft(
            resolution="Agree the budget for next year.",
            rationale=REASON,
            alternatives=ALTERNATIVES,
            method=DecisionMethod.CONSENSUS,
        ),
        moment=datetime.now(UTC).replace(microsecond=0),
    )
    w.meeting.status = MeetingStatus.HELD
    db.session.flush()
    open_action = action_ops.create_action(
        None,
        w.board,
        "Publish the budget",
        users["member"].person,
        None,
        decision=open_decision,
    )
    action = action_ops.create_action(
        None,
        w.board,
        f"Tell the bidders {ACTION}",
        users["observer"].person,
        None,
        decision=decision,
    )
    db.session.flush()
    sub_item, subdecision, check = _subgroup_decision(w)
    report = subgroup_ops.record_report(
        None, w.subgroup, item, f"The sub-group scored the bids {REPORT}."
    )
    hidden = w.other_board
    hidden.name = f"Hidden {BOARD}"
    board_ops.assign_officer(None, hidden, users["outsider"].person, OfficerRole.CHAIR)
    db.session.flush()
    marker_world = MarkerWorld(
        world=w,
        decision=decision,
        action=action,
        subgroup_item=sub_item,
        subdecision=subdecision,
        authority_check=check,
        report=report,
        hidden_board=hidden,
        declaration=declaration,
        open_decision=open_decision,
        open_action=open_action,
    )
    marker_world.own_urls = {
        PAPER: f"/papers/{w.secret_version.paper_id}",
        DECISION: f"/decisions/{decision.id}",
        ACTION: f"/actions/{action.id}",
        SUBDECISION: f"/decisions/{subdecision.id}",
        BOARD: f"/boards/{hidden.id}",
    }
    return marker_world


def add_minutes(mw: MarkerWorld) -> Minutes:
    """Draft minutes of the board's held meeting with a minute on each item, circulated to
    members (which queues their mail): ZEBRAFISH-MINUTE is the minute on the confidential item,
    so only the full minutes carry it."""
    w = mw.world
    minutes = minutes_for(w.meeting)
    save_notes(
        None,
        minutes,
        {w.confidential_item.id: f"The panel's scores were read {MINUTE}.", w.item.id: "Agreed."},
    )
    circulate_minutes(None, minutes)
    db.session.flush()
    mw.minutes = minutes
    return minutes


def add_drafts(mw: MarkerWorld) -> None:
    """Papers being prepared on the open item: a new paper whose only version is not yet
    circulated (ZEBRAFISH-DRAFT in its title and summary) and a second version of the circulated
    budget report, not yet circulated (ZEBRAFISH-REVISION in its summary). Members learn of
    either only once it is circulated. The draft meeting's title carries ZEBRAFISH-MEETING."""
    w = mw.world
    stored = storage.store(io.BytesIO(PDF), Path(current_app.config["STORAGE_PATH"]), 1_000_000)
    mw.draft_version = upload_paper(
        None, w.item, f"Outreach figures {DRAFT}", None, stored, "outreach.pdf", f"Numbers {DRAFT}."
    )
    mw.revision = add_version(None, w.paper, stored, "budget-2.pdf", f"Revised figures {REVISION}.")
    db.session.flush()
    w.draft_meeting.title = f"Away day {MEETING}"
    db.session.flush()
    mw.drafts_added = True
    mw.own_urls[DRAFT] = f"/papers/{mw.draft_version.paper_id}"
    mw.own_urls[MEETING] = f"/meetings/{w.draft_meeting.id}"
