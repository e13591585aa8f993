"""Pulling HQ's change feed: each page checked whole, then applied with its cursor in one transaction."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError
from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.models import HqRecord, Sale, SyncState, Task
from guide_app.book.store import Book
from guide_app.book.tags import apply_hq_group, retire_hq_group
from guide_app.errors import ErrorCode
from guide_app.jobs import JobControl, Phase, control
from guide_app.protocol import (
    DEFAULT_CHANGES_PAGE,
    AccountPublic,
    Change,
    ChangeOp,
    ChangesPage,
    ContentPublic,
    EntityKind,
    HqSettings,
    RegionPublic,
    SaleDisputeNotice,
    SopPublic,
    StorePublic,
    TagGroupPublic,
    TaskPublic,
    dispute_id,
)
from guide_app.sync.client import HqClient, MalformedAnswer
from guide_app.timeutil import to_stored, utcnow

CURSOR_KEY = "feed_cursor"
MAX_PAGES_PER_PULL = 10_000  # bounded even against a feed that claims has_more forever
MAX_DISPUTE_CLAIMS = 200  # far above a store's guides; keeps one notice's marking to one statement

SCHEMAS: dict[EntityKind, type[BaseModel]] = {
    EntityKind.content: ContentPublic,
    EntityKind.sop_template: SopPublic,
    EntityKind.task: TaskPublic,
    EntityKind.tag_group: TagGroupPublic,
    EntityKind.settings: HqSettings,
    EntityKind.region: RegionPublic,
    EntityKind.store: StorePublic,
    EntityKind.account: AccountPublic,
    EntityKind.sale_dispute: SaleDisputeNotice,
}


@dataclass
class PullReport:
    pages: int = 0
    changes: int = 0
    cursor: int = 0
    entities: set[EntityKind] = field(default_factory=set)  # the kinds of entity that changed


def read_cursor(session: Session) -> int:
    state = session.get(SyncState, CURSOR_KEY)
    return int(state.value) if state and state.value else 0


def _write_cursor(session: Session, cursor: int) -> None:
    state = session.get(SyncState, CURSOR_KEY)
    if state is None:
        session.add(SyncState(key=CURSOR_KEY, value=str(cursor)))
    else:
        state.value, state.updated_at = str(cursor), utcnow()


def check_page(
    page: ChangesPage, cursor: int, pace: Callable[[], None] = lambda: None
) -> list[tuple[Change, BaseModel | None]]:
    """Every change parsed by its entity's schema, in strictly increasing order after `cursor`."""
    checked: list[tuple[Change, BaseModel | None]] = []
    last = cursor
    for change in page.changes:
        pace()
        if change.seq <= last:
            raise MalformedAnswer(f"feed went backwards at {change.seq}", code=ErrorCode.malformed_answer)
        last = change.seq
        parsed = None
        if change.op is ChangeOp.upsert:
            if change.data is None:
                raise MalformedAnswer(f"upsert {change.seq} carries no data", code=ErrorCode.malformed_answer)
            try:
                parsed = SCHEMAS[change.entity].model_validate(change.data)
            except ValidationError as error:
                raise MalformedAnswer(
                    f"change {change.seq} ({change.entity}) is malformed: {error}"[:400]
                ) from error
            if change.entity is EntityKind.sale_dispute:
                _check_dispute(change, parsed)
        checked.append((change, parsed))
    if page.next_cursor != last or (page.has_more and not page.changes):
        raise MalformedAnswer("feed page and its cursor disagree", code=ErrorCode.malformed_answer)
    return checked


def _check_dispute(change: Change, notice: BaseModel) -> None:
    """A notice must be about the order its id names, and count one of the claims it lists: it
    marks the guide's own sales, so one that does not hang together is refused with its page."""
    assert isinstance(notice, SaleDisputeNotice)
    claims = {claim.event_id for claim in notice.claims}
    if change.id != dispute_id(notice.store_id, notice.order_no):
        raise MalformedAnswer(f"dispute {change.seq} is not about the order it names")
    if not 0 < len(notice.claims) <= MAX_DISPUTE_CLAIMS or len(claims) != len(notice.claims):
        raise MalformedAnswer(f"dispute {change.seq} lists no claims, too many, or one claim twice")
    if notice.counted_event_id is not None and notice.counted_event_id not in claims:
        raise MalformedAnswer(f"dispute {change.seq} counts a claim it does not list")


def apply_page(
    session: Session,
    checked: list[tuple[Change, BaseModel | None]],
    next_cursor: int,
    pace: Callable[[], None] = lambda: None,
) -> None:
    """Apply in feed order. Content, the bulk of any feed, goes in runs of one SQL statement each
    (per-row ORM work was 16x an executemany of the same rows); the rest row by row. `pace` lets
    the screen's thread in between changes (JobControl.pace)."""
    run: list[tuple[Change, BaseModel | None]] = []
    for change, parsed in checked:
        pace()
        if change.entity is EntityKind.content and (not run or run[-1][0].op is change.op):
            run.append((change, parsed))
            continue
        _apply_content_run(session, run)
        run = []
        if change.entity is EntityKind.content:
            run.append((change, parsed))
        else:
            _APPLY[change.entity](session, change, parsed)
    _apply_content_run(session, run)
    _write_cursor(session, next_cursor)


_CONTENT_UPSERT = (
    "INSERT INTO content_asset (id, kind, title, campaign, valid_from, valid_until, asset_sha256, "
    "asset_size, local_path, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title = excluded.title, "
    "campaign = excluded.campaign, valid_from = excluded.valid_from, valid_until = excluded.valid_until, "
    "asset_size = excluded.asset_size, "
    # a verified file stays only while the item still uses the same file
    "local_path = CASE WHEN content_asset.asset_sha256 IS excluded.asset_sha256 "
    "THEN content_asset.local_path END, "
    "asset_sha256 = excluded.asset_sha256, data = excluded.data, updated_at = excluded.updated_at"
)


def _stored_time(value: datetime | None) -> str | None:
    return to_stored(value) if value is not None else None


def _apply_content_run(session: Session, run: list[tuple[Change, BaseModel | None]]) -> None:
    """One executemany for a run of content changes, values serialised here: SQLAlchemy's
    per-row type handling was most of applying a 10k-change pull."""
    if not run:
        return
    connection = session.connection().connection.driver_connection
    assert isinstance(connection, sqlite3.Connection)
    if run[0][0].op is ChangeOp.delete:
        connection.executemany("DELETE FROM content_asset WHERE id = ?", [(change.id,) for change, _ in run])
        return
    now = to_stored(utcnow())
    rows = []
    for change, parsed in run:
        assert isinstance(parsed, ContentPublic)
        rows.append(
            (
                change.id,
                parsed.kind.value,
                parsed.title,
                parsed.campaign,
                _stored_time(parsed.valid_from),
                _stored_time(parsed.valid_until),
                parsed.asset_sha256,
                parsed.asset_size,
                orjson.dumps(change.data).decode(),
                now,
            )
        )  # data as HQ sent it, already checked
    connection.executemany(_CONTENT_UPSERT, rows)


def _read_cursor_of(book: Book) -> int:
    with book.reading() as session:
        return read_cursor(session)


Checked = list[tuple[Change, BaseModel | None]]


def _check_and_apply(book: Book, page: ChangesPage, cursor: int, job: JobControl) -> Checked | None:
    """Check a page whole, then apply it with its cursor in one transaction; None (nothing
    applied) when another pull moved the cursor on meanwhile."""
    checked = check_page(page, cursor, job.pace)
    with book.writing() as session:
        if read_cursor(session) != cursor:
            return None
        apply_page(session, checked, page.next_cursor, job.pace)
    return checked


async def pull(
    book: Book,
    client: HqClient,
    limit: int = DEFAULT_CHANGES_PAGE,
    on_page: Callable[[PullReport], None] | None = None,
    *,
    job: JobControl | None = None,
    report: PullReport | None = None,
) -> PullReport:
    """Pull until HQ has nothing more. Checking and applying a page run in a worker thread (the
    event loop only waits for HQ); a cancel stops after a committed page, never inside one.
    `report`, when given, is filled in as pages land, so a caller sees the part done on failure."""
    job = job or control()
    cursor = await asyncio.to_thread(_read_cursor_of, book)
    report = report or PullReport()
    report.cursor = cursor
    for _ in range(MAX_PAGES_PER_PULL):
        job.check()
        page = await client.changes(cursor, limit)
        checked = await asyncio.to_thread(_check_and_apply, book, page, cursor, job)
        if checked is None:  # another pull moved on meanwhile: it carries on from there
            return report
        cursor = page.next_cursor
        report.pages, report.changes, report.cursor = report.pages + 1, report.changes + len(checked), cursor
        report.entities.update(change.entity for change, _ in checked)
        if on_page:
            on_page(report)
        job.report(Phase.pulling, report.changes, None)
        if not page.has_more:
            break
    return report


def _task(source: str) -> Callable[[Session, Change, BaseModel | None], None]:
    def apply(session: Session, change: Change, parsed: BaseModel | None) -> None:
        task = session.get(Task, change.id)
        if change.op is ChangeOp.delete:
            if task is not None:
                task.active, task.updated_at = False, utcnow()
            return
        assert isinstance(parsed, SopPublic | TaskPublic) and change.data is not None
        # Stored as HQ sent it (already checked whole by its typed schema); read back typed.
        data: dict[str, Any] = change.data
        active = parsed.active if isinstance(parsed, SopPublic) else not parsed.cancelled
        if task is None:
            session.add(Task(id=change.id, source=source, title=parsed.title, data=data, active=active))
        else:
            task.title, task.data, task.active, task.updated_at = parsed.title, data, active, utcnow()

    return apply


def _tag_group(session: Session, change: Change, parsed: BaseModel | None) -> None:
    if change.op is ChangeOp.delete:
        retire_hq_group(session, change.id)
        return
    assert isinstance(parsed, TagGroupPublic)
    apply_hq_group(session, change.id, parsed.name, parsed.single_choice, parsed.tags)


def _record(session: Session, change: Change, parsed: BaseModel | None) -> None:
    record = session.get(HqRecord, (change.entity.value, change.id))
    if change.op is ChangeOp.delete:
        if record is not None:
            session.delete(record)
        return
    assert parsed is not None
    data = parsed.model_dump(mode="json")
    if record is None:
        session.add(HqRecord(entity=change.entity.value, id=change.id, data=data))
    else:
        record.data, record.updated_at = data, utcnow()


def _sale_dispute(session: Session, change: Change, parsed: BaseModel | None) -> None:
    """Keep the notice, and point the guide's own claims on the order at it (a claim recorded on
    another PC has no sale here: the notice is kept all the same)."""
    _record(session, change, parsed)
    unlink = update(Sale).where(col(Sale.dispute_id) == change.id).values(dispute_id=None)
    session.execute(unlink)
    if change.op is ChangeOp.delete:
        return
    assert isinstance(parsed, SaleDisputeNotice)
    claims = [str(claim.event_id) for claim in parsed.claims]
    session.execute(update(Sale).where(col(Sale.id).in_(claims)).values(dispute_id=change.id))


_APPLY: dict[EntityKind, Callable[[Session, Change, BaseModel | None], None]] = {
    EntityKind.sop_template: _task("sop"),
    EntityKind.task: _task("manager"),
    EntityKind.tag_group: _tag_group,
    EntityKind.settings: _record,
    EntityKind.region: _record,
    EntityKind.store: _record,
    EntityKind.account: _record,
    EntityKind.sale_dispute: _sale_dispute,
}
