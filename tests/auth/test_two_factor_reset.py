"""An administrator resets someone's lost two-factor sign-in: rules, operation and pages."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from governance.audit.models import AuditEvent
from governance.auth.models import RecoveryCode
from governance.auth.permissions import can_reset_two_factor
from governance.auth.two_factor import operations as two_factor
from governance.auth.two_factor import rules as tf
from governance.errors import DomainError
from governance.extensions import db
from governance.mail.models import OutboxMessage
from tests.conftest import PASSWORD, audit_count


def _last_event() -> AuditEvent:
    return db.session.execute(
        sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)
    ).scalar_one()


def _reset_url(user) -> str:
    return f"/people/{user.person_id}/two-factor/reset"


# Rules ----------------------------------------------------------------------------------------


def test_nobody_may_reset_their_own_two_factor():
    """ASVS 2.5.x / 4.1.x: a second administrator must do it, so one stolen session cannot."""
    with pytest.raises(DomainError, match="another administrator"):
        tf.check_reset(7, 7, True)


def test_an_account_without_two_factor_has_nothing_to_reset():
    with pytest.raises(DomainError, match="nothing to reset"):
        tf.check_reset(1, 2, False)
    assert tf.check_reset(1, 2, True) is None


def test_only_administrators_may_reset_and_never_their_own(world):
    """ASVS 4.1.3: deny by default; auditors change nothing; an admin not on themselves."""
    users = world.users
    target = users["member"]
    assert can_reset_two_factor(users["admin"], target)
    assert not can_reset_two_factor(users["admin"], users["admin"])
    for role in ("auditor", "secretary", "chair", "member", "parent"):
        assert not can_reset_two_factor(users[role], target), role
    assert not can_reset_two_factor(users["admin"], None)


# Operation ------------------------------------------------------------------------------------


def test_a_reset_clears_the_factor_ends_sessions_audits_and_mails(world, enrol):
    """ASVS 2.5.6 / 3.3.x / 7.2.2: secret and recovery codes go, every session ends, the event
    names people by id and holds no secret, and the holder is told by email."""
    admin, secretary = world.users["admin"], world.users["secretary"]
    enrolled = enrol(secretary)
    version = secretary.session_version
    two_factor.reset_two_factor(admin, secretary)
    db.session.flush()
    db.session.expire_all()
    assert not secretary.has_two_factor
    assert (secretary.totp_secret, secretary.totp_enabled_at, secretary.totp_last_step) == (
        None,
        None,
        None,
    )
    assert not db.session.execute(
        sa.select(RecoveryCode).where(RecoveryCode.user_id == secretary.id)
    ).first()
    assert secretary.session_version == version + 1
    event = _last_event()
    assert (event.action, event.actor_id, event.target_type, event.target_id) == (
        "user.two_factor_reset",
        admin.id,
        "user_account",
        secretary.id,
    )
    text = json.dumps([event.summary, event.changes])
    assert secretary.person.full_name not in text and "secretary@example.org" not in text
    assert enrolled.secret not in text and not any(code in text for code in enrolled.codes)
    mail = db.session.execute(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "auth.two_factor_reset")
    ).scalar_one()
    assert (mail.to_address, mail.person_id) == ("secretary@example.org", secretary.person_id)
    assert "reset two-factor sign-in" in mail.body and enrolled.secret not in mail.body


def test_a_refused_reset_changes_nothing(world, enrol):
    admin = world.users["admin"]
    enrol(admin)
    before = audit_count()
    with pytest.raises(DomainError):
        two_factor.reset_two_factor(admin, admin)
    with pytest.raises(DomainError):
        two_factor.reset_two_factor(admin, world.users["member"])  # has none
    assert admin.has_two_factor and audit_count() == before


# Pages ----------------------------------------------------------------------------------------


def test_an_administrator_confirms_then_resets_from_the_person_page(client, world, enrol, login):
    """ASVS 2.5.x: the reset is offered on the person's page and asks for confirmation."""
    secretary = world.users["secretary"]
    enrol(secretary)
    db.session.commit()
    login(world.users["admin"])
    page = client.get(f"/people/{secretary.person_id}").get_data(as_text=True)
    assert _reset_url(secretary) in page and "Reset two-factor" in page
    confirm = client.get(_reset_url(secretary))
    assert confirm.status_code == 200
    assert "signed out everywhere" in confirm.get_data(as_text=True)
    assert secretary.has_two_factor  # looking at the confirmation changes nothing
    done = client.post(_reset_url(secretary), data={"submit": "Reset two-factor sign-in"})
    assert done.status_code == 302 and done.headers["Location"] == f"/people/{secretary.person_id}"
    db.session.expire_all()
    assert not secretary.has_two_factor
    after = client.get(f"/people/{secretary.person_id}").get_data(as_text=True)
    assert _reset_url(secretary) not in after  # nothing left to reset


def test_the_reset_is_not_offered_for_ones_own_account_and_is_refused(client, world, enrol, login):
    """ASVS 4.1.3: another administrator must reset an administrator's two-factor."""
    admin = world.users["admin"]
    login(admin)
    enrol(admin)
    db.session.commit()
    assert _reset_url(admin) not in client.get(f"/people/{admin.person_id}").get_data(True)
    before = audit_count()
    assert client.get(_reset_url(admin)).status_code == 403
    assert client.post(_reset_url(admin), data={"submit": "Reset"}).status_code == 403
    db.session.expire_all()
    assert admin.has_two_factor and audit_count() == before


def test_secretaries_may_not_reset_anyones_two_factor(client, world, enrol, login):
    member = world.users["member"]
    enrol(member)
    db.session.commit()
    login(world.users["secretary"])
    assert _reset_url(member) not in client.get(f"/people/{member.person_id}").get_data(True)
    assert client.post(_reset_url(member), data={"submit": "Reset"}).status_code == 403
    db.session.expire_all()
    assert member.has_two_factor


def test_the_reset_needs_the_csrf_token(client, world, enrol, login, app):
    """ASVS 4.2.2: a forged post without the token resets nothing."""
    member = world.users["member"]
    enrol(member)
    db.session.commit()
    login(world.users["admin"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(_reset_url(member), data={"submit": "Reset"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    db.session.expire_all()
    assert member.has_two_factor


def test_after_a_reset_a_required_officer_sets_two_factor_up_again(client, world, enrol, login):
    """ASVS 2.8.x: with the policy on, the next sign-in goes straight to setting it up."""
    secretary = world.users["secretary"]
    enrol(secretary)
    two_factor.set_policy(world.users["admin"], True)
    two_factor.reset_two_factor(world.users["admin"], secretary)
    db.session.commit()
    signed_in = client.post("/login", data={"email": secretary.email, "password": PASSWORD})
    assert signed_in.headers["Location"] == "/account/two-factor"
    assert client.get("/boards").headers["Location"] == "/account/two-factor"
