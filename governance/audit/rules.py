"""Pure functions of the audit chain: canonical form, hashing, verification."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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


#: Fields whose values the log page never shows, by action (or action prefix ending in ".").
#: New events withhold them when recorded (`field_changes(personal=...)`); events written
#: before that hold them in clear, and the chain is never rewritten, so the page masks them.
PERSONAL_BY_ACTION: dict[str, tuple[str, ...]] = {
    "person.": ("full_name", "email", "phone", "job_title"),
    "reply.": ("note", "needs"),
    "support.": ("arranged_note", "details", "children_ages", "ages_text"),
    "attendance.apologies": ("note",),
    "attendance.record": ("note",),
    "interest.": ("description",),
}
#: Old summaries of support events that named the kind of support, and what they now say.
_OLD_SUPPORT_SUMMARIES = (
    (re.compile(r"^Arranged \S+ for person "), "Arranged support for person "),
    (
        re.compile(r"^Cancelled the \S+ arranged for person "),
        "Cancelled support arranged for person ",
    ),
)


@dataclass(frozen=True)
class ShownEvent:
    """What the log page shows of an event's summary and changes."""

    summary: str
    changes: dict[str, Any]


def _personal_fields(action: str) -> tuple[str, ...]:
    return tuple(
        name
        for key, fields in PERSONAL_BY_ACTION.items()
        if (action.startswith(key) if key.endswith(".") else action == key)
        for name in fields
    )


def shown_event(event: ChainedEvent) -> ShownEvent:
    """The event as the log page shows it: personal values masked, whenever it was written.

    Only the display changes; the stored event, and so its hash, is untouched.
    """
    personal = _personal_fields(event.action)
    changes = {
        key: [None if v is None else WITHHELD for v in value]
        if key in personal and isinstance(value, list)
        else value
        for key, value in (event.changes or {}).items()
    }
    summary = event.summary
    if event.action.startswith("support."):
        for pattern, replacement in _OLD_SUPPORT_SUMMARIES:
            summary = pattern.sub(replacement, summary)
    return ShownEvent(summary, changes)


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


@dataclass(frozen=True)
class LogFilter:
    """What the viewer asked for: the raw text of each filter, what it means, and problems."""

    raw: dict[str, str]
    actor_id: int | None = None
    system: bool = False
    action: str = ""
    board_id: int | None = None
    target_type: str = ""
    target_id: int | None = None
    since: date | None = None
    until: date | None = None
    errors: dict[str, str] = field(default_factory=dict)

    def link_args(self) -> dict[str, str]:
        """The filters as given, for links to other pages of the same view."""
        return {name: value for name, value in self.raw.items() if value}

    @property
    def active(self) -> bool:
        return bool(self.link_args())
