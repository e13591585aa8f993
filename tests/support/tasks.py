"""Putting tasks, content and customers into a book as a pull from HQ would, for tests of Today."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.models import ContentAsset, Customer, Task
from guide_app.book.store import Book
from guide_app.book.tags import personal_tag, tag_customer

LONG_STANDING = datetime(2025, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=8)))


def put_sop(
    book: Book,
    schedule: dict[str, Any],
    rule: dict[str, Any] | None = None,
    title: str = "新客问候",
    *,
    content_ids: Sequence[str] = (),
    due_time: str = "18:00",
    instructions: str = "发送欢迎话术",
) -> str:
    """An SOP template as pulled from HQ (not yet laid out: run expand_tasks for a day)."""
    task_id = str(uuid.uuid4())
    data = {
        "id": task_id,
        "title": title,
        "instructions": instructions,
        "schedule": schedule,
        "rule": rule or {},
        "content_ids": list(content_ids),
        "due_time": due_time,
        "audience": {"kind": "everyone"},
        "active": True,
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
    }
    with book.writing() as session:
        session.add(Task(id=task_id, source="sop", title=title, data=data))
    return task_id


def put_manager_task(
    book: Book,
    due_at: datetime,
    rule: dict[str, Any] | None = None,
    target_count: int = 30,
    *,
    title: str = "邀约周末预览",
    content_ids: Sequence[str] = (),
) -> str:
    """A regional manager's task; without a rule it is a goal counted by hand."""
    task_id = str(uuid.uuid4())
    data = {
        "id": task_id,
        "title": title,
        "instructions": "邀请前30位客户",
        "due_at": due_at.isoformat(),
        "content_ids": list(content_ids),
        "rule": rule,
        "target_count": target_count,
        "region_id": 1,
        "created_by": 7,
        "guide_ids": [11],
        "cancelled": False,
        "created_at": "2026-03-01T00:00:00Z",
    }
    with book.writing() as session:
        session.add(Task(id=task_id, source="manager", title=title, data=data))
    return task_id


def put_content(
    book: Book, title: str, body: str = "", kind: str = "script", link_url: str | None = None
) -> str:
    """A library item as pulled from HQ; a script's words are its body."""
    content_id = str(uuid.uuid4())
    with book.writing() as session:
        session.add(
            ContentAsset(id=content_id, kind=kind, title=title, data={"body": body, "link_url": link_url})
        )
    return content_id


def put_customer(
    book: Book,
    name: str,
    *,
    added_at: datetime = LONG_STANDING,
    birthday: date | None = None,
    tags: tuple[str, ...] = (),
    stage: str = "active",
    segment: str | None = None,
    wecom_remark: str = "",
) -> str:
    """A customer of long standing (added mid-2025, Shanghai time) unless told otherwise."""
    with book.writing() as session:
        fields = CustomerFields(name=name, birthday=birthday, wecom_remark=wecom_remark, added_at=added_at)
        customer_id = add_customer(session, fields)
        customer = session.get(Customer, customer_id)
        assert customer is not None
        customer.lifecycle_stage, customer.rfm_segment = stage, segment
        for tag in tags:
            tag_customer(session, customer_id, personal_tag(session, tag))
    return customer_id
