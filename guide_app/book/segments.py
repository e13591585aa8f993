"""Segmenting the book: RFM segments, lifecycle stages and their RFM tags."""

from __future__ import annotations

import sqlite3
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    case,
    delete,
    insert,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from guide_app.book.batching import batched
from guide_app.book.hq_settings import current_settings
from guide_app.book.models import Customer, CustomerTag
from guide_app.book.store import Book
from guide_app.book.tags import personal_tag
from guide_app.jobs import CancelToken, JobControl, Phase, ProgressSink, control
from guide_app.protocol import HqSettings, LifecycleStage, RfmSegment
from guide_app.timeutil import UTCDateTime, local_midnight, to_stored, utcnow

#: A customer added this many days ago or less, who has not bought yet, is new (新客).
NEW_CUSTOMER_DAYS = 30

#: The personal tag each segment gives its customers; a customer carries one of them at a time.
RFM_TAG_NAMES: dict[RfmSegment, str] = {
    RfmSegment.champions: "RFM:重要价值",
    RfmSegment.loyal: "RFM:忠诚",
    RfmSegment.potential: "RFM:潜力",
    RfmSegment.new: "RFM:新客",
    RfmSegment.at_risk: "RFM:流失预警",
    RfmSegment.hibernating: "RFM:沉睡",
}

_customer = Customer.__table__  # type: ignore[attr-defined]
_customer_tag = CustomerTag.__table__  # type: ignore[attr-defined]
_IN_CHUNK = 30_000  # ids per IN (...): under SQLite's limit of 32,766 bound parameters
_CHECK_EVERY = 20_000  # customers recomputed between two looks at the cancel token (~70 ms)


# --------------------------------------------------------------------------- one customer


def _score_at_least(value: int, thresholds: Sequence[int]) -> int:
    """1..5: one point, plus one for each ascending threshold the value reaches."""
    return 1 + bisect_right(thresholds, value)


def _recency_score(days: int | None, thresholds: Sequence[int]) -> int:
    """5 for a purchase at most thresholds[0] days ago, one less for each threshold passed."""
    return 1 if days is None else 5 - bisect_left(thresholds, days)


def rfm_segment(
    recency_days: int | None, frequency: int, monetary_fen: int, settings: HqSettings
) -> RfmSegment | None:
    """The RFM segment of a customer; None for one who has not bought anything.

    Each of R, F and M scores 1..5 against HQ's four ascending thresholds: R is 5 for a last
    purchase at most rfm_recency_days[0] days ago, down to 1 beyond rfm_recency_days[3] (an
    unknown purchase date counts as beyond); F and M gain a point for each threshold reached
    (rfm_frequency: purchases; rfm_monetary_fen: total spent). The first rule that holds wins:

    1. champions (重要价值): R ≥ 4, F ≥ 4 and M ≥ 4
    2. loyal (忠诚): F ≥ 4
    3. new (新客): R ≥ 4 and F = 1 (one recent purchase)
    4. potential (潜力): R ≥ 4 and F ≤ 3
    5. at_risk (流失预警): R ≤ 2 and F ≥ 3
    6. hibernating (沉睡): everyone else who has bought
    """
    if frequency <= 0:
        return None
    recency = _recency_score(recency_days, settings.rfm_recency_days)
    frequency_score = _score_at_least(frequency, settings.rfm_frequency)
    monetary = _score_at_least(monetary_fen, settings.rfm_monetary_fen)
    if recency >= 4 and frequency_score >= 4 and monetary >= 4:
        return RfmSegment.champions
    if frequency_score >= 4:
        return RfmSegment.loyal
    if recency >= 4 and frequency_score == 1:
        return RfmSegment.new
    if recency >= 4:
        return RfmSegment.potential
    if recency <= 2 and frequency_score >= 3:
        return RfmSegment.at_risk
    return RfmSegment.hibernating


def _stage_by_days(
    added_days: int, purchase_days: int | None, touch_days: int | None, settings: HqSettings
) -> LifecycleStage:
    if purchase_days is None and added_days <= NEW_CUSTOMER_DAYS:
        return LifecycleStage.new
    # Being added as a WeCom friend is the first contact: a customer never bought from nor
    # touched since is measured from then.
    quiet_days = min(days for days in (added_days, purchase_days, touch_days) if days is not None)
    if quiet_days > settings.lost_after_days:
        return LifecycleStage.lost
    if quiet_days > settings.dormant_after_days:
        return LifecycleStage.dormant
    return LifecycleStage.active


def _days_before(today: date, moment: datetime | None) -> int | None:
    return None if moment is None else (today - moment.astimezone().date()).days


def lifecycle_stage(
    added_at: datetime,
    last_purchase_at: datetime | None,
    last_touch_at: datetime | None,
    today: date,
    settings: HqSettings,
) -> LifecycleStage:
    """新客 / 活跃 / 沉睡 / 流失, counted in whole local days before `today`.

    new: added at most NEW_CUSTOMER_DAYS ago and no purchase yet; otherwise by the latest of
    purchase, touch and being added: lost beyond lost_after_days, dormant beyond
    dormant_after_days, else active.
    """
    added_days = (today - added_at.astimezone().date()).days
    purchase_days = _days_before(today, last_purchase_at)
    return _stage_by_days(added_days, purchase_days, _days_before(today, last_touch_at), settings)


# --------------------------------------------------------------------------- the whole book


class _DaysAgo:
    """Whole local days from a stored UTC time to `today`, found by bisecting the stored text of
    local midnights: parsing 3 datetimes for each of 200k customers costs ~5 s, this ~0.1 s."""

    def __init__(self, today: date, horizon: int) -> None:
        self._horizon = horizon
        self._midnights = [
            to_stored(local_midnight(today - timedelta(days=back))) for back in range(horizon, -1, -1)
        ]

    def __call__(self, stored: str) -> int:
        # Anything before the oldest midnight is "more than horizon days": older than every rule.
        return self._horizon + 1 - bisect_right(self._midnights, stored)


@dataclass(frozen=True)
class SegmentChanges:
    """What a refresh changed: each customer whose segment moved (to its new segment), and how
    many customers moved lifecycle stage."""

    segments: dict[str, RfmSegment | None] = field(default_factory=dict)
    stages_changed: int = 0


def _stored_text(column: Any) -> ColumnElement[str]:
    """A time column as its stored text, unparsed (see _DaysAgo)."""
    return type_coerce(column, String)


@dataclass(frozen=True, slots=True)
class _Recomputed:
    customer_id: str
    stage: LifecycleStage
    segment: RfmSegment | None
    stage_was: str
    segment_was: str | None


def _recomputed(session: Session, today: date, settings: HqSettings, job: JobControl) -> list[_Recomputed]:
    """Every live customer whose stage or segment is no longer right, with the right ones."""
    horizon = max(settings.rfm_recency_days[-1], settings.lost_after_days, NEW_CUSTOMER_DAYS) + 1
    days_ago = _DaysAgo(today, horizon)
    rows = session.execute(
        select(
            _customer.c.id,
            _customer.c.lifecycle_stage,
            _customer.c.rfm_segment,
            _stored_text(_customer.c.added_at),
            _stored_text(_customer.c.last_purchase_at),
            _stored_text(_customer.c.last_touch_at),
            _customer.c.purchase_count,
            _customer.c.monetary_fen,
        ).where(_customer.c.deleted_at.is_(None))
    )
    changed = []
    for number, (customer_id, stage, segment, added, purchased, touched, count, fen) in enumerate(rows):
        if number % _CHECK_EVERY == 0:
            job.check()
        purchase_days = days_ago(purchased) if purchased else None
        touch_days = days_ago(touched) if touched else None
        new_stage = _stage_by_days(days_ago(added), purchase_days, touch_days, settings)
        new_segment = rfm_segment(purchase_days, count, fen, settings)
        if new_stage != stage or new_segment != segment:
            changed.append(_Recomputed(customer_id, new_stage, new_segment, stage, segment))
    return changed


_STORE_RECOMPUTED = "UPDATE customer SET lifecycle_stage = ?, rfm_segment = ? WHERE id = ?"


def _store_recomputed(session: Session, changed: list[_Recomputed], job: JobControl) -> None:
    """Write the new stages and segments in chunks, reporting (and checking cancel) between them.

    The driver's executemany, not SQLAlchemy's: its per-row parameter building is Python that
    holds the GIL (a sync's event loop waited 58 ms on it at 50k customers); sqlite3 binds in C
    and lets go of the GIL at every row."""
    connection = session.connection().connection.driver_connection
    assert isinstance(connection, sqlite3.Connection)
    for done, chunk in enumerate(batched(changed, _IN_CHUNK), start=1):
        connection.executemany(
            _STORE_RECOMPUTED,
            [
                (row.stage.value, None if row.segment is None else row.segment.value, row.customer_id)
                for row in chunk
            ],
        )
        job.report(Phase.segments, min(done * _IN_CHUNK, len(changed)), len(changed))


def _replace_rfm_tags(session: Session, moved: list[str], job: JobControl) -> None:
    """Give each moved customer the tag of their (already stored) segment in place of their old
    RFM tag: set-based statements over chunks of customers, no statement per customer."""
    if not moved:
        return
    tag_ids = {segment.value: personal_tag(session, name) for segment, name in RFM_TAG_NAMES.items()}
    tag_of_segment = case(tag_ids, value=_customer.c.rfm_segment)
    now = literal(utcnow(), UTCDateTime)
    # Sorted, so each chunk is one stretch of the (customer, tag) key, not pages all over it.
    in_order = sorted(moved)
    for chunk in batched(in_order, _IN_CHUNK):
        job.check()
        session.execute(
            delete(_customer_tag).where(
                _customer_tag.c.customer_id.in_(chunk), _customer_tag.c.tag_id.in_(list(tag_ids.values()))
            )
        )
        segmented = select(_customer.c.id, tag_of_segment, now).where(
            _customer.c.id.in_(chunk), _customer.c.rfm_segment.is_not(None)
        )
        session.execute(insert(_customer_tag).from_select(["customer_id", "tag_id", "created_at"], segmented))


def refresh_segments(
    book: Book,
    today: date | None = None,
    *,
    progress: ProgressSink | None = None,
    cancel: CancelToken | None = None,
) -> SegmentChanges:
    """Recompute every live customer's stage and RFM segment (and RFM tag) in one transaction.

    Measured at 200k customers (test_segments' timing test, a busy 2-core PC): ~4.3 s when most
    of them move (the first refresh after an import), ~0.7 s when none do. Progress goes as
    Phase.segments (customers written / customers to write); a cancel rolls the whole refresh
    back, leaving every stage and segment as it was."""
    today = today or utcnow().astimezone().date()
    job = control(progress, cancel)
    job.report(Phase.segments, 0, None)
    with book.writing() as session:
        changed = _recomputed(session, today, current_settings(session), job)
        job.report(Phase.segments, 0, len(changed))
        _store_recomputed(session, changed, job)
        moved = {row.customer_id: row.segment for row in changed if row.segment != row.segment_was}
        _replace_rfm_tags(session, list(moved), job)
        job.check()  # the last chance to stop before the commit
    return SegmentChanges(segments=moved, stages_changed=sum(row.stage != row.stage_was for row in changed))
