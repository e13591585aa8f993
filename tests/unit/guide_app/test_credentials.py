"""The sign-in token is kept safely: in the OS keyring, or in an owner-only file without one."""

from __future__ import annotations

import asyncio
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from guide_app.account.accounts import GuideAccount
from guide_app.account.credentials import SERVICE, StoredToken, TokenStore
from guide_app.sync.client import SignInNeeded

HQ = "http://127.0.0.1:8710"


class MemoryKeyring(KeyringBackend):
    """A keyring such as Windows' Credential Manager, kept in memory for the test."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username))


@pytest.fixture(autouse=True)
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path))
    return tmp_path


def _token(hours: int = 24) -> StoredToken:
    return StoredToken(token="t0k3n", expires_at=datetime.now(UTC) + timedelta(hours=hours))


def test_with_a_keyring_the_token_never_touches_the_disk() -> None:
    memory = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    try:
        store = TokenStore(HQ, "wang")
        store.save(_token())
        loaded = store.load()
        assert loaded is not None and loaded.token == "t0k3n"
        assert not store.file.exists()
        assert "MemoryKeyring" in store.where
        store.forget()
        assert store.load() is None and memory.secrets == {}
    finally:
        keyring.set_keyring(previous)


def test_without_a_keyring_the_token_is_an_owner_only_file() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        store = TokenStore(HQ, "wang")
        store.save(_token())
        assert stat.S_IMODE(store.file.stat().st_mode) == 0o600
        assert store.load().token == "t0k3n"  # type: ignore[union-attr]
        assert TokenStore(HQ, "li").load() is None  # another guide on the same PC
        store.forget()
        assert not store.file.exists()
    finally:
        keyring.set_keyring(previous)


def test_an_expired_or_unreadable_sign_in_asks_to_sign_in_again() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        account = GuideAccount(HQ, "wang")
        account.tokens().save(_token(hours=-1))
        with pytest.raises(SignInNeeded):
            account.client()
        account.tokens().file.write_text("{not json")
        assert account.tokens().load() is None
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    memory = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


def test_every_spelling_of_the_hq_finds_the_same_sign_in(memory_keyring: MemoryKeyring) -> None:
    TokenStore("http://localhost:8710/", "wang").save(_token())
    for spelling in ("http://127.0.0.1:8710", "127.0.0.1:8710/api/v1", "http://[::1]:8710"):
        loaded = TokenStore(spelling, "wang").load()
        assert loaded is not None and loaded.token == "t0k3n"
    assert list(memory_keyring.secrets) == [(SERVICE, "http://127.0.0.1:8710|wang")]


def test_a_sign_in_an_older_version_kept_under_another_spelling_is_still_found(
    memory_keyring: MemoryKeyring,
) -> None:
    payload = '{"token": "old", "expires_at": "2099-01-01T00:00:00+00:00"}'
    memory_keyring.secrets[(SERVICE, "http://localhost:8710|wang")] = payload  # as versions before kept it
    loaded = TokenStore("http://127.0.0.1:8710/", "wang").load()
    assert loaded is not None and loaded.token == "old"
    assert memory_keyring.secrets == {(SERVICE, "http://127.0.0.1:8710|wang"): payload}


def test_the_client_talks_to_the_normalised_address() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        account = GuideAccount("LocalHost:8710/api/v1/", "wang")
        account.tokens().save(_token())
        client = account.client()
        assert client.base_url == "http://localhost:8710"
        asyncio.run(client.close())
    finally:
        keyring.set_keyring(previous)
