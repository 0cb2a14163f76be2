"""A browser that signed in to an account before gets through a pause strangers caused."""

from __future__ import annotations

import pytest

from governance.auth.signin import known_device
from tests.conftest import PASSWORD

MEMBER = "member@example.org"


def sign_in(client, password: str = PASSWORD, email: str = MEMBER):
    return client.post("/login", data={"email": email, "password": password})


def pause_the_account(app) -> None:
    """A stranger, in another browser, fails until the account is paused."""
    stranger = app.test_client()
    statuses = [sign_in(stranger, "wrong password guess").status_code for _ in range(3)]
    assert statuses[-1] == 429
    assert sign_in(stranger).status_code == 429  # the right password too, from elsewhere


def test_a_browser_that_signed_in_before_still_signs_in_while_the_account_is_paused(
    app, client, world, low_limits
):
    """ASVS 2.2.1: anyone who knows the address could keep the holder out for good with a
    few wrong passwords every quarter hour; the holder's own browser is counted apart."""
    assert sign_in(client).status_code == 302
    client.post("/logout")
    pause_the_account(app)
    assert sign_in(client).status_code == 302
    assert client.get("/account").status_code == 200


def test_a_new_browser_is_still_paused(app, world, low_limits):
    pause_the_account(app)
    assert sign_in(app.test_client()).status_code == 429


def test_wrong_passwords_from_a_known_browser_pause_that_browser(app, client, world, low_limits):
    """The known browser has a count of its own, with the account's limit."""
    assert sign_in(client).status_code == 302
    client.post("/logout")
    statuses = [sign_in(client, "wrong password guess").status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    assert "from this browser" in sign_in(client).get_data(as_text=True)
    # ...which does not pause the account for the holder's other browsers.
    assert sign_in(app.test_client()).status_code == 302


@pytest.mark.parametrize("forged", ["junk", "for-another-account", "unsigned"])
def test_a_forged_or_borrowed_known_browser_cookie_does_not_get_through(
    forged, app, client, world, low_limits
):
    other = app.test_client()
    assert sign_in(other, email="chair@example.org").status_code == 302
    cookie = other.get_cookie(known_device.COOKIE)
    assert cookie is not None
    value = {
        "junk": "junk",
        "for-another-account": cookie.value,  # names the chair's account, not the member's
        "unsigned": cookie.value.split(".")[0] + ".AAAA.BBBB",
    }[forged]
    pause_the_account(app)
    client.set_cookie(known_device.COOKIE, value)
    assert sign_in(client).status_code == 429


def test_the_known_browser_cookie_is_http_only_signed_and_names_no_address(client, world):
    response = sign_in(client)
    header = next(
        h for h in response.headers.getlist("Set-Cookie") if h.startswith(known_device.COOKIE)
    )
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Max-Age=" in header
    assert "member" not in header and "example.org" not in header
