"""Security headers on every response; trusting a reverse proxy's forwarded headers; refusing
NUL characters and out-of-range ids in input; never signing with a public secret key."""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Any

import click
from flask import Flask, Response, abort, request
from werkzeug.datastructures import MultiDict
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from config import DEV_SECRET_KEY

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


#: The routes that take a file; a file sent to any other is refused. (Flask-WTF reads files
#: into a form's fields, where a text field's validators cannot handle one.)
FILE_ENDPOINTS = frozenset({"papers.upload", "papers.new_version", "induction.add_material"})


def _malformed(values: MultiDict[str, Any]) -> bool:
    # A multipart part whose name cannot be parsed (e.g. a bare newline) arrives named None.
    return any(
        key is None or "\x00" in key or (isinstance(value, str) and "\x00" in value)
        for key, value in values.items(multi=True)
    )


class BoundedInteger(IntegerConverter):
    """`<int:...>` in URLs, but only ids a 32-bit integer column can hold: a larger one is a
    404, not an overflow in the database driver (a 500)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(*args, **kwargs)


def init_input_guard(app: Flask) -> None:
    """Bound the ids URLs accept, and refuse (400) any request whose form, query or file names
    hold a NUL character (no person types one, and PostgreSQL cannot store one in text), whose
    form has a part without a readable name, or that sends a file where none is taken.

    Call before the extensions and blueprints: the guard must run before the CSRF check, which
    trips over a part without a name, and the blueprints' rules take the converter when
    registered.
    """
    app.url_map.converters["int"] = BoundedInteger

    @app.before_request
    def _no_nul() -> None:
        if _malformed(request.args) or _malformed(request.form) or _malformed(request.files):
            abort(400)
        if request.files:
            if request.endpoint not in FILE_ENDPOINTS:
                abort(400)
            if any("\x00" in (f.filename or "") for f in request.files.values()):
                abort(400)


#: The file in the instance folder that keeps the key made when SECRET_KEY is not set.
SECRET_KEY_FILE = "secret_key"  # noqa: S105  (a file name)


def settle_secret_key(app: Flask) -> None:
    """Make sure the app never signs with a key anyone can read, and say what key it uses.

    Production needs SECRET_KEY set (every process behind a load balancer must share it).
    Elsewhere an unset key is replaced by a random one kept in the instance folder, so a
    deployment that forgot GOVERNANCE_ENV is not left on the key written in config.py; that
    key is accepted only by `flask run` on a loopback address (`make run`) and the tests.

    Raises:
        RuntimeError: production without a key of its own, or the public key where others
            could reach the server.
    """
    key = app.config.get("SECRET_KEY")
    if app.config.get("PRODUCTION") and key in (None, "", DEV_SECRET_KEY):
        raise RuntimeError("Set SECRET_KEY to a long random value before running in production.")
    if app.config.get("TESTING"):
        return
    if not key:
        key, made = _instance_secret_key(Path(app.instance_path))
        app.config["SECRET_KEY"] = key
        where = Path(app.instance_path) / SECRET_KEY_FILE
        app.logger.warning(
            "SECRET_KEY is not set: %s %s. Set SECRET_KEY (the same on every process) "
            "for a deployment.",
            "made a new random key and kept it in" if made else "using the key kept in",
            where,
        )
    elif key == DEV_SECRET_KEY:
        host = _flask_run_host()
        if host is None or not _is_loopback(host):
            raise RuntimeError(
                "SECRET_KEY is the public development key, which only `flask run` on a "
                "loopback address may use. Unset SECRET_KEY to have a private key made, "
                "or set a long random one."
            )
        app.logger.warning("Using the public development SECRET_KEY: serving on %s only.", host)


def _flask_run_host() -> str | None:
    """The address `flask run` serves on, when this process is `flask run`."""
    context = click.get_current_context(silent=True)
    if context is None or context.info_name != "run":
        return None
    host = context.params.get("host")
    return host if isinstance(host, str) else None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _instance_secret_key(folder: Path) -> tuple[str, bool]:
    """The key kept in the instance folder, made (mode 0600) if there is none; and whether it
    was made now. Processes starting together agree: the first file linked into place wins."""
    path = folder / SECRET_KEY_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        draft = folder / f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(48) + "\n")
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(draft, path)
            made = True
        except FileExistsError:
            made = False  # another process made it first
        finally:
            draft.unlink()
    else:
        made = False
    key = path.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} does not hold a usable key: delete it to have a new one made.")
    return key, made
