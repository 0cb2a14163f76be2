"""Sign-in throttling per account and per client address (the `limits` library)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from governance import create_app
from governance.auth.signin import throttle
from governance.extensions import db
from governance.mail.models import OutboxMessage
from tests.conftest import PASSWORD, audit_count


def _fail(client, email: str = "member@example.org", address: str = "127.0.0.1"):
    return client.post(
        "/login",
        data={"email": email, "password": "not the password at all"},
        environ_base={"REMOTE_ADDR": address},
    )


def _lockout_mails(to: str) -> list[OutboxMessage]:
    return list(
        db.session.execute(
            sa.select(OutboxMessage).where(
                OutboxMessage.kind == "auth.lockout", OutboxMessage.to_address == to
            )
        ).scalars()
    )


def test_account_is_paused_after_repeated_failures_with_the_form_kept(client, world, low_limits):
    """ASVS 2.2.1: anti-automation against brute force on one account; the form says why."""
    statuses = [_fail(client).status_code for _ in range(2)]
    assert statuses == [400, 400]
    response = _fail(client)  # the third failure pauses the account
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "paused for about 15 minutes" in page
    assert 'value="member@example.org"' in page
    assert "not the password at all" not in page
    # Even the right password is refused while paused, from any address.
    right = client.post(
        "/login",
        data={"email": "member@example.org", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
    )
    assert right.status_code == 429
    assert client.get("/account").status_code == 302  # not signed in


def test_the_account_holder_is_mailed_once_per_pause_not_per_attempt(client, world, low_limits):
    """ASVS 2.2.3: the user is told of a lock-out through the outbox, once."""
    events = audit_count()
    for _ in range(6):
        _fail(client)
    (mail,) = _lockout_mails("member@example.org")
    assert "paused" in mail.subject and "Member" in mail.body
    assert audit_count() == events + 1  # the lock-out, not every attempt


def test_unknown_addresses_are_paused_alike_and_nobody_is_mailed(client, world, low_limits):
    """The pause does not reveal whether an address has an account."""
    for _ in range(3):
        response = _fail(client, email="nobody@example.org")
    assert response.status_code == 429
    assert not _lockout_mails("nobody@example.org")


def test_a_client_address_is_paused_across_many_accounts(client, world, low_limits):
    """ASVS 2.2.1: credential stuffing from one address, one try per account, is slowed."""
    low_limits(account="3 per 15 minutes", address="4 per 15 minutes")
    emails = [f"guess{n}@example.org" for n in range(4)]
    assert [_fail(client, email=e, address="10.1.1.1").status_code for e in emails[:3]] == [
        400,
        400,
        400,
    ]
    paused = _fail(client, email=emails[3], address="10.1.1.1")
    assert paused.status_code == 429
    assert "from your network" in paused.get_data(as_text=True)
    # Another address can still sign in.
    ok = client.post(
        "/login",
        data={"email": "member@example.org", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.2.2.2"},
    )
    assert ok.status_code == 302


def test_successful_sign_ins_do_not_count_towards_a_pause(client, world, low_limits, login):
    for _ in range(5):
        login(world.users["member"])
        client.post("/logout")
    assert _fail(client).status_code == 400


def test_limits_come_from_configuration(app, world, low_limits):
    low_limits(account="1 per 15 minutes")
    with app.test_request_context():
        assert throttle.record_failure("member@example.org", "10.0.0.1") is True
        pause = throttle.pause_for("member@example.org", "10.0.0.1")
    assert pause is not None and pause.scope == "account" and 14 <= pause.minutes <= 15


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A throwaway redis-server on a free loopback port, stopped afterwards."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("redis-server did not start")
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_counts_are_shared_through_redis_when_configured(redis_url, tmp_path):
    """Several processes behind a load balancer share one count when RATELIMIT_STORAGE_URI
    names a Redis server (two apps stand in for two processes)."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'r.sqlite3'}",
        "RATELIMIT_STORAGE_URI": redis_url,
        "LOGIN_LIMIT_ACCOUNT": "2 per 15 minutes",
    }
    first, second = create_app("test", settings), create_app("test", settings)
    assert type(first.extensions[throttle.EXTENSION].storage).__name__ == "RedisStorage"
    with first.test_request_context():
        throttle.record_failure("jo@example.org", "10.0.0.1")
        assert throttle.record_failure("jo@example.org", "10.0.0.2") is True
    with second.test_request_context():
        pause = throttle.pause_for("JO@example.org", "10.0.0.3")
        assert pause is not None and pause.scope == "account"
        assert throttle.pause_for("someone@example.org", "10.0.0.3") is None


def test_a_forged_forwarded_for_header_does_not_escape_the_address_limit(client, world, low_limits):
    """Without TRUSTED_PROXIES, X-Forwarded-For is not believed."""
    low_limits(account="50 per 15 minutes", address="2 per 15 minutes")
    statuses = [
        client.post(
            "/login",
            data={"email": f"guess{n}@example.org", "password": "wrong password here"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        ).status_code
        for n in range(3)
    ]
    assert statuses == [400, 429, 429]
