"""Password re-checks on the account page count with sign-in failures and pause alike."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

WRONG = "not the password at all"

#: Each form that asks for the password again: its address and the fields with a wrong one.
RECHECKS = {
    "change password": (
        "/account/password",
        {
            "current_password": WRONG,
            "new_password": "a new long passphrase",
            "confirm": "a new long passphrase",
        },
    ),
    "turn off two-factor": ("/account/two-factor/off", {"off-password": WRONG}),
    "new recovery codes": ("/account/two-factor/recovery-codes", {"codes-password": WRONG}),
}


def right(data: dict[str, str]) -> dict[str, str]:
    return {k: PASSWORD if v == WRONG else v for k, v in data.items()}


@pytest.mark.parametrize("form", sorted(RECHECKS))
def test_wrong_passwords_given_again_pause_the_account_like_failed_sign_ins(
    form, client, world, login, low_limits, enrol
):
    """ASVS 2.2.1: a stolen session cannot guess the password at full speed through the
    account page; the third wrong one pauses, with the sign-in form's 429 message."""
    user = world.users["member"]
    login(user)
    enrol(user)
    url, data = RECHECKS[form]
    statuses = [client.post(url, data=data).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    again = client.post(url, data=right(data))
    assert again.status_code == 429  # even the right password, while paused
    assert "paused for about 15 minutes" in again.get_data(as_text=True)
    client.post("/logout")
    signed_in = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert signed_in.status_code == 429  # the same count as sign-in


def test_a_right_password_given_again_does_not_count(client, world, login, low_limits, enrol):
    user = world.users["member"]
    login(user)
    enrol(user)
    for _ in range(4):
        response = client.post(
            "/account/two-factor/recovery-codes", data={"codes-password": PASSWORD}
        )
        assert response.status_code == 200
