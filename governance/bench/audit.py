"""The audit chain for everything generated, hashed exactly as the app hashes its own events."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from governance.audit.models import AuditEvent
from governance.audit.rules import GENESIS_HASH, canonical, event_hash
from governance.bench.loader import Loader
from governance.bench.people import People, table

#: Progress is reported after this many events.
REPORT_EVERY = 250_000


def build_audit(load: Loader, rng: random.Random, n: int, people: People, now: datetime) -> None:
    """Chain the queued events, padded with sign-ins to `n` in all, in time order; insert them."""
    start = datetime.combine(people.start, datetime.min.time(), tzinfo=UTC)
    seconds = max(1, int((now - start).total_seconds()))
    for _ in range(n - len(load.events)):
        user = rng.choice(list(people.users.values()))
        when = start + timedelta(seconds=rng.randrange(seconds))
        load.event(when, "user.login", "user_account", user, "Signed in", {}, user)
    events = sorted(load.events, key=lambda e: (min(e.occurred_at, now), e.order))[:n]
    load.events = []
    load.insert(table(AuditEvent), _chained(load, events, now))


def _chained(load: Loader, events: list, now: datetime) -> Iterator[dict[str, Any]]:
    event = SimpleNamespace()
    prev = GENESIS_HASH
    for seq, pending in enumerate(events, start=1):
        # Events for meetings still to come were recorded when scheduled: no later than now.
        event.seq = seq
        event.occurred_at = min(pending.occurred_at, now)
        event.actor_id = pending.actor_id
        event.action = pending.action
        event.target_type = pending.target_type
        event.target_id = pending.target_id
        event.summary = pending.summary
        event.changes = pending.changes
        digest = event_hash(canonical(event), prev)  # type: ignore[arg-type]
        yield {
            "seq": seq,
            "occurred_at": event.occurred_at,
            "actor_id": event.actor_id,
            "action": event.action,
            "target_type": event.target_type,
            "target_id": event.target_id,
            "summary": event.summary,
            "changes": event.changes,
            "prev_hash": prev,
            "hash": digest,
        }
        prev = digest
        if seq % REPORT_EVERY == 0:
            load.say(f"audit_event: {seq:,} of {len(events):,} chained")
