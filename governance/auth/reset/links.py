"""Making and reading the signed links that set a new password."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from governance import clock
from governance.auth.models import User

#: Binds signatures to this use, so no other signed value of the app passes for a link.
_SALT = "governance.password-reset.v1"
#: A link made a little "in the future" (clocks of two hosts disagreeing) is still accepted.
_SKEW_SECONDS = 60


@dataclass(frozen=True)
class LinkClaim:
    """What a well-signed link says: whose it is, its fingerprint, when it was made."""

    user_id: int
    fingerprint: str
    issued_at: float


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def fingerprint(user: User) -> str:
    """A keyed digest of what a reset changes: the password hash and the session version."""
    message = f"{user.id}|{user.password_hash}|{user.session_version}".encode()
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def make_token(user: User) -> str:
    """The signed token of a new link for this account, made now."""
    return _serializer().dumps(
        {"u": user.id, "f": fingerprint(user), "t": int(clock.now().timestamp())}
    )


def read_token(token: str) -> LinkClaim | None:
    """What a token says, when it is well formed and signed with this app's key."""
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    user_id, digest, issued = payload.get("u"), payload.get("f"), payload.get("t")
    if not isinstance(user_id, int) or not isinstance(digest, str):
        return None
    if not isinstance(issued, int) or isinstance(issued, bool):
        return None
    return LinkClaim(user_id, digest, float(issued))


def lifetime_minutes() -> int:
    """How long a link works, in minutes (RESET_LINK_MINUTES)."""
    return int(current_app.config["RESET_LINK_MINUTES"])


def is_fresh(claim: LinkClaim) -> bool:
    """True while the link is within its lifetime (and not dated in the future)."""
    age = clock.now().timestamp() - claim.issued_at
    return -_SKEW_SECONDS <= age < lifetime_minutes() * 60


def is_current(claim: LinkClaim, user: User) -> bool:
    """True when the link was made for the account as it is now: not used, not superseded."""
    return claim.user_id == user.id and hmac.compare_digest(claim.fingerprint, fingerprint(user))
