"""The sync report names every problem in plain words, keeps them in the status, and never calls a
disputed or refused sale counted."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.sales import SaleLine, record_sale
from guide_app.book.store import Book
from guide_app.calls.sync import SyncOutcome, run_sync, sale_upload_states, waiting_sales
from guide_app.changes import Area
from guide_app.sync.client import HqClient
from guide_app.sync.problems import SyncProblemKind, UploadState
from guide_app.sync.run import read_status
from tests.support.fake_hq import hq_transport
from tests.unit.guide_app.test_book_stats import stats_already_queued_today
from tests.unit.guide_app.test_pull_apply import _content
from tests.unit.guide_app.test_tasks import _sop

POSTER = b"poster bytes " * 100
POSTER_SHA = hashlib.sha256(POSTER).hexdigest()

Answer = Callable[[httpx.Request], httpx.Response]


def _poster_change(seq: int, title: str) -> dict[str, Any]:
    return _content(seq, str(uuid.uuid5(uuid.NAMESPACE_URL, title)), title, POSTER_SHA)


def _feed(*changes: dict[str, Any]) -> Answer:
    last = changes[-1]["seq"] if changes else 0

    def answer(request: httpx.Request) -> httpx.Response:
        cursor = int(request.url.params["cursor"])
        fresh = [change for change in changes if change["seq"] > cursor]
        return httpx.Response(
            200, json={"changes": fresh, "next_cursor": max(cursor, last), "has_more": False}
        )

    return answer


def _push_answers(answer_of: Callable[[dict[str, Any]], dict[str, Any]]) -> Answer:
    def answer(request: httpx.Request) -> httpx.Response:
        events = orjson.loads(request.content)["events"]
        return httpx.Response(200, json={"results": [answer_of(event) for event in events]})

    return answer


def _sync(book: Book, tmp_path: Path, answers: dict[str, Answer]) -> SyncOutcome:
    def handle(request: httpx.Request) -> httpx.Response:
        for prefix, answer in answers.items():
            if request.url.path.startswith(prefix):
                return answer(request)
        return httpx.Response(404, json={"code": "not_found", "detail": "no such file at HQ"})

    async def scenario() -> SyncOutcome:
        transport = hq_transport(handle)
        async with HqClient("http://hq.test", "token", transport=transport) as client:
            return await run_sync(book, client, tmp_path / "assets")

    return asyncio.run(scenario())


def _stored_unreadable_task(book: Book) -> str:
    """An SOP an older version stored before answers were typed whole: its schedule is unknown."""
    return _sop(book, {"kind": "hologram"}, title="全息问候")


def test_an_unreadable_task_and_a_file_hq_lacks_are_reported_and_kept_for_later_screens(
    book: Book, tmp_path: Path
) -> None:
    task_id = _stored_unreadable_task(book)
    stats_already_queued_today(book)
    outcome = _sync(book, tmp_path, {"/api/v1/sync/changes": _feed(_poster_change(1, "冬季海报"))})

    by_kind = {problem.kind: problem for problem in outcome.problems}
    assert set(by_kind) == {SyncProblemKind.task_unreadable, SyncProblemKind.file_failed}
    unreadable = by_kind[SyncProblemKind.task_unreadable]
    assert unreadable.ref == task_id
    assert unreadable.message.startswith("task '全息问候' from HQ could not be read: schedule.kind")
    missing_file = by_kind[SyncProblemKind.file_failed]
    assert "'冬季海报'" in missing_file.message and "no such file at HQ" in missing_file.message
    assert missing_file.ref == str(uuid.uuid5(uuid.NAMESPACE_URL, "冬季海报"))
    with book.reading() as session:
        assert read_status(session).problems == outcome.problems
    assert outcome.changes.touches(Area.content, Area.sync_status)
    assert not outcome.changes.touches(Area.sales, Area.outbox)


def _record(book: Book, order_nos: list[str]) -> dict[str, str]:
    with book.writing() as session:
        customer = add_customer(session, CustomerFields(name="王丽", phone="13800138000"))
        return {
            order_no: record_sale(
                session, order_no, 9_900, [SaleLine(name="围巾", qty=1, unit_price_fen=9_900)], customer
            ).id
            for order_no in order_nos
        }


def _hq_verdict(event: dict[str, Any]) -> dict[str, Any]:
    order_no = event["body"]["order_no"]
    if order_no == "DISPUTED-2":
        return {
            "id": event["id"],
            "status": "accepted",
            "flags": ["order_disputed"],
            "reason": f"order {order_no} was claimed by another guide of this store",
        }
    if order_no == "REFUSED-3":
        return {"id": event["id"], "status": "rejected", "reason": "only a store guide records sales"}
    return {"id": event["id"], "status": "accepted"}


def test_a_sale_hq_flags_as_disputed_or_refuses_is_never_shown_as_counted(book: Book, tmp_path: Path) -> None:
    sales = _record(book, ["COUNTED-1", "DISPUTED-2", "REFUSED-3"])
    stats_already_queued_today(book)
    before = sale_upload_states(book, sales.values())
    assert {state.state for state in before.values()} == {UploadState.waiting}
    assert waiting_sales(book) == 3

    outcome = _sync(
        book,
        tmp_path,
        {"/api/v1/sync/changes": _feed(), "/api/v1/sync/push": _push_answers(_hq_verdict)},
    )

    states = sale_upload_states(book, sales.values())
    assert states[sales["COUNTED-1"]].state is UploadState.counted and states[sales["COUNTED-1"]].reason == ""
    assert states[sales["DISPUTED-2"]].state is UploadState.disputed
    assert (
        "order DISPUTED-2 was also claimed by another guide of your store"
        in states[sales["DISPUTED-2"]].reason
    )
    assert states[sales["REFUSED-3"]].state is UploadState.rejected
    assert "only a store guide records sales" in states[sales["REFUSED-3"]].reason
    problems = {problem.ref: problem for problem in outcome.problems}
    assert set(problems) == {sales["DISPUTED-2"], sales["REFUSED-3"]}
    assert problems[sales["DISPUTED-2"]].kind is SyncProblemKind.order_disputed
    assert problems[sales["REFUSED-3"]].kind is SyncProblemKind.upload_rejected
    assert "sale of order REFUSED-3" in problems[sales["REFUSED-3"]].message
    assert outcome.changes.touches(Area.sales, Area.outbox, Area.sync_status)
    assert waiting_sales(book) == 0
    with book.reading() as session:
        assert read_status(session).problems == outcome.problems
