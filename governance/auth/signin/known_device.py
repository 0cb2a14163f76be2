"""Known browsers: a way through an account's sign-in pause for the account's own holder.

Five wrong passwords pause an account for everyone, so anyone who knows a member's address
could keep them out for good. A browser that has completed a sign-in to an account gets a
signed, long-lived cookie naming the account and a random id for the browser. While the
account is paused, sign-in from that browser is judged by its own count instead of the
account's: the right password still works there, and wrong ones pause that browser alone.
The cookie never stands in for the password (or the second factor); the per-address limit
still applies to everyone.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

#: Binds signatures to this use, so no other signed value of the app passes for one.
_SALT = "governance.known-device.v1"
COOKIE = "known_device"
#: The __Host- prefix (secure, host-only, path /) wherever the session cookie has it.
SECURE_COOKIE = "__Host-known_device"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _cookie_name() -> str:
    return SECURE_COOKIE if current_app.config.get("SESSION_COOKIE_SECURE") else COOKIE


def _max_age() -> int:
    return int(current_app.config["KNOWN_DEVICE_DAYS"]) * 24 * 3600


def _payload() -> dict[str, Any] | None:
    token = request.cookies.get(_cookie_name())
    if not token:
        return None
    try:
        payload = _serializer().loads(token, max_age=_max_age())
    except BadSignature:  # altered, made with another key, or too old
        return None
    if not isinstance(payload, dict):
        return None
    if not isinstance(payload.get("u"), int) or not isinstance(payload.get("d"), str):
        return None
    return payload


def has_cookie() -> bool:
    """True when the browser sent a known-browser cookie (checked or not)."""
    return bool(request.cookies.get(_cookie_name()))


def device_for(user_id: int | None) -> str | None:
    """This browser's id when it has signed in to account `user_id` before, else None."""
    payload = _payload()
    if user_id is None or payload is None or payload["u"] != user_id:
        return None
    return str(payload["d"])


def remember(response: Response, user_id: int) -> Response:
    """Mark this browser as one that signed in to the account (keeping its id if it had one)."""
    device = device_for(user_id) or secrets.token_urlsafe(16)
    response.set_cookie(
        _cookie_name(),
        _serializer().dumps({"u": user_id, "d": device}),
        max_age=_max_age(),
        path="/",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )
    return response
