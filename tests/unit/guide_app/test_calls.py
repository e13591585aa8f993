"""The calls a screen makes: one transaction each, reads that cannot write, and a change notice
that names what changed so every view can decide to refresh."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from guide_app.book.customers import CustomerFields
from guide_app.book.followups import FollowUpKind
from guide_app.book.models import ContentAsset, Customer, CustomerTag, Outbox, Task, TaskTarget
from guide_app.book.sales import SaleLine
from guide_app.book.search import CustomerQuery
from guide_app.book.store import Book
from guide_app.book.timeline import InteractionKind
from guide_app.calls import content, customers, followups, sales, tags, tasks, timeline
from guide_app.changes import NOTHING, Area, ChangeNotice
from guide_app.errors import Cancelled, ErrorCode, InvalidInput, NotFound
from guide_app.jobs import CancelToken, Phase, Step, control
from guide_app.protocol import AttributionReason

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def _add(book: Book, name: str, **fields: object) -> str:
    return customers.add_customer(book, CustomerFields(name=name, **fields)).value  # type: ignore[arg-type]


def _count(book: Book, table: type) -> int:
    with book.reading() as session:
        return int(session.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_write_inside_a_read_fails_loudly_and_keeps_nothing(book: Book) -> None:
    with pytest.raises(OperationalError, match="readonly"), book.reading() as session:
        session.add(Customer(id=str(uuid.uuid4()), name="偷写"))
        session.flush()
    with pytest.raises(sqlite3.OperationalError, match="readonly"), book.sql_reader() as connection:
        connection.execute("DELETE FROM customer")
    assert _count(book, Customer) == 0


def test_adding_and_editing_a_customer_name_that_customer_in_the_notice(book: Book) -> None:
    added = customers.add_customer(book, CustomerFields(name="王丽", phone="13800138000"))
    assert added.changes.touches(Area.customers) and added.changes.customer_ids == {added.value}
    edited = customers.update_customer(book, added.value, {"wecom_remark": "王姐-0512-羽绒服M"})
    assert edited.changes.touches_customer(added.value)
    assert not edited.changes.touches_customer("someone-else")
    card = customers.customer_card(book, added.value)
    assert (card.customer.name, card.customer.wecom_remark) == ("王丽", "王姐-0512-羽绒服M")
    page = customers.find_customers(book, CustomerQuery(text="wl"))
    assert ([row.id for row in page.rows], page.total) == ([added.value], 1)


def test_tagging_many_customers_is_all_or_nothing(book: Book) -> None:
    wang, li = _add(book, "王姐"), _add(book, "李先生")
    vip = tags.add_personal_tag(book, "VIP")
    assert vip.changes.touches(Area.tags)
    with pytest.raises(NotFound):
        tags.tag_customers(book, [wang, "no-such-customer", li], vip.value)
    assert _count(book, CustomerTag) == 0
    tagged = tags.tag_customers(book, [wang, li], vip.value)
    assert tagged.value == 2 and tagged.changes.customer_ids == {wang, li}
    assert tagged.changes.touches(Area.tags, Area.tasks)
    assert _count(book, CustomerTag) == 2


def test_recording_a_sale_names_sales_outbox_and_the_buyer(book: Book) -> None:
    buyer = _add(book, "张三", added_at=NOW - timedelta(days=3))
    assert sales.attribution_preview(book, buyer, NOW) is AttributionReason.owner
    recorded = sales.record_sale(book, "A1001", 129900, [SaleLine("羽绒服", 1, 129900)], buyer, NOW)
    assert recorded.value.attribution is AttributionReason.owner
    assert {Area.sales, Area.outbox, Area.customers} <= recorded.changes.areas
    assert recorded.changes.customer_ids == {buyer}
    listed = sales.recent_sales(book)
    assert [(row.order_no, row.amount_fen, row.customer_name) for row in listed] == [
        ("A1001", 129900, "张三")
    ]


def test_a_customers_sales_are_theirs_newest_first_and_stay_listed_once_purged(book: Book) -> None:
    buyer = _add(book, "王丽", added_at=NOW - timedelta(days=30))
    other = _add(book, "李四", added_at=NOW - timedelta(days=30))
    sales.record_sale(book, "A2001", 59900, [SaleLine("衬衫", 1, 59900)], buyer, NOW - timedelta(days=2))
    sales.record_sale(book, "A2002", 129900, [SaleLine("羽绒服", 1, 129900)], buyer, NOW - timedelta(days=1))
    sales.record_sale(book, "A2003", 19900, [SaleLine("袜子", 1, 19900)], other, NOW)
    assert [row.order_no for row in sales.customer_sales(book, buyer)] == ["A2002", "A2001"]
    customers.purge_customer(book, buyer)
    assert sales.customer_sales(book, buyer) == []
    assert {row.order_no for row in sales.recent_sales(book)} == {"A2001", "A2002", "A2003"}


def test_a_customer_is_live_then_deleted_then_purged(book: Book) -> None:
    wang = _add(book, "王姐")
    assert customers.customer_presence(book, wang) is customers.Presence.live
    customers.delete_customer(book, wang)
    assert customers.customer_presence(book, wang) is customers.Presence.deleted
    customers.purge_customer(book, wang)
    assert customers.customer_presence(book, wang) is customers.Presence.purged


def test_a_sale_refused_by_the_attribution_rule_writes_nothing(book: Book) -> None:
    late = _add(book, "新朋友", added_at=NOW)
    with pytest.raises(InvalidInput) as refused:
        sales.attribution_preview(book, late, NOW - timedelta(days=60))
    assert refused.value.code is ErrorCode.sale_not_attributable
    with pytest.raises(InvalidInput):
        sales.record_sale(book, "A1002", 100, [SaleLine("袜子", 1, 100)], late, NOW - timedelta(days=60))
    assert _count(book, Outbox) == 0


def test_follow_up_and_timeline_calls_name_the_customer(book: Book) -> None:
    wang = _add(book, "王姐")
    planned = followups.plan_follow_up(book, wang, NOW, FollowUpKind.call)
    assert planned.changes == ChangeNotice.of(Area.follow_ups, customers=[wang])
    assert [item.id for item in followups.due_follow_ups(book, NOW)] == [planned.value]
    done = followups.complete_follow_up(book, planned.value, "已回访")
    assert done.changes.touches(Area.timeline, Area.customers) and done.changes.customer_ids == {wang}
    logged = timeline.log_interaction(book, wang, InteractionKind.visit, "到店试穿")
    assert logged.changes.customer_ids == {wang}
    assert [entry.text for entry in timeline.customer_timeline(book, wang)] == ["到店试穿", "已回访"]


def test_sending_content_to_several_customers_logs_each_and_counts_each_use(book: Book) -> None:
    wang, li = _add(book, "王姐"), _add(book, "李先生")
    with book.writing() as session:
        poster = ContentAsset(id=str(uuid.uuid4()), kind="poster", title="冬季新品", data={})
        session.add(poster)
    assert [item.title for item in content.content_library(book, NOW)] == ["冬季新品"]
    sent = content.record_content_sent(book, poster.id, [wang, li])
    assert sent.value == 2 and sent.changes.customer_ids == {wang, li}
    copied = content.record_content_copied(book, poster.id)
    assert copied.changes == ChangeNotice.of(Area.outbox)
    assert _count(book, Outbox) == 3


def test_ticking_a_task_customer_queues_progress_and_names_tasks(book: Book) -> None:
    wang = _add(book, "王姐")
    task_id, day = str(uuid.uuid4()), date(2026, 11, 30)
    sop = {
        "id": task_id,
        "title": "生日祝福",
        "instructions": "",
        "content_ids": [],
        "schedule": {"kind": "daily"},
        "rule": {},
        "audience": {},
        "due_time": "18:00",
        "active": True,
    }
    with book.writing() as session:
        session.add(Task(id=task_id, source="sop", title="生日祝福", data=sop))
        session.flush()
        session.add(TaskTarget(id=str(uuid.uuid4()), task_id=task_id, day=day, customer_id=wang))
    assert [(row.name, row.done_at) for row in tasks.task_customers(book, task_id, day)] == [("王姐", None)]
    ticked = tasks.set_task_customer_done(book, task_id, day, wang)
    assert ticked.changes.touches(Area.tasks, Area.outbox)
    assert tasks.task_customers(book, task_id, day)[0].done_at is not None
    assert _count(book, Outbox) == 1


def test_notices_combine_and_any_customer_wins_over_a_list() -> None:
    one = ChangeNotice.of(Area.customers, customers=["a"])
    many = ChangeNotice.of(Area.customers)
    assert (one | ChangeNotice.of(Area.customers, customers=["b"])).customer_ids == {"a", "b"}
    assert (one | many).customer_ids == frozenset() and (one | many).touches_customer("z")
    assert (one | ChangeNotice.of(Area.outbox)).areas == {Area.customers, Area.outbox}
    assert NOTHING.empty and not NOTHING.touches_customer("a")


def test_a_job_reports_its_steps_and_stops_when_cancelled() -> None:
    seen: list[Step] = []
    token = CancelToken()
    job = control(seen.append, token)
    job.report(Phase.writing_book, 1, 3)
    token.cancel()
    with pytest.raises(Cancelled) as stopped:
        job.report(Phase.writing_book, 2, 3)
    assert stopped.value.code is ErrorCode.cancelled
    assert seen == [Step(Phase.writing_book, 1, 3), Step(Phase.writing_book, 2, 3)]
    control().report(Phase.files, 5)  # no sink, no token: silent
