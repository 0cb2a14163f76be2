"""The audit chain's pure functions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from governance.audit.rules import (
    GENESIS_HASH,
    WITHHELD,
    canonical,
    event_hash,
    field_changes,
    verify_chain,
)
from governance.boards.models import SeatCategory


@dataclass(frozen=True)
class Event:
    seq: int
    occurred_at: datetime
    actor_id: int | None
    action: str
    target_type: str
    target_id: int | None
    summary: str
    changes: dict[str, Any]
    prev_hash: str = ""
    hash: str = ""


def chain(n: int) -> list[Event]:
    events, prev = [], GENESIS_HASH
    for i in range(1, n + 1):
        e = Event(
            i,
            datetime(2026, 1, 1, 9, i, tzinfo=UTC),
            1,
            "board.update",
            "board",
            3,
            f"change {i}",
            {"name": ["a", "b"]},
            prev,
        )
        e = replace(e, hash=event_hash(canonical(e), prev))
        events.append(e)
        prev = e.hash
    return events


def test_intact_chain_verifies():
    assert verify_chain(chain(5)) == (5, None)


def test_empty_chain_verifies():
    assert verify_chain([]) == (0, None)


def test_edited_content_breaks_the_chain_at_that_event():
    events = chain(5)
    events[2] = replace(events[2], summary="something else")
    count, broken = verify_chain(events)
    assert broken is not None and broken.seq == 3
    assert "content" in broken.reason


def test_removed_event_breaks_the_chain_where_the_gap_is():
    events = chain(5)
    del events[1]
    _, broken = verify_chain(events)
    assert broken is not None and broken.seq == 3


def test_rehashed_edit_still_breaks_the_next_link():
    events = chain(4)
    forged = replace(events[1], summary="forged")
    events[1] = replace(forged, hash=event_hash(canonical(forged), forged.prev_hash))
    _, broken = verify_chain(events)
    assert broken is not None and broken.seq == 3
    assert "previous-hash" in broken.reason


def test_canonical_form_is_stable_whatever_the_key_order_of_changes():
    a = chain(1)[0]
    b = replace(a, changes=dict(reversed(list({"x": [1, 2], "name": ["a", "b"]}.items()))))
    c = replace(a, changes={"x": [1, 2], "name": ["a", "b"]})
    assert canonical(b) == canonical(c)


def test_field_changes_lists_only_what_changed_in_plain_values():
    changes = field_changes(
        {"name": "A", "category": SeatCategory.PARENT, "on": date(2026, 1, 1), "same": 1},
        {"name": "B", "category": SeatCategory.OBSERVER, "on": date(2026, 2, 1), "same": 1},
    )
    assert changes == {
        "category": ["parent", "observer"],
        "name": ["A", "B"],
        "on": ["2026-01-01", "2026-02-01"],
    }


def test_personal_fields_are_noted_as_changed_without_their_values():
    changes = field_changes(
        {"full_name": None, "email": "old@example.org"},
        {"full_name": "Jo Bloggs", "email": "new@example.org"},
        personal={"full_name", "email"},
    )
    assert changes == {"email": [WITHHELD, WITHHELD], "full_name": [None, WITHHELD]}
    assert "Jo" not in str(changes) and "example.org" not in str(changes)
