"""Password hashing (argon2id) and opaque bearer tokens (random, stored only as a hash)."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP's argon2id floor: 19 MiB memory, 2 passes. Guides sign in a few times a day, so the
# ~30 ms this costs is invisible to them and expensive for anyone guessing.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)

# Verified against when the login is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash("guide-desk-dummy-password")

MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; an unknown account (None) still spends the hashing time."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"password must have at least {MIN_PASSWORD_LENGTH} characters"
    if password.isdigit() and len(set(password)) <= 2:
        return "password is too easy to guess"
    return None


def new_token() -> str:
    """An opaque bearer token: 256 random bits."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What the database keeps of a token: a leaked table does not let anyone sign in."""
    return hashlib.sha256(token.encode()).hexdigest()
