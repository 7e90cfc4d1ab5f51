"""Passwords, secrets and CSRF tokens.

Passwords are hashed with argon2id (argon2-cffi's defaults, re-hashed on sign-in when those
defaults grow). Session cookies, invitation links and API tokens are random secrets of which
only a SHA-256 hash is stored: they are long and random, so a slow hash adds nothing.

CSRF: every browser gets a random ``koers_csrf`` cookie; a form (or an htmx request, in the
``X-CSRF-Token`` header) must carry the HMAC of that cookie under the app's secret key. A page of
another site can neither read the cookie nor compute the HMAC. Requests authenticated by an API
token carry no cookies and need no CSRF token.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password anyone has")

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
"""argon2 hashes any length; a cap keeps a megabyte "password" from costing a megabyte of work."""

API_TOKEN_PREFIX = "koers_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; takes as long when there is no hash, so that timing does not
    tell which e-mail addresses have an account."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def new_secret(prefix: str = "") -> str:
    """A random secret for a cookie, an invitation link or an API token."""
    return prefix + secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_password() -> str:
    """A password to hand out once (the demo account's), easy to type: four groups of letters."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def csrf_token(secret_key: bytes, cookie: str) -> str:
    return hmac.new(secret_key, cookie.encode(), hashlib.sha256).hexdigest()


def csrf_valid(secret_key: bytes, cookie: str | None, token: str | None) -> bool:
    if not cookie or not token:
        return False
    return hmac.compare_digest(csrf_token(secret_key, cookie), token)


def load_secret_key(home: Path) -> bytes:
    """The app's secret key, kept in ``<home>/secret_key`` (made on first use, readable by its
    owner alone)."""
    path = home / "secret_key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())
