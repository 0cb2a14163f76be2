"""Absolute links for what leaves the app (mail), the same inside a request or outside one."""

from __future__ import annotations

from typing import Any

from flask import current_app


def app_link(endpoint: str, **values: Any) -> str:
    """The page `endpoint` under the configured BASE_URL, never the host a request came in on.

    Mail is also built by the command line and the worker, where there is no request to take
    a host from; the route's path still comes from the app's own URL map.
    """
    path = current_app.url_map.bind("app").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path
