"""Pure rules for accounts: what makes an acceptable password; when a session has ended."""

from __future__ import annotations

from governance.errors import DomainError

MIN_PASSWORD_LENGTH = 12

#: Passwords refused whatever their length: the commonest choices and their padded forms.
COMMON_PASSWORDS = frozenset(
    {
        "password1234",
        "passwordpassword",
        "123456789012",
        "qwertyuiopas",
        "iloveyou1234",
        "letmeinletmein",
        "administrator",
        "welcome12345",
        "changeme1234",
        "password12345",
        "qwerty123456",
        "abc123abc123",
        "111111111111",
        "000000000000",
        "aaaaaaaaaaaa",
        "trustno1trustno1",
        "football1234",
        "monkey123456",
        "sunshine1234",
        "princess1234",
    }
)


def check_password(password: str, *, email: str = "", name: str = "") -> None:
    """Accept a password of at least 12 characters that is not common or guessable.

    Raises:
        DomainError: the password is too short, common, or built from the user's own details.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            f"Use at least {MIN_PASSWORD_LENGTH} characters; a few ordinary words make a good one.",
            field="password",
        )
    folded = password.lower()
    if folded in COMMON_PASSWORDS or len(set(folded)) <= 2:
        raise DomainError("That password is too common; choose another.", field="password")
    for own in (email.split("@")[0].lower(), name.replace(" ", "").lower()):
        if len(own) >= 4 and own in folded.replace(" ", ""):
            raise DomainError(
                "The password must not contain your name or email address.", field="password"
            )


IDLE_MESSAGE = "You were signed out after {minutes} minutes without activity. Please sign in again."
ABSOLUTE_MESSAGE = (
    "You were signed out because you signed in over {hours} hours ago. Please sign in again."
)
UNKNOWN_MESSAGE = "Your session has ended. Please sign in again."


def session_end_reason(
    signed_in_at: float | None,
    last_seen_at: float | None,
    now: float,
    *,
    idle_minutes: int,
    absolute_hours: int,
) -> str | None:
    """Why a session (times in Unix seconds) has ended, or None while it is still good."""
    if not isinstance(signed_in_at, int | float) or not isinstance(last_seen_at, int | float):
        return UNKNOWN_MESSAGE
    if now - signed_in_at >= absolute_hours * 3600:
        return ABSOLUTE_MESSAGE.format(hours=absolute_hours)
    if now - last_seen_at >= idle_minutes * 60:
        return IDLE_MESSAGE.format(minutes=idle_minutes)
    return None
