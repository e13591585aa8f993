"""Exporting the customer book, or a filtered list of it, to an xlsx file a manager can open."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import Row, select
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.batching import batched
from guide_app.book.models import Customer, CustomerTag, Tag, TagGroup
from guide_app.book.search import CustomerQuery, matching_ids
from guide_app.book.store import Book
from guide_app.book.tags import TAG_ORDER
from guide_app.cells import mask_phone, text_cell
from guide_app.jobs import CancelToken, JobControl, Phase, ProgressSink, control
from guide_app.timeutil import local

# (header, width in characters): wide enough for a phone, a date, and a typical remark.
COLUMNS: list[tuple[str, int]] = [
    ("姓名", 12),
    ("手机", 15),
    ("企微备注", 28),
    ("生日", 12),
    ("性别", 6),
    ("标签", 30),
    ("客户阶段", 10),
    ("累计消费(元)", 14),
    ("最近购买", 12),
    ("添加时间", 12),
]
STAGE_LABELS = {"new": "新客", "active": "活跃", "dormant": "沉睡", "lost": "流失"}
GENDER_LABELS = {"male": "男", "female": "女"}
TAG_SEPARATOR = "、"
SHEET_TITLE = "客户"
PROGRESS_EVERY = 2_000  # customers between progress reports (and cancel checks)

_EXPORTED: list[Any] = [
    col(Customer.id),
    col(Customer.name),
    col(Customer.phone),
    col(Customer.wecom_remark),
    col(Customer.birthday),
    col(Customer.gender),
    col(Customer.lifecycle_stage),
    col(Customer.monetary_fen),
    col(Customer.last_purchase_at),
    col(Customer.added_at),
]


def export_customers(
    book: Book,
    query: CustomerQuery | None,
    path: Path,
    *,
    full_phones: bool = False,
    progress: ProgressSink | None = None,
    cancel: CancelToken | None = None,
) -> int:
    """Write the customers matching `query` (all live ones if None), in its sort order and
    ignoring its paging, to `path`. Phones are masked (138****8000) unless full_phones.
    Reports Phase.exporting every chunk; a cancel leaves `path` as it was and no partial file.
    Returns the number of customers written."""
    job = control(progress, cancel)
    query = query or CustomerQuery()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    for position, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_styled(sheet, header, font=bold) for header, _ in COLUMNS])
    try:
        written = _write_customers(book, query, sheet, full_phones, job)
    except BaseException:
        # openpyxl streams rows into a temporary file it removes only on save: close and remove it.
        sheet.close()
        Path(sheet._writer.out).unlink(missing_ok=True)
        raise
    # Written beside the target and moved in place, so a failed or cancelled export never leaves
    # half a file where the manager expects the last good one.
    partial = path.with_name(path.name + ".partial")
    try:
        workbook.save(partial)
        job.report(Phase.exporting, written, written)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return written


def _write_customers(book: Book, query: CustomerQuery, sheet: Any, full_phones: bool, job: JobControl) -> int:
    written = 0
    with book.reading() as session:
        ids = matching_ids(session, query)
        job.report(Phase.exporting, 0, len(ids))
        tags = _tag_names(session, ids)
        for customer in _customers(session, ids):
            sheet.append(_cells(sheet, customer, tags.get(customer.id, []), full_phones))
            written += 1
            if written % PROGRESS_EVERY == 0:
                job.report(Phase.exporting, written, len(ids))
    return written


_CHUNK = 900  # ids per query: under SQLite's bound-parameter limit on every build


def _customers(session: Session, ids: list[str]) -> Iterator[Row[Any]]:
    """The exported rows in the list's own order (the ids come from the search itself)."""
    for chunk in batched(ids, _CHUNK):
        rows = {row.id: row for row in session.execute(select(*_EXPORTED).where(col(Customer.id).in_(chunk)))}
        yield from (rows[customer_id] for customer_id in chunk if customer_id in rows)


def _tag_names(session: Session, ids: list[str]) -> dict[str, list[str]]:
    """Each exported customer's tags, in the order the customer card shows them."""
    names: dict[str, list[str]] = {}
    for chunk in batched(ids, _CHUNK):
        rows = session.execute(
            select(col(CustomerTag.customer_id), col(Tag.name))
            .join(Tag, col(Tag.id) == col(CustomerTag.tag_id))
            .join(TagGroup, col(TagGroup.id) == col(Tag.group_id))
            .where(col(CustomerTag.customer_id).in_(chunk))
            .order_by(*TAG_ORDER)
        )
        for customer_id, name in rows:
            names.setdefault(customer_id, []).append(name)
    return names


def _styled(sheet: Any, value: Any, **style: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _local_date(moment: datetime | None) -> date | None:
    return None if moment is None else local(moment).date()


def _cells(sheet: Any, customer: Row[Any], tag_names: Iterable[str], full_phones: bool) -> list[Any]:
    phone = customer.phone if full_phones else mask_phone(customer.phone)
    # Money is integer fen; Decimal keeps 129900 fen as exactly 1299.00 in the file.
    amount = Decimal(customer.monetary_fen).scaleb(-2)
    texts = [
        customer.name,
        phone or "",
        customer.wecom_remark,
        GENDER_LABELS.get(customer.gender, customer.gender),
        TAG_SEPARATOR.join(tag_names),
        STAGE_LABELS.get(customer.lifecycle_stage, customer.lifecycle_stage),
    ]
    name, phone_text, remark, gender, tags, stage = (text_cell(sheet, text) for text in texts)
    return [
        name,
        phone_text,
        remark,
        customer.birthday,
        gender,
        tags,
        stage,
        _styled(sheet, amount, number_format="0.00"),
        _local_date(customer.last_purchase_at),
        _local_date(customer.added_at),
    ]
