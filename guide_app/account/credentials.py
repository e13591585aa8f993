"""Where a guide's HQ token is kept: the OS keyring, or an owner-only file where none exists.

Windows (Credential Manager) and macOS (Keychain) always have a keyring. Headless Linux often
has none (no Secret Service): there the token goes to `token.json` in the account's folder,
readable by the PC account only (0600). A token is not a password: it expires (HQ's default
is 14 days), HQ revokes it on sign-out or when the account is disabled, and it opens nothing
but this guide's own HQ data.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from guide_app.account.paths import account_dir

SERVICE = "GuideDesk"


@dataclass(frozen=True)
class StoredToken:
    token: str
    expires_at: datetime


def _usable_keyring() -> KeyringBackend | None:
    backend = keyring.get_keyring()
    try:
        priority = float(getattr(backend, "priority", 0))
    except (TypeError, ValueError):
        return None
    return backend if priority > 0 else None


class TokenStore:
    """Save, load and forget the token of one (HQ, login)."""

    def __init__(self, hq_url: str, login: str) -> None:
        self.hq_url, self.login = hq_url.rstrip("/"), login
        self.file = account_dir(hq_url, login) / "token.json"

    @property
    def _key(self) -> str:
        return f"{self.hq_url}|{self.login}"

    @property
    def where(self) -> str:
        """For the guide and IT staff: where the sign-in is remembered."""
        backend = _usable_keyring()
        return f"keyring ({type(backend).__name__})" if backend else f"file {self.file}"

    def save(self, token: StoredToken) -> None:
        payload = json.dumps({"token": token.token, "expires_at": token.expires_at.isoformat()})
        backend = _usable_keyring()
        if backend is not None:
            backend.set_password(SERVICE, self._key, payload)
            self.file.unlink(missing_ok=True)
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.file.with_suffix(".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(payload)
        os.chmod(partial, 0o600)
        partial.replace(self.file)

    def load(self) -> StoredToken | None:
        backend = _usable_keyring()
        payload = backend.get_password(SERVICE, self._key) if backend is not None else _read(self.file)
        if not payload:
            return None
        try:
            data = json.loads(payload)
            return StoredToken(
                token=str(data["token"]), expires_at=datetime.fromisoformat(data["expires_at"])
            )
        except (ValueError, KeyError, TypeError):
            return None  # unreadable: as if never signed in

    def forget(self) -> None:
        backend = _usable_keyring()
        if backend is not None:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):  # nothing stored
                backend.delete_password(SERVICE, self._key)
        self.file.unlink(missing_ok=True)


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except FileNotFoundError:
        return None
