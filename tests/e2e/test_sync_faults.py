"""Sync under a broken network and a hostile HQ: nothing lost, nothing doubled, nothing local touched."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import orjson
import pytest
from sqlalchemy import func, select
from sqlmodel import col

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.models import ContentAsset, HqRecord, Outbox, Tag, Task
from guide_app.book.outbox import pending_count
from guide_app.book.sales import SaleLine, record_sale
from guide_app.book.store import Book, open_book
from guide_app.sync.assets import asset_path, fetch_assets
from guide_app.sync.client import (
    MAX_ANSWER_BYTES,
    HqClient,
    HqRefused,
    MalformedAnswer,
    Offline,
    RetryPolicy,
    SignInNeeded,
)
from guide_app.sync.pull import pull, read_cursor
from guide_app.sync.push import push_outbox
from tests.e2e.conftest import Running, hq_sales_total
from tests.support.fake_hq import hq_transport
from tests.support.fault_proxy import Fault, FaultPlan, FaultProxy, RequestSeen
from tests.support.publish import script_item, sop_template, task_request
from tests.support.sale_writer import amount_of

FEED = "/api/v1/sync/changes"
ASSETS = "/api/v1/assets/"
QUICK_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05)
NO_RETRY = RetryPolicy(attempts=1)


def _headers(running: Running, login: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {running.token(login)}"}


def _publish(running: Running, headers: dict[str, str], path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = httpx.post(f"{running.live.base_url}/api/v1{path}", json=body, headers=headers, timeout=30)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def _dump(book: Book) -> list[str]:
    """Every table's rows as SQL text: two equal dumps mean the book's content did not change."""
    with closing(sqlite3.connect(book.path)) as connection:
        return list(connection.iterdump())


def _record_sales(book: Book, numbers: range, customers: list[str]) -> None:
    for number in numbers:
        with book.writing() as session:  # one sale, one transaction: as the guide records them
            record_sale(
                session,
                f"NF{number:06d}",
                amount_of(number),
                [SaleLine(name="羊毛大衣", qty=1, unit_price_fen=amount_of(number))],
                customers[number % len(customers)],
            )


# --------------------------------------------------------------------------- push through faults


async def _push_until_empty(book: Book, client: HqClient, batch: int, attempts: int) -> int:
    """push_outbox again after each failure, up to `attempts` runs, as the background sync does;
    returns how many events HQ answered `duplicate`."""
    duplicates = 0
    for _ in range(attempts):
        with suppress(Offline, MalformedAnswer):  # what failed stays pending for the next run
            duplicates += (await push_outbox(book, client, batch_size=batch)).duplicates
        with book.reading() as session:
            if pending_count(session) == 0:
                break
    return duplicates


def test_sales_pushed_through_lost_answers_and_cut_connections_reach_hq_exactly_once(
    running_hq: Running, tmp_path: Path
) -> None:
    # Twenty push batches (and their retries) meet the faults, as with 2,000 sales in batches of
    # 100; recording those sales one transaction each took most of this test's 20 s.
    target, batch = 1_000, 50
    token = running_hq.token(running_hq.org.guide_e1)
    plan = FaultPlan(reset_after_commit=0.3, truncate=0.2, refuse=0.05, max_latency=0.01, seed=2026)

    async def scenario() -> tuple[Book, FaultProxy, int]:
        book = open_book(tmp_path / "book.sqlite3", take_backup=False)
        with book.writing() as session:
            customers = [
                add_customer(session, CustomerFields(name=f"顾客{number}", phone=f"1380000{number:04d}"))
                for number in range(20)
            ]
        duplicates = 0
        async with FaultProxy(running_hq.live.base_url, plan) as proxy:
            client = HqClient(proxy.base_url, token, retry=QUICK_RETRY)
            for start in range(0, target, 250):  # sales keep coming while answers get lost
                _record_sales(book, range(start, start + 250), customers)
                duplicates += await _push_until_empty(book, client, batch, attempts=1)
            duplicates += await _push_until_empty(book, client, batch, attempts=60)
            await client.close()
        return book, proxy, duplicates

    book, proxy, duplicates = asyncio.run(scenario())
    with book.reading() as session:
        not_accepted = select(func.count()).select_from(Outbox).where(col(Outbox.status) != "accepted")
        assert session.execute(not_accepted).scalar_one() == 0
    assert book.integrity_problems() == []
    book.close()
    faults = proxy.faults("/api/v1/sync/push")
    assert faults[Fault.reset_after_commit] >= 5 and faults[Fault.truncate] >= 5, faults
    assert duplicates > 0  # HQ had stored batches whose answers the guide never got
    assert hq_sales_total(running_hq) == (target, sum(amount_of(number) for number in range(target)))


# --------------------------------------------------------------------------- pull broken at every page


@dataclass
class PulledState:
    content: list[tuple[Any, ...]]
    tasks: list[tuple[Any, ...]]
    records: list[tuple[Any, ...]]
    tags: list[str]
    cursor: int


def _pulled_state(book: Book) -> PulledState:
    with book.reading() as session:
        content = session.execute(
            select(
                col(ContentAsset.id),
                col(ContentAsset.title),
                col(ContentAsset.asset_sha256),
                col(ContentAsset.data),
            )
        ).all()
        tasks = session.execute(
            select(col(Task.id), col(Task.source), col(Task.title), col(Task.active), col(Task.data))
        ).all()
        records = session.execute(select(col(HqRecord.entity), col(HqRecord.id), col(HqRecord.data))).all()
        tags = session.execute(select(col(Tag.name))).scalars().all()
        cursor = read_cursor(session)
    return PulledState(
        content=sorted(tuple(row) for row in content),
        tasks=sorted(tuple(row) for row in tasks),
        records=sorted(tuple(row) for row in records),
        tags=sorted(tags),
        cursor=cursor,
    )


# With pages of three, 12 library items beside the playbook, the tag group, the task and the
# organisation make 7 pages, each broken below with every kind of change on one of them. 40 made
# some 16 pages, each broken pull redoing the pages before it: half of this test's time.
LIBRARY_ITEMS = 12


def _publish_for_guide_e1(running: Running) -> None:
    admin = _headers(running, running.org.admin)
    for number in range(LIBRARY_ITEMS):
        _publish(running, admin, "/content", script_item(f"话术{number:02d}"))
    for number in range(3):
        _publish(running, admin, "/sop-templates", sop_template(f"新客欢迎{number}"))
    _publish(
        running, admin, "/tag-groups", {"name": "客户等级", "single_choice": True, "tags": ["普通", "金卡"]}
    )
    manager = _headers(running, running.org.manager_east)
    guide_id = running.org.ids[running.org.guide_e1]
    _publish(running, manager, "/tasks", task_request("周末预览邀约", {"guide_ids": [guide_id]}))


def _break_on(k: int) -> Callable[[RequestSeen], Fault]:
    """The k-th feed request loses its answer: cut mid-body on even k, reset after HQ answered on odd."""

    def choose(request: RequestSeen) -> Fault:
        if request.path != FEED or request.nth != k:
            return Fault.none
        return Fault.truncate if k % 2 == 0 else Fault.reset_after_commit

    return choose


async def _pull_broken_at(
    empty_book: Path, book_path: Path, base_url: str, token: str, k: int, cursor_before_k: int
) -> Book:
    shutil.copyfile(empty_book, book_path)
    book = open_book(book_path, take_backup=False)
    async with FaultProxy(base_url, choose=_break_on(k)) as proxy:
        client = HqClient(proxy.base_url, token, retry=NO_RETRY)  # the break reaches pull, not a retry
        with pytest.raises(Offline):
            await pull(book, client, limit=3)
        with book.reading() as session:  # pages 1..k-1 applied whole, page k not at all
            assert read_cursor(session) == cursor_before_k
        await pull(book, client, limit=3)  # resumes from the cursor of the last applied page
        await client.close()
    assert proxy.faults(FEED)[Fault.none] == len(proxy.exchanges) - 1
    return book


def test_a_pull_broken_at_any_page_resumes_to_the_same_book_without_gaps_or_duplicates(
    running_hq: Running, tmp_path: Path
) -> None:
    _publish_for_guide_e1(running_hq)
    base_url = running_hq.live.base_url
    token = running_hq.token(running_hq.org.guide_e1)
    empty_book = tmp_path / "empty.sqlite3"
    open_book(empty_book, take_backup=False).close()

    async def scenario() -> None:
        shutil.copyfile(empty_book, tmp_path / "clean.sqlite3")
        clean_book = open_book(tmp_path / "clean.sqlite3", take_backup=False)
        cursors = [0]  # cursors[k - 1]: where the book stands before the k-th page
        async with HqClient(base_url, token) as client:
            await pull(clean_book, client, limit=3, on_page=lambda report: cursors.append(report.cursor))
        clean = _pulled_state(clean_book)
        clean_book.close()
        assert (
            len(clean.content) == LIBRARY_ITEMS and len(clean.tasks) == 4 and clean.tags == ["普通", "金卡"]
        )
        assert len(cursors) - 1 >= 6, cursors  # the pages to break
        for k in range(1, len(cursors)):
            book_path = tmp_path / f"broken-{k}.sqlite3"
            book = await _pull_broken_at(empty_book, book_path, base_url, token, k, cursors[k - 1])
            assert _pulled_state(book) == clean, f"pull broken at feed request {k}"
            book.close()

    asyncio.run(scenario())
    # HQ has nothing after the cursor: the last change (the manager's task) was the guide's.
    admin_feed = httpx.get(
        f"{base_url}{FEED}",
        params={"cursor": _clean_cursor(tmp_path / "clean.sqlite3"), "limit": 10},
        headers=_headers(running_hq, running_hq.org.admin),
    ).json()
    assert admin_feed["changes"] == [] and admin_feed["has_more"] is False


def _clean_cursor(path: Path) -> int:
    book = open_book(path, take_backup=False)
    try:
        return _pulled_state(book).cursor
    finally:
        book.close()


# --------------------------------------------------------------------------- asset download resumes


def _publish_video(running: Running, titles: tuple[str, ...]) -> bytes:
    """One 2 MB file uploaded once and used by every item in `titles`."""
    video = os.urandom(2 * 1024 * 1024)
    admin = _headers(running, running.org.admin)
    upload = httpx.post(
        f"{running.live.base_url}/api/v1/assets",
        content=video,
        headers={**admin, "X-Filename": quote("冬季走秀.mp4")},
        timeout=30,
    )
    assert upload.status_code == 201, upload.text
    for title in titles:
        _publish(
            running,
            admin,
            "/content",
            {"kind": "video", "title": title, "asset_sha256": upload.json()["sha256"]},
        )
    return video


async def _pulled_book(path: Path, base_url: str, token: str) -> Book:
    book = open_book(path, take_backup=False)
    async with HqClient(base_url, token) as client:
        await pull(book, client)
    return book


def _local_paths(book: Book) -> set[str | None]:
    with book.reading() as session:
        return set(session.execute(select(col(ContentAsset.local_path))).scalars())


def _cut_first_download(request: RequestSeen) -> Fault:
    return Fault.truncate if request.path.startswith(ASSETS) and request.nth == 1 else Fault.none


async def _fetch_through(
    proxy: FaultProxy, book: Book, token: str, folder: Path
) -> list[tuple[int, int | None]]:
    progress: list[tuple[int, int | None]] = []
    async with HqClient(proxy.base_url, token, retry=QUICK_RETRY) as client:
        report = await fetch_assets(book, client, folder, lambda done, total: progress.append((done, total)))
    assert report.failed == [] and report.items_linked == 2
    assert (report.downloaded, report.adopted) in [(1, 0), (0, 1)]
    return progress


def test_a_video_cut_mid_download_resumes_with_range_and_is_verified(
    running_hq: Running, tmp_path: Path
) -> None:
    video = _publish_video(running_hq, ("冬季新品走秀", "走秀花絮"))
    file = asset_path(tmp_path / "assets", hashlib.sha256(video).hexdigest())
    base_url, token = running_hq.live.base_url, running_hq.token(running_hq.org.guide_e1)

    async def scenario() -> None:
        book = await _pulled_book(tmp_path / "book.sqlite3", base_url, token)
        offline = FaultProxy(base_url, FaultPlan(refuse=1.0))  # the shop's line is down
        async with offline, HqClient(offline.base_url, token, retry=QUICK_RETRY) as client:
            with pytest.raises(Offline):
                await fetch_assets(book, client, file.parents[1])
        assert _local_paths(book) == {None} and not file.exists()
        async with FaultProxy(base_url, choose=_cut_first_download) as proxy:
            progress = await _fetch_through(proxy, book, token, file.parents[1])
            cut, resumed = proxy.exchanges
            assert cut.fault is Fault.truncate and 0 < cut.body_bytes_forwarded < len(video)
            assert resumed.headers["range"] == f"bytes={cut.body_bytes_forwarded}-"
            assert cut.body_bytes_forwarded + resumed.body_bytes_forwarded == len(video)
            assert [done for done, _ in progress] == sorted(done for done, _ in progress)
            assert progress[-1] == (len(video), len(video)) and {total for _, total in progress} == {
                len(video)
            }
            assert file.read_bytes() == video and _local_paths(book) == {str(file)}
            assert [path.name for path in file.parents[1].rglob("*") if path.is_file()] == [file.name]
            # A second book on this PC (or a re-installed one) uses the verified file already there.
            second = await _pulled_book(tmp_path / "second.sqlite3", base_url, token)
            await _fetch_through(proxy, second, token, file.parents[1])
            assert len(proxy.exchanges) == 2 and _local_paths(second) == {str(file)}
        book.close()
        second.close()

    started = time.monotonic()
    asyncio.run(scenario())
    assert time.monotonic() - started < 60


# --------------------------------------------------------------------------- hostile answers


GOOD_FILE = b"poster bytes " * 1000
GOOD_SHA = hashlib.sha256(GOOD_FILE).hexdigest()


def _upsert(seq: int, entity: str, data: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """A feed upsert of `data` with some fields overridden (a hostile value, another title)."""
    data = {**data, **overrides}
    return {"seq": seq, "entity": entity, "id": data["id"], "op": "upsert", "data": data}


def _content_change(seq: int, title: str, **overrides: Any) -> dict[str, Any]:
    now = datetime(2026, 11, 20, tzinfo=UTC).isoformat()
    data: dict[str, Any] = {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, title)),
        "kind": "poster",
        "title": title,
        "body": "",
        "tags": [],
        "campaign": "",
        "valid_from": None,
        "valid_until": None,
        "audience": {"kind": "everyone"},
        "asset_sha256": GOOD_SHA,
        "asset_size": len(GOOD_FILE),
        "asset_mime": "image/png",
        "link_url": None,
        "product": None,
        "created_at": now,
        "updated_at": now,
    }
    return _upsert(seq, "content", data, overrides)


def _sop_change(seq: int, **overrides: Any) -> dict[str, Any]:
    now = datetime(2026, 11, 20, tzinfo=UTC).isoformat()
    data: dict[str, Any] = {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"sop-{seq}")),
        "title": "新客欢迎",
        "instructions": "",
        "schedule": {"kind": "daily"},
        "rule": {},
        "content_ids": [],
        "due_time": "18:00",
        "audience": {"kind": "everyone"},
        "active": True,
        "created_at": now,
        "updated_at": now,
    }
    return _upsert(seq, "sop_template", data, overrides)


def _manager_task_change(seq: int, **overrides: Any) -> dict[str, Any]:
    now = datetime(2026, 11, 20, tzinfo=UTC).isoformat()
    data: dict[str, Any] = {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"task-{seq}")),
        "title": "周末预览邀约",
        "instructions": "",
        "due_at": now,
        "content_ids": [],
        "rule": None,
        "target_count": 30,
        "region_id": None,
        "created_by": 1,
        "guide_ids": [1],
        "created_at": now,
    }
    return _upsert(seq, "task", data, overrides)


def _page(*changes: dict[str, Any], next_cursor: int | None = None, has_more: bool = False) -> httpx.Response:
    last = changes[-1]["seq"] if changes else 0
    cursor = last if next_cursor is None else next_cursor
    return httpx.Response(200, json={"changes": list(changes), "next_cursor": cursor, "has_more": has_more})


async def _endless(chunks: list[int]) -> AsyncIterator[bytes]:
    for _ in range(MAX_ANSWER_BYTES // (1024 * 1024) + 8):
        chunks.append(1)
        yield b"[" * (1024 * 1024)


@dataclass
class FakeHq:
    """Answers by path; `answers` maps a path prefix to what HQ says there."""

    answers: dict[str, Callable[[httpx.Request], httpx.Response]]

    def handle(self, request: httpx.Request) -> httpx.Response:
        for prefix, answer in self.answers.items():
            if request.url.path.startswith(prefix):
                return answer(request)
        return httpx.Response(404, json={"detail": "no such page"})


async def _fake_book(path: Path, fake: FakeHq) -> Book:
    """A book with a customer, a sale waiting in the outbox and a poster pulled from HQ."""
    book = open_book(path, take_backup=False)
    with book.writing() as session:
        customer = add_customer(session, CustomerFields(name="王丽", phone="13800138000"))
        record_sale(
            session, "HOSTILE-1", 9_900, [SaleLine(name="围巾", qty=1, unit_price_fen=9_900)], customer
        )
    fake.answers[FEED] = lambda _request: _page(_content_change(1, "冬季海报"))
    async with HqClient("http://hq.test", "token", transport=hq_transport(fake.handle)) as client:
        await pull(book, client)
    return book


Action = Callable[[Book, HqClient, Path], Awaitable[object]]


async def _pull(book: Book, client: HqClient, _folder: Path) -> object:
    return await pull(book, client)


async def _push(book: Book, client: HqClient, _folder: Path) -> object:
    return await push_outbox(book, client)


async def _download(book: Book, client: HqClient, folder: Path) -> object:
    return await client.download(GOOD_SHA, asset_path(folder, GOOD_SHA), len(GOOD_FILE))


async def _fetch_reporting(book: Book, client: HqClient, folder: Path) -> object:
    report = await fetch_assets(book, client, folder)
    assert report.failed and report.failed[0][0] == GOOD_SHA and report.items_linked == 0
    return report


def _other_ids(request: httpx.Request) -> httpx.Response:
    events = orjson.loads(request.content)["events"]
    return httpx.Response(
        200, json={"results": [{"id": str(uuid.uuid4()), "status": "accepted"} for _ in events]}
    )


def _streamed(chunks: list[int]) -> Callable[[httpx.Request], httpx.Response]:
    return lambda _request: httpx.Response(200, content=_endless(chunks))


@dataclass(frozen=True)
class Hostile:
    name: str
    path: str
    answer: Callable[[list[int]], Callable[[httpx.Request], httpx.Response]]
    action: Action
    error: type[Exception] | None
    code: str | None = None


def _fixed(response: httpx.Response) -> Callable[[list[int]], Callable[[httpx.Request], httpx.Response]]:
    return lambda _chunks: lambda _request: response


HOSTILE = [
    Hostile(
        "feed of the wrong shape",
        FEED,
        _fixed(httpx.Response(200, json={"changes": [{"seq": "two"}]})),
        _pull,
        MalformedAnswer,
    ),
    Hostile(
        "feed page not JSON",
        FEED,
        _fixed(httpx.Response(200, content=b"<html>proxy login</html>")),
        _pull,
        MalformedAnswer,
    ),
    Hostile(
        "feed compressed wrongly",
        FEED,
        _fixed(
            httpx.Response(200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip"))
        ),
        _pull,
        MalformedAnswer,
    ),
    Hostile("feed larger than any answer", FEED, _streamed, _pull, MalformedAnswer, "answer_too_large"),
    Hostile(
        "feed going backwards", FEED, _fixed(_page(_content_change(1, "旧海报"))), _pull, MalformedAnswer
    ),
    Hostile(
        "one bad change spoils its page",
        FEED,
        _fixed(_page(_content_change(2, "新海报"), _content_change(3, "坏海报", kind="hologram"))),
        _pull,
        MalformedAnswer,
    ),
    Hostile(
        "an SOP of an unknown schedule and an impossible due time spoils its page",
        FEED,
        _fixed(
            _page(
                _content_change(2, "新海报"),
                _sop_change(3, schedule={"kind": "hologram"}, due_time="25:99"),
            )
        ),
        _pull,
        MalformedAnswer,
    ),
    Hostile(
        "a task rule with an unknown stage spoils its page",
        FEED,
        _fixed(
            _page(_content_change(2, "新海报"), _manager_task_change(3, rule={"lifecycle_stages": ["vip"]}))
        ),
        _pull,
        MalformedAnswer,
    ),
    Hostile(
        "a product of negative price spoils its page",
        FEED,
        _fixed(
            _page(
                _content_change(
                    2,
                    "新品卡",
                    kind="product_card",
                    asset_sha256=None,
                    product={"sku": "W-1", "name": "羊毛大衣", "price_fen": -100},
                ),
            )
        ),
        _pull,
        MalformedAnswer,
    ),
    Hostile(
        "cursor skipping ahead",
        FEED,
        _fixed(_page(_content_change(2, "新海报"), next_cursor=9)),
        _pull,
        MalformedAnswer,
    ),
    Hostile(
        "push answered for other ids", "/api/v1/sync/push", lambda _chunks: _other_ids, _push, MalformedAnswer
    ),
    Hostile(
        "sign-in expired",
        "/api/v1/sync/push",
        _fixed(httpx.Response(401, json={"detail": "expired"})),
        _push,
        SignInNeeded,
    ),
    Hostile("HQ keeps failing", FEED, _fixed(httpx.Response(503, text="upstream down")), _pull, Offline),
    Hostile(
        "file bytes not its hash",
        ASSETS,
        _fixed(httpx.Response(200, content=GOOD_FILE[::-1])),
        _download,
        MalformedAnswer,
        "asset_hash_mismatch",
    ),
    Hostile(
        "file longer than announced",
        ASSETS,
        _fixed(httpx.Response(200, content=GOOD_FILE + b"!")),
        _download,
        MalformedAnswer,
        "answer_too_large",
    ),
    Hostile("file streamed past its size", ASSETS, _streamed, _download, MalformedAnswer, "answer_too_large"),
    Hostile(
        "file HQ no longer has",
        ASSETS,
        _fixed(httpx.Response(404, json={"detail": "no such file"})),
        _download,
        HqRefused,
    ),
    Hostile(
        "wrong file reported, not linked",
        ASSETS,
        _fixed(httpx.Response(200, content=GOOD_FILE[::-1])),
        _fetch_reporting,
        None,
    ),
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=[case.name for case in HOSTILE])
def test_a_hostile_answer_is_refused_and_changes_nothing_in_the_book(
    hostile: Hostile, tmp_path: Path
) -> None:
    chunks: list[int] = []
    fake = FakeHq(answers={})
    folder = tmp_path / "assets"

    async def scenario() -> None:
        book = await _fake_book(tmp_path / "book.sqlite3", fake)
        before = _dump(book)
        fake.answers = {hostile.path: hostile.answer(chunks)}
        transport = hq_transport(fake.handle)
        async with HqClient("http://hq.test", "token", retry=QUICK_RETRY, transport=transport) as client:
            if hostile.error is None:
                await hostile.action(book, client, folder)
            else:
                with pytest.raises(hostile.error) as raised:
                    await hostile.action(book, client, folder)
                assert hostile.code is None or getattr(raised.value, "code", None) == hostile.code
        assert _dump(book) == before
        book.close()

    asyncio.run(scenario())
    assert not folder.exists() or [path for path in folder.rglob("*") if path.is_file()] == []
    assert len(chunks) <= MAX_ANSWER_BYTES // (1024 * 1024) + 1  # an endless answer is not read to its end


def test_a_content_item_whose_hash_is_not_a_hash_never_names_a_path(tmp_path: Path) -> None:
    escape = "../../../escaped"
    fake = FakeHq(answers={ASSETS: lambda _request: httpx.Response(200, content=b"evil")})
    folder = tmp_path / "deep" / "er" / "assets"

    async def scenario() -> None:
        book = await _fake_book(tmp_path / "book.sqlite3", fake)
        fake.answers[FEED] = lambda _request: _page(_content_change(2, "越界海报", asset_sha256=escape))
        async with HqClient("http://hq.test", "token", transport=hq_transport(fake.handle)) as client:
            before = _dump(book)
            with pytest.raises(MalformedAnswer):  # the page is refused whole: the item never lands
                await pull(book, client)
            assert _dump(book) == before
            report = await fetch_assets(book, client, folder)
        assert escape not in [sha256 for sha256, _reason in report.failed] and report.downloaded == 0
        book.close()

    asyncio.run(scenario())
    stray_files = [path for path in tmp_path.rglob("*") if path.is_file() and "book" not in path.name]
    assert stray_files == []
