"""Signing in without HQ: a hash of the password that last signed this account in on this PC.

Every successful online sign-in keeps an argon2id hash of the password in the account's own
folder (owner-only), with the guide's display name. When HQ cannot be reached, that password
opens the book offline, and the idle lock checks it without HQ. A wrong password at HQ leaves
the hash alone; HQ saying the account is disabled removes it, so a disabled guide cannot open
the book offline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from guide_app.account.owner_only import owner_only_file, owner_only_folder, restrict_existing
from guide_app.timeutil import utcnow

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from guide_app.account.accounts import GuideAccount

FILE_NAME = "offline_sign_in.json"


@cache
def _hasher() -> PasswordHasher:
    """HQ's parameters (OWASP's argon2id floor): ~30 ms a check, slow for anyone guessing from a
    copy. argon2 is imported here, at the first sign-in, not with the window."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


@dataclass(frozen=True)
class OfflineSignIn:
    """What this PC knows of the account's last online sign-in, without the password."""

    display_name: str
    signed_in_at: datetime  # UTC
    password_hash: str


def _file(account: GuideAccount) -> Path:
    return Path(account.folder) / FILE_NAME


def remember_password(account: GuideAccount, password: str, display_name: str) -> None:
    """After HQ accepted `password`: keep its hash for offline sign-in and the lock (~30 ms)."""
    payload = json.dumps(
        {
            "password_hash": _hasher().hash(password),
            "display_name": display_name,
            "signed_in_at": utcnow().isoformat(),
        },
        ensure_ascii=False,
    )
    target = _file(account)
    owner_only_folder(target.parent)
    partial = owner_only_file(target.with_suffix(".partial"))
    partial.write_text(payload, encoding="utf-8")
    partial.replace(target)


def last_sign_in(account: GuideAccount) -> OfflineSignIn | None:
    """The account's last online sign-in on this PC; None if there was none (or it is unreadable)."""
    target = _file(account)
    restrict_existing(target)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        return OfflineSignIn(
            display_name=str(data["display_name"]),
            signed_in_at=datetime.fromisoformat(data["signed_in_at"]),
            password_hash=str(data["password_hash"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # damaged: as if this account never signed in here


def check_offline(account: GuideAccount, password: str) -> bool:
    """True when `password` is the one that last signed this account in on this PC."""
    known = last_sign_in(account)
    if known is None:
        return False
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(known.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def forget_password(account: GuideAccount) -> None:
    """No offline sign-in for this account any more (HQ disabled it)."""
    _file(account).unlink(missing_ok=True)
