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


# Requests for a password-reset link: every request counts, not only failures, since each
# one may send a mail. The count per address caps the mail one mailbox can be sent; the
# count per client address slows anyone trying address after address.


def _reset_checks(email: str, address: str) -> list[tuple[str, RateLimitItem, tuple[str, ...]]]:
    config = current_app.config
    # The client first: its pause is the one the form reports.
    return [
        ("address", parse(config["RESET_LIMIT_ADDRESS"]), ("reset-address", address)),
        ("account", parse(config["RESET_LIMIT_ACCOUNT"]), ("reset-account", email.strip().lower())),
    ]


def reset_pause_for(email: str, address: str) -> Pause | None:
    """The pause on reset requests from this client ("address") or for this email address
    ("account", whether or not it has one), if either has asked too often."""
    strategy = _strategy()
    for scope, item, keys in _reset_checks(email, address):
        if not strategy.test(item, *keys):
            reset_at = strategy.get_window_stats(item, *keys).reset_time
            return Pause(scope, max(0, int(reset_at - time.time())))
    return None


def reset_cap() -> RateLimitItem:
    """How many links one email address may be sent in a window (RESET_LIMIT_ACCOUNT)."""
    return parse(current_app.config["RESET_LIMIT_ACCOUNT"])


def record_reset_request(email: str, address: str) -> None:
    """Count a request for a reset link against the email address and the client."""
    strategy = _strategy()
    for _scope, item, keys in _reset_checks(email, address):
        strategy.hit(item, *keys)


def clear_account(email: str) -> None:
    """Lift an account's sign-in pause (after its holder has proved their mailbox)."""
    item = parse(current_app.config["LOGIN_LIMIT_ACCOUNT"])
    _strategy().clear(item, "login-account", email.strip().lower())
