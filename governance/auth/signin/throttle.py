"""Pausing sign-in after repeated failures, per account and per client address.

The `limits` library keeps the counts: in memory for a single process, or in Redis (set
RATELIMIT_STORAGE_URI) so that every process and host behind a load balancer shares them.
Only failed attempts count, so people who type their password right are never slowed. (The
counts are checked only where sign-in asks: no hook runs on every other request.)
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import Flask, current_app
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import STRATEGIES, RateLimiter

EXTENSION = "login_throttle"


@dataclass(frozen=True)
class Throttle:
    """Where the counts are kept, and how a window of them is judged."""

    storage: Storage
    limiter: RateLimiter

    def reset(self) -> None:
        self.storage.reset()


def init_throttle(app: Flask) -> None:
    """Give the app its counts; storage and strategy come from the RATELIMIT_* settings."""
    storage = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    if not isinstance(storage, Storage):  # an async:// URI: this app counts synchronously
        raise RuntimeError(
            "RATELIMIT_STORAGE_URI must name a synchronous store (memory://, redis://)"
        )
    strategy = STRATEGIES[app.config["RATELIMIT_STRATEGY"]](storage)
    app.extensions[EXTENSION] = Throttle(storage, strategy)


@dataclass(frozen=True)
class Pause:
    """Sign-in is paused for an account or an address until `seconds` from now."""

    scope: str
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, -(-self.seconds // 60))


def _strategy() -> RateLimiter:
    return current_app.extensions[EXTENSION].limiter


def _checks(
    email: str, address: str, device: str | None
) -> list[tuple[str, RateLimitItem, tuple[str, ...]]]:
    config = current_app.config
    account = parse(config["LOGIN_LIMIT_ACCOUNT"])
    # A browser that signed in to the account before has a count of its own instead of the
    # account's, so strangers' failures cannot keep the holder out (see known_device.py).
    first = (
        ("device", account, ("login-device", device))
        if device
        else ("account", account, ("login-account", email.strip().lower()))
    )
    return [first, ("address", parse(config["LOGIN_LIMIT_ADDRESS"]), ("login-address", address))]


def pause_for(email: str, address: str, device: str | None = None) -> Pause | None:
    """The pause in force for this account (or known browser) or address, if either has
    failed too often."""
    strategy = _strategy()
    for scope, item, keys in _checks(email, address, device):
        if not strategy.test(item, *keys):
            reset_at = strategy.get_window_stats(item, *keys).reset_time
            return Pause(scope, max(0, int(reset_at - time.time())))
    return None


def record_failure(email: str, address: str, device: str | None = None) -> bool:
    """Count a failed attempt; True when this one starts a pause of the account."""
    strategy = _strategy()
    account, *_ = checks = _checks(email, address, device)
    was_open = strategy.test(account[1], *account[2])
    for _scope, item, keys in checks:
        strategy.hit(item, *keys)
    return account[0] == "account" and was_open and not strategy.test(account[1], *account[2])


def reset() -> None:
    """Forget every count (tests, and an operator clearing a mistaken pause)."""
    current_app.extensions[EXTENSION].reset()
