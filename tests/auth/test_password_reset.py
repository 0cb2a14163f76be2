"""Forgotten passwords: a single-use, expiring, signed link by mail, asked for without
revealing whether an address has an account."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable, Iterator

import flask
import pytest
import sqlalchemy as sa

from governance.audit.models import AuditEvent
from governance.auth.signin import throttle
from governance.extensions import db
from governance.mail.models import OutboxMessage
from tests.conftest import PASSWORD, audit_count

NEW_PASSWORD = "a fresh river of quiet lanterns"
LINK = re.compile(r"(/password-reset/[A-Za-z0-9_.\-]+)")


def _ask(client, email: str = "member@example.org", address: str = "127.0.0.1"):
    return client.post(
        "/password-reset", data={"email": email}, environ_base={"REMOTE_ADDR": address}
    )


def _reset_mails(to: str | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).where(OutboxMessage.kind == "auth.password_reset")
    if to is not None:
        query = query.where(OutboxMessage.to_address == to)
    return list(db.session.execute(query.order_by(OutboxMessage.id)).scalars())


def _link(client, email: str = "member@example.org") -> str:
    assert _ask(client, email).status_code == 200
    mail = _reset_mails(email)[-1]
    match = LINK.search(mail.body)
    assert match, mail.body
    return match.group(1)


def _set(client, link: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    return client.post(
        link,
        data={"new_password": password, "confirm": password if confirm is None else confirm},
    )


def _signs_in(app: flask.Flask, email: str, password: str) -> bool:
    other = app.test_client()
    return other.post("/login", data={"email": email, "password": password}).status_code == 302


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def reset_limits(app: flask.Flask) -> Iterator[Callable[..., None]]:
    """Set low limits on reset requests for one test, with the counts cleared around it."""
    keys = ("RESET_LIMIT_ACCOUNT", "RESET_LIMIT_ADDRESS")
    saved = {key: app.config.get(key) for key in keys}

    def set_limits(account: str = "2 per hour", address: str = "50 per hour") -> None:
        app.config.update(RESET_LIMIT_ACCOUNT=account, RESET_LIMIT_ADDRESS=address)

    throttle.reset()
    set_limits()
    try:
        yield set_limits
    finally:
        app.config.update(saved)
        throttle.reset()


# The sign-in page.


def test_sign_in_page_offers_a_forgotten_password_link_and_says_what_the_site_is(client, world):
    page = _text(client.get("/login"))
    assert 'href="/password-reset"' in page and "Forgotten your password?" in page
    assert "meetings, papers, decisions and minutes" in page


def test_sign_in_fields_carry_autocomplete_hints(client, world, login):
    page = _text(client.get("/login"))
    assert re.search(r'<input[^>]*autocomplete="username"[^>]*name="email"', page), page
    assert re.search(r'<input[^>]*autocomplete="current-password"[^>]*name="password"', page)
    login(world.users["member"])
    change = _text(client.get("/account/password"))
    assert re.search(r'autocomplete="current-password"[^>]*name="current_password"', change)
    assert re.search(r'autocomplete="new-password"[^>]*name="new_password"', change)
    assert re.search(r'autocomplete="new-password"[^>]*name="confirm"', change)


def test_password_fields_of_every_auth_form_say_what_a_browser_may_fill(app):
    """Every password field names current-password or new-password; codes one-time-code."""
    from governance.auth import forms

    with app.test_request_context():
        for name in dir(forms):
            form_class = getattr(forms, name)
            if not (isinstance(form_class, type) and issubclass(form_class, forms.FlaskForm)):
                continue
            if form_class is forms.FlaskForm:
                continue
            for field in form_class(meta={"csrf": False}):
                hint = (field.render_kw or {}).get("autocomplete")
                if field.type == "PasswordField":
                    assert hint in ("current-password", "new-password"), (name, field.name)
                if field.name == "code":
                    assert hint == "one-time-code", (name, field.name)


# Asking for a link.


def test_the_answer_is_the_same_whether_or_not_an_address_has_an_enabled_account(
    client, world, make_user
):
    disabled = make_user("gone@example.org")
    disabled.is_enabled = False
    db.session.flush()
    answers = [_ask(client, email) for email in ("member@example.org", "nobody@example.org")]
    answers.append(_ask(client, "gone@example.org"))
    assert [a.status_code for a in answers] == [200, 200, 200]
    pages = [_text(a) for a in answers]
    assert "Check your email" in pages[0]
    assert pages[0].replace("member@example.org", "X") == pages[1].replace(
        "nobody@example.org", "X"
    )
    assert pages[1].replace("nobody@example.org", "X") == pages[2].replace("gone@example.org", "X")


def test_only_an_enabled_account_is_sent_a_link(client, world, make_user):
    disabled = make_user("gone@example.org")
    disabled.is_enabled = False
    db.session.flush()
    for email in ("Member@Example.org ", "nobody@example.org", "gone@example.org"):
        _ask(client, email)
    (mail,) = _reset_mails()
    assert mail.to_address == "member@example.org"
    assert mail.person_id == world.users["member"].person_id
    assert "Member" in mail.body and "1 hour" in mail.body
    assert LINK.search(mail.body)


def test_asking_for_a_link_takes_about_as_long_for_an_unknown_address(client, world):
    """No timing tells an account from none: the medians of 15 requests each differ little."""

    def median(email: str) -> float:
        times = []
        for _ in range(15):
            started = time.perf_counter()
            _ask(client, email)
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    median("nobody@example.org")  # warm up
    known, unknown = median("member@example.org"), median("nobody@example.org")
    assert len(_reset_mails("member@example.org")) == 15  # the known address was mailed
    assert abs(known - unknown) < max(0.02, 0.5 * min(known, unknown)), (known, unknown)


def test_a_bad_address_comes_back_with_a_message_beside_the_field(client, world):
    response = _ask(client, "not an address")
    assert response.status_code == 400
    page = _text(response)
    assert 'id="email-error"' in page and 'value="not an address"' in page
    assert not _reset_mails()


def test_requests_for_one_address_are_capped_without_saying_so_differently(
    client, world, reset_limits
):
    reset_limits(account="2 per hour")
    answers = [_text(_ask(client, "member@example.org", f"10.0.0.{n}")) for n in range(4)]
    assert len(_reset_mails("member@example.org")) == 2
    assert answers[3] == answers[0]


def test_requests_from_one_client_are_paused(client, world, reset_limits):
    reset_limits(account="50 per hour", address="3 per hour")
    statuses = [_ask(client, f"guess{n}@example.org", "10.7.7.7").status_code for n in range(3)]
    assert statuses == [200, 200, 200]
    paused = _ask(client, "member@example.org", "10.7.7.7")
    assert paused.status_code == 429
    assert "Too many requests" in _text(paused)
    assert 'value="member@example.org"' in _text(paused)
    assert not _reset_mails("member@example.org")
    assert _ask(client, "member@example.org", "10.8.8.8").status_code == 200


# Using the link.


def test_the_link_sets_a_new_password_and_signs_out_every_session(app, client, world):
    other = app.test_client()
    assert (
        other.post("/login", data={"email": "member@example.org", "password": PASSWORD}).status_code
        == 302
    )
    link = _link(client)
    form = client.get(link)
    assert form.status_code == 200
    assert re.search(r'autocomplete="new-password"[^>]*name="new_password"', _text(form))
    done = _set(client, link)
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert other.get("/account").status_code == 302  # sent to sign in
    assert _signs_in(app, "member@example.org", NEW_PASSWORD)
    assert not _signs_in(app, "member@example.org", PASSWORD)


def test_the_link_works_only_once(app, client, world):
    link = _link(client)
    assert _set(client, link).status_code == 302
    again = client.get(link)
    assert again.status_code == 410
    assert "no longer works" in _text(again)
    assert _set(client, link, "another long passphrase here").status_code == 410
    assert _signs_in(app, "member@example.org", NEW_PASSWORD)


def test_the_link_expires_after_an_hour(client, world, move_clock):
    move_clock()
    link = _link(client)
    move_clock(minutes=59)
    assert client.get(link).status_code == 200
    move_clock(minutes=61)
    assert client.get(link).status_code == 410
    assert _set(client, link).status_code == 410


def test_an_altered_link_is_refused(client, world):
    link = _link(client)
    assert client.get(link[:-3] + ("abc" if not link.endswith("abc") else "xyz")).status_code == 410
    assert client.get("/password-reset/not-a-token").status_code == 410


def test_a_disabled_account_cannot_use_a_link_sent_before(client, world):
    link = _link(client)
    world.users["member"].is_enabled = False
    db.session.flush()
    assert client.get(link).status_code == 410
    assert _set(client, link).status_code == 410


def test_a_weak_new_password_is_refused_beside_the_field_and_the_link_still_works(client, world):
    link = _link(client)
    weak = _set(client, link, "short")
    assert weak.status_code == 400
    assert 'id="new_password-error"' in _text(weak)
    differ = _set(client, link, NEW_PASSWORD, "something else entirely")
    assert differ.status_code == 400 and "differ" in _text(differ)
    assert _set(client, link).status_code == 302


def test_a_reset_is_audited_without_personal_values(client, world):
    link = _link(client)
    before = audit_count()
    _set(client, link)
    assert audit_count() == before + 1
    event = db.session.execute(
        sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)
    ).scalar_one()
    assert event.action == "user.password_reset"
    assert event.target_id == world.users["member"].id
    recorded = f"{event.summary} {event.changes}"
    for personal in ("member@example.org", "Member", NEW_PASSWORD, PASSWORD):
        assert personal not in recorded
    assert "session_version" in event.changes


def test_a_reset_lifts_a_sign_in_pause_on_the_account(app, client, world):
    from tests.auth.test_throttle import _fail

    keys = ("LOGIN_LIMIT_ACCOUNT", "LOGIN_LIMIT_ADDRESS")
    saved = {key: app.config[key] for key in keys}
    throttle.reset()
    app.config.update(LOGIN_LIMIT_ACCOUNT="2 per 15 minutes", LOGIN_LIMIT_ADDRESS="50 per hour")
    try:
        _fail(client)
        assert _fail(client).status_code == 429
        link = _link(client)
        assert _set(client, link).status_code == 302
        assert _signs_in(app, "member@example.org", NEW_PASSWORD)
    finally:
        app.config.update(saved)
        throttle.reset()


def test_a_signed_in_user_asking_is_sent_to_change_their_password(client, world, login):
    login(world.users["member"])
    response = client.get("/password-reset")
    assert response.status_code == 302 and response.headers["Location"] == "/account/password"


def test_the_outbox_withholds_a_reset_mail_from_administrators(app, client, world, login):
    """A reset link acts as a password: an administrator reading the outbox must not be able
    to take over the account with it (development shows it, for the demo)."""
    _ask(client)
    (mail,) = _reset_mails("member@example.org")
    login(world.users["admin"])
    page = _text(client.get(f"/outbox/{mail.id}"))
    assert "password-reset/" not in page and "withheld" in page
    assert "password-reset/" not in _text(client.get("/outbox"))
    saved = app.config["OUTBOX_WITHHELD_KINDS"]
    app.config["OUTBOX_WITHHELD_KINDS"] = ()
    try:
        assert "password-reset/" in _text(client.get(f"/outbox/{mail.id}"))
    finally:
        app.config["OUTBOX_WITHHELD_KINDS"] = saved
