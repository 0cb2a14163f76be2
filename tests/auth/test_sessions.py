"""Sessions: renewed at sign-in, ended by signing out and by idle and absolute timeouts."""

from __future__ import annotations

from urllib.parse import unquote

from tests.conftest import PASSWORD


def _sign_in(client, email: str = "member@example.org"):
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def test_signing_in_starts_a_new_session_with_nothing_carried_over(client, world):
    """ASVS 3.2.1: a new session on authentication (no session fixation)."""
    client.get("/login")
    with client.session_transaction() as planted:
        planted["planted_by_attacker"] = "yes"
        planted["csrf_token"] = "a token the attacker knows"
    before = client.get_cookie("session").value
    _sign_in(client)
    with client.session_transaction() as session:
        assert "planted_by_attacker" not in session
        assert session.get("csrf_token") != "a token the attacker knows"
        assert session["_user_id"].startswith(f"{world.users['member'].id}:")
    assert client.get_cookie("session").value != before


def test_a_copied_session_cookie_is_useless_after_signing_out(app, client, world):
    """ASVS 3.3.1: logout invalidates the session, even a copy of its cookie."""
    _sign_in(client)
    stolen = client.get_cookie("session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_sign_out_everywhere_ends_other_sessions_and_keeps_this_one(app, client, world):
    """ASVS 3.3.3, 3.3.4: a user can end all their other active sessions."""
    other = app.test_client()
    _sign_in(other)
    _sign_in(client)
    page = client.get("/account").get_data(as_text=True)
    assert "Sign out everywhere" in page
    response = client.post("/account/sign-out-everywhere")
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302


def test_an_idle_session_is_sent_to_sign_in_with_the_reason(client, world, move_clock):
    """ASVS 3.3.2: idle timeout (default 30 minutes), with the reason shown."""
    _sign_in(client)
    move_clock(minutes=20)
    assert client.get("/account").status_code == 200
    move_clock(minutes=45)  # 25 minutes after the last request: still in time
    assert client.get("/account").status_code == 200
    move_clock(minutes=75)  # 30 minutes idle
    response = client.get("/account")
    assert response.status_code == 302
    assert unquote(response.headers["Location"]) == "/login?next=/account"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "30 minutes without activity" in page
    move_clock(minutes=76)
    assert client.get("/account").status_code == 302  # stays signed out


def test_a_busy_session_still_ends_twelve_hours_after_signing_in(client, world, move_clock):
    """ASVS 3.3.2: absolute timeout (default 12 hours) however active the user is."""
    _sign_in(client)
    for minutes in range(20, 12 * 60, 20):
        move_clock(minutes=minutes)
        assert client.get("/account").status_code == 200, minutes
    move_clock(hours=12)
    response = client.get("/account")
    assert response.status_code == 302
    assert "over 12 hours ago" in client.get("/login").get_data(as_text=True)


def test_timeouts_are_configurable(app, client, world, move_clock):
    app.config.update(SESSION_IDLE_MINUTES=5, SESSION_ABSOLUTE_HOURS=1)
    try:
        _sign_in(client)
        move_clock(minutes=4)
        assert client.get("/account").status_code == 200
        move_clock(minutes=9)
        assert client.get("/account").status_code == 302
        _sign_in(client)
        move_clock(minutes=62)
        assert client.get("/account").status_code == 302
    finally:
        app.config.update(SESSION_IDLE_MINUTES=30, SESSION_ABSOLUTE_HOURS=12)


def test_changing_password_keeps_the_absolute_limit_from_the_first_sign_in(
    client, world, move_clock
):
    """Renewing a session after a password change does not stretch its lifetime."""
    _sign_in(client)
    move_clock(hours=11, minutes=50)
    client.get("/account")  # keep it active
    move_clock(hours=11, minutes=55)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "brand new long passphrase",
            "confirm": "brand new long passphrase",
        },
    )
    assert response.status_code == 302
    move_clock(hours=12, minutes=1)
    assert client.get("/account").status_code == 302


def test_session_cookie_is_httponly_and_samesite_lax(client, world):
    """ASVS 3.4.2, 3.4.3: HttpOnly and SameSite on the session cookie."""
    response = _sign_in(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
