"""Encrypting authenticator secrets at rest with AES-GCM under a key derived from SECRET_KEY.

A copy of the database alone does not give away anyone's second factor; the application's
SECRET_KEY is needed as well. Changing SECRET_KEY makes stored secrets unreadable, so
people then sign in with a recovery code and set up their authenticator again.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = "v1"
#: Binds derived keys to this use, so the same SECRET_KEY never yields this key elsewhere.
_INFO = b"governance: two-factor secrets at rest, v1"


class SecretUnreadable(Exception):
    """The stored secret cannot be decrypted: the key changed or the value was altered."""


def _key(secret_key: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        secret_key.encode()
    )


def seal(plaintext: str, secret_key: str, context: str) -> str:
    """Encrypt `plaintext`; `context` (e.g. the row it belongs to) must match to open it."""
    nonce = os.urandom(12)
    sealed = AESGCM(_key(secret_key)).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{VERSION}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def unseal(token: str, secret_key: str, context: str) -> str:
    """Decrypt what `seal` produced.

    Raises:
        SecretUnreadable: wrong key, wrong context, or a damaged value.
    """
    version, _, body = token.partition(":")
    if version != VERSION:
        raise SecretUnreadable(f"unknown format {version!r}")
    try:
        raw = base64.urlsafe_b64decode(body.encode())
        plain = AESGCM(_key(secret_key)).decrypt(raw[:12], raw[12:], context.encode())
    except (InvalidTag, ValueError) as error:
        raise SecretUnreadable("cannot decrypt") from error
    return plain.decode()
