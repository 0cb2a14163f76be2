"""The pages keep to the app's Content Security Policy in a real browser: nothing inline is
blocked, so nothing silently stops working. (The other browser tests bypass the policy only to
inject axe-core.)"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

PAGES = (
    "/",
    "/boards/{board}",
    "/boards/{board}/compliance",
    "/meetings/{upcoming}",
    "/decisions/{special_decision}",
    "/meetings/{approved_minutes}/minutes",
    "/audit/",
)


def test_pages_break_no_rule_of_the_content_security_policy(
    open_page: Any, live_server: dict[str, Any]
) -> None:
    page = open_page("admin", bypass_csp=False)
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    for address in PAGES:
        response = page.goto(address.format(**live_server))
        assert response is not None and response.status == 200
        assert response.headers.get("content-security-policy")
    assert not blocked, "\n".join(blocked)
    assert not page.console_errors, "\n".join(page.console_errors)
