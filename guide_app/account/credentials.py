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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from guide_app.account.owner_only import owner_only_file, owner_only_folder, restrict_existing
from guide_app.account.paths import account_dir, hq_address, legacy_spellings

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "GuideDesk"


@dataclass(frozen=True)
class StoredToken:
    token: str
    expires_at: datetime


def _usable_keyring() -> KeyringBackend | None:
    import keyring  # at the first token read or write, not at the app's start (60 ms)

    backend = keyring.get_keyring()
    try:
        priority = float(getattr(backend, "priority", 0))
    except (TypeError, ValueError):
        return None
    return backend if priority > 0 else None


class TokenStore:
    """Save, load and forget the token of one (HQ, login)."""

    def __init__(self, hq_url: str, login: str) -> None:
        self.address, self.login = hq_address(hq_url), login
        self.file = account_dir(hq_url, login) / "token.json"

    @property
    def _key(self) -> str:
        return f"{self.address.key}|{self.login}"

    @property
    def _older_keys(self) -> list[str]:
        """Keys older versions used: the address as typed, so each spelling had its own."""
        return [f"{url}|{self.login}" for url in legacy_spellings(self.address) if url != self.address.key]

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
        owner_only_folder(self.file.parent)
        partial = owner_only_file(self.file.with_suffix(".partial"))
        with open(partial, "w") as handle:
            handle.write(payload)
        partial.replace(self.file)

    def load(self) -> StoredToken | None:
        backend = _usable_keyring()
        if backend is None:
            restrict_existing(self.file)  # an older version may have left it readable by all
            payload = _read(self.file)
        else:
            payload = backend.get_password(SERVICE, self._key) or self._adopt_older_key(backend)
        if not payload:
            return None
        try:
            data = json.loads(payload)
            return StoredToken(
                token=str(data["token"]), expires_at=datetime.fromisoformat(data["expires_at"])
            )
        except (ValueError, KeyError, TypeError):
            return None  # unreadable: as if never signed in

    def _adopt_older_key(self, backend: KeyringBackend) -> str | None:
        """A token an older version kept under another spelling of this HQ moves to the key."""
        import keyring.errors

        for key in self._older_keys:
            payload = backend.get_password(SERVICE, key)
            if payload:
                backend.set_password(SERVICE, self._key, payload)
                with contextlib.suppress(keyring.errors.PasswordDeleteError):
                    backend.delete_password(SERVICE, key)
                return payload
        return None

    def forget(self) -> None:
        backend = _usable_keyring()
        if backend is not None:
            import keyring.errors

            with contextlib.suppress(keyring.errors.PasswordDeleteError):  # nothing stored
                backend.delete_password(SERVICE, self._key)
        self.file.unlink(missing_ok=True)


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except FileNotFoundError:
        return None
