"""Pure functions of the audit chain: canonical form, hashing, verification."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol

GENESIS_HASH = "0" * 64
#: Shown instead of the value of a field that holds personal data.
WITHHELD = "[withheld]"


class ChainedEvent(Protocol):
    seq: int
    occurred_at: datetime
    actor_id: int | None
    action: str
    target_type: str
    target_id: int | None
    summary: str
    changes: dict[str, Any]
    prev_hash: str
    hash: str


def plain(value: Any) -> Any:
    """A JSON-ready form of a column value (dates as ISO text, enums as their value)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def canonical(event: ChainedEvent) -> str:
    """The canonical JSON text of an event's content, the input to its hash."""
    body = {
        "seq": event.seq,
        "occurred_at": event.occurred_at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "summary": event.summary,
        "changes": event.changes,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(content: str, prev_hash: str) -> str:
    """SHA-256 of the previous hash followed by the canonical content."""
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def field_changes(
    before: Mapping[str, Any], after: Mapping[str, Any], personal: Iterable[str] = ()
) -> dict[str, list[Any]]:
    """Fields whose value differs, as {field: [before, after]}.

    Values of `personal` fields are replaced by a marker: the log records that
    they changed, never what they were.
    """
    personal = set(personal)
    changes: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = plain(before.get(key)), plain(after.get(key))
        if old != new:
            if key in personal:
                changes[key] = [WITHHELD if old is not None else None, WITHHELD]
            else:
                changes[key] = [old, new]
    return changes


@dataclass(frozen=True)
class ChainBreak:
    """The first event at which the chain does not verify, and why."""

    seq: int
    reason: str


def verify_chain(events: Iterable[ChainedEvent]) -> tuple[int, ChainBreak | None]:
    """Recompute the chain in order; return how many events were checked and the first break."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    for event in events:
        count += 1
        if event.seq != expected_seq:
            return count, ChainBreak(event.seq, f"expected event {expected_seq}, found {event.seq}")
        if event.prev_hash != expected_prev:
            return count, ChainBreak(event.seq, "previous-hash link does not match")
        if event_hash(canonical(event), event.prev_hash) != event.hash:
            return count, ChainBreak(event.seq, "content does not match its hash")
        expected_prev = event.hash
        expected_seq += 1
    return count, None
