"""Pure rules for accounts: what makes an acceptable password."""

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
