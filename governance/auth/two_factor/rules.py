"""Pure rules for two-factor sign-in: authenticator codes, recovery codes, who must use it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp

from governance.errors import DomainError

#: Codes one 30-second step either side of now are accepted, for phone clocks a little out.
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
#: Lower-case letters and digits without the look-alikes 0/o, 1/l/i.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10


def new_secret() -> str:
    """A fresh random authenticator secret (160 bits, base32)."""
    return pyotp.random_base32(length=32)


def grouped(secret: str) -> str:
    """The secret in blocks of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads to add the account."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def matching_step(secret: str, code: str, moment: datetime, last_step: int | None) -> int:
    """The time step whose code `code` is, if it is current and not used before.

    Raises:
        DomainError: the code is not six digits, is wrong, or was already used.
    """
    code = "".join(code.split())
    # ASCII digits only: isdigit() also takes other scripts' digits ("١٢٣٤٥٦"), which the
    # comparison below cannot handle.
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        raise DomainError("Enter the 6-digit code your authenticator app shows.", field="code")
    totp = pyotp.TOTP(secret)
    current = totp.timecode(moment)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            if last_step is not None and step <= last_step:
                raise DomainError(
                    "That code has been used already. Wait for the next one and enter that.",
                    field="code",
                )
            return step
    raise DomainError(
        "That code is not right. Check the clock on your phone is correct and try again.",
        field="code",
    )


def new_recovery_code() -> str:
    """A random single-use recovery code such as `k7mp2-xq9ha` (about 50 bits)."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_recovery_code(text: str) -> str:
    """The code as typed, without case, spaces or hyphens."""
    return "".join(ch for ch in text.lower() if ch not in " -\t")


def looks_like_recovery_code(text: str) -> bool:
    """True when the text has the shape of a recovery code rather than a 6-digit code."""
    code = normalise_recovery_code(text)
    return len(code) == RECOVERY_CODE_LENGTH and all(ch in RECOVERY_ALPHABET for ch in code)


def hash_recovery_code(code: str, salt: bytes | None = None) -> str:
    """A salted SHA-256 of the code, as stored: `<salt hex>$<digest hex>`."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.sha256(salt + normalise_recovery_code(code).encode()).hexdigest()
    return f"{salt.hex()}${digest}"


def recovery_code_matches(code: str, stored: str) -> bool:
    """True when `code` is the one `stored` was made from."""
    salt_hex, _, _digest = stored.partition("$")
    try:
        salt = bytes.fromhex(salt_hex)
    except ValueError:
        return False
    return hmac.compare_digest(hash_recovery_code(code, salt), stored)


def must_use_two_factor(*, is_admin: bool, is_secretary: bool, required_for_officers: bool) -> bool:
    """Whether the site's policy obliges this user to sign in with a second factor."""
    return required_for_officers and (is_admin or is_secretary)


def check_reset(actor_id: int, target_id: int, target_has_two_factor: bool) -> None:
    """Whether an administrator may reset this account's two-factor sign-in.

    Raises:
        DomainError: it is their own account (another administrator must do it, so one
            stolen session cannot strip an account's second factor), or it has none to reset.
    """
    if actor_id == target_id:
        raise DomainError(
            "You cannot reset your own two-factor sign-in: ask another administrator."
        )
    if not target_has_two_factor:
        raise DomainError("Two-factor sign-in is not on for this account: nothing to reset.")
