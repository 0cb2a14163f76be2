"""Absolute links for what leaves the app (mail), the same inside a request or outside one."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, request


def base_url() -> str:
    """Where links point: BASE_URL when it is set; otherwise, in development, the address the
    current request came in on (so `PORT=8000 make run` mails links to port 8000); and outside
    a request (the worker, `flask` commands), or in production, LOCAL_BASE_URL.

    Production never takes the host from a request: a forged Host header would otherwise
    steer the links in mail to another site. It should always set BASE_URL.
    """
    config = current_app.config
    if config.get("BASE_URL"):
        return str(config["BASE_URL"])
    if has_request_context() and not config.get("PRODUCTION"):
        return request.host_url
    return str(config.get("LOCAL_BASE_URL") or "http://127.0.0.1:5000")


def app_link(endpoint: str, **values: Any) -> str:
    """The page `endpoint` under `base_url()`.

    Mail is also built by the command line and the worker, where there is no request to take
    a host from; the route's path still comes from the app's own URL map.
    """
    path = current_app.url_map.bind("app").build(endpoint, values)
    return base_url().rstrip("/") + path
