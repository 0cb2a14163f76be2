"""Decisions on the agenda items of held meetings, numbered per board and year."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import timedelta

from governance.bench.loader import Loader, Row
from governance.bench.meetings import ItemInfo, MeetingInfo
from governance.bench.people import table
from governance.decisions.models import Decision, DecisionMethod, DecisionPaper, DecisionStatus
from governance.interests.models import Declaration, DeclarationAction
from governance.meetings.models import MeetingStatus, Purpose

RECORDER_USER = 2


def build_decisions(
    load: Loader, rng: random.Random, n: int, meetings: list[MeetingInfo], bench: MeetingInfo
) -> None:
    """Insert `n` decisions with their quorum snapshots, declarations and papers relied on."""
    held = (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED)
    eligible = [
        item
        for m in meetings
        if m.status in held
        for item in m.items
        if item.purpose is Purpose.DECISION
    ]
    if not eligible:
        eligible = [item for m in meetings if m.status in held for item in m.items]
    # The bench meeting's decision items all have a decision, so its page shows them.
    must = [i for i in bench.items if i.purpose is Purpose.DECISION][:n]
    rest = [i for i in eligible if i.meeting is not bench]
    if n - len(must) <= len(rest):
        chosen = must + rng.sample(rest, n - len(must))
    else:
        chosen = must + [rest[k % len(rest)] for k in range(n - len(must))]
    chosen.sort(key=lambda i: (i.meeting.starts_at, i.id))
    sequences: dict[tuple[int, int], int] = defaultdict(int)
    decisions: list[Row] = []
    papers: list[Row] = []
    declarations: list[Row] = []
    for item in chosen:
        meeting = item.meeting
        year = meeting.starts_at.year
        sequences[(meeting.board.id, year)] += 1
        decision_id = len(decisions) + 1
        withdrawn = []
        if meeting.present_voting and rng.random() < 0.03:
            person = rng.choice(meeting.present_voting)
            withdrawn.append(person)
            declarations.append(
                {
                    "id": len(declarations) + 1,
                    "agenda_item_id": item.id,
                    "person_id": person,
                    "interest_id": None,
                    "nature": "Trustee of an organisation the item would fund",
                    "action": DeclarationAction.WITHDREW,
                    "dispensation_by": None,
                    "dispensation_reason": None,
                    "created_at": meeting.starts_at,
                }
            )
        decisions.append(
            _decision(
                rng,
                decision_id,
                item,
                year,
                sequences[(meeting.board.id, year)],
                withdrawn,
                declarations[-1] if withdrawn else None,
            )
        )
        for version_id, circulated, late in item.circulated:
            papers.append(
                {
                    "id": len(papers) + 1,
                    "decision_id": decision_id,
                    "paper_version_id": version_id,
                    "circulated_at": circulated,
                    "late": late,
                }
            )
        row = decisions[-1]
        load.event(
            row["taken_at"],
            "decision.record",
            "decision",
            decision_id,
            row["number"],
            {},
            RECORDER_USER,
        )
        if row["confirmed_at"] is not None:
            load.event(
                row["confirmed_at"],
                "decision.confirm",
                "decision",
                decision_id,
                f"Confirmed {row['number']}",
                {},
                RECORDER_USER,
            )
    for d in declarations:
        load.event(d["created_at"], "declaration.create", "declaration", d["id"], "Declared", {}, 2)
    load.insert(table(Declaration), declarations)
    load.insert(table(Decision), decisions)
    load.insert(table(DecisionPaper), papers)


def _decision(
    rng: random.Random,
    decision_id: int,
    item: ItemInfo,
    year: int,
    sequence: int,
    withdrawn: list[int],
    declaration: Row | None,
) -> Row:
    meeting, board = item.meeting, item.meeting.board
    counted = sorted(set(meeting.present_voting) - set(withdrawn))
    min_count = 2 if board.parent_id else 4
    required = max(min_count, math.ceil(meeting.filled_voting / 3), 1)
    shortfalls = (
        []
        if len(counted) >= required
        else [f"{len(counted)} voting members present; {required} needed."]
    )
    quorate = not shortfalls
    taken_at = meeting.starts_at + timedelta(minutes=5 * (item.id - meeting.items[0].id) + 5)
    vote = rng.random() < 0.2 and len(counted) >= 2
    confirmed = meeting.status is MeetingStatus.MINUTES_APPROVED
    snapshot = {
        "quorate": quorate,
        "counted": len(counted),
        "required": required,
        "filled_voting_seats": meeting.filled_voting,
        "shortfalls": shortfalls,
        "counted_person_ids": counted,
        "withdrawn_person_ids": withdrawn,
        "taken_at": taken_at.isoformat(),
        "rule": {
            "min_count": min_count,
            "fraction": [1, 3],
            "category_minimums": {} if board.parent_id else {"parent": 1},
        },
    }
    return {
        "id": decision_id,
        "board_id": board.id,
        "agenda_item_id": item.id,
        "number": f"{board.code}/{year}/{sequence:03d}",
        "year": year,
        "sequence": sequence,
        "resolution": f"The board agreed the recommendation on {item.title.lower()}.",
        "rationale": "The paper showed the need, the cost was within budget, and parents "
        "supported it.",
        "alternatives": "Deferring to the next meeting; rejected as the funding would lapse.",
        "no_alternatives_reason": None,
        "method": DecisionMethod.VOTE if vote else DecisionMethod.CONSENSUS,
        "votes_for": len(counted) - 1 if vote else None,
        "votes_against": 1 if vote else None,
        "abstentions": 0 if vote else None,
        "dissent": "",
        "is_recommendation": not quorate,
        "status": DecisionStatus.CONFIRMED if confirmed else DecisionStatus.RECORDED,
        "supersedes_id": None,
        "relation": None,
        "quorum_snapshot": snapshot,
        "quorate": quorate,
        "declarations_snapshot": [
            {
                "declaration_id": declaration["id"],
                "person_id": declaration["person_id"],
                "nature": declaration["nature"],
                "action": declaration["action"].value,
                "dispensation_by": None,
                "dispensation_reason": None,
            }
        ]
        if declaration
        else [],
        "relied_on_late_papers": any(late for _, _, late in item.circulated),
        "taken_at": taken_at,
        "recorded_by_id": RECORDER_USER,
        "confirmed_at": meeting.starts_at + timedelta(days=35) if confirmed else None,
        "superseded_by_id": None,
        "published": not item.confidential,
        "created_at": taken_at,
    }
