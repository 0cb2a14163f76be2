"""Accounts: creation, sign-in, password change."""

from __future__ import annotations

import pytest

from governance.auth import operations
from governance.errors import DomainError
from tests.conftest import PASSWORD


def test_passwords_are_stored_as_argon2id_hashes(make_user):
    """ASVS 2.4.1: passwords are stored with Argon2id, a salted, memory-hard hash."""
    user = make_user("jo@example.org")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_sign_in_ignores_email_case_and_refuses_a_wrong_password(make_user):
    user = make_user("jo@example.org")
    assert operations.authenticate(" JO@example.org", PASSWORD) is user
    operations.record_sign_in(user, "password")
    assert user.last_login_at is not None
    with pytest.raises(DomainError, match="do not match"):
        operations.authenticate("jo@example.org", "wrong password here")
    with pytest.raises(DomainError, match="do not match"):
        operations.authenticate("nobody@example.org", PASSWORD)


def test_disabled_account_cannot_sign_in(make_user):
    user = make_user("jo@example.org")
    user.is_enabled = False
    with pytest.raises(DomainError):
        operations.authenticate("jo@example.org", PASSWORD)


def test_changing_password_ends_other_sessions(make_user):
    user = make_user("jo@example.org")
    old_id = user.get_id()
    operations.change_password(user, PASSWORD, "a new and longer passphrase")
    assert user.get_id() != old_id
    assert operations.authenticate("jo@example.org", "a new and longer passphrase") is user


def test_changing_password_needs_the_current_one(make_user):
    user = make_user("jo@example.org")
    with pytest.raises(DomainError) as caught:
        operations.change_password(user, "not my password", "a new and longer passphrase")
    assert caught.value.field == "current_password"


def test_auditor_cannot_also_be_administrator(make_person):
    with pytest.raises(DomainError) as caught:
        operations.create_account(
            None, make_person(), "a@example.org", PASSWORD, is_admin=True, is_auditor=True
        )
    assert caught.value.field == "is_auditor"


def test_one_login_per_person_and_per_email(make_person, make_user):
    user = make_user("jo@example.org")
    with pytest.raises(DomainError, match="already has a login"):
        operations.create_account(None, user.person, "other@example.org", PASSWORD)
    with pytest.raises(DomainError, match="already has a login"):
        operations.create_account(None, make_person(), "jo@example.org", PASSWORD)
