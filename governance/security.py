"""Security headers on every response; trusting a reverse proxy's forwarded headers; refusing
NUL characters and out-of-range ids in input."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, abort, request
from werkzeug.datastructures import MultiDict
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

#: Everything from this site only; no inline script or style; never framed.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
#: Browser features no page here uses.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def init_security_headers(app: Flask) -> None:
    """Add the headers after each request, leaving any a view set for itself alone."""

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.endpoint != "static":
            # Pages can hold personal data, papers or recovery codes: no shared or back-button
            # cache keeps a copy. Static files keep Flask's own caching.
            headers.setdefault("Cache-Control", "no-store")
        if app.config.get("PRODUCTION"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def init_proxy_fix(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client address and scheme from them.

    Only then is X-Forwarded-For believed: otherwise anyone could set it and dodge the
    per-address sign-in limit.
    """
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )


def _has_nul(values: MultiDict[str, str]) -> bool:
    # A multipart part whose name cannot be parsed (e.g. a bare newline) arrives named None.
    return any(
        "\x00" in (key or "") or "\x00" in (value or "") for key, value in values.items(multi=True)
    )


class BoundedInteger(IntegerConverter):
    """`<int:...>` in URLs, but only ids a 32-bit integer column can hold: a larger one is a
    404, not an overflow in the database driver (a 500)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(*args, **kwargs)


def init_input_guard(app: Flask) -> None:
    """Bound the ids URLs accept, and refuse (400) any request whose form, query or file names
    hold a NUL character: no person types one, and PostgreSQL cannot store one in text.

    Call before the blueprints are registered: their rules take the converter then.
    """
    app.url_map.converters["int"] = BoundedInteger

    @app.before_request
    def _no_nul() -> None:
        names = [f.filename or "" for f in request.files.values()]
        if _has_nul(request.args) or _has_nul(request.form) or any("\x00" in n for n in names):
            abort(400)
