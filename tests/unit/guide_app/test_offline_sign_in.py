"""Offline sign-in: the password HQ last accepted on this PC opens the book when HQ cannot be reached."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backends import fail

from guide_app.account import accounts, offline
from guide_app.account.accounts import GuideAccount, sign_in, sign_in_or_offline
from guide_app.errors import ErrorCode, GuideError
from guide_app.sync.client import HqClient, HqRefused, Offline

HQ = "http://127.0.0.1:8710"
PASSWORD = "store-pass-9"
Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(autouse=True)
def headless_pc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path / "app"))
    monkeypatch.setattr("guide_app.sync.client.RetryPolicy.delay", lambda self, attempt: 0.0)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def _hq(monkeypatch: pytest.MonkeyPatch, handler: Handler) -> None:
    monkeypatch.setattr(
        accounts,
        "HqClient",
        lambda url, *a, **k: HqClient(url, *a, transport=httpx.MockTransport(handler), **k),
    )


def _accepts(request: httpx.Request) -> httpx.Response:
    account = {"id": 7, "login": "wang.li", "display_name": "王丽", "role": "guide"}
    return httpx.Response(
        200, json={"token": "t", "expires_at": "2030-01-01T00:00:00+00:00", "account": account}
    )


def _refuses(status: int, code: str) -> Handler:
    return lambda request: httpx.Response(status, json={"code": code, "detail": "refused"})


def _unreachable(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused")


def test_after_one_online_sign_in_the_same_password_opens_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    account = GuideAccount(HQ, "wang.li")
    _hq(monkeypatch, _accepts)
    assert asyncio.run(sign_in_or_offline(account, PASSWORD)).offline is False
    _hq(monkeypatch, _unreachable)
    result = asyncio.run(sign_in_or_offline(account, PASSWORD))
    assert (result.display_name, result.offline) == ("王丽", True)
    with pytest.raises(GuideError) as wrong:
        asyncio.run(sign_in_or_offline(account, "not-the-password"))
    assert wrong.value.code is ErrorCode.offline_password_wrong


def test_a_login_never_signed_in_here_cannot_open_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    _hq(monkeypatch, _accepts)
    asyncio.run(sign_in(GuideAccount(HQ, "wang.li"), PASSWORD))
    _hq(monkeypatch, _unreachable)
    with pytest.raises(Offline) as unreachable:
        asyncio.run(sign_in_or_offline(GuideAccount(HQ, "zhang.min"), PASSWORD))  # another guide
    assert unreachable.value.code is ErrorCode.offline_never_signed_in


def test_the_verifier_is_a_hash_only_the_pc_account_can_read(monkeypatch: pytest.MonkeyPatch) -> None:
    account = GuideAccount(HQ, "wang.li")
    _hq(monkeypatch, _accepts)
    asyncio.run(sign_in(account, PASSWORD))
    stored = Path(account.folder) / offline.FILE_NAME
    text = stored.read_text(encoding="utf-8")
    assert PASSWORD not in text and "$argon2id$" in text
    if os.name == "posix":
        assert stat.S_IMODE(stored.stat().st_mode) == 0o600


def test_a_wrong_password_at_hq_keeps_the_offline_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    account = GuideAccount(HQ, "wang.li")
    _hq(monkeypatch, _accepts)
    asyncio.run(sign_in(account, PASSWORD))
    _hq(monkeypatch, _refuses(401, "invalid_credentials"))
    with pytest.raises(HqRefused) as refused:
        asyncio.run(sign_in_or_offline(account, "typo-pass"))
    assert refused.value.code is ErrorCode.wrong_password
    assert offline.check_offline(account, PASSWORD)


def test_a_disabled_account_loses_its_offline_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    account = GuideAccount(HQ, "wang.li")
    _hq(monkeypatch, _accepts)
    asyncio.run(sign_in(account, PASSWORD))
    _hq(monkeypatch, _refuses(403, "account_disabled"))
    with pytest.raises(HqRefused) as refused:
        asyncio.run(sign_in_or_offline(account, PASSWORD))
    assert refused.value.code is ErrorCode.account_disabled
    _hq(monkeypatch, _unreachable)
    with pytest.raises(Offline) as unreachable:
        asyncio.run(sign_in_or_offline(account, PASSWORD))
    assert unreachable.value.code is ErrorCode.offline_never_signed_in


def test_a_locked_login_carries_hqs_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(request: httpx.Request) -> httpx.Response:
        body = {"code": "account_locked", "detail": "too many failed sign-ins; try again in 15 minutes"}
        return httpx.Response(429, json=body, headers={"Retry-After": "840"})

    _hq(monkeypatch, locked)
    with pytest.raises(HqRefused) as refused:
        asyncio.run(sign_in(GuideAccount(HQ, "wang.li"), PASSWORD))
    assert refused.value.code is ErrorCode.account_locked
    assert refused.value.details["retry_after"] == 840


def test_a_damaged_verifier_is_as_if_never_signed_in_here(monkeypatch: pytest.MonkeyPatch) -> None:
    account = GuideAccount(HQ, "wang.li")
    _hq(monkeypatch, _accepts)
    asyncio.run(sign_in(account, PASSWORD))
    (Path(account.folder) / offline.FILE_NAME).write_text("{damaged")
    assert offline.last_sign_in(account) is None and not offline.check_offline(account, PASSWORD)
