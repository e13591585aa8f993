"""Tables of a guide's local book (one SQLite file per HQ and guide account)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index, Text, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from guide_app.timeutil import UTCDateTime, utcnow

# The book's own registry: HQ's tables (some with the same names) live on SQLModel's default one,
# and both are imported in one process by the tests.
book_registry = registry()


class BookTable(SQLModel, registry=book_registry):
    """Base of every table in the local book."""


BOOK_METADATA = book_registry.metadata


def _time(nullable: bool = False, index: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_type=UTCDateTime, nullable=True, index=index)
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=index)


def _json(nullable: bool = False) -> Any:
    return Field(default=None, sa_type=JSON, sa_column_kwargs={"nullable": nullable})


# --------------------------------------------------------------------------- the customer book


class Customer(BookTable, table=True):
    __table_args__ = (
        Index("ix_customer_initials", "name_initials"),
        Index("ix_customer_pinyin", "name_pinyin"),
        Index("ix_customer_phone", "phone"),
        # Not (deleted_at, added_at): nearly every row has deleted_at NULL, and SQLite then chose
        # that index for `deleted_at IS NULL` and sorted the whole book (65 ms → 0.09 ms at 50k).
        Index("ix_customer_added", "added_at"),
        # The list's other sort orders: with them a common tag filter walks the order and stops
        # after a page (7.7 ms at 200k) instead of sorting every match (430 ms).
        Index("ix_customer_monetary", "monetary_fen"),
        Index("ix_customer_last_purchase", "last_purchase_at"),
    )
    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=100)
    phone: str | None = Field(default=None, max_length=20)
    wecom_remark: str = Field(default="", max_length=200)
    birthday: date | None = Field(default=None)
    gender: str = Field(default="", max_length=10)
    source_channel: str = Field(default="", max_length=40)
    lifecycle_stage: str = Field(default="new", max_length=10)
    rfm_segment: str | None = Field(default=None, max_length=20)
    consent: bool = Field(default=False)
    notes: str = Field(default="", sa_type=Text)
    # Sort and search keys (surname overrides applied): "chen 陈 fang xia" (syllables apart, the
    # surname's character after its own, so 陈 and 程 and 谌 each stay together) and "cfx".
    name_pinyin: str = Field(default="", max_length=300)
    name_initials: str = Field(default="", max_length=100)
    # Lower-case name, phone, remark and every pinyin reading: what a typed term is looked for in.
    # An FTS5 trigram index mirrors it (triggers in the migration) for terms of 3+ characters.
    search_text: str = Field(default="", sa_type=Text)
    added_at: datetime = _time()
    last_purchase_at: datetime | None = _time(nullable=True)
    purchase_count: int = Field(default=0)
    monetary_fen: int = Field(default=0)
    last_touch_at: datetime | None = _time(nullable=True)
    created_at: datetime = _time()
    updated_at: datetime = _time()
    deleted_at: datetime | None = _time(nullable=True)


class TagGroup(BookTable, table=True):
    __tablename__ = "tag_group"
    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=40)
    source: str = Field(max_length=10)  # hq | personal
    single_choice: bool = Field(default=False)
    deleted_at: datetime | None = _time(nullable=True)
    updated_at: datetime = _time()


class Tag(BookTable, table=True):
    __table_args__ = (UniqueConstraint("group_id", "name"),)
    id: str = Field(primary_key=True, max_length=36)
    group_id: str = Field(foreign_key="tag_group.id", index=True, max_length=36)
    name: str = Field(max_length=40, index=True)
    # The tag's place in HQ's list for its group: 客户等级 普通, 银卡, 金卡, 钻石 is a ladder, and by
    # name it would read 普通 金卡 钻石 银卡. The guide's own tags all stay at 0 and list by name.
    position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    deleted_at: datetime | None = _time(nullable=True)


class CustomerTag(BookTable, table=True):
    __tablename__ = "customer_tag"
    customer_id: str = Field(foreign_key="customer.id", primary_key=True, max_length=36, ondelete="CASCADE")
    tag_id: str = Field(foreign_key="tag.id", primary_key=True, max_length=36, index=True, ondelete="CASCADE")
    created_at: datetime = _time()


class FollowUp(BookTable, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (Index("ix_follow_up_open_due", "status", "due_at"),)
    id: str = Field(primary_key=True, max_length=36)
    customer_id: str = Field(foreign_key="customer.id", index=True, max_length=36, ondelete="CASCADE")
    due_at: datetime = _time()
    kind: str = Field(max_length=20)  # message | call | visit | other
    status: str = Field(default="open", max_length=10)  # open | done | cancelled
    outcome: str = Field(default="", max_length=500)
    source: str = Field(default="self", max_length=10)  # self | sop | manager
    created_at: datetime = _time()
    updated_at: datetime = _time()
    done_at: datetime | None = _time(nullable=True)


class Interaction(BookTable, table=True):
    """One entry of a customer's timeline."""

    __table_args__ = (Index("ix_interaction_customer_at", "customer_id", "at"),)
    id: str = Field(primary_key=True, max_length=36)
    customer_id: str = Field(foreign_key="customer.id", max_length=36, ondelete="CASCADE")
    kind: str = Field(max_length=20)  # message | call | visit | purchase | note | content_sent
    at: datetime = _time()
    text: str = Field(default="", sa_type=Text)
    content_id: str | None = Field(default=None, max_length=36)
    sale_id: str | None = Field(default=None, max_length=36)
    created_at: datetime = _time()


# --------------------------------------------------------------------------- cached from HQ


class ContentAsset(BookTable, table=True):
    """An HQ content item and, once downloaded and verified, its local file."""

    __tablename__ = "content_asset"
    id: str = Field(primary_key=True, max_length=36)
    kind: str = Field(max_length=20)
    title: str = Field(max_length=200)
    campaign: str = Field(default="", max_length=100)
    valid_from: datetime | None = _time(nullable=True)
    valid_until: datetime | None = _time(nullable=True)
    asset_sha256: str | None = Field(default=None, max_length=64, index=True)
    asset_size: int | None = Field(default=None)
    local_path: str | None = Field(default=None, max_length=500)
    data: dict[str, Any] = _json()
    updated_at: datetime = _time()


class Task(BookTable, table=True):
    """An SOP template or a manager task pulled from HQ."""

    id: str = Field(primary_key=True, max_length=36)
    source: str = Field(max_length=10)  # sop | manager
    title: str = Field(max_length=200)
    data: dict[str, Any] = _json()
    active: bool = Field(default=True)
    updated_at: datetime = _time()


class TaskTarget(BookTable, table=True):
    """A task expanded over the guide's own book: one row per matching customer and day."""

    __tablename__ = "task_target"
    __table_args__ = (UniqueConstraint("task_id", "day", "customer_id"),)
    id: str = Field(primary_key=True, max_length=36)
    task_id: str = Field(foreign_key="task.id", max_length=36, ondelete="CASCADE")
    day: date = Field(index=True)
    customer_id: str = Field(foreign_key="customer.id", max_length=36, index=True, ondelete="CASCADE")
    done_at: datetime | None = _time(nullable=True)
    # Skipped with a reason (已流失, 不方便打扰…): off the list without being done; see tasks.mark_skipped.
    skipped_at: datetime | None = _time(nullable=True)
    skip_reason: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})


class HqRecord(BookTable, table=True):
    """Other feed entities kept as HQ sent them: settings, org records and order disputes (tag
    groups become tag_group and tag rows, not records)."""

    __tablename__ = "hq_record"
    entity: str = Field(primary_key=True, max_length=20)
    id: str = Field(primary_key=True, max_length=36)
    data: dict[str, Any] = _json()
    updated_at: datetime = _time()


# --------------------------------------------------------------------------- sales and sync


class Sale(BookTable, table=True):
    id: str = Field(primary_key=True, max_length=36)  # also the outbox event id
    order_no: str = Field(max_length=64, unique=True)
    amount_fen: int
    items: list[dict[str, Any]] = _json()
    customer_id: str | None = Field(default=None, foreign_key="customer.id", max_length=36, index=True)
    sold_at: datetime = _time(index=True)
    attribution: str = Field(max_length=20)
    created_at: datetime = _time()
    # Corrections (each sent as its own sale_correction event; the sale event is never changed):
    # amount_fen and items are what was paid after the latest amend, original_amount_fen what the
    # sale event said; a voided sale counts for nothing and cannot be corrected again.
    original_amount_fen: int | None = Field(default=None)
    corrected_at: datetime | None = _time(nullable=True)
    voided_at: datetime | None = _time(nullable=True)
    correction_id: str | None = Field(default=None, max_length=36)  # the latest correction's outbox id
    # HQ's notice of another guide's claim on the same order (hq_record 'sale_dispute', by its id).
    dispute_id: str | None = Field(default=None, max_length=36)


class Outbox(BookTable, table=True):
    """Events HQ must learn of, written in the same transaction as the change itself."""

    __table_args__ = (Index("ix_outbox_pending", "status", "created_at"),)
    id: str = Field(primary_key=True, max_length=36)
    kind: str = Field(max_length=20)
    body: dict[str, Any] = _json()
    status: str = Field(default="pending", max_length=10)  # pending | accepted | rejected
    reason: str | None = Field(default=None, max_length=300)
    flags: list[str] = Field(default_factory=list, sa_type=JSON)
    attempts: int = Field(default=0)
    created_at: datetime = _time()
    answered_at: datetime | None = _time(nullable=True)


class SyncState(BookTable, table=True):
    __tablename__ = "sync_state"
    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(default="", sa_type=Text)
    updated_at: datetime = _time()
