"""Password, session and two-factor rules (no app)."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from governance.auth.rules import check_password, session_end_reason
from governance.auth.two_factor import rules as tf
from governance.errors import DomainError


@pytest.mark.parametrize(
    "password", ["short", "elevenchars", "password1234", "aaaaaaaaaaaaaaaa", "ababababababab"]
)
def test_short_common_or_repetitive_passwords_are_refused(password):
    """ASVS 2.1.1 (at least 12 characters), 2.1.7 (common and guessable ones refused)."""
    with pytest.raises(DomainError) as caught:
        check_password(password)
    assert caught.value.field == "password"


def test_password_containing_the_users_own_name_is_refused():
    """ASVS 2.1.7: a password built from the user's own details is guessable."""
    with pytest.raises(DomainError, match="name or email"):
        check_password("margaret-is-great-2026", email="margaret@example.org")


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "tea kettle on saturday", "démo-pässwörd-ünïcode"]
)
def test_long_uncommon_passwords_are_accepted_without_composition_rules(password):
    """ASVS 2.1.9: no rules on kinds of character; 2.1.4: any Unicode, spaces included."""
    check_password(password, email="someone@example.org", name="Some One")


def test_twelve_characters_are_enough_and_long_passphrases_are_not_cut():
    """ASVS 2.1.1 (12 is the minimum, 11 is refused), 2.1.2 (128 characters allowed)."""
    check_password("Tarn-lake-17")
    with pytest.raises(DomainError, match="12"):
        check_password("Tarn-lake-1")
    check_password("walking by the tarn in november rain " * 3 + "x" * 17)


# Sessions and two-factor sign-in ---------------------------------------------------------

SIGNED_IN = 1_800_000_000.0


def _ended(minutes_since_seen: float, hours_since_sign_in: float) -> str | None:
    now = SIGNED_IN + hours_since_sign_in * 3600
    return session_end_reason(
        SIGNED_IN, now - minutes_since_seen * 60, now, idle_minutes=30, absolute_hours=12
    )


def test_session_ends_after_thirty_idle_minutes_and_says_so():
    """ASVS 3.3.2: an idle session times out."""
    assert _ended(29.9, 1) is None
    assert "30 minutes without activity" in (_ended(30, 1) or "")


def test_session_ends_twelve_hours_after_sign_in_however_busy():
    """ASVS 3.3.2: an absolute lifetime, whatever the activity."""
    assert _ended(0, 11.99) is None
    assert "over 12 hours ago" in (_ended(0, 12) or "")


def test_session_without_sign_in_times_is_ended():
    """A session from before timeouts existed, or a damaged one, must sign in again."""
    assert session_end_reason(None, None, SIGNED_IN, idle_minutes=30, absolute_hours=12)
    assert session_end_reason("x", SIGNED_IN, SIGNED_IN, idle_minutes=30, absolute_hours=12)


MOMENT = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_current_and_adjacent_authenticator_codes_are_accepted_others_refused():
    """ASVS 2.8.1, 2.8.3: time-based codes with a small, defined window."""
    secret = tf.new_secret()
    totp = pyotp.TOTP(secret)
    step = totp.timecode(MOMENT)
    assert tf.matching_step(secret, totp.at(MOMENT), MOMENT, None) == step
    late = MOMENT - timedelta(seconds=30)
    assert tf.matching_step(secret, totp.at(late), MOMENT, None) == step - 1
    with pytest.raises(DomainError, match="not right"):
        tf.matching_step(secret, totp.at(MOMENT - timedelta(minutes=5)), MOMENT, None)
    with pytest.raises(DomainError, match="6-digit"):
        tf.matching_step(secret, "12ab56", MOMENT, None)


def test_an_authenticator_code_cannot_be_used_twice():
    """ASVS 2.8.4: a time-based code is used once only within its validity period."""
    secret = tf.new_secret()
    code = pyotp.TOTP(secret).at(MOMENT)
    step = tf.matching_step(secret, code, MOMENT, None)
    with pytest.raises(DomainError, match="used already") as caught:
        tf.matching_step(secret, code, MOMENT, step)
    assert caught.value.field == "code"
    earlier = pyotp.TOTP(secret).at(MOMENT - timedelta(seconds=30))
    with pytest.raises(DomainError, match="used already"):
        tf.matching_step(secret, earlier, MOMENT, step)


def test_recovery_codes_are_random_salted_and_hashed():
    """ASVS 2.6.2: lookup secrets are random, and stored salted and hashed."""
    codes = {tf.new_recovery_code() for _ in range(50)}
    assert len(codes) == 50
    code = codes.pop()
    first, second = tf.hash_recovery_code(code), tf.hash_recovery_code(code)
    assert first != second  # a fresh salt each time
    assert code not in first and tf.normalise_recovery_code(code) not in first
    assert tf.recovery_code_matches(code.upper().replace("-", " "), first)
    assert not tf.recovery_code_matches(tf.new_recovery_code(), first)
    assert tf.looks_like_recovery_code(code) and not tf.looks_like_recovery_code("123456")


def test_only_administrators_and_secretaries_are_obliged_and_only_when_the_policy_says():
    assert tf.must_use_two_factor(is_admin=True, is_secretary=False, required_for_officers=True)
    assert tf.must_use_two_factor(is_admin=False, is_secretary=True, required_for_officers=True)
    assert not tf.must_use_two_factor(
        is_admin=False, is_secretary=False, required_for_officers=True
    )
    assert not tf.must_use_two_factor(is_admin=True, is_secretary=True, required_for_officers=False)


def test_sealed_secrets_open_only_with_the_same_key_and_row():
    """ASVS 6.1.1, 6.2.1: the authenticator secret is encrypted at rest with AES-GCM."""
    from governance.auth.two_factor.secret_box import SecretUnreadable, seal, unseal

    secret = tf.new_secret()
    sealed = seal(secret, "key one", "user_account:1:totp")
    assert secret not in sealed
    assert unseal(sealed, "key one", "user_account:1:totp") == secret
    with pytest.raises(SecretUnreadable):
        unseal(sealed, "key two", "user_account:1:totp")
    with pytest.raises(SecretUnreadable):
        unseal(sealed, "key one", "user_account:2:totp")
