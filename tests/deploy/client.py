"""A small HTTP client for the scale-out checks: one connection per request, so HAProxy
balances every request afresh, and cookies kept by hand, so the same session can be sent to
the balancer (HTTPS) and to either app process directly (plain HTTP on loopback)."""

from __future__ import annotations

import html
import http.client
import re
import secrets
import ssl
import threading
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from scaleout import SERVED_BY


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def served_by(self) -> str | None:
        return self.headers.get(SERVED_BY)

    @property
    def location(self) -> str:
        return self.headers.get("Location") or ""


def csrf_token(page: str) -> str:
    """The CSRF token of the first form on the page."""
    found = re.search(r'<input[^>]*name="csrf_token"[^>]*>', page)
    assert found, "no CSRF token on the page"
    value = re.search(r'value="([^"]*)"', found.group(0))
    assert value
    return html.unescape(value.group(1))


class Client:
    """A browser-like client: cookies shared across whichever URL it is pointed at."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self.context = context
        self.cookies: dict[str, str] = {}
        self._lock = threading.Lock()

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        parts = urlsplit(url)
        if parts.scheme == "https":
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=60, context=self.context
            )
        else:
            conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
        with self._lock:
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent = {"Connection": "close", **(headers or {})}
        if cookie:
            sent["Cookie"] = cookie
        if method == "POST":
            # Flask-WTF checks that an HTTPS POST comes from a page of the same site.
            sent.setdefault("Referer", f"{parts.scheme}://{parts.netloc}/")
        try:
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            conn.request(method, target, body, sent)
            raw = conn.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            conn.close()
        with self._lock:
            for header in response.headers.get_all("Set-Cookie") or []:
                jar: SimpleCookie = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if morsel.value == "" or "1970" in (morsel["expires"] or ""):
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        return response

    def get(self, url: str) -> Response:
        return self.request("GET", url)

    def post(self, url: str, fields: dict[str, str] | list[tuple[str, str]]) -> Response:
        return self.request(
            "POST",
            url,
            body=urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def post_file(
        self, url: str, fields: dict[str, str], name: str, filename: str, content: bytes, kind: str
    ) -> Response:
        """A multipart form with one file."""
        boundary = secrets.token_hex(16)
        chunks = []
        for key, value in fields.items():
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
            chunks.append(f"{head}{value}\r\n".encode())
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        chunks.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST",
            url,
            body=b"".join(chunks),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
