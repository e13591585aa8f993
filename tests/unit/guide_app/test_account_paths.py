"""Every spelling of one HQ opens the same book; books made by older versions are still found."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from guide_app.account import accounts
from guide_app.account.accounts import GuideAccount, sign_in
from guide_app.account.paths import account_dir, book_path, hq_address
from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.store import count_customers_cheaply, open_book
from guide_app.errors import ErrorCode, InvalidInput
from guide_app.sync.client import HqClient, HqRefused


@pytest.fixture(autouse=True)
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path))
    return tmp_path


def _folder_of_older_versions(hq_url: str, login: str, root: Path) -> Path:
    """How versions before the normalised address named an account's folder (kept verbatim)."""
    parts = urlsplit(hq_url.rstrip("/"))
    host = f"{parts.hostname or 'hq'}_{parts.port}" if parts.port else (parts.hostname or "hq")
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{host}-{login}")[:60]
    digest = hashlib.sha256(f"{parts.scheme}://{parts.netloc}{parts.path}\n{login}".encode()).hexdigest()[:10]
    return root / "books" / f"{readable}-{digest}"


def _book_with_customers(folder: Path, *names: str) -> None:
    book = open_book(folder / "book.sqlite3", take_backup=False)
    with book.writing() as session:
        for name in names:
            add_customer(session, CustomerFields(name=name))
    book.close()


@pytest.mark.parametrize(
    "spelling",
    [
        "http://127.0.0.1:8710",
        "http://127.0.0.1:8710/",
        "http://localhost:8710",
        "HTTP://LocalHost:8710//",
        "http://[::1]:8710",
        "127.0.0.1:8710",
        "localhost:8710/api/v1",
        "http://localhost:8710/api/v1/",
        "  http://127.0.0.1:8710  ",
    ],
)
def test_every_spelling_of_the_local_hq_opens_the_same_book(spelling: str) -> None:
    assert book_path(spelling, "wang") == book_path("http://127.0.0.1:8710", "wang")
    assert hq_address(spelling).key == "http://127.0.0.1:8710"


def test_default_ports_scheme_and_case_are_one_hq_but_a_path_prefix_is_kept() -> None:
    assert hq_address("https://HQ.Example.cn:443/").base_url == "https://hq.example.cn"
    assert hq_address("hq.example.cn:80").base_url == "http://hq.example.cn"
    assert hq_address("https://hq.example.cn/guide/api/v1").base_url == "https://hq.example.cn/guide"
    assert hq_address("http://hq.example.cn.:8080").base_url == "http://hq.example.cn:8080"


def test_different_hqs_keep_different_books() -> None:
    paths = {
        book_path("http://127.0.0.1:8710", "wang"),
        book_path("http://127.0.0.1:8711", "wang"),
        book_path("https://127.0.0.1:8710", "wang"),
        book_path("https://hq.example.cn", "wang"),
        book_path("https://hq.example.cn/guide", "wang"),
        book_path("https://hq.example.cn:8443", "wang"),
    }
    assert len(paths) == 6


def test_loopback_spellings_are_connected_to_as_typed() -> None:
    # An HQ listening on [::1] only is not reachable at 127.0.0.1; a certificate names one host.
    assert hq_address("http://[::1]:8710/").base_url == "http://[::1]:8710"
    assert GuideAccount("LOCALHOST:8710/api/v1/", "wang").hq_url == "http://localhost:8710"
    assert GuideAccount("localhost:8710", "wang").folder == GuideAccount("127.0.0.1:8710/", "wang").folder


@pytest.mark.parametrize(
    "typed",
    ["ftp://hq.example.cn", "http://", "http://user:pw@hq.example.cn", "hq.example.cn/?x=1", "hq:99999"],
)
def test_an_address_that_is_not_an_hq_is_refused_plainly(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        GuideAccount(typed, "wang")
    assert refused.value.code is ErrorCode.hq_address_invalid
    assert typed in refused.value.message


def test_books_made_with_the_default_address_keep_their_folder(data_dir: Path) -> None:
    for url in ("http://127.0.0.1:8710", "https://hq.example.cn"):
        assert account_dir(url, "wang") == _folder_of_older_versions(url, "wang", data_dir)


def test_a_book_an_older_version_made_under_another_spelling_is_found_and_moved(data_dir: Path) -> None:
    older = _folder_of_older_versions("http://localhost:8710/", "wang", data_dir)
    _book_with_customers(older, "张三")
    account = GuideAccount("http://localhost:8710/", "wang")
    book = account.open_book()
    book.close()
    assert count_customers_cheaply(account.book_path) == 1
    assert not older.exists()
    assert GuideAccount("http://127.0.0.1:8710", "wang").book_path == account.book_path


def test_when_older_versions_made_two_books_the_one_with_customers_is_kept(data_dir: Path) -> None:
    # The reported bug: the real book under localhost, an empty one made under 127.0.0.1:8710/api/v1.
    real = _folder_of_older_versions("http://localhost:8710", "wang", data_dir)
    empty = _folder_of_older_versions("http://127.0.0.1:8710/api/v1", "wang", data_dir)
    _book_with_customers(real, "张三", "李四")
    _book_with_customers(empty)
    path = book_path("http://127.0.0.1:8710", "wang")
    assert count_customers_cheaply(path) == 2
    assert empty.exists(), "the other folder stays for IT staff"


class _FakeHq:
    """HQ's login answer for a given role, remembering which URLs were asked."""

    def __init__(self, role: str) -> None:
        self.role, self.urls = role, list[str]()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        account = {"id": 1, "login": "east.li", "display_name": "李经理", "role": self.role}
        body = {"token": "t", "expires_at": "2030-01-01T00:00:00+00:00", "account": account}
        return httpx.Response(200, json=body)


def test_sign_in_asks_the_normalised_address_and_a_manager_keeps_the_plain_refusal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = _FakeHq("manager")
    monkeypatch.setattr(
        accounts, "HqClient", lambda url, *a, **k: HqClient(url, *a, transport=httpx.MockTransport(fake), **k)
    )
    import asyncio

    with pytest.raises(HqRefused) as refused:
        asyncio.run(sign_in(GuideAccount("LOCALHOST:8710/api/v1/", "east.li"), "pw"))
    assert refused.value.code is ErrorCode.not_a_guide
    assert "store guides" in refused.value.message
    assert fake.urls == ["http://localhost:8710/api/v1/auth/login"]
