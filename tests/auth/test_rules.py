"""Password rules."""

import pytest

from governance.auth.rules import check_password
from governance.errors import DomainError


@pytest.mark.parametrize(
    "password", ["short", "elevenchars", "password1234", "aaaaaaaaaaaaaaaa", "ababababababab"]
)
def test_short_common_or_repetitive_passwords_are_refused(password):
    with pytest.raises(DomainError) as caught:
        check_password(password)
    assert caught.value.field == "password"


def test_password_containing_the_users_own_name_is_refused():
    with pytest.raises(DomainError, match="name or email"):
        check_password("margaret-is-great-2026", email="margaret@example.org")


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "tea kettle on saturday", "démo-pässwörd-ünïcode"]
)
def test_long_uncommon_passwords_are_accepted_without_composition_rules(password):
    check_password(password, email="someone@example.org", name="Some One")
