"""The app's side of the version handshake: it says its release on every request, refuses an HQ
too old for it before using an answer, and turns HQ's version refusals into the guide's words."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.sales import SaleLine, record_sale
from guide_app.book.store import Book
from guide_app.errors import ErrorCode
from guide_app.protocol import CLIENT_PROTOCOL_HEADER, CLIENT_VERSION_HEADER
from guide_app.sync.client import ClientTooOld, HqClient, HqTooOld, RetryPolicy, VersionRefused
from guide_app.sync.run import read_status, sync_once
from guide_app.version import MIN_HQ_PROTOCOL, PROTOCOL_LEVEL, VERSION, parse_version
from tests.support.fake_hq import hq_headers, hq_transport
from tests.unit.guide_app.test_pull_apply import _content

Answer = Callable[[httpx.Request], httpx.Response]
POSTER = b"poster"
SHA = hashlib.sha256(POSTER).hexdigest()
TOO_OLD = {
    "code": "client_too_old",
    "detail": "Guide Desk 0.1.0 is older than the oldest release HQ syncs with (0.2.0); the latest is 0.2.3.",
    "minimum": "0.2.0",
    "latest": "0.2.3",
    "hq_version": "0.3.0",
}


class RecordingHq:
    """Answers every path of the API a sync uses, and keeps each request it got."""

    def __init__(self, headers: dict[str, str] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.headers = headers if headers is not None else hq_headers()

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self._body_for(request)
        return httpx.Response(answer.pop("status_code", 200), headers=self.headers, **answer)

    def _body_for(self, request: httpx.Request) -> dict[str, Any]:
        path = request.url.path
        if path.endswith("/auth/login"):
            account = {
                "id": 7,
                "login": "guide.e1",
                "display_name": "李娜",
                "role": "guide",
                "disabled": False,
            }
            return {"json": {"token": "t", "expires_at": "2030-01-01T00:00:00Z", "account": account}}
        if path.endswith("/sync/changes"):
            change = _content(1, "2f1c1f7e-7e6b-4d1e-9a55-3f0f6c1b2a10", "冬季海报", SHA)
            return {"json": {"changes": [change], "next_cursor": 1, "has_more": False}}
        if path.endswith("/sync/push"):
            events = orjson.loads(request.content)["events"]
            return {"json": {"results": [{"id": event["id"], "status": "accepted"} for event in events]}}
        if "/assets/" in path:
            return {"content": POSTER}
        return {"status_code": 204} if path.endswith("/auth/logout") else {"content": b"sheet bytes"}

    def paths(self) -> list[str]:
        return [request.url.path for request in self.requests]


def _queue_sales(book: Book, count: int) -> None:
    with book.writing() as session:
        customer = add_customer(session, CustomerFields(name="王丽", phone="13800138000"))
    for number in range(count):
        with book.writing() as session:
            line = SaleLine(name="羊毛大衣", qty=1, unit_price_fen=129_900)
            record_sale(session, f"HS{number:04d}", 129_900, [line], customer)


def _dump_without_status(book: Book) -> list[str]:
    """The book's rows as SQL; the sync status (when sync last tried, and why it failed) left out."""
    with closing(sqlite3.connect(book.path)) as connection:
        return [line for line in connection.iterdump() if "'sync_status'" not in line]


def _sync(book: Book, tmp_path: Path, transport: httpx.AsyncBaseTransport, **client: Any) -> None:
    async def scenario() -> None:
        retry = RetryPolicy(attempts=1)
        async with HqClient("http://hq.test", "token", transport=transport, retry=retry, **client) as hq:
            await sync_once(book, hq, tmp_path / "assets")

    asyncio.run(scenario())


def test_every_request_says_the_apps_release_and_protocol_level_downloads_and_sign_out_included(
    tmp_path: Path,
) -> None:
    fake = RecordingHq()

    async def scenario(folder: Path, **release: Any) -> None:
        async with HqClient("http://hq.test", transport=hq_transport(fake.handle), **release) as client:
            await client.login("guide.e1", "secret")
            await client.changes(0, 10)
            await client.push([])
            await client.download(SHA, folder / "poster.png", None)
            await client.download_answer("/exports/performance", folder / "sheet.xlsx")
            await client.logout()

    asyncio.run(scenario(tmp_path / "this"))
    asyncio.run(scenario(tmp_path / "played", version="0.2.0", protocol_level=7))
    said = [
        (request.headers[CLIENT_VERSION_HEADER], request.headers[CLIENT_PROTOCOL_HEADER])
        for request in fake.requests
    ]
    assert said == [(VERSION, str(PROTOCOL_LEVEL))] * 6 + [("0.2.0", "7")] * 6


@pytest.mark.parametrize("hq_says", [{}, {"X-Guide-HQ-Version": "0.0.9", "X-Guide-HQ-Protocol": "0"}])
def test_an_hq_too_old_for_the_app_gets_nothing_pushed_and_changes_nothing_in_the_book(
    book: Book, tmp_path: Path, hq_says: dict[str, str]
) -> None:
    _queue_sales(book, 3)
    before = _dump_without_status(book)
    old_hq = RecordingHq(headers=hq_says)  # {}: an HQ from before the handshake says no level

    with pytest.raises(HqTooOld) as refused:
        _sync(book, tmp_path, httpx.MockTransport(old_hq.handle))

    assert refused.value.code is ErrorCode.hq_too_old
    assert "its answer was not used and nothing here changed" in refused.value.message
    assert old_hq.paths() == ["/api/v1/sync/changes"]  # the feed's answer was refused: no push followed
    assert _dump_without_status(book) == before
    with book.reading() as session:
        status = read_status(session)
    assert (status.error_code, status.pending_uploads, status.last_success_at) == ("hq_too_old", 3, None)


def test_a_newer_app_still_signs_in_to_an_older_hq_so_its_guide_works_offline() -> None:
    old_hq = RecordingHq(headers={})

    async def scenario() -> str:
        async with HqClient("http://hq.test", transport=httpx.MockTransport(old_hq.handle)) as client:
            answer = await client.login("guide.e1", "secret")
            return answer.account.display_name

    assert asyncio.run(scenario()) == "李娜"


def _refusing(status: int, body: dict[str, Any]) -> httpx.MockTransport:
    return hq_transport(lambda _request: httpx.Response(status, json=body))


def test_hq_refusing_a_too_old_app_is_told_with_the_releases_and_the_sales_stay_queued(
    book: Book, tmp_path: Path
) -> None:
    _queue_sales(book, 2)
    before = _dump_without_status(book)
    with pytest.raises(ClientTooOld) as refused:
        _sync(book, tmp_path, _refusing(426, TOO_OLD), version="0.1.0")
    assert refused.value.code is ErrorCode.client_too_old
    assert refused.value.details["minimum"] == "0.2.0" and refused.value.details["latest"] == "0.2.3"
    assert refused.value.message == TOO_OLD["detail"]
    assert _dump_without_status(book) == before
    with book.reading() as session:
        assert read_status(session).pending_uploads == 2


def test_hq_refusing_a_newer_app_is_told_as_an_hq_too_old() -> None:
    body = {
        "code": "client_newer_than_hq",
        "detail": "this app speaks protocol level 2",
        "hq_version": "0.1.0",
    }

    async def scenario() -> None:
        async with HqClient("http://hq.test", "token", transport=_refusing(409, body)) as client:
            await client.changes(0, 10)

    with pytest.raises(VersionRefused) as refused:
        asyncio.run(scenario())
    assert isinstance(refused.value, HqTooOld) and refused.value.details["hq_version"] == "0.1.0"


def test_releases_compare_as_releases_and_anything_else_is_not_one() -> None:
    assert parse_version("0.10.0") > parse_version("0.9.12")  # type: ignore[operator]
    assert parse_version(" 1.2.3 ") == (1, 2, 3)
    for text in ("0.2", "0.2.0-beta", "v0.2.0", "01.2.3", "", "1.2.3.4"):
        assert parse_version(text) is None, text
    assert parse_version(VERSION) is not None and MIN_HQ_PROTOCOL <= PROTOCOL_LEVEL
